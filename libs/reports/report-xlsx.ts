import ExcelJS from 'exceljs';
import { safeRow } from '../common/spreadsheet-cell';
import { displayDate } from '../domain/dates';
import { deadlineText } from '../domain/deadline';
import { CompletionBlock, CompletionCounts, CompletionReport, GroupBy } from './completion-report';

/** A late or overdue task as the export lists it. */
export interface LateTask {
  code: string | null;
  title: string;
  leadUnitName: string;
  assignedOn: string;
  dueDate: string | null;
  effectiveDueDate: string | null;
  completedOn: string | null;
  explanation: string | null;
}

const GROUP_HEADER: Record<GroupBy, string> = {
  unit: 'Đơn vị',
  source: 'Nguồn giao',
  area: 'Lĩnh vực',
  plan: 'Kế hoạch',
};

const COLUMNS = [
  'STT',
  '',
  '5.1 Tổng số nhiệm vụ được giao',
  '5.2 Hoàn thành đúng hạn, trước hạn',
  '5.3 Hoàn thành nhưng quá hạn',
  '5.4 Quá hạn chưa hoàn thành',
  'Đang thực hiện trong hạn',
  'Không thời hạn',
  'Đã hủy',
  'Tỷ lệ đúng hạn/được giao',
  'Tỷ lệ hoàn thành nhiệm vụ đến hạn',
  'Tỷ lệ trễ hạn',
];

const figures = (c: CompletionCounts) => [
  c.indicators['5.1'],
  c.indicators['5.2'],
  c.indicators['5.3'],
  c.indicators['5.4'],
  c.inProgressNotDue,
  c.noDeadline,
  c.cancelled,
  c.onTimeShare,
  c.dueCompletionRate,
  c.lateShare,
];

function addBlock(ws: ExcelJS.Worksheet, block: CompletionBlock, report: CompletionReport) {
  const header = ws.addRow(
    COLUMNS.map((c, i) => (i === 1 ? GROUP_HEADER[report.groupBy ?? 'unit'] : c)),
  );
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  const rows = block.groups.length
    ? block.groups.map((g, i) => [i + 1, g.label, ...figures(g)])
    : [[1, report.scope.name, ...figures(block.totals)]];
  // Unit, source and plan names are user text: never formulas (numbers stay numbers).
  for (const values of rows) ws.addRow(safeRow(values, 'xlsx'));
  const total = ws.addRow(['', 'Tổng cộng', ...figures(block.totals)]);
  total.font = { bold: true };
  for (let r = header.number + 1; r <= total.number; r++) {
    const row = ws.getRow(r);
    for (let c = 3; c <= 9; c++) row.getCell(c).numFmt = '#,##0';
    for (let c = 10; c <= 12; c++) row.getCell(c).numFmt = '0.0%';
  }
}

function addTaskSheet(wb: ExcelJS.Workbook, name: string, tasks: LateTask[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'STT', width: 6 },
    { header: 'Mã', width: 14 },
    { header: 'Tên nhiệm vụ', width: 60 },
    { header: 'Đơn vị chủ trì', width: 32 },
    { header: 'Ngày giao', width: 12 },
    { header: 'Hạn xử lý', width: 12 },
    { header: 'Ngày hoàn thành', width: 14 },
    { header: 'Giải trình', width: 50 },
  ];
  ws.getRow(1).font = { bold: true };
  tasks.forEach((t, i) =>
    ws.addRow(
      safeRow(
        [
          i + 1,
          t.code ?? '',
          t.title,
          t.leadUnitName,
          displayDate(t.assignedOn),
          deadlineText(t.dueDate, t.effectiveDueDate),
          displayDate(t.completedOn),
          t.explanation ?? '',
        ],
        'xlsx',
      ),
    ),
  );
}

/** The statistical form (Biểu mẫu 1, indicators 5.1–5.4) with the late and overdue lists. */
export async function completionReportXlsx(
  report: CompletionReport,
  lists: { late: LateTask[]; overdue: LateTask[] },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'GiaoViec';
  const ws = wb.addWorksheet('Biểu mẫu', { views: [{ state: 'frozen', ySplit: 5 }] });
  ws.addRow(['BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO']).font = { bold: true, size: 14 };
  ws.addRow(safeRow([report.scope.name], 'xlsx')).font = { bold: true };
  ws.addRow([
    `Thời gian chốt số liệu: từ ${displayDate(report.from)} đến ${displayDate(report.to)}`,
  ]);
  ws.addRow([]);
  addBlock(ws, report.window, report);
  ws.addRow([]);
  ws.addRow(['Nhiệm vụ kỳ trước chuyển sang']).font = { bold: true };
  addBlock(ws, report.carriedOver, report);
  if (report.deadlineRule) {
    ws.addRow([]);
    ws.addRow([`Ghi chú: ${report.deadlineRule.text}.`]).font = { italic: true };
  }
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 40 : i === 0 ? 6 : 16));
  addTaskSheet(wb, 'Hoàn thành quá hạn', lists.late);
  addTaskSheet(wb, 'Quá hạn chưa hoàn thành', lists.overdue);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
