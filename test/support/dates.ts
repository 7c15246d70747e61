import { vnDateOf } from '../../libs/domain/dates';

/** Today's calendar date in Asia/Ho_Chi_Minh shifted by `n` days, as YYYY-MM-DD. */
export function dayFromToday(n: number): string {
  const d = new Date(`${vnDateOf(new Date())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
