/**
 * Bounds on what input may ask for, shared by the DTO decorators and the pure domain code
 * (no framework imports here: the calendar and the worker use these too).
 */

/** Dates accepted from callers; beyond year 9999 the ISO form gains a sign and day loops stall. */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2200-12-31';
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** The most days any one calendar computation may walk (ten years). */
export const MAX_DAY_SPAN = 3650;

/** The range of a PostgreSQL `integer` column. */
export const PG_INT_MAX = 2_147_483_647;
export const PG_INT_MIN = -2_147_483_648;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isDateInRange = (value: unknown): value is string =>
  typeof value === 'string' && CALENDAR_DATE.test(value) && value >= MIN_DATE && value <= MAX_DATE;

/**
 * Input outside the bounds above reached domain code (the DTOs should have refused it first);
 * the API answers it with a 400 naming `field` and `rule`, never a 500 or an endless loop.
 */
export class InputRangeError extends RangeError {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputRangeError';
  }
}
