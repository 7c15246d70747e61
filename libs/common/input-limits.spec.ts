import { jsonDepthExceeds } from './body-limits';
import { findBadText, isCleanText } from './input-text';
import { isDateInRange } from './limits';
import { isPageCursor } from './validation.decorators';

const cursor = (text: string) => Buffer.from(text).toString('base64url');
const ID = '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';

describe('Input limits shared by every endpoint', () => {
  it('accepts Vietnamese text and paired surrogates but not NUL or a lone surrogate', () => {
    expect(isCleanText('Kế hoạch cải cách hành chính 😀')).toBe(true);
    for (const bad of ['a\u0000b', '\ud800', 'x\udbff', '\udc00y', 'a\ud83d', '😀'.slice(1)]) {
      expect(isCleanText(bad)).toBe(false);
    }
  });

  it('names the path of the first bad string at any depth, keys included', () => {
    expect(findBadText({ tasks: [{ title: 'ok' }, { title: 'a\u0000' }] }, '')).toMatchObject({
      field: 'tasks.1.title',
      rule: 'text',
    });
    expect(findBadText({ ['k\ud800']: 1 }, '')).toMatchObject({ field: 'k\ud800', rule: 'text' });
    expect(findBadText('x\u0000', 'q')).toMatchObject({ field: 'q', rule: 'text' });
    expect(findBadText({ a: [1, true, null, { b: 'ổn' }] }, '')).toBeUndefined();
  });

  it('measures JSON nesting on the raw bytes, ignoring brackets inside strings', () => {
    const nested = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);
    expect(jsonDepthExceeds(nested(16), 16)).toBe(false);
    expect(jsonDepthExceeds(nested(17), 16)).toBe(true);
    expect(jsonDepthExceeds(nested(100_000), 16)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"${'['.repeat(1000)}\\"{{{"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":{"c":1}},"d":[{"e":[]}]}'), 4)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":{"c":{}}}}'), 3)).toBe(true);
  });

  it('accepts only the cursors the lists hand out', () => {
    expect(isPageCursor(cursor(`2026-12-03T01:02:03.456Z|${ID}`))).toBe(true);
    expect(isPageCursor(cursor(`2026-12-03T01:02:03.456789Z|${ID}`))).toBe(true);
    expect(isPageCursor(cursor(`9999-12-31|${ID}`))).toBe(true);
    for (const bad of [
      'garbage!',
      '',
      cursor('x'),
      cursor(`2025-02-30|${ID}`),
      cursor(`99999-01-01|${ID}`),
      cursor(`2026-12-03|${'-'.repeat(36)}`),
      cursor(`2026-12-03|${ID}|extra`),
      cursor(`1|${ID}`),
      cursor(`2026-12-03\u0000|${ID}`),
      'A'.repeat(600),
    ]) {
      expect({ bad, ok: isPageCursor(bad) }).toEqual({ bad, ok: false });
    }
  });

  it('keeps dates between 1900-01-01 and 2200-12-31', () => {
    expect(isDateInRange('1900-01-01')).toBe(true);
    expect(isDateInRange('2200-12-31')).toBe(true);
    for (const bad of [
      '1899-12-31',
      '2201-01-01',
      '9999-12-31',
      '+010000-01-01',
      '0000-01-01',
      20250101,
    ]) {
      expect(isDateInRange(bad)).toBe(false);
    }
  });
});
