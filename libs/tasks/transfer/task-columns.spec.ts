import { columnKey, parseDate, TASK_COLUMNS } from './task-columns';

describe('Task spreadsheet columns', () => {
  it('accepts Vietnamese headers as written, without diacritics, or as keys', () => {
    expect(columnKey('Mã nhiệm vụ')).toBe('ma_nhiem_vu');
    expect(columnKey('Đơn vị chủ trì')).toBe('don_vi_chu_tri');
    expect(columnKey(' Hạn xử lý ')).toBe('han_xu_ly');
    expect(columnKey('ma_nhiem_vu_cha')).toBe('ma_nhiem_vu_cha');
  });

  it('reads dd/MM/yyyy and ISO dates and rejects impossible ones', () => {
    expect(parseDate('05/01/2024')).toBe('2024-01-05');
    expect(parseDate('5/1/2024')).toBe('2024-01-05');
    expect(parseDate('2024-01-05')).toBe('2024-01-05');
    expect(parseDate('')).toBeNull();
    expect(parseDate('30/02/2024')).toBeUndefined();
    expect(parseDate('2024/01/05')).toBeUndefined();
  });
});

describe('Task spreadsheet limits', () => {
  it('refuses dates outside 1900–2200', () => {
    expect(parseDate('31/12/9999')).toBeUndefined();
    expect(parseDate('1899-12-31')).toBeUndefined();
    expect(parseDate('01/01/1900')).toBe('1900-01-01');
    expect(parseDate('2200-12-31')).toBe('2200-12-31');
  });

  it('bounds every column by the size of the column that stores it', () => {
    const max = Object.fromEntries(TASK_COLUMNS.map((c) => [c.key, c.maxLength]));
    expect(max).toMatchObject({ ma_nhiem_vu: 64, ten_nhiem_vu: 500, van_ban_giao: 100 });
    expect(TASK_COLUMNS.every((c) => c.maxLength > 0)).toBe(true);
  });
});
