import { catchupWindowMs, scheduleFingerprint } from './temporal-schedules';

describe('temporal schedules', () => {
  it('reads catch-up windows in minutes, hours and days', () => {
    expect(catchupWindowMs('30m')).toBe(30 * 60_000);
    expect(catchupWindowMs('12h')).toBe(12 * 3_600_000);
    expect(catchupWindowMs('3d')).toBe(3 * 86_400_000);
    expect(() => catchupWindowMs('3 days')).toThrow(RangeError);
    expect(() => catchupWindowMs('0d')).toThrow(RangeError);
  });

  it('fingerprints the configuration a schedule is made from, so a change is noticed', () => {
    const base = {
      scheduleId: 's',
      cron: '15 0 * * *',
      catchupWindow: '3d',
      workflowType: 'w',
      workflowId: 's',
      taskQueue: 'q',
    };
    expect(scheduleFingerprint({ ...base, cron: ' 15 0 * * * ' })).toBe(scheduleFingerprint(base));
    expect(scheduleFingerprint({ ...base, cron: '20 0 * * *' })).not.toBe(
      scheduleFingerprint(base),
    );
    expect(scheduleFingerprint({ ...base, catchupWindow: '1d' })).not.toBe(
      scheduleFingerprint(base),
    );
  });
});
