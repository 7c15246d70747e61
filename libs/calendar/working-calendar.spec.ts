import { lunarToSolar, statutoryHolidays } from './vn-holidays';
import { VN_2025_ANNOUNCED, VN_2026_ANNOUNCED, WorkingCalendar } from './working-calendar';

describe('The Vietnamese working-day calendar', () => {
  const calendar = new WorkingCalendar([...VN_2025_ANNOUNCED, ...VN_2026_ANNOUNCED]);

  it('converts lunar dates with the Vietnamese UTC+7 algorithm', () => {
    expect(lunarToSolar(1, 1, 2024)).toBe('2024-02-10');
    expect(lunarToSolar(1, 1, 2025)).toBe('2025-01-29');
    expect(lunarToSolar(1, 1, 2026)).toBe('2026-02-17');
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
  });

  it('takes Tết 2025 off from 27 to 31 January per the announcement, after a weekend off', () => {
    for (const d of [
      '2025-01-25',
      '2025-01-26',
      '2025-01-27',
      '2025-01-29',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
    ]) {
      expect(calendar.isWorkingDay(d)).toBe(false);
    }
    expect(calendar.isWorkingDay('2025-01-24')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-03')).toBe(true);
  });

  it('computes Giỗ Tổ Hùng Vương 2025 on 7 April without any overlay', () => {
    expect(new WorkingCalendar().isWorkingDay('2025-04-07')).toBe(false);
    expect(statutoryHolidays(2025)).toContainEqual({
      date: '2025-04-07',
      name: 'Giỗ Tổ Hùng Vương',
    });
  });

  it('puts the 2026 lunar new year on 17 February and takes 16–20 February off', () => {
    expect(
      calendar
        .holidaysOf(2026)
        .filter((h) => h.date.startsWith('2026-02'))
        .map((h) => h.date),
    ).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  });

  it('keeps 2 September and one adjacent day off', () => {
    expect(calendar.isWorkingDay('2025-09-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-09-02')).toBe(false);
    expect(calendar.isWorkingDay('2025-09-03')).toBe(true);
  });

  it('counts working days across Tết, not counting the first day', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    expect(calendar.addWorkingDays('2025-01-22', 5)).toBe('2025-02-05');
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
  });

  it('moves a civil-code period that ends on a Saturday to the next Monday', () => {
    // 10 days from Wednesday 5 March 2025 ends on Saturday 15 March.
    expect(calendar.addDaysCivil('2025-03-05', 10)).toBe('2025-03-17');
    expect(calendar.addDaysCivil('2025-03-05', 9)).toBe('2025-03-14');
  });

  it('treats a Saturday made a working day by the overlay as one, and a cancelled holiday as work', () => {
    const swapped = new WorkingCalendar([
      { date: '2025-05-02', kind: 'holiday', name: 'Nghỉ hoán đổi' },
      { date: '2025-04-26', kind: 'workday', name: 'Làm bù' },
      { date: '2025-09-01', kind: 'workday' },
    ]);
    expect(swapped.isWorkingDay('2025-04-26')).toBe(true);
    expect(swapped.isWorkingDay('2025-05-02')).toBe(false);
    expect(swapped.isWorkingDay('2025-09-01')).toBe(true);
    expect(swapped.holidaysOf(2025).map((h) => h.date)).toContain('2025-05-02');
    expect(swapped.holidaysOf(2025).map((h) => h.date)).not.toContain('2025-09-01');
  });

  it('names every holiday in Vietnamese', () => {
    const names = calendar.holidaysOf(2025).map((h) => h.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Tết Dương lịch',
        'Giỗ Tổ Hùng Vương',
        'Ngày Chiến thắng',
        'Quốc khánh',
      ]),
    );
  });
});
