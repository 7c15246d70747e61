import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { CompletionReport, formatCount, formatPercent, headline } from './completion-report';
import { displayDate } from '../domain/dates';
import { LateTask } from './report-xlsx';
import { deadlineText } from '../domain/deadline';

export interface DocxMeta {
  /** Cơ quan chủ quản and the issuing body, e.g. "UBND TỈNH ĐỒNG THÁP" / "VĂN PHÒNG". */
  parentName: string;
  issuerName: string;
  place: string;
  date: string;
  periodLabel: string;
  signerTitle?: string;
  recipients?: string[];
}

const FONT = 'Times New Roman';
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE };

const text = (t: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, font: FONT, size: (o.size ?? 13) * 2, bold: o.bold, italics: o.italics });
const para = (
  runs: TextRun[] | string,
  o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number } = {},
) =>
  new Paragraph({
    children: typeof runs === 'string' ? [text(runs)] : runs,
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { after: o.after ?? 120 },
  });
const cell = (children: Paragraph[], width: number, borders = true) =>
  new TableCell({
    children,
    width: { size: width, type: WidthType.PERCENTAGE },
    ...(borders ? {} : { borders: NO_BORDERS }),
  });

/** The two-column, borderless table of a letterhead or a signature block. */
const twoColumns = (left: TableCell, right: TableCell) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { ...NO_BORDERS, insideHorizontal: NONE, insideVertical: NONE },
    rows: [new TableRow({ children: [left, right] })],
  });

function header(meta: DocxMeta): Table {
  const [y, m, d] = meta.date.split('-');
  const center = AlignmentType.CENTER;
  return twoColumns(
    cell(
      [
        para([text(meta.parentName.toUpperCase(), { size: 12 })], {
          align: center,
          after: 0,
        }),
        para([text(meta.issuerName.toUpperCase(), { bold: true, size: 12 })], {
          align: center,
        }),
        para([text('Số:        /BC-', { size: 13 })], { align: center }),
      ],
      40,
      false,
    ),
    cell(
      [
        para([text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 })], {
          align: center,
          after: 0,
        }),
        para([text('Độc lập - Tự do - Hạnh phúc', { bold: true })], { align: center }),
        para([text(`${meta.place}, ngày ${d} tháng ${m} năm ${y}`, { italics: true })], {
          align: center,
        }),
      ],
      60,
      false,
    ),
  );
}

function figuresTable(report: CompletionReport): Table {
  const head = [
    'STT',
    'Đơn vị',
    'Được giao (5.1)',
    'Đúng hạn, trước hạn (5.2)',
    'Hoàn thành quá hạn (5.3)',
    'Quá hạn chưa hoàn thành (5.4)',
    'Tỷ lệ đúng hạn',
  ];
  const groups = report.window.groups.length
    ? report.window.groups
    : [{ label: report.scope.name, ...report.window.totals }];
  const row = (values: string[], bold = false) =>
    new TableRow({
      children: values.map((v, i) =>
        cell(
          [
            para([text(v, { bold, size: 12 })], {
              align: i === 1 ? AlignmentType.LEFT : AlignmentType.CENTER,
              after: 0,
            }),
          ],
          i === 1 ? 30 : 70 / 6,
        ),
      ),
    });
  const t = report.window.totals;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(head, true),
      ...groups.map((g, i) =>
        row([
          String(i + 1),
          g.label,
          ...[
            g.indicators['5.1'],
            g.indicators['5.2'],
            g.indicators['5.3'],
            g.indicators['5.4'],
          ].map(formatCount),
          formatPercent(g.onTimeShare),
        ]),
      ),
      row(
        [
          '',
          'Tổng cộng',
          ...[
            t.indicators['5.1'],
            t.indicators['5.2'],
            t.indicators['5.3'],
            t.indicators['5.4'],
          ].map(formatCount),
          formatPercent(t.onTimeShare),
        ],
        true,
      ),
    ],
  });
}

