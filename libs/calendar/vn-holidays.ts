import { convertLunar2Solar, convertSolar2Lunar } from 'amlich';

/** A calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;
export interface Holiday {
  date: IsoDate;
  name: string;
}

const VN_TIME_ZONE = 7;
const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The solar date of a lunar date, in the Vietnamese (UTC+7) calendar. */
export function lunarToSolar(day: number, month: number, lunarYear: number): IsoDate {
  const [d, m, y] = convertLunar2Solar(day, month, lunarYear, 0, VN_TIME_ZONE);
  return iso(y, m, d);
}

/** The lunar date of a solar date, as [day, month, year]. */
export function solarToLunar(date: IsoDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  const [ld, lm, ly] = convertSolar2Lunar(d, m, y, VN_TIME_ZONE);
  return [ld, lm, ly];
}

/**
 * Statutory holidays of a solar year (Bộ luật Lao động 2019, Điều 112), as computed defaults:
 * Tết is the last day of the old lunar year and mùng 1–4; the day added to 2/9 is 1/9. The exact
 * days are announced each year and overlaid by the calendar_overrides table.
 */
export function statutoryHolidays(year: number): Holiday[] {
  const tet = lunarToSolar(1, 1, year);
  const tetDays = [-1, 0, 1, 2, 3].map((offset, i) => ({
    date: addDays(tet, offset),
    name: i === 0 ? 'Tết Nguyên đán (ngày cuối năm)' : `Tết Nguyên đán (mùng ${i})`,
  }));
  return [
    { date: iso(year, 1, 1), name: 'Tết Dương lịch' },
    ...tetDays,
    { date: lunarToSolar(10, 3, year), name: 'Giỗ Tổ Hùng Vương' },
    { date: iso(year, 4, 30), name: 'Ngày Chiến thắng' },
    { date: iso(year, 5, 1), name: 'Ngày Quốc tế Lao động' },
    { date: iso(year, 9, 1), name: 'Quốc khánh (ngày liền kề)' },
    { date: iso(year, 9, 2), name: 'Quốc khánh' },
  ]
    .filter((h) => h.date.startsWith(`${year}-`))
    .sort((a, b) => a.date.localeCompare(b.date));
}
