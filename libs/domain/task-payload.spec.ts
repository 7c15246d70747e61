import { checkPayload, MAX_ACTION_TEXT } from './task-payload';
import { TransitionRejected } from './task-state';

describe('checkPayload', () => {
  it('accepts ordinary Vietnamese text, emoji and nested values', () => {
    expect(() =>
      checkPayload({ note: 'Đã hoàn thành 50% 👍', files: [{ name: 'báo cáo.pdf' }], percent: 50 }),
    ).not.toThrow();
  });

  it.each([
    ['a NUL character', { note: 'a\u0000b' }],
    ['a lone high surrogate', { reason: 'x\ud83dy' }],
    ['a lone low surrogate', { result: '\ude00' }],
    ['a nested bad string', { files: [{ name: 'ok' }, { name: '\u0000' }] }],
    ['text over the limit', { explanation: 'x'.repeat(MAX_ACTION_TEXT + 1) }],
  ])('rejects %s with INVALID_PAYLOAD', (_, payload) => {
    try {
      checkPayload(payload);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(TransitionRejected);
      expect((error as TransitionRejected).code).toBe('INVALID_PAYLOAD');
    }
  });
});
