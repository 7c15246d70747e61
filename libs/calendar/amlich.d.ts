/** Hồ Ngọc Đức's Vietnamese lunar calendar algorithm (npm `amlich`), which ships no types. */
declare module 'amlich' {
  /** Returns [day, month, year] of the solar date; timeZone is 7 for Vietnam. */
  export function convertLunar2Solar(
    lunarDay: number,
    lunarMonth: number,
    lunarYear: number,
    lunarLeap: number,
    timeZone: number,
  ): [number, number, number];
  /** Returns [day, month, year, leap] of the lunar date. */
  export function convertSolar2Lunar(
    day: number,
    month: number,
    year: number,
    timeZone: number,
  ): [number, number, number, number];
}
