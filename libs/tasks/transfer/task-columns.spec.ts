import { columnKey, parseDate } from './task-columns';

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
