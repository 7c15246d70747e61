import { withLiveSettings } from './live-settings';
import type { TaskWorkflowSettings } from './task.messages';

const base: TaskWorkflowSettings = {
  rules: { maxExtensions: 1, extensionOnlyBeforeDue: true },
  reminders: { daysBefore: [3, 1], hour: 8, firstOverdueAfterDays: 1, overdueRepeatDays: 7 },
  dayMs: 86_400_000,
  version: 2,
};
const policy = { daysBefore: [5, 2], hour: 10, firstOverdueAfterDays: 2, overdueRepeatDays: 3 };

describe('withLiveSettings', () => {
  it('replaces the reminder policy with a newer version', () => {
    expect(withLiveSettings(base, { version: 3, reminders: policy })).toEqual({
      ...base,
      version: 3,
      reminders: policy,
    });
  });

  it('ignores a version the task already has or an older one', () => {
    expect(withLiveSettings(base, { version: 2, reminders: policy })).toBe(base);
    expect(withLiveSettings(base, { version: 1, reminders: policy })).toBe(base);
  });

  it("keeps a task's own offsets and takes the hour and the overdue cadence", () => {
    const own = { ...base, ownDaysBefore: true };
    expect(withLiveSettings(own, { version: 3, reminders: policy }).reminders).toEqual({
      daysBefore: [3, 1],
      hour: 10,
      firstOverdueAfterDays: 2,
      overdueRepeatDays: 3,
    });
  });

  it('leaves a task without reminders without reminders, and treats no version as 0', () => {
    const silent = { ...base, reminders: null, version: undefined };
    expect(withLiveSettings(silent, { version: 1, reminders: policy })).toEqual({
      ...silent,
      version: 1,
    });
  });

  it("tells, for a run started before live settings, its own offsets from configuration's", () => {
    const old = { ...base, version: undefined };
    const change = { version: 1, reminders: policy, configuredDaysBefore: [1, 3] };
    expect(withLiveSettings(old, change).reminders!.daysBefore).toEqual([5, 2]);
    const own = { ...old, reminders: { ...base.reminders!, daysBefore: [10] } };
    expect(withLiveSettings(own, change).reminders!.daysBefore).toEqual([10]);
  });
});
