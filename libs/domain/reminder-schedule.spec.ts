import fc from 'fast-check';
import { nextReminder, ReminderPolicy } from './reminder-schedule';
import { addDays, ClockConfig, dateAt, instantOf, REAL_DAY_MS } from './task-clock';

const policy: ReminderPolicy = {
  daysBefore: [7, 3, 1],
  hour: 8,
  firstOverdueAfterDays: 1,
  overdueRepeatDays: 7,
};
const real: ClockConfig = {
  dayMs: REAL_DAY_MS,
  originMs: Date.parse('2025-03-01T03:00:00Z'),
  originDate: '2025-03-01',
};

function sequence(dueDate: string, fromMs: number, clock: ClockConfig, count: number) {
  const out: { kind: string; at: string }[] = [];
  let from = fromMs;
  for (let i = 0; i < count; i++) {
    const r = nextReminder(dueDate, from, policy, clock);
    out.push({ kind: r.kind, at: new Date(r.atMs).toISOString() });
    from = r.atMs + 1;
  }
  return out;
}

describe('The reminder schedule', () => {
  it('goes out 7, 3 and 1 days before, on the due day, the day after, then weekly, at 08:00 in Vietnam', () => {
    expect(sequence('2025-03-20', real.originMs, real, 7)).toEqual([
      { kind: 'before_7', at: '2025-03-13T01:00:00.000Z' },
      { kind: 'before_3', at: '2025-03-17T01:00:00.000Z' },
      { kind: 'before_1', at: '2025-03-19T01:00:00.000Z' },
      { kind: 'due_day', at: '2025-03-20T01:00:00.000Z' },
      { kind: 'overdue_1', at: '2025-03-21T01:00:00.000Z' },
      { kind: 'overdue_8', at: '2025-03-28T01:00:00.000Z' },
      { kind: 'overdue_15', at: '2025-04-04T01:00:00.000Z' },
    ]);
  });

  it('skips reminders whose time has already passed when the schedule starts', () => {
    const from = Date.parse('2025-03-18T00:00:00Z');
    expect(nextReminder('2025-03-20', from, policy, real).kind).toBe('before_1');
    const longOverdue = Date.parse('2025-04-01T00:00:00Z');
    expect(nextReminder('2025-03-20', longOverdue, policy, real)).toMatchObject({
      kind: 'overdue_15',
      escalate: true,
    });
  });

  it('compresses days on a scaled clock so tests can run weeks in seconds', () => {
    const scaled: ClockConfig = { dayMs: 1000, originMs: 1_000_000, originDate: '2025-03-01' };
    expect(instantOf(scaled, '2025-03-03', 12)).toBe(1_000_000 + 2500);
    expect(dateAt(scaled, 1_000_000 + 2999)).toBe('2025-03-03');
    const r = nextReminder('2025-03-09', scaled.originMs, policy, scaled);
    expect(r).toMatchObject({ kind: 'before_7', date: '2025-03-02' });
    expect(r.atMs).toBeCloseTo(1_000_000 + 1000 + 1000 / 3, 5);
  });

  it('reads the Vietnamese calendar date of an instant on the real clock', () => {
    expect(dateAt(real, Date.parse('2025-03-01T16:59:59Z'))).toBe('2025-03-01');
    expect(dateAt(real, Date.parse('2025-03-01T17:00:00Z'))).toBe('2025-03-02');
  });
});

describe('Reminders on working days', () => {
  // Weekends off, plus Monday 5 May 2025 as a holiday, for the cases below.
  const offDays = new Set(['2025-05-05']);
  const weekdaysOnly = (date: string) => {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6 && !offDays.has(date);
  };
  const days = (daysBeforeInWorkingDays: boolean) => ({
    isWorkingDay: weekdaysOnly,
    daysBeforeInWorkingDays,
  });
  const plan = (dueDate: string, p: ReminderPolicy, inWorkingDays: boolean, count: number) => {
    const out: string[] = [];
    let from = real.originMs;
    for (let i = 0; i < count; i++) {
      const r = nextReminder(dueDate, from, p, real, days(inWorkingDays));
      out.push(`${r.kind} ${r.date}`);
      from = r.atMs + 1;
    }
    return out;
  };
  const twoAndOne: ReminderPolicy = { ...policy, daysBefore: [2, 1] };

  it('moves a reminder before the deadline back to the previous working day, once per day', () => {
    // Due Tuesday 6 May 2025 (Monday 5 off): 2 days before is Sunday, 1 day before the holiday.
    expect(plan('2025-05-06', twoAndOne, false, 3)).toEqual([
      'before_2 2025-05-02',
      'due_day 2025-05-06',
      'overdue_1 2025-05-07',
    ]);
  });

  it('counts "N days before" in working days when asked', () => {
    expect(plan('2025-05-06', twoAndOne, true, 4)).toEqual([
      'before_2 2025-05-01',
      'before_1 2025-05-02',
      'due_day 2025-05-06',
      'overdue_1 2025-05-07',
    ]);
  });

  it('moves an overdue reminder on a day off to the next working day, repeats included', () => {
    // Due Friday 2 May: 1 day after is Saturday → Tuesday 6; 8 days after is Saturday 10 → 12.
    expect(plan('2025-05-02', { ...policy, daysBefore: [] }, false, 3)).toEqual([
      'due_day 2025-05-02',
      'overdue_1 2025-05-06',
      'overdue_8 2025-05-12',
    ]);
  });

  it('sends every reminder on a working day, in order, whatever the due date and start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (dueOffset, startOffset, inWorkingDays) => {
          const dueDate = addDays('2025-03-01', dueOffset);
          let from = real.originMs + startOffset * REAL_DAY_MS;
          let previous = -Infinity;
          for (let i = 0; i < 6; i++) {
            const r = nextReminder(dueDate, from, policy, real, days(inWorkingDays));
            expect(weekdaysOnly(r.date)).toBe(true);
            expect(r.atMs).toBeGreaterThan(previous);
            expect(r.atMs).toBeGreaterThanOrEqual(from);
            if (r.offsetDays <= 0) expect(r.date <= dueDate).toBe(true);
            else expect(r.date > dueDate).toBe(true);
            previous = r.atMs;
            from = r.atMs + 1;
          }
        },
      ),
    );
  });
});
