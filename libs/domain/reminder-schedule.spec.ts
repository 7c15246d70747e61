import { nextReminder, ReminderPolicy } from './reminder-schedule';
import { ClockConfig, dateAt, instantOf, REAL_DAY_MS } from './task-clock';

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
