import ExcelJS from 'exceljs';

/** The columns of the task import sheet (`POST /task-sheets/import`), in order. */
export const TASK_SHEET_HEADERS = [
  'Mã nhiệm vụ',
  'Tên nhiệm vụ',
  'Đơn vị chủ trì',
  'Đơn vị phối hợp',
  'Nguồn giao',
  'Văn bản giao',
  'Ngày văn bản',
  'Ngày giao',
  'Hạn xử lý',
  'Ngày hoàn thành',
  'Kết quả',
  'Mã nhiệm vụ cha',
];

/** An .xlsx import sheet holding `rows` under the headers. */
export async function taskSheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow(TASK_SHEET_HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
