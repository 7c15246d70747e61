/**
 * Calendar dates as the domain uses them (docs/domain.md §3): 'YYYY-MM-DD' in
 * Asia/Ho_Chi_Minh, shown to people as dd/MM/yyyy. Pure: the workflows use these too.
 */

/** A calendar date 'YYYY-MM-DD' in Asia/Ho_Chi_Minh. */
export type IsoDate = string;

/**
 * Asia/Ho_Chi_Minh is UTC+07:00 all year (no daylight saving since 1975). A fixed offset rather
 * than the time-zone database on purpose: workflow code must give the same date on replay
 * whatever tzdata the worker's Node ships; dates.spec checks it against the database.
 */
const VN_OFFSET_MS = 7 * 3_600_000;

/** The calendar date of an instant (a Date or epoch milliseconds) in Asia/Ho_Chi_Minh. */
export function vnDateOf(instant: Date | number): IsoDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' → 'dd/MM/yyyy' as documents and messages show dates; '' for no date. */
export function displayDate(date: IsoDate | null | undefined): string {
  return date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : '';
}
