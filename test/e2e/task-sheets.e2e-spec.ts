import ExcelJS from 'exceljs';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';
import { TASK_SHEET_HEADERS as HEADERS, taskSheet as xlsx } from '../support/task-sheet';

const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const ROWS = [
  [
    'NV-01',
    'Rà soát TTHC lĩnh vực đầu tư',
    'SKHDT',
    'STP;SNV',
    'UBND tỉnh',
    '389/KH-UBND',
    '25/12/2023',
    '05/01/2024',
    '31/03/2024',
    '28/03/2024',
    'Đã rà soát 51 TTHC',
    '',
  ],
  [
    'NV-02',
    'Số hóa hồ sơ đăng ký doanh nghiệp',
    'SKHDT-DKKD',
    '',
    'chu_tich_ubnd_tinh',
    '',
    '',
    '2024-02-01',
    '2024-06-30',
    '2024-07-05',
    'Đã số hóa',
    'NV-01',
  ],
  ['NV-03', 'Tuyên truyền CCHC', 'SKHDT', '', 'noi_bo', '', '', '01/03/2024', '', '', '', ''],
  [
    'NV-04',
    'Cập nhật quy trình nội bộ',
    'SNV',
    '',
    'ubnd_tinh',
    '',
    '',
    '10/03/2024',
    '30/04/2024',
    '',
    '',
    '',
  ],
];

describe('Tasks in and out of spreadsheets', () => {
  let stack: TestStack;
  let leader: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    await seedOrganization(stack.api);
    leader = await stack.login('chutich');
  });
  afterAll(() => stack.close());

  const upload = (file: Buffer, name: string, target = stack) =>
    target.http
      .post('/api/v1/task-sheets/import')
      .set('Authorization', `Bearer ${leader}`)
      .attach('file', file, name);
  const taskCount = async () => (await stack.db.query('SELECT count(*)::int AS n FROM tasks'))[0].n;
  const report = async (target: TestStack, token: string) =>
    (
      await target.http
        .get('/api/v1/reports/completion?scope=UBND&from=2023-12-15&to=2024-12-14&groupBy=unit')
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body.window;

  it('rejects a file with any bad row, listing each row and column, and writes nothing', async () => {
    const bad = await xlsx([
      ROWS[0],
      [
        'NV-01',
        '',
        'KHONGCO',
        'STP;XYZ',
        'không rõ',
        'abc',
        '',
        '31/02/2024',
        '30/04/2024',
        '01/01/2099',
        '',
        'NV-99',
      ],
    ]);
    const res = await upload(bad, 'nhiem-vu.xlsx').expect(400);
    expect(res.body.code).toBe('IMPORT_REJECTED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'row 2: ma_nhiem_vu',
        'row 3: ma_nhiem_vu',
        'row 3: ten_nhiem_vu',
        'row 3: don_vi_chu_tri',
        'row 3: don_vi_phoi_hop',
        'row 3: nguon_giao',
        'row 3: van_ban_giao',
        'row 3: ngay_giao',
        'row 3: ngay_hoan_thanh',
        'row 3: ma_nhiem_vu_cha',
      ]),
    );
    expect(await taskCount()).toBe(0);
    await stack.http
      .post('/api/v1/task-sheets/import')
      .set('Authorization', `Bearer ${leader}`)
      .expect(400);
  });

  it('imports completed rows as completed and open rows as running tasks, and a second import changes nothing', async () => {
    const file = await xlsx(ROWS);
    expect((await upload(file, 'nhiem-vu.xlsx').expect(201)).body).toEqual({
      imported: 4,
      skipped: 0,
    });
    const rows = await stack.db.query(
      `SELECT code, status, completed_on::text AS done, assigned_on::text AS assigned,
              (SELECT code FROM tasks p WHERE p.id = t.parent_task_id) AS parent
       FROM tasks t ORDER BY code`,
    );
    expect(rows).toEqual([
      {
        code: 'NV-01',
        status: 'completed',
        done: '2024-03-28',
        assigned: '2024-01-05',
        parent: null,
      },
      {
        code: 'NV-02',
        status: 'completed',
        done: '2024-07-05',
        assigned: '2024-02-01',
        parent: 'NV-01',
      },
      { code: 'NV-03', status: 'assigned', done: null, assigned: '2024-03-01', parent: null },
      { code: 'NV-04', status: 'assigned', done: null, assigned: '2024-03-10', parent: null },
    ]);
    const [{ reminders }] = await stack.db.query(
      `SELECT count(*)::int AS reminders FROM task_reminders`,
    );
    expect(reminders).toBe(0);
    expect((await upload(file, 'nhiem-vu.xlsx').expect(201)).body).toEqual({
      imported: 0,
      skipped: 4,
    });
    expect(await taskCount()).toBe(4);
  });

  it('exports the same columns, and importing the export into an empty database gives the same report', async () => {
    const before = await report(stack, leader);
    expect(before.totals).toMatchObject({
      total: 4,
      completedEarly: 1,
      completedLate: 1,
      noDeadline: 1,
      overdueIncomplete: 1,
    });
    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await stack.http
        .get(`/api/v1/task-sheets/export.${format}`)
        .set('Authorization', `Bearer ${leader}`)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      const other = await TestStack.start();
      try {
        await seedOrganization(other.api);
        const token = await other.login('chutich');
        await other.http
          .post('/api/v1/task-sheets/import')
          .set('Authorization', `Bearer ${token}`)
          .attach('file', exported.body, `nhiem-vu.${format}`)
          .expect(201);
        const after = await report(other, token);
        expect(after.totals).toEqual(before.totals);
        expect(
          after.groups.map((g: { label: string; total: number }) => [g.label, g.total]),
        ).toEqual(before.groups.map((g: { label: string; total: number }) => [g.label, g.total]));
      } finally {
        await other.close();
      }
    }
  });

  it('serves a template with the Vietnamese headers', async () => {
    const res = await stack.http
      .get('/api/v1/task-sheets/template.xlsx')
      .set('Authorization', `Bearer ${leader}`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
  });
});
