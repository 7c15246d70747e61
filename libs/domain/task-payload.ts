/**
 * Bounds on what an update may carry, checked by the workflow's validators before anything is
 * recorded. The API refuses such input first; this keeps a workflow safe from any other caller
 * (a script, an older API) whose input the database would refuse for ever.
 */
import { TransitionRejected } from './task-state';

/** Longest text one action may carry, in UTF-16 units: four times the API's 10 000 characters. */
export const MAX_ACTION_TEXT = 40_000;

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Throws `TransitionRejected('INVALID_PAYLOAD')` for text PostgreSQL cannot store or too long. */
export function checkPayload(payload: unknown, path = ''): void {
  if (typeof payload === 'string') {
    if (payload.length > MAX_ACTION_TEXT) {
      throw new TransitionRejected('INVALID_PAYLOAD', `${path || 'text'} is too long`);
    }
    if (FORBIDDEN.test(payload)) {
      throw new TransitionRejected(
        'INVALID_PAYLOAD',
        `${path || 'text'} contains a NUL character or a lone surrogate`,
      );
    }
    return;
  }
  if (payload && typeof payload === 'object') {
    for (const [key, value] of Object.entries(payload)) {
      checkPayload(value, path ? `${path}.${key}` : key);
    }
  }
}
