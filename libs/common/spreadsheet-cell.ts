/**
 * Spreadsheet cells in and out (OWASP "CSV injection"): text that a spreadsheet application would
 * read as a formula is neutralised on export, and whatever exceljs makes of a cell on import
 * (formula, rich text, hyperlink) becomes the text the cell shows.
 */

/** A leading `=`, `+`, `-`, `@`, tab or carriage return makes Excel/LibreOffice read a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain signed number ("-5", "+84912345678", "-1,5") is data, not a formula: left as it is. */
const SIGNED_NUMBER = /^[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?$/;

/** Whether a spreadsheet application would evaluate this text. */
export const isFormulaLike = (text: string): boolean =>
  FORMULA_START.test(text) && !SIGNED_NUMBER.test(text);

export type SafeCell = string | number | boolean | Date | null;

/**
 * A value ready for a CSV or XLSX cell. Numbers, booleans and dates pass unchanged. Text is always
 * a plain string (exceljs writes strings as strings, never as formulas; objects, which exceljs
 * could take for a formula or a hyperlink, are flattened to text). In CSV, where every cell is
 * text that the application re-parses, formula-like text gets a leading apostrophe, which
 * spreadsheet applications show as text and do not evaluate.
 */
export function safeCell(value: unknown, format: 'csv' | 'xlsx'): SafeCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  const text = typeof value === 'string' ? value : cellText(value);
  return format === 'csv' && isFormulaLike(text) ? `'${text}` : text;
}

/** `safeCell` over a row. */
export const safeRow = (values: unknown[], format: 'csv' | 'xlsx'): SafeCell[] =>
  values.map((v) => safeCell(v, format));

/** The inverse of the CSV apostrophe: a CSV this app exported imports as the original text. */
export const fromCsvCell = (text: string): string =>
  text.startsWith("'") && isFormulaLike(text.slice(1)) ? text.slice(1) : text;

/**
 * The text a cell shows, whatever exceljs read: a formula's cached result, rich text's runs,
 * a hyperlink's text, an error's code; a date as YYYY-MM-DD. Never "[object Object]".
 */
export function cellText(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'object' || depth > 4) return '';
  const cell = value as Record<string, unknown>;
  if (Array.isArray(cell.richText)) {
    return cell.richText.map((run: { text?: unknown }) => cellText(run?.text, depth + 1)).join('');
  }
  if ('formula' in cell || 'sharedFormula' in cell) return cellText(cell.result, depth + 1);
  if ('text' in cell) return cellText(cell.text, depth + 1);
  if ('error' in cell) return typeof cell.error === 'string' ? cell.error : '';
  return '';
}
