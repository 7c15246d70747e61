import { PeriodType, cutOffDates, customWindow, periodWindow } from './reporting-period';

describe('periodWindow', () => {
  it.each<[PeriodType, number, number | undefined, string, string, string, string]>([
    ['month', 2024, 3, '2024-02-15', '2024-03-14', 'Tháng 3 năm 2024', '2024-03-20'],
    ['month', 2024, 1, '2023-12-15', '2024-01-14', 'Tháng 1 năm 2024', '2024-01-20'],
    ['month', 2024, 12, '2024-11-15', '2024-12-14', 'Tháng 12 năm 2024', '2024-12-20'],
    ['quarter', 2022, 3, '2022-06-15', '2022-09-14', 'Quý III năm 2022', '2022-09-20'],
    ['quarter', 2024, 1, '2023-12-15', '2024-03-14', 'Quý I năm 2024', '2024-03-20'],
    ['quarter', 2024, 2, '2024-03-15', '2024-06-14', 'Quý II năm 2024', '2024-06-20'],
    ['quarter', 2024, 4, '2024-09-15', '2024-12-14', 'Quý IV năm 2024', '2024-12-20'],
    ['half', 2023, undefined, '2022-12-15', '2023-06-14', '6 tháng đầu năm 2023', '2023-06-20'],
    ['nine_months', 2024, 1, '2023-12-15', '2024-09-14', '9 tháng năm 2024', '2024-09-20'],
    ['year', 2024, undefined, '2023-12-15', '2024-12-14', 'Năm 2024', '2024-12-20'],
  ])(
    'gives %s %i number %s the window %s to %s labelled "%s", report due %s',
    (type, year, number, from, to, label, reportDueDate) => {
      expect(periodWindow(type, year, number)).toEqual({
        type,
        year,
        number: number ?? 1,
        from,
        to,
        label,
        reportDueDate,
      });
    },
  );

  it('makes the twelve month windows of a year adjoin with no gap and no overlap', () => {
    for (let month = 2; month <= 12; month++) {
      const previous = periodWindow('month', 2025, month - 1);
      const current = periodWindow('month', 2025, month);
      const dayAfter = new Date(`${previous.to}T00:00:00Z`);
      dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
      expect(current.from).toBe(dayAfter.toISOString().slice(0, 10));
    }
  });

  it.each<[PeriodType, number, number | undefined, RegExp]>([
    ['month', 2024, 0, /month period takes number an integer from 1 to 12, got 0/],
    ['month', 2024, 13, /from 1 to 12/],
    ['month', 2024, undefined, /got undefined/],
    ['month', 2024, 1.5, /from 1 to 12/],
    ['quarter', 2024, 5, /quarter period takes number an integer from 1 to 4, got 5/],
    ['quarter', 2024, 0, /from 1 to 4/],
    ['half', 2024, 2, /half period takes number only 1, got 2/],
    ['nine_months', 2024, 2, /only 1/],
    ['year', 2024, 2, /only 1/],
    ['year', 2024.5, 1, /Year must be an integer/],
    ['year', 1800, 1, /Year must be an integer from 1900/],
  ])('rejects %s %s number %s with a RangeError', (type, year, number, message) => {
    expect(() => periodWindow(type, year, number)).toThrow(RangeError);
    expect(() => periodWindow(type, year, number)).toThrow(message);
  });

  it('rejects a period type it does not know', () => {
    expect(() => periodWindow('week' as PeriodType, 2024, 1)).toThrow(RangeError);
  });
});

describe('customWindow', () => {
  it("keeps an issuing body's own window, such as Đồng Tháp's 2021 annual report", () => {
    expect(customWindow('2020-12-01', '2021-11-15')).toEqual({
      type: 'custom',
      year: 2021,
      number: 1,
      from: '2020-12-01',
      to: '2021-11-15',
      label: 'Từ ngày 01/12/2020 đến ngày 15/11/2021',
      reportDueDate: '2021-11-20',
    });
  });

  it('uses the label it is given', () => {
    expect(customWindow('2020-12-01', '2021-11-15', 'Năm 2021').label).toBe('Năm 2021');
  });

  it('accepts a window of a single day', () => {
    expect(customWindow('2024-05-05', '2024-05-05')).toMatchObject({
      from: '2024-05-05',
      to: '2024-05-05',
    });
  });

  it('moves the due date to the next month when the window ends after the 20th', () => {
    expect(customWindow('2024-01-01', '2024-12-31').reportDueDate).toBe('2025-01-20');
    expect(customWindow('2024-01-01', '2024-06-25').reportDueDate).toBe('2024-07-20');
  });

  it('rejects a window that ends before it starts', () => {
    expect(() => customWindow('2024-03-15', '2024-03-14')).toThrow(RangeError);
  });

  it.each(['2024-02-30', '2024-2-01', '15/03/2024', ''])(
    'rejects the date %j that is not a real YYYY-MM-DD date',
    (date) => {
      expect(() => customWindow(date, '2024-12-31')).toThrow(/Invalid calendar date/);
      expect(() => customWindow('2024-01-01', date)).toThrow(RangeError);
    },
  );
});

describe('cutOffDates', () => {
  const cutOffs = cutOffDates(2024);

  it('lists the day after each of the 19 windows: months, quarters, half, 9 months, year', () => {
    expect(cutOffs).toHaveLength(19);
    for (const { date, window } of cutOffs) {
      expect(window.year).toBe(2024);
      expect(date).toBe(window.to.replace(/-14$/, '-15'));
    }
  });

  it('sorts by date and, on a shared date, from the shortest period to the longest', () => {
    expect(cutOffs.slice(0, 3).map(({ date, window }) => [date, window.label])).toEqual([
      ['2024-01-15', 'Tháng 1 năm 2024'],
      ['2024-02-15', 'Tháng 2 năm 2024'],
      ['2024-03-15', 'Tháng 3 năm 2024'],
    ]);
    expect(cutOffs[3]).toEqual({ date: '2024-03-15', window: periodWindow('quarter', 2024, 1) });
    expect(cutOffs.slice(-3).map(({ window }) => window.label)).toEqual([
      'Tháng 12 năm 2024',
      'Quý IV năm 2024',
      'Năm 2024',
    ]);
    const june = cutOffs
      .filter(({ date }) => date === '2024-06-15')
      .map(({ window }) => window.type);
    expect(june).toEqual(['month', 'quarter', 'half']);
    const september = cutOffs.filter(({ date }) => date === '2024-09-15');
    expect(september.map(({ window }) => window.type)).toEqual(['month', 'quarter', 'nine_months']);
  });

  it('rejects a year that is not an integer', () => {
    expect(() => cutOffDates(2024.5)).toThrow(RangeError);
  });
});
