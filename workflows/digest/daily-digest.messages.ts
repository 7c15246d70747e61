/** Workflow id of the `dailyDigest` workflow (no messages), shared with the API's scheduler. */

/** One run per calendar day: every API instance starts this id, so exactly one succeeds. */
export const dailyDigestWorkflowId = (date: string) => `daily-digest-${date}`;
