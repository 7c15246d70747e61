import { ErrorDetail } from './domain.exception';

/** Rule named in a 400 for text that PostgreSQL or a workflow cannot hold. */
export const TEXT_RULE = 'text';

/** Deeper than this, a request value is refused (the JSON parser limits bodies earlier). */
const MAX_WALK_DEPTH = 64;

/**
 * NUL cannot be stored in PostgreSQL text, and a lone UTF-16 surrogate has no UTF-8 form (the
 * driver would silently store U+FFFD): either one wedged workflows whose writes then retried
 * forever. Returns the first offending string's path, or undefined when all is clean.
 */
export function findBadText(value: unknown, path: string): ErrorDetail | undefined {
  const stack: [unknown, string, number][] = [[value, path, 0]];
  while (stack.length > 0) {
    const [current, at, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (!isCleanText(current)) return badText(at);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_WALK_DEPTH) {
      return { field: at || 'body', rule: 'depth', message: 'Dữ liệu lồng nhau quá sâu' };
    }
    if (Buffer.isBuffer(current) || ArrayBuffer.isView(current)) continue;
    for (const [key, child] of Object.entries(current)) {
      const childPath = at ? `${at}.${key}` : key;
      if (!isCleanText(key)) return badText(childPath);
      stack.push([child, childPath, depth + 1]);
    }
  }
  return undefined;
}

// Without the `u` flag the regex sees UTF-16 code units: a high surrogate not followed by a low
// one, or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for.
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isCleanText = (s: string): boolean => !BAD_TEXT.test(s);

const badText = (field: string): ErrorDetail => ({
  field: field || 'body',
  rule: TEXT_RULE,
  message: `${field || 'Dữ liệu'} chứa ký tự không hợp lệ (ký tự NUL hoặc ký tự UTF-16 không ghép cặp)`,
});
