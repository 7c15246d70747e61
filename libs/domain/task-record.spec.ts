import { dueDateOf, newTaskRecord, WorkingDays } from './task-record';

const assignedAt = new Date('2025-03-07T18:30:00Z'); // 2025-03-08 01:30 in Asia/Ho_Chi_Minh
const by = { id: 'task-1', assignerId: 'user-1', assigningUnitId: 'unit-1', assignedAt };

/** Skips Saturdays and Sundays only: enough to see which date the count starts from. */
const weekdays: WorkingDays = {
  addWorkingDays(from, days) {
    const d = new Date(`${from}T00:00:00Z`);
    while (days > 0) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (d.getUTCDay() % 6 !== 0) days--;
    }
    return d.toISOString().slice(0, 10);
  },
};

describe('newTaskRecord', () => {
  it('fills what the spec leaves out with the defaults', () => {
    expect(
      newTaskRecord({ title: 'Rà soát TTHC', source: 'ubnd_tinh', leadUnitId: 'unit-2' }, by),
    ).toEqual({
      id: 'task-1',
      code: null,
      title: 'Rà soát TTHC',
      description: null,
      source: 'ubnd_tinh',
      sourceDocument: null,
      sourceDocumentDate: null,
      assignerId: 'user-1',
      assigningUnitId: 'unit-1',
      leadUnitId: 'unit-2',
      coordinatingUnitIds: [],
      watcherIds: [],
      reviewerIds: [],
      assigneeId: null,
      parentTaskId: null,
      planId: null,
      priority: 'normal',
      area: null,
      attachments: [],
      dueDate: null,
      assignedAt: '2025-03-07T18:30:00.000Z',
    });
  });

  it('carries every field of the spec and of the assignment', () => {
    const record = newTaskRecord(
      {
        code: 'NV-01',
        title: 'Báo cáo',
        description: 'Chi tiết',
        source: 'ke_hoach',
        sourceDocument: '389/KH-UBND',
        sourceDocumentDate: '2025-01-02',
        leadUnitId: 'unit-2',
        coordinatingUnitIds: ['unit-3'],
        watcherIds: ['user-4'],
        reviewerIds: ['user-5'],
        assigneeId: 'user-6',
        parentTaskId: 'task-0',
        priority: 'high',
        area: 'the_che',
        attachments: [{ name: 'a.pdf', url: 'https://x/a.pdf' }],
        dueDate: '2025-04-30',
      },
      { ...by, planId: 'plan-1' },
    );
    expect(record).toMatchObject({
      code: 'NV-01',
      description: 'Chi tiết',
      sourceDocument: '389/KH-UBND',
      sourceDocumentDate: '2025-01-02',
      coordinatingUnitIds: ['unit-3'],
      watcherIds: ['user-4'],
      reviewerIds: ['user-5'],
      assigneeId: 'user-6',
      parentTaskId: 'task-0',
      planId: 'plan-1',
      priority: 'high',
      area: 'the_che',
      dueDate: '2025-04-30',
    });
    expect(record).not.toHaveProperty('completedAt');
    expect(record).not.toHaveProperty('result');
  });

  it('keeps only the name and address of an attachment', () => {
    const attachments = [{ name: 'a.pdf', url: 'https://x/a.pdf', size: 12 }];
    expect(
      newTaskRecord({ title: 't', source: 's', leadUnitId: 'u', attachments }, by).attachments,
    ).toEqual([{ name: 'a.pdf', url: 'https://x/a.pdf' }]);
  });

  it('adds the completion of imported history', () => {
    const record = newTaskRecord(
      { title: 't', source: 's', leadUnitId: 'u' },
      { ...by, imported: { completedAt: '2025-03-10T02:00:00.000Z', result: 'Xong' } },
    );
    expect(record.completedAt).toBe('2025-03-10T02:00:00.000Z');
    expect(record.result).toBe('Xong');
    const open = newTaskRecord(
      { title: 't', source: 's', leadUnitId: 'u' },
      { ...by, imported: { completedAt: null, result: null } },
    );
    expect(open).toMatchObject({ completedAt: null, result: null });
  });

  it('counts working days from the Vietnamese date of the assignment', () => {
    // Saturday 8 March in Vietnam (still Friday 7 March in UTC): 3 working days → Wednesday 12.
    expect(dueDateOf({ dueInWorkingDays: 3 }, assignedAt, weekdays)).toBe('2025-03-12');
    expect(
      newTaskRecord(
        { title: 't', source: 's', leadUnitId: 'u', dueInWorkingDays: 3 },
        { ...by, calendar: weekdays },
      ).dueDate,
    ).toBe('2025-03-12');
    expect(() => dueDateOf({ dueInWorkingDays: 3 }, assignedAt)).toThrow(/working calendar/);
    expect(dueDateOf({ dueDate: '2025-05-01' }, assignedAt)).toBe('2025-05-01');
    expect(dueDateOf({}, assignedAt)).toBeNull();
  });

  it("builds an inspection's remediation task as the round workflow always has", () => {
    // The literal the inspection workflow started its child with before it used this factory:
    // the child workflow's input, hence a replayed round's commands, stay the same.
    const f = { description: 'Thiếu niêm yết', requiredAction: 'Niêm yết', area: 'tthc' };
    const before = {
      id: 'task-9',
      code: null,
      title: `Khắc phục: ${f.description}`.slice(0, 500),
      description: f.requiredAction,
      source: 'kiem_tra',
      sourceDocument: null,
      sourceDocumentDate: null,
      assignerId: 'leader',
      assigningUnitId: 'inspector',
      leadUnitId: 'target',
      coordinatingUnitIds: [],
      watcherIds: [],
      reviewerIds: ['leader', 'member'],
      assigneeId: null,
      parentTaskId: null,
      planId: null,
      priority: 'high',
      area: f.area,
      attachments: [],
      dueDate: '2025-06-30',
      assignedAt: assignedAt.toISOString(),
    };
    const record = newTaskRecord(
      {
        title: `Khắc phục: ${f.description}`.slice(0, 500),
        description: f.requiredAction,
        source: 'kiem_tra',
        leadUnitId: 'target',
        reviewerIds: ['leader', 'member'],
        priority: 'high',
        area: f.area,
        dueDate: '2025-06-30',
      },
      { id: 'task-9', assignerId: 'leader', assigningUnitId: 'inspector', assignedAt },
    );
    expect(JSON.stringify(record)).toBe(JSON.stringify(before));
  });
});
