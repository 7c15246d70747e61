/** Variables the global setup hands to every test file (jest workers inherit process.env). */
export const TEST_ENV_KEYS = {
  adminUrl: 'GIAOVIEC_TEST_ADMIN_URL',
  template: 'GIAOVIEC_TEST_TEMPLATE_DB',
  temporalAddress: 'GIAOVIEC_TEST_TEMPORAL_ADDRESS',
  bundle: 'GIAOVIEC_TEST_WORKFLOW_BUNDLE',
} as const;

export function testEnv(key: keyof typeof TEST_ENV_KEYS): string {
  const value = process.env[TEST_ENV_KEYS[key]];
  if (!value)
    throw new Error(`${TEST_ENV_KEYS[key]} is not set: run tests through jest's global setup`);
  return value;
}
