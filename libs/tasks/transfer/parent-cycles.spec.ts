import { cyclicCodes } from './parent-cycles';

const row = (ma_nhiem_vu: string, ma_nhiem_vu_cha = '') => ({ ma_nhiem_vu, ma_nhiem_vu_cha });

describe('Parent chains in an imported sheet', () => {
  it('finds rows that are their own parent or close a loop, and only those', () => {
    const rows = [
      row('A', 'A'),
      row('B', 'C'),
      row('C', 'D'),
      row('D', 'B'),
      row('E', 'B'),
      row('F', 'G'),
      row('G'),
      row('H', 'KHONG-CO'),
    ];
    expect([...cyclicCodes(rows)].sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(cyclicCodes([row('X', 'Y'), row('Y')]).size).toBe(0);
  });

  it('walks a long chain without recursion', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => row(`N${i}`, i ? `N${i - 1}` : ''));
    expect(cyclicCodes(rows).size).toBe(0);
    rows[0] = row('N0', 'N49999');
    expect(cyclicCodes(rows).size).toBe(50_000);
  });
});