function taskLines(title: string, tasks: LateTask[]): Paragraph[] {
  if (tasks.length === 0) return [para(`${title}: không có.`)];
  return [
    para([text(`${title}: ${formatCount(tasks.length)} nhiệm vụ`, { bold: true })]),
    ...tasks.map((t, i) =>
      para(
        `${i + 1}. ${t.title} (${t.leadUnitName}; hạn ${deadlineText(t.dueDate, t.effectiveDueDate)}${t.completedOn ? `; hoàn thành ${displayDate(t.completedOn)}` : ''}). Giải trình: ${t.explanation ?? 'chưa có'}.`,
      ),
    ),
  ];
}

function footer(meta: DocxMeta): Table {
  const recipients = [
    ...(meta.recipients ?? ['UBND tỉnh (b/c)', 'Chủ tịch, các Phó Chủ tịch UBND tỉnh']),
    'Lưu: VT, TH.',
  ];
  const signer = (meta.signerTitle ?? 'KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG').split('\n');
  return twoColumns(
    cell(
      [
        para([text('Nơi nhận:', { bold: true, italics: true, size: 12 })], { after: 0 }),
        ...recipients.map((r) =>
          para([text(`- ${r};`.replace(/\.;$/, '.'), { size: 11 })], { after: 0 }),
        ),
      ],
      50,
      false,
    ),
    cell(
      signer.map((s) => para([text(s, { bold: true })], { align: AlignmentType.CENTER, after: 0 })),
      50,
      false,
    ),
  );
}

/** The report in the administrative layout of Nghị định 30/2020, ready for light editing. */
export async function completionReportDocx(
  report: CompletionReport,
  lists: { late: LateTask[]; overdue: LateTask[] },
  meta: DocxMeta,
): Promise<Buffer> {
  const t = report.window.totals;
  const center = AlignmentType.CENTER;
  const doc = new Document({
    sections: [
      {
        children: [
          header(meta),
          para([text('BÁO CÁO', { bold: true, size: 14 })], { align: center, after: 0 }),
          para([text(`Kết quả thực hiện nhiệm vụ ${meta.periodLabel}`, { bold: true, size: 14 })], {
            align: center,
            after: 0,
          }),
          para(
            [
              text(`(số liệu tính từ ${displayDate(report.from)} đến ${displayDate(report.to)})`, {
                italics: true,
              }),
            ],
            { align: center, after: report.deadlineRule ? 0 : 240 },
          ),
          ...(report.deadlineRule
            ? [
                para([text(`(${report.deadlineRule.text})`, { italics: true })], {
                  align: center,
                  after: 240,
                }),
              ]
            : []),
          para([text('I. KẾT QUẢ CHUNG', { bold: true })]),
          para(
            `${headline(report.scope.name, t)}. Tổng số nhiệm vụ được giao: ${formatCount(t.total)}; hoàn thành quá hạn: ${formatCount(t.completedLate)}; quá hạn chưa hoàn thành: ${formatCount(t.overdueIncomplete)}; đang thực hiện trong hạn: ${formatCount(t.inProgressNotDue)}; không thời hạn: ${formatCount(t.noDeadline)}. Tỷ lệ hoàn thành nhiệm vụ đến hạn: ${formatPercent(t.dueCompletionRate)}; tỷ lệ trễ hạn: ${formatPercent(t.lateShare)}.`,
          ),
          para([text('II. KẾT QUẢ THEO ĐƠN VỊ', { bold: true })]),
          figuresTable(report),
          para(
            [text('III. NHIỆM VỤ HOÀN THÀNH QUÁ HẠN, QUÁ HẠN CHƯA HOÀN THÀNH', { bold: true })],
            { after: 120 },
          ),
          ...taskLines('Nhiệm vụ hoàn thành quá hạn', lists.late),
          ...taskLines('Nhiệm vụ quá hạn chưa hoàn thành', lists.overdue),
          para([text('IV. KIẾN NGHỊ', { bold: true })]),
          para('(Đơn vị bổ sung)'),
          footer(meta),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
