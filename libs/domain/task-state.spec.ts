import {
  applyTransition,
  checkTransition,
  initialTaskState,
  TaskAction,
  TaskState,
  TransitionContext,
  TransitionRejected,
} from './task-state';

const base: TaskState = initialTaskState({ id: 't1', leadUnitId: 'u1', dueDate: '2025-03-31' });
const ctx: TransitionContext = {
  today: '2025-03-10',
  rules: { maxExtensions: 1, extensionOnlyBeforeDue: true },
};
const at = (iso: string) => new Date(iso);

function codeOf(state: TaskState, action: TaskAction, context = ctx): string | null {
  try {
    checkTransition(state, action, context);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(TransitionRejected);
    return (error as TransitionRejected).code;
  }
}

describe('The task state machine', () => {
  it('moves a task from assigned through submission to completion, counting the submission time', () => {
    const accepted = applyTransition(
      base,
      { type: 'accept', actorId: 'm' },
      at('2025-03-01T02:00:00Z'),
      ctx,
    );
    expect(accepted.next).toMatchObject({ status: 'in_progress', version: 2 });
    const submitted = applyTransition(
      accepted.next,
      { type: 'submitResult', actorId: 'm', result: 'Đã hoàn thành' },
      at('2025-03-30T09:00:00Z'),
      ctx,
    );
    expect(submitted.next).toMatchObject({
      status: 'submitted',
      submittedAt: '2025-03-30T09:00:00.000Z',
    });
    const approved = applyTransition(
      submitted.next,
      { type: 'approve', actorId: 'l' },
      at('2025-04-05T01:00:00Z'),
      ctx,
    );
    expect(approved.next).toMatchObject({
      status: 'completed',
      completedAt: '2025-03-30T09:00:00.000Z',
      progressPercent: 100,
      version: 4,
    });
    expect(approved.event).toEqual({
      seq: 4,
      action: 'approve',
      actorId: 'l',
      fromStatus: 'submitted',
      toStatus: 'completed',
      data: {},
      occurredAt: '2025-04-05T01:00:00.000Z',
    });
  });

  it('sends a returned result back to in progress and forgets its submission time', () => {
    const submitted = applyTransition(
      base,
      { type: 'submitResult', actorId: 'm', result: 'v1' },
      at('2025-03-02T00:00:00Z'),
      ctx,
    );
    const returned = applyTransition(
      submitted.next,
      { type: 'returnForRework', actorId: 'l', reason: 'Thiếu số liệu' },
      at('2025-03-03T00:00:00Z'),
      ctx,
    );
    expect(returned.next).toMatchObject({ status: 'in_progress', submittedAt: null });
    expect(returned.event.data).toEqual({ reason: 'Thiếu số liệu' });
  });

  it('replaces the due date with an approved extension and bumps the due version once', () => {
    const asked = applyTransition(
      base,
      { type: 'requestExtension', actorId: 'm', newDueDate: '2025-04-15', reason: 'Chờ ý kiến Bộ' },
      at('2025-03-10T01:00:00Z'),
      ctx,
    );
    expect(asked.next.pendingExtension).toMatchObject({
      newDueDate: '2025-04-15',
      requestedBy: 'm',
    });
    expect(asked.next.dueDate).toBe('2025-03-31');
    const decided = applyTransition(
      asked.next,
      { type: 'decideExtension', actorId: 'l', approve: true },
      at('2025-03-11T01:00:00Z'),
      ctx,
    );
    expect(decided.next).toMatchObject({
      dueDate: '2025-04-15',
      originalDueDate: '2025-03-31',
      dueVersion: 2,
      extensionsApproved: 1,
      pendingExtension: null,
    });
    expect(decided.event.data).toMatchObject({
      previousDueDate: '2025-03-31',
      newDueDate: '2025-04-15',
    });
    expect(
      codeOf(decided.next, {
        type: 'requestExtension',
        actorId: 'm',
        newDueDate: '2025-05-01',
        reason: 'x',
      }),
    ).toBe('EXTENSION_LIMIT_REACHED');
  });

  it('keeps the due date when an extension is rejected and allows asking again', () => {
    const asked = applyTransition(
      base,
      { type: 'requestExtension', actorId: 'm', newDueDate: '2025-04-15', reason: 'x' },
      at('2025-03-10T01:00:00Z'),
      ctx,
    );
    expect(
      codeOf(asked.next, {
        type: 'requestExtension',
        actorId: 'm',
        newDueDate: '2025-04-20',
        reason: 'y',
      }),
    ).toBe('EXTENSION_PENDING');
    const rejected = applyTransition(
      asked.next,
      { type: 'decideExtension', actorId: 'l', approve: false },
      at('2025-03-11T01:00:00Z'),
      ctx,
    );
    expect(rejected.next).toMatchObject({
      dueDate: '2025-03-31',
      dueVersion: 1,
      pendingExtension: null,
    });
    expect(
      codeOf(rejected.next, {
        type: 'requestExtension',
        actorId: 'm',
        newDueDate: '2025-04-20',
        reason: 'y',
      }),
    ).toBeNull();
  });

  it.each([
    [
      'after the due date',
      { ...ctx, today: '2025-04-01' },
      '2025-04-30',
      'EXTENSION_AFTER_DEADLINE',
    ],
    ['on the due date itself', { ...ctx, today: '2025-03-31' }, '2025-04-30', null],
    ['for a date not after the current one', ctx, '2025-03-31', 'EXTENSION_NOT_LATER'],
    [
      'when the rule allows late requests',
      { today: '2025-04-05', rules: { maxExtensions: 1, extensionOnlyBeforeDue: false } },
      '2025-04-30',
      null,
    ],
  ] as const)('judges an extension request made %s', (_when, context, newDueDate, code) => {
    expect(
      codeOf(base, { type: 'requestExtension', actorId: 'm', newDueDate, reason: 'r' }, context),
    ).toBe(code);
  });

  it('records an explanation only once the due date has passed', () => {
    const explain: TaskAction = {
      type: 'recordExplanation',
      actorId: 'm',
      explanation: 'Chờ số liệu',
    };
    expect(codeOf(base, explain, { ...ctx, today: '2025-03-31' })).toBe('TASK_NOT_LATE');
    const late = { ...ctx, today: '2025-04-01' };
    expect(applyTransition(base, explain, at('2025-04-01T03:00:00Z'), late).next.explanation).toBe(
      'Chờ số liệu',
    );
    expect(codeOf({ ...base, dueDate: null }, explain, late)).toBe('TASK_NOT_LATE');
  });

  it('moves the task to another lead unit but refuses the same one', () => {
    const moved = applyTransition(
      base,
      { type: 'reassign', actorId: 'l', leadUnitId: 'u2', reason: 'Đúng chức năng' },
      at('2025-03-02T00:00:00Z'),
      ctx,
    );
    expect(moved.next.leadUnitId).toBe('u2');
    expect(moved.event.data).toMatchObject({ previousLeadUnitId: 'u1', leadUnitId: 'u2' });
    expect(
      codeOf(moved.next, { type: 'reassign', actorId: 'l', leadUnitId: 'u2', reason: 'x' }),
    ).toBe('SAME_LEAD_UNIT');
  });

  it.each([
    ['approve', 'assigned', 'TASK_INVALID_TRANSITION'],
    ['accept', 'in_progress', 'TASK_INVALID_TRANSITION'],
    ['accept', 'completed', 'TASK_ALREADY_COMPLETED'],
    ['cancel', 'cancelled', 'TASK_CANCELLED'],
    ['submitResult', 'submitted', 'TASK_INVALID_TRANSITION'],
    ['decideExtension', 'in_progress', 'NO_PENDING_EXTENSION'],
    ['requestExtension', 'submitted', 'TASK_INVALID_TRANSITION'],
  ] as const)('rejects %s while the task is %s with code %s', (type, status, code) => {
    const action = {
      type,
      actorId: 'x',
      result: 'r',
      reason: 'r',
      approve: true,
      newDueDate: '2026-01-01',
    } as TaskAction;
    expect(codeOf({ ...base, status }, action)).toBe(code);
  });

  describe('with a due date on a non-working day (Điều 148)', () => {
    // Written Saturday 29 March 2025, effective Monday 31 March.
    const saturday = initialTaskState({
      id: 't2',
      leadUnitId: 'u1',
      dueDate: '2025-03-29',
      effectiveDueDate: '2025-03-31',
    });
    const explain: TaskAction = { type: 'recordExplanation', actorId: 'm', explanation: 'x' };

    it('is not late before the end of the effective day', () => {
      expect(saturday).toMatchObject({ dueDate: '2025-03-29', effectiveDueDate: '2025-03-31' });
      expect(codeOf(saturday, explain, { ...ctx, today: '2025-03-31' })).toBe('TASK_NOT_LATE');
      expect(codeOf(saturday, explain, { ...ctx, today: '2025-04-01' })).toBeNull();
      const ask: TaskAction = {
        type: 'requestExtension',
        actorId: 'm',
        newDueDate: '2025-04-12',
        reason: 'x',
      };
      expect(codeOf(saturday, ask, { ...ctx, today: '2025-03-31' })).toBeNull();
      expect(codeOf(saturday, ask, { ...ctx, today: '2025-04-01' })).toBe(
        'EXTENSION_AFTER_DEADLINE',
      );
    });

    it('takes the effective date of an approved extension from the request', () => {
      const asked = applyTransition(
        saturday,
        {
          type: 'requestExtension',
          actorId: 'm',
          newDueDate: '2025-04-12',
          newEffectiveDueDate: '2025-04-14',
          reason: 'Chờ số liệu',
        },
        at('2025-03-20T02:00:00Z'),
        ctx,
      );
      const approved = applyTransition(
        asked.next,
        { type: 'decideExtension', actorId: 'a', approve: true },
        at('2025-03-21T02:00:00Z'),
        ctx,
      );
      expect(approved.next).toMatchObject({
        dueDate: '2025-04-12',
        effectiveDueDate: '2025-04-14',
        dueVersion: 2,
      });
    });

    it('makes the same state as before for a record without an effective date', () => {
      expect(initialTaskState({ id: 't1', leadUnitId: 'u1', dueDate: '2025-03-31' })).toEqual(
        initialTaskState({
          id: 't1',
          leadUnitId: 'u1',
          dueDate: '2025-03-31',
          effectiveDueDate: '2025-03-31',
        }),
      );
      expect(base).not.toHaveProperty('effectiveDueDate');
    });
  });
});
