import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../../../auth/session';
import type { Unit } from '../../../shared/units';
import { calendarOf, workingDaysBetween } from '../../../shared/workingDays';
import type { TaskDetail } from './taskApi';
import { allowedActions } from './taskPermissions';

const unit = (id: string, path: string, kind = 'department'): Unit => ({
  id,
  code: id.toUpperCase(),
  name: id,
  kind,
  parentId: null,
  path,
  depth: path.split('/').length - 3,
  createdAt: '2026-01-01T00:00:00Z',
});
const UNITS = new Map(
  [
    unit('ubnd', '/ubnd/', 'province'),
    unit('skhdt', '/ubnd/skhdt/'),
    unit('skhdt-th', '/ubnd/skhdt/skhdt-th/', 'division'),
    unit('snv', '/ubnd/snv/'),
  ].map((u) => [u.id, u]),
);

const actor = (id: string, unitId: string, roles: Actor['roles']): Actor => ({
  id,
  username: id,
  fullName: id,
  unitId,
  unitPath: UNITS.get(unitId)!.path,
  unitKind: UNITS.get(unitId)!.kind,
  roles,
});
const chutich = actor('chutich', 'ubnd', ['leader']);
const giamdoc = actor('giamdoc', 'skhdt', ['unit_manager']);
const chuyenvien = actor('chuyenvien', 'skhdt-th', ['specialist']);
const snv = actor('snv', 'snv', ['unit_manager']);

const task = (over: Partial<TaskDetail> = {}): TaskDetail =>
  ({
    id: 't',
    title: 'Nhiệm vụ',
    status: 'assigned',
    assignerId: 'chutich',
    assigningUnitId: 'ubnd',
    leadUnitId: 'skhdt',
    assigneeId: null,
    reviewerIds: [],
    dueDate: '2026-12-20',
    pendingExtension: null,
    extensionsApproved: 0,
    ...over,
  }) as TaskDetail;

const TODAY = '2026-12-10';
const allowed = (who: Actor, t: TaskDetail, today = TODAY) =>
  allowedActions(who, t, UNITS, today).sort();

describe('allowedActions (the API’s permission and transition rules, for showing buttons)', () => {
  it('lets the lead unit’s manager accept, report, submit, ask for more time and split a new task', () => {
    expect(allowed(giamdoc, task())).toEqual(
      ['accept', 'reportProgress', 'requestExtension', 'split', 'submitResult'].sort(),
    );
  });

  it('gives a specialist of a phòng nothing on a task its Sở leads, unless named as the assignee', () => {
    expect(allowed(chuyenvien, task())).toEqual([]);
    expect(allowed(chuyenvien, task({ assigneeId: 'chuyenvien' }))).toEqual([
      'accept',
      'reportProgress',
    ]);
  });

  it('lets the assigner decide a submitted result, and not work on it', () => {
    expect(allowed(chutich, task({ status: 'submitted' }))).toEqual(
      ['approve', 'cancel', 'reassign', 'returnForRework'].sort(),
    );
    expect(allowed(chutich, task())).toEqual(['cancel', 'reassign']);
  });

  it('offers nothing to another Sở, nor on a finished task, nor before the units are known', () => {
    expect(allowed(snv, task())).toEqual([]);
    expect(allowed(giamdoc, task({ status: 'completed' }))).toEqual([]);
    expect(allowed(chutich, task({ status: 'cancelled' }))).toEqual([]);
    expect(allowedActions(giamdoc, task(), new Map(), TODAY)).toEqual([]);
  });

  it('follows the extension rules: one pending request, before the deadline, within the limit', () => {
    const pending = {
      newDueDate: '2026-12-30',
      reason: 'Chờ số liệu',
      requestedBy: 'giamdoc',
      requestedAt: '2026-12-09T02:00:00Z',
    };
    expect(
      allowed(giamdoc, task({ status: 'in_progress', pendingExtension: pending })),
    ).not.toContain('requestExtension');
    expect(allowed(chutich, task({ pendingExtension: pending }))).toContain('decideExtension');
    expect(allowed(chutich, task())).not.toContain('decideExtension');
    expect(allowed(giamdoc, task({ extensionsApproved: 1 }))).not.toContain('requestExtension');
    expect(allowed(giamdoc, task(), '2026-12-21')).not.toContain('requestExtension');
  });

  it('asks for an explanation only once the due date has passed', () => {
    expect(allowed(giamdoc, task({ status: 'in_progress' }))).not.toContain('recordExplanation');
    expect(allowed(giamdoc, task({ status: 'in_progress' }), '2026-12-21')).toContain(
      'recordExplanation',
    );
  });
});

describe('workingDaysBetween', () => {
  const calendar = calendarOf([
    {
      year: 2026,
      holidays: [{ date: '2026-12-14', name: 'Ngày nghỉ bù' }],
      overrides: [{ date: '2026-12-12', kind: 'workday' }],
    },
  ]);

  it('counts working days after the first date up to the second, skipping weekends and holidays', () => {
    // Thu 10/12 → Fri 18/12: Fri 11, Sat 12 (a working Saturday), Tue–Fri 15–18; Mon 14 is off.
    expect(workingDaysBetween('2026-12-10', '2026-12-18', calendar)).toBe(6);
    expect(workingDaysBetween('2026-12-10', '2026-12-10', calendar)).toBe(0);
  });

  it('counts backwards, as a negative number, for a date already past', () => {
    expect(workingDaysBetween('2026-12-18', '2026-12-15', calendar)).toBe(-3);
  });

  it('names the day off and its kind', () => {
    expect(calendar('2026-12-14')).toEqual({
      working: false,
      weekend: false,
      holiday: 'Ngày nghỉ bù',
    });
    expect(calendar('2026-12-13')).toEqual({ working: false, weekend: true, holiday: undefined });
    expect(calendar('2026-12-12').working).toBe(true);
  });
});
