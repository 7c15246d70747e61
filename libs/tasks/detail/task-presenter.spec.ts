import type { Unit } from '../../organization/unit.entity';
import type { Task } from '../task.entity';
import { presentTask, stateOfRow } from './task-presenter';

const unit = (id: string, path: string) => ({ id, code: id, name: id, path }) as Unit;

const row = {
  id: 't1',
  title: 'Rà soát thủ tục',
  status: 'in_progress',
  leadUnitId: 'u1',
  leadUnit: unit('u1', '/a/b/'),
  assigningUnit: unit('u0', '/a/'),
  progressPercent: 40,
  dueDate: '2026-05-10',
  effectiveDueDate: '2026-05-10',
  originalDueDate: '2026-05-10',
  extensionsApproved: 0,
  pendingExtension: null,
  explanation: null,
  submittedAt: null,
  completedAt: null,
  completedOn: null,
  cancelledOn: null,
  assignedAt: new Date('2026-04-01T01:00:00Z'),
  version: 3,
  updatedAt: new Date('2026-04-02T01:00:00Z'),
} as unknown as Task;

describe('presentTask', () => {
  it('answers units as briefs and classes a task completed after its due date as late', () => {
    const done = {
      ...row,
      status: 'completed',
      // 00:30 on 11 May in Asia/Ho_Chi_Minh: one day after the due date.
      completedAt: new Date('2026-05-10T17:30:00Z'),
    } as Task;
    const shown = presentTask(done);
    expect(shown.leadUnit).toEqual({ id: 'u1', code: 'u1', name: 'u1' });
    expect(shown.timeliness).toBe('completed_late');
    expect(presentTask({ ...row, status: 'cancelled' } as Task).timeliness).toBeNull();
  });

  it('counts from the effective deadline: due on Sunday 10 May, completed Monday 11 May is on time', () => {
    const sunday = {
      ...row,
      effectiveDueDate: '2026-05-11',
      status: 'completed',
      completedAt: new Date('2026-05-11T09:00:00Z'),
    } as Task;
    const shown = presentTask(sunday);
    expect([shown.dueDate, shown.effectiveDueDate, shown.timeliness]).toEqual([
      '2026-05-10',
      '2026-05-11',
      'completed_on_time',
    ]);
    expect(stateOfRow(sunday)).toMatchObject({
      dueDate: '2026-05-10',
      effectiveDueDate: '2026-05-11',
    });
    expect(stateOfRow(row)).not.toHaveProperty('effectiveDueDate');
  });
});

describe('stateOfRow', () => {
  it('is the state machine’s view of the projection', () => {
    expect(stateOfRow(row)).toEqual({
      taskId: 't1',
      status: 'in_progress',
      leadUnitId: 'u1',
      progressPercent: 40,
      dueDate: '2026-05-10',
      originalDueDate: '2026-05-10',
      dueVersion: 0,
      extensionsApproved: 0,
      pendingExtension: null,
      explanation: null,
      submittedAt: null,
      completedAt: null,
      version: 3,
    });
  });
});
