import { stripDiacritics } from '../../documents/strip-diacritics';

/**
 * The columns of the task spreadsheet, in order (issue "Plans and the chain", §5), with the longest
 * text each may hold (the database columns' sizes: longer text is refused before anything starts).
 */
export const TASK_COLUMNS = [
  { key: 'ma_nhiem_vu', header: 'Mã nhiệm vụ', maxLength: 64 },
  { key: 'ten_nhiem_vu', header: 'Tên nhiệm vụ', maxLength: 500 },
  { key: 'don_vi_chu_tri', header: 'Đơn vị chủ trì', maxLength: 32 },
  { key: 'don_vi_phoi_hop', header: 'Đơn vị phối hợp', maxLength: 2000 },
  { key: 'nguon_giao', header: 'Nguồn giao', maxLength: 255 },
  { key: 'van_ban_giao', header: 'Văn bản giao', maxLength: 100 },
  { key: 'ngay_van_ban', header: 'Ngày văn bản', maxLength: 40 },
  { key: 'ngay_giao', header: 'Ngày giao', maxLength: 40 },
  { key: 'han_xu_ly', header: 'Hạn xử lý', maxLength: 40 },
  { key: 'ngay_hoan_thanh', header: 'Ngày hoàn thành', maxLength: 40 },
  { key: 'ket_qua', header: 'Kết quả', maxLength: 5000 },
  { key: 'ma_nhiem_vu_cha', header: 'Mã nhiệm vụ cha', maxLength: 64 },
] as const;

export type TaskColumn = (typeof TASK_COLUMNS)[number]['key'];
export type TaskRow = Record<TaskColumn, string>;

/** "Mã nhiệm vụ", "ma_nhiem_vu" and "MA NHIEM VU" all name the same column. */
export const columnKey = (header: string) =>
  stripDiacritics(header)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Dates outside these years are typing mistakes, and unbounded ones make calendars loop. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** dd/MM/yyyy or ISO YYYY-MM-DD → YYYY-MM-DD; null when empty; undefined when invalid. */
export function parseDate(value: string): string | null | undefined {
  const v = value.trim();
  if (!v) return null;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const iso = vn ? `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}` : v;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const year = Number(iso.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}
