import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { badRequest, DomainException } from '../../common/domain.exception';
import { cellText, fromCsvCell } from '../../common/spreadsheet-cell';
import { sheetsLast } from './zip-order';

export type SheetFormat = 'xlsx' | 'csv';

/** One non-empty line of a sheet: its 1-based row number and its cells as text, in order. */
export interface SheetLine {
  line: number;
  cells: string[];
}

export interface SheetLimits {
  /** Data rows (non-empty, after the header) a file may hold. */
  maxRows: number;
  /** Reading a file longer than this is abandoned as unreadable. */
  timeoutMs?: number;
}

/**
 * Rows read at all, empty ones included: ten times the data-row limit (at least 10,000), never
 * past Excel's own 1,048,576. Empty rows cost little each, but a sheet of millions of them would
 * still keep the reader busy for minutes.
 */
export const scanLimit = (maxRows: number) => Math.min(Math.max(10 * maxRows, 10_000), 1_048_576);
const DEFAULT_TIMEOUT_MS = 60_000;

export const unreadable = (message: string) =>
  badRequest('IMPORT_UNREADABLE', message, [
    { field: 'file', rule: 'readable', message: `${message}` },
  ]);

const tooManyLines = (line: number, maxLine: number) =>
  badRequest(
    'IMPORT_TOO_MANY_ROWS',
    `Tệp có hơn ${maxLine} dòng (kể cả dòng trống); hãy xóa các dòng thừa hoặc chia thành nhiều tệp`,
    [
      {
        field: `row ${line}`,
        rule: 'maxLines',
        message: `Dòng ${line} vượt quá giới hạn ${maxLine} dòng (kể cả dòng trống) của một tệp`,
      },
    ],
  );

const tooManyRows = (line: number, maxRows: number) =>
  badRequest(
    'IMPORT_TOO_MANY_ROWS',
    `Tệp có hơn ${maxRows} dòng dữ liệu; hãy chia thành nhiều tệp`,
    [
      {
        field: `row ${line}`,
        rule: 'maxRows',
        message: `Dòng ${line} vượt quá giới hạn ${maxRows} dòng dữ liệu của một lần nhập`,
      },
    ],
  );

/**
 * Reads the header (the first non-empty row) and the non-empty rows after it. An .xlsx is read as a
 * stream (exceljs's WorkbookReader): rows are looked at one by one, empty rows are dropped at once,
 * and reading stops at the first row past `maxRows`, so a huge sheet is never held in memory.
 * A file that is not a spreadsheet answers 400 IMPORT_UNREADABLE, never a 500.
 */
export async function readSheet(
  file: Buffer,
  format: SheetFormat,
  limits: SheetLimits,
): Promise<{ header: string[]; rows: SheetLine[] }> {
  const maxLine = scanLimit(limits.maxRows);
  const source = format === 'csv' ? csvLines(file, maxLine) : xlsxLines(file, maxLine);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(unreadable('Không đọc xong tệp trong thời gian cho phép')),
      limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([collect(source, limits.maxRows), timeout]);
  } catch (error) {
    if (error instanceof DomainException) throw error;
    throw unreadable(
      format === 'csv'
        ? 'Không đọc được tệp .csv (cần văn bản UTF-8, các cột phân cách bằng dấu phẩy)'
        : 'Không đọc được tệp: đây không phải là bảng tính .xlsx hợp lệ',
    );
  } finally {
    clearTimeout(timer);
    // Ends the reader (and its unzip stream) when we stopped early or gave up.
    void source.return(undefined).catch(() => undefined);
  }
}

async function collect(
  source: AsyncGenerator<SheetLine>,
  maxRows: number,
): Promise<{ header: string[]; rows: SheetLine[] }> {
  let header: string[] | null = null;
  const rows: SheetLine[] = [];
  for await (const sheetLine of source) {
    if (!header) {
      header = sheetLine.cells;
      continue;
    }
    if (rows.length >= maxRows) throw tooManyRows(sheetLine.line, maxRows);
    rows.push(sheetLine);
  }
  if (!header) throw unreadable('Tệp không có dữ liệu (không có dòng tiêu đề)');
  return { header, rows };
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

async function* xlsxLines(file: Buffer, maxLine: number): AsyncGenerator<SheetLine> {
  // exceljs's reader waits forever on an empty stream: only a zip archive goes in.
  if (file.length < ZIP_MAGIC.length || !file.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) {
    throw unreadable('Không đọc được tệp: đây không phải là bảng tính .xlsx hợp lệ');
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([sheetsLast(file)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      if (row.number > maxLine) throw tooManyLines(row.number, maxLine);
      const values = row.values as unknown[];
      if (!Array.isArray(values) || values.length < 2) continue;
      const cells: string[] = [];
      let empty = true;
      for (let i = 1; i < values.length; i++) {
        const text = cellText(values[i]).trim();
        cells.push(text);
        if (text) empty = false;
      }
      if (!empty) yield { line: row.number, cells };
    }
    return; // the first worksheet only
  }
}

async function* csvLines(file: Buffer, maxLine: number): AsyncGenerator<SheetLine> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    throw unreadable('Tệp .csv phải là văn bản UTF-8');
  }
  for (const { line, cells } of csvRows(text)) {
    if (line > maxLine) throw tooManyLines(line, maxLine);
    const texts = cells.map((c) => fromCsvCell(c).trim());
    if (texts.some(Boolean)) yield { line, cells: texts };
  }
}

/**
 * RFC 4180 rows of a CSV text, one at a time (quoted fields may hold commas, quotes as "" and line
 * breaks; lines end in CRLF, LF or CR; a leading BOM is dropped). `line` is the row's first line.
 */
export function* csvRows(text: string): Generator<{ line: number; cells: string[] }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 1;
  while (i < text.length) {
    const start = lineNo;
    const cells: string[] = [];
    let cell = '';
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            cell += text.slice(i);
            i = text.length;
            break;
          }
          cell += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') {
            cell += '"';
            i++;
          } else break;
        }
        lineNo += countBreaks(cell);
      }
      // Unquoted part (or what follows a closing quote) up to the next separator.
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      cell += text.slice(i, j);
      i = j;
      cells.push(cell);
      cell = '';
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
      else if (i < text.length) i++;
      lineNo++;
      break;
    }
    yield { line: start, cells };
  }
}

function countBreaks(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '\n' || (s[k] === '\r' && s[k + 1] !== '\n')) n++;
  }
  return n;
}
