import { initialTaskState, TaskState } from '../../domain/task-state';
import type { Actor } from '../../auth/actor';
import type { TaskScope } from '../task-permissions';
import { allowedTaskActions } from './task-allowed-actions';

const actor = (id: string, unitPath: string, roles: Actor['roles'], unitKind = 'department') =>
  ({ id, username: id, fullName: id, unitId: id, unitPath, unitKind, roles }) as Actor;
const leader = actor('chutich', '/ubnd/', ['leader'], 'province');
const manager = actor('giamdoc', '/ubnd/skhdt/', ['unit_manager']);
const specialist = actor('chuyenvien', '/ubnd/skhdt/th/', ['specialist']);

const scope: TaskScope = {
  assignerId: 'chutich',
  assigneeId: null,
  watcherIds: [],
  reviewerIds: [],
  assigningUnitPath: '/ubnd/',
  leadUnitPath: '/ubnd/skhdt/',
  coordinatingUnitPaths: [],
};
const state = (over: Partial<TaskState> = {}): TaskState => ({
  ...initialTaskState({ id: 't', leadUnitId: 'skhdt', dueDate: '2026-12-20' }),
  ...over,
});
const ctx = (today = '2026-12-10', maxExtensions = 1) => ({
  today,
  rules: { maxExtensions, extensionOnlyBeforeDue: true },
});

describe('allowedTaskActions (the permission rule and the state machine, asked together)', () => {
  it('lets the lead unit’s manager work on a new task and the assigner only redirect or cancel it', () => {
    expect(allowedTaskActions(manager, scope, state(), ctx())).toEqual([
      'accept',
      'reportProgress',
      'submitResult',
      'requestExtension',
      'split',
    ]);
    expect(allowedTaskActions(leader, scope, state(), ctx())).toEqual(['reassign', 'cancel']);
  });

  it('gives a specialist of a phòng below the lead unit nothing unless named as the assignee', () => {
    expect(allowedTaskActions(specialist, scope, state(), ctx())).toEqual([]);
    expect(
      allowedTaskActions(specialist, { ...scope, assigneeId: 'chuyenvien' }, state(), ctx()),
    ).toEqual(['accept', 'reportProgress']);
  });

  it('follows the extension rules: none pending, within the limit, before the due date', () => {
    const pending = {
      newDueDate: '2026-12-30',
      reason: 'x',
      requestedBy: 'giamdoc',
      requestedAt: '',
    };
    const asks = (s: TaskState, c = ctx()) =>
      allowedTaskActions(manager, scope, s, c).includes('requestExtension');
    expect(asks(state({ pendingExtension: pending }))).toBe(false);
    expect(asks(state({ extensionsApproved: 1 }))).toBe(false);
    expect(asks(state({ extensionsApproved: 1 }), ctx('2026-12-10', 2))).toBe(true);
    expect(asks(state(), ctx('2026-12-21'))).toBe(false);
    expect(asks(state({ dueDate: null }))).toBe(false);
    expect(
      allowedTaskActions(leader, scope, state({ pendingExtension: pending }), ctx()),
    ).toContain('decideExtension');
  });

  it('offers an explanation only once the task is late, and nothing on a closed task', () => {
    const working = state({ status: 'in_progress' });
    expect(allowedTaskActions(manager, scope, working, ctx())).not.toContain('recordExplanation');
    expect(allowedTaskActions(manager, scope, working, ctx('2026-12-21'))).toContain(
      'recordExplanation',
    );
    for (const status of ['completed', 'cancelled'] as const) {
      expect(allowedTaskActions(manager, scope, state({ status }), ctx())).toEqual([]);
      expect(allowedTaskActions(leader, scope, state({ status }), ctx())).toEqual([]);
    }
  });
});
