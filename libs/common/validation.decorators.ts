import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, Matches, ValidateBy } from 'class-validator';
import { isDateInRange, MAX_DATE, MIN_DATE } from './limits';

export * from './limits';

export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that exists (no 30 February), between 1900 and 2200. */
export const IsCalendarDate = () =>
  applyDecorators(
    Matches(CALENDAR_DATE, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
    ValidateBy({
      name: 'dateRange',
      validator: {
        validate: (value) =>
          typeof value !== 'string' || !CALENDAR_DATE.test(value) || isDateInRange(value),
        defaultMessage: () => `$property phải nằm trong khoảng từ ${MIN_DATE} đến ${MAX_DATE}`,
      },
    }),
  );

/** A query-string boolean: "true" / "false". */
export const IsQueryBoolean = () =>
  applyDecorators(
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );

const CURSOR_KEY = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a paging cursor has the shape the lists hand out: base64url of "<date or instant>|<uuid>".
 * Anything else (forged, truncated, garbage) is refused before it reaches a query.
 */
export function isPageCursor(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,500}={0,2}$/.test(value)) return false;
  const [key = '', id = '', ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const match = CURSOR_KEY.exec(key);
  if (rest.length > 0 || !match || !UUID.test(id)) return false;
  const instant = new Date(match[2] ? key : `${key}T00:00:00Z`);
  if (Number.isNaN(instant.getTime())) return false;
  // Date rolls 30 February over into March; PostgreSQL would refuse it, so compare the fields.
  const year = instant.getUTCFullYear();
  return year >= 1000 && year <= 9999 && instant.toISOString().slice(0, 10) === match[1];
}

export const IsPageCursor = () =>
  ValidateBy({
    name: 'cursor',
    validator: {
      validate: isPageCursor,
      defaultMessage: () => '$property phải là giá trị nextCursor của trang trước',
    },
  });
