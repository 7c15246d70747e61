import { fieldError, validationFailed } from '../common/domain.exception';

/**
 * The task lists' cursor: the last row's sort key (an instant for `assignedAt`, a date for
 * `dueDate`, `NO_DUE_DATE` for an undated row) and its id, opaque to the client.
 */

/** The cursor key of a task without a due date (dates stop at 2200-12-31). */
export const NO_DUE_DATE = '9999-12-31';

export const encodeCursor = (key: string, id: string): string =>
  Buffer.from(`${key}|${id}`).toString('base64url');

/** The key and id of a cursor `encodeCursor` made; 400 for anything else. */
export function decodeCursor(cursor: string): [string, string] {
  const [key, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!key || !id || Number.isNaN(Date.parse(key)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw validationFailed(fieldError('cursor', 'cursor', 'cursor must come from a previous page'));
  }
  return [key, id];
}
