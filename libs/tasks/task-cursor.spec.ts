import { DomainException } from '../common/domain.exception';
import { decodeCursor, encodeCursor, NO_DUE_DATE } from './task-cursor';

const ID = '0b6f8a52-6a0e-4d4e-9a43-2a3f1c9f0e11';

describe('task list cursor', () => {
  it.each([
    ['an instant', '2026-03-01T08:15:30.123456Z'],
    ['a date', '2026-03-01'],
    ['the undated key', NO_DUE_DATE],
  ])('decodes what it encodes: %s', (_, key) => {
    const cursor = encodeCursor(key, ID);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual([key, ID]);
  });

  it.each([
    ['not base64 of key|id', 'garbage'],
    ['no id', Buffer.from('2026-03-01|').toString('base64url')],
    ['a key that is no date', Buffer.from(`soon|${ID}`).toString('base64url')],
    ['an id that is no uuid', Buffer.from('2026-03-01|1; DROP TABLE tasks').toString('base64url')],
    ['empty', ''],
  ])('refuses %s with a 400 on the cursor field', (_, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).toBody()).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Invalid input: cursor',
      details: [
        { field: 'cursor', rule: 'cursor', message: 'cursor must come from a previous page' },
      ],
    });
  });
});
