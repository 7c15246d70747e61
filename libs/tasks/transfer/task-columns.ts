import { stripDiacritics } from '../../documents/strip-diacritics';

/** The columns of the task spreadsheet, in order (issue "Plans and the chain", §5). */
export const TASK_COLUMNS = [
  { key: 'ma_nhiem_vu', header: 'Mã nhiệm vụ' },
  { key: 'ten_nhiem_vu', header: 'Tên nhiệm vụ' },
  { key: 'don_vi_chu_tri', header: 'Đơn vị chủ trì' },
  { key: 'don_vi_phoi_hop', header: 'Đơn vị phối hợp' },
  { key: 'nguon_giao', header: 'Nguồn giao' },
  { key: 'van_ban_giao', header: 'Văn bản giao' },
  { key: 'ngay_van_ban', header: 'Ngày văn bản' },
  { key: 'ngay_giao', header: 'Ngày giao' },
  { key: 'han_xu_ly', header: 'Hạn xử lý' },
  { key: 'ngay_hoan_thanh', header: 'Ngày hoàn thành' },
  { key: 'ket_qua', header: 'Kết quả' },
  { key: 'ma_nhiem_vu_cha', header: 'Mã nhiệm vụ cha' },
] as const;

export type TaskColumn = (typeof TASK_COLUMNS)[number]['key'];
export type TaskRow = Record<TaskColumn, string>;

/** "Mã nhiệm vụ", "ma_nhiem_vu" and "MA NHIEM VU" all name the same column. */
export const columnKey = (header: string) =>
  stripDiacritics(header)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** dd/MM/yyyy or ISO YYYY-MM-DD → YYYY-MM-DD; null when empty; undefined when invalid. */
export function parseDate(value: string): string | null | undefined {
  const v = value.trim();
  if (!v) return null;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const iso = vn ? `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}` : v;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

export const formatDate = (iso: string | null) =>
  iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '';
