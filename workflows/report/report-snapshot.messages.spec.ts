import { cutOffDates } from '../../libs/domain/reporting-period';
import { scheduledSnapshotWorkflowId, snapshotsDueOn } from './report-snapshot.messages';

describe('snapshotsDueOn (what the nightly schedule publishes for its scheduled date)', () => {
  it('publishes the month, quarter and year closed by 14 December on 15 December', () => {
    expect(snapshotsDueOn('2023-12-15').map(scheduledSnapshotWorkflowId)).toEqual([
      'report-snapshots-month-2023-12',
      'report-snapshots-quarter-2023-4',
      'report-snapshots-year-2023-1',
    ]);
  });

  it('publishes the month, quarter and half year on 15 June', () => {
    expect(snapshotsDueOn('2022-06-15')).toEqual([
      { periodType: 'month', year: 2022, number: 6, requestedBy: null },
      { periodType: 'quarter', year: 2022, number: 2, requestedBy: null },
      { periodType: 'half', year: 2022, number: 1, requestedBy: null },
    ]);
  });

  it('publishes January of the next year on 15 January (its window opened in December)', () => {
    expect(snapshotsDueOn('2024-01-15').map(scheduledSnapshotWorkflowId)).toEqual([
      'report-snapshots-month-2024-1',
    ]);
  });

  it('publishes nothing on a day that closes no window', () => {
    expect(snapshotsDueOn('2023-12-14')).toEqual([]);
    expect(snapshotsDueOn('2023-12-16')).toEqual([]);
  });

  it('covers every cut-off of a year exactly once across its days', () => {
    const due = [];
    for (let d = Date.UTC(2025, 0, 1); d < Date.UTC(2026, 0, 1); d += 86_400_000) {
      due.push(...snapshotsDueOn(new Date(d).toISOString().slice(0, 10)));
    }
    const expected = [...cutOffDates(2025), ...cutOffDates(2026)].filter((c) =>
      c.date.startsWith('2025-'),
    );
    expect(due).toHaveLength(expected.length);
    expect(new Set(due.map(scheduledSnapshotWorkflowId)).size).toBe(expected.length);
  });
});
