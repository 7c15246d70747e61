import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { DomainException } from '../../common/domain.exception';
import JSZip from 'jszip';
import { csvRows, readSheet } from './sheet-reader';
import { sheetsLast } from './zip-order';

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rejection(promise: Promise<unknown>): Promise<DomainException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainException);
  return error as DomainException;
}

describe('Reading task sheets', () => {
  it('parses quoted CSV fields with commas, doubled quotes and line breaks, numbering rows by line', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\n,,\nlast,"",z';
    expect([...csvRows(text)]).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, cells: ['', '', ''] },
      { line: 5, cells: ['last', '', 'z'] },
    ]);
  });

  it('reads formula results, rich text and hyperlink text from an .xlsx, skipping empty rows', async () => {
    const file = await xlsx([
      ['Mã', 'Tên'],
      [
        { formula: 'CONCATENATE("NV","-1")', result: 'NV-1' },
        { richText: [{ text: 'Rà ' }, { text: 'soát' }] },
      ],
      [],
      ['', '  '],
      [{ text: 'NV-2', hyperlink: 'http://example.vn' }, '=1+1'],
    ]);
    expect(await readSheet(file, 'xlsx', { maxRows: 10 })).toEqual({
      header: ['Mã', 'Tên'],
      rows: [
        { line: 2, cells: ['NV-1', 'Rà soát'] },
        { line: 5, cells: ['NV-2', '=1+1'] },
      ],
    });
  });

  it('moves worksheets after the shared strings without recompressing, and adds shared strings when missing', async () => {
    const file = await xlsx([
      ['Mã', 'Tên'],
      ['NV-1', 'Rà soát'],
    ]);
    const names = async (buf: Buffer) => Object.keys((await JSZip.loadAsync(buf)).files);
    const before = await names(file);
    expect(before.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(
      before.indexOf('xl/sharedStrings.xml'),
    );
    const reordered = sheetsLast(file);
    expect(reordered.length).toBe(file.length);
    const order = reordered.toString('latin1');
    expect(order.indexOf('xl/sharedStrings.xml')).toBeLessThan(
      order.indexOf('xl/worksheets/sheet1.xml'),
    );
    expect((await readSheet(file, 'xlsx', { maxRows: 5 })).rows).toEqual([
      { line: 2, cells: ['NV-1', 'Rà soát'] },
    ]);

    const inline = await JSZip.loadAsync(file);
    const strings = ['Mã', 'Tên', 'NV-1', 'Rà soát'];
    const sheet = (await inline.file('xl/worksheets/sheet1.xml')!.async('string')).replace(
      /<c r="([A-Z]+\d+)"([^>]*) t="s"><v>(\d+)<\/v><\/c>/g,
      (_, ref, attrs, i) =>
        `<c r="${ref}"${attrs} t="inlineStr"><is><t>${strings[Number(i)]}</t></is></c>`,
    );
    inline.file('xl/worksheets/sheet1.xml', sheet);
    inline.remove('xl/sharedStrings.xml');
    const noShared = await inline.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    // Only for streaming readers: the central directory's offsets are left as they were.
    const added = sheetsLast(noShared).toString('latin1');
    expect(added.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(-1);
    expect(added.indexOf('xl/sharedStrings.xml')).toBeLessThan(
      added.indexOf('xl/worksheets/sheet1.xml'),
    );
    expect((await readSheet(noShared, 'xlsx', { maxRows: 5 })).rows).toEqual([
      { line: 2, cells: ['NV-1', 'Rà soát'] },
    ]);
    expect(sheetsLast(Buffer.from('không phải zip'))).toEqual(Buffer.from('không phải zip'));
  });

  it('stops at the first row past the limit and names it', async () => {
    const rows = [['Mã'], ...Array.from({ length: 50 }, (_, i) => [`NV-${i}`])];
    for (const [format, file] of [
      ['xlsx', await xlsx(rows)],
      ['csv', Buffer.from(rows.map((r) => r[0]).join('\n'))],
    ] as const) {
      const error = await rejection(readSheet(file, format, { maxRows: 20 }));
      expect(error.toBody()).toMatchObject({
        statusCode: 400,
        code: 'IMPORT_TOO_MANY_ROWS',
        details: [{ field: 'row 22', rule: 'maxRows' }],
      });
    }
  });

  it('stops reading a sheet of endless empty rows at the scan limit, naming the row', async () => {
    const file = Buffer.from(`ma_nhiem_vu\nNV-1\n${',\n'.repeat(20_000)}NV-2\n`);
    const error = await rejection(readSheet(file, 'csv', { maxRows: 10 }));
    expect(error.toBody()).toMatchObject({
      statusCode: 400,
      code: 'IMPORT_TOO_MANY_ROWS',
      details: [{ field: 'row 10001', rule: 'maxLines' }],
    });
  });

  it('answers IMPORT_UNREADABLE for empty, text, random and truncated files', async () => {
    const good = await xlsx([['Mã'], ['NV-1']]);
    const files: [Buffer, 'xlsx' | 'csv'][] = [
      [Buffer.alloc(0), 'xlsx'],
      [Buffer.from('ma_nhiem_vu,ten_nhiem_vu\nNV-1,abc\n'), 'xlsx'],
      [randomBytes(4096), 'xlsx'],
      [Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(4096)]), 'xlsx'],
      [good.subarray(0, 2000), 'xlsx'],
      [Buffer.alloc(0), 'csv'],
      [Buffer.from([0xc3, 0x28, 0xff, 0xfe]), 'csv'],
    ];
    for (const [file, format] of files) {
      const error = await rejection(readSheet(file, format, { maxRows: 10 }));
      expect(error.toBody()).toMatchObject({
        statusCode: 400,
        code: 'IMPORT_UNREADABLE',
        details: [{ field: 'file', rule: 'readable' }],
      });
    }
  });
});
