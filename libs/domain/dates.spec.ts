import { displayDate, vnDateOf } from './dates';

describe('dates', () => {
  it('takes the calendar date of an instant in Asia/Ho_Chi_Minh', () => {
    expect(vnDateOf(new Date('2025-03-31T16:59:59.999Z'))).toBe('2025-03-31');
    expect(vnDateOf(new Date('2025-03-31T17:00:00Z'))).toBe('2025-04-01');
    expect(vnDateOf(Date.parse('2024-12-31T17:00:00Z'))).toBe('2025-01-01');
    expect(vnDateOf(Date.parse('2024-02-29T00:00:00+07:00'))).toBe('2024-02-29');
  });

  it('agrees with the time zone database for every hour of a year', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
    for (
      let ms = Date.parse('2026-01-01T00:00:00Z');
      ms < Date.parse('2027-01-01');
      ms += 3_600_000
    ) {
      expect(vnDateOf(ms)).toBe(fmt.format(ms));
    }
  });

  it('shows dates as dd/MM/yyyy and no date as nothing', () => {
    expect(displayDate('2025-03-05')).toBe('05/03/2025');
    expect(displayDate('2024-12-31')).toBe('31/12/2024');
    expect(displayDate(null)).toBe('');
    expect(displayDate(undefined)).toBe('');
  });
});
