import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { ReportScheduler } from '../../libs/reports/report.scheduler';
import { TestStack } from '../support/test-stack';
import { insertTasks, times } from '../support/task-fixtures';

describe('Completion reports reproduce the figures of the seed reports', () => {
  let stack: TestStack;
  let leader: string;
  let manager: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    await seedOrganization(stack.api);
    [leader, manager] = await Promise.all([stack.login('chutich'), stack.login('skhdt.giamdoc')]);
  });
  afterAll(() => stack.close());

  const report = async (query: string, token = leader) =>
    (
      await stack.http
        .get(`/api/v1/reports/completion?${query}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body;
  const period = async (path: string) =>
    (
      await stack.http
        .get(`/api/v1/reports/periods/${path}`)
        .set('Authorization', `Bearer ${leader}`)
        .expect(200)
    ).body;

  it('gives Sở KH&ĐT 183/193 tasks completed on time or early in 2024', async () => {
    const year = await period('year/2024');
    expect(year).toMatchObject({ from: '2023-12-15', to: '2024-12-14' });
    await insertTasks(stack.db, 'chutich', [
      ...times(150, {
        lead: 'SKHDT',
        source: 'chu_tich_ubnd_tinh',
        assignedOn: '2024-02-01',
        dueDate: '2024-03-31',
        completedOn: '2024-03-20',
      }),
      ...times(33, {
        lead: 'SKHDT-DKKD',
        source: 'chu_tich_ubnd_tinh',
        assignedOn: '2024-05-02',
        dueDate: '2024-06-30',
        completedOn: '2024-06-30',
      }),
      ...times(7, {
        lead: 'SKHDT',
        source: 'ubnd_tinh',
        assignedOn: '2024-07-01',
        dueDate: '2024-08-15',
        completedOn: '2024-09-01',
        explanation: 'Chờ ý kiến các sở',
      }),
      ...times(3, {
        lead: 'SKHDT-TH',
        source: 'ubnd_tinh',
        assignedOn: '2024-10-01',
        dueDate: '2024-11-30',
        title: 'Rà soát quy hoạch',
        explanation: 'Thiếu nhân sự',
      }),
    ]);
    const r = await report(`scope=SKHDT&from=${year.from}&to=${year.to}`);
    expect(r.window.totals).toMatchObject({
      total: 193,
      completedEarly: 150,
      completedOnTime: 33,
      completedLate: 7,
      overdueIncomplete: 3,
      inProgressNotDue: 0,
      noDeadline: 0,
      cancelled: 0,
      indicators: { '5.1': 193, '5.2': 183, '5.3': 7, '5.4': 3 },
    });
    expect(r.window.totals.onTimeShare).toBeCloseTo(183 / 193, 10);
    expect(r.window.totals.dueCompletionRate).toBeCloseTo(190 / 193, 10);
    expect(r.window.totals.lateShare).toBeCloseTo(10 / 193, 10);

    const bySource = await report(`scope=SKHDT&from=${year.from}&to=${year.to}&groupBy=source`);
    expect(
      bySource.window.groups.map((g: { label: string; total: number }) => [g.label, g.total]),
    ).toEqual([
      ['Chủ tịch UBND tỉnh', 183],
      ['UBND tỉnh', 10],
    ]);
    const lateBySource = await stack.http
      .get(
        `/api/v1/reports/completion/tasks?scope=SKHDT&from=${year.from}&to=${year.to}&class=completed_late&groupBy=source&group=ubnd_tinh`,
      )
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(lateBySource.body.items).toHaveLength(7);
    const overdue = await stack.http
      .get(
        `/api/v1/reports/completion/tasks?scope=SKHDT&from=${year.from}&to=${year.to}&class=overdue`,
      )
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(overdue.body.items).toHaveLength(3);
    expect(overdue.body.items[0]).toMatchObject({
      title: 'Rà soát quy hoạch',
      explanation: 'Thiếu nhân sự',
      leadUnitCode: 'SKHDT-TH',
    });
  });

  it('gives Quảng Ngãi’s first half of 2023: 118 assigned, 27 on time, 1 late, 0 overdue', async () => {
    const half = await period('half/2023');
    expect(half).toMatchObject({ from: '2022-12-15', to: '2023-06-14' });
    await insertTasks(stack.db, 'chutich', [
      ...times(27, {
        lead: 'SNV',
        source: 'chinh_phu',
        assignedOn: '2023-01-10',
        dueDate: '2023-04-30',
        completedOn: '2023-04-28',
      }),
      ...times(1, {
        lead: 'STP',
        source: 'chinh_phu',
        assignedOn: '2023-01-10',
        dueDate: '2023-03-31',
        completedOn: '2023-04-05',
      }),
      ...times(90, {
        lead: 'STTTT',
        source: 'chinh_phu',
        assignedOn: '2023-03-01',
        dueDate: '2023-12-31',
      }),
    ]);
    const r = await report(`scope=UBND&from=${half.from}&to=${half.to}&source=chinh_phu`);
    expect(r.window.totals).toMatchObject({
      total: 118,
      indicators: { '5.1': 118, '5.2': 27, '5.3': 1, '5.4': 0 },
      inProgressNotDue: 90,
    });
  });

  it('gives Đồng Tháp’s third quarter of 2022: 36 tasks, 32 on time or early, 4 not yet due, none late', async () => {
    const q3 = await period('quarter/2022?number=3');
    expect(q3).toMatchObject({ from: '2022-06-15', to: '2022-09-14', label: 'Quý III năm 2022' });
    await insertTasks(stack.db, 'chutich', [
      ...times(20, {
        lead: 'VPUBND-KSTTHC',
        assignedOn: '2022-06-15',
        dueDate: '2022-08-01',
        completedOn: '2022-07-30',
      }),
      ...times(12, {
        lead: 'VPUBND-TH',
        assignedOn: '2022-07-01',
        dueDate: '2022-09-14',
        completedOn: '2022-09-14',
      }),
      ...times(4, {
        lead: 'VPUBND-HCQT',
        assignedOn: '2022-09-14',
        dueDate: '2022-09-14',
        completedOn: '2022-09-15',
      }),
      // Outside the window on either side.
      {
        lead: 'VPUBND-TH',
        assignedOn: '2022-06-14',
        dueDate: '2022-07-01',
        completedOn: '2022-07-01',
      },
      { lead: 'VPUBND-TH', assignedOn: '2022-09-15', dueDate: '2022-10-01' },
    ]);
    const r = await report(`scope=VPUBND&from=${q3.from}&to=${q3.to}&groupBy=unit`);
    // Completed the day after `to`, on a due date equal to `to`: not yet due as of `to`.
    expect(r.window.totals).toMatchObject({
      total: 36,
      completedEarly: 20,
      completedOnTime: 12,
      completedLate: 0,
      inProgressNotDue: 4,
      overdueIncomplete: 0,
    });
    expect(
      r.window.groups.map((g: { label: string; total: number }) => [g.label, g.total]),
    ).toEqual([
      ['Phòng Hành chính - Quản trị', 4],
      ['Phòng Kiểm soát thủ tục hành chính', 20],
      ['Phòng Tổng hợp', 12],
    ]);
  });

  it('exports the statistical form to .xlsx, checked cell by cell, and the report to .docx', async () => {
    const binary = (
      res: NodeJS.ReadableStream,
      done: (err: Error | null, body: Buffer) => void,
    ) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    };
    const query = 'scope=SKHDT&from=2023-12-15&to=2024-12-14&groupBy=unit&label=năm 2024';
    const xlsx = await stack.http
      .get(`/api/v1/reports/completion.xlsx?${encodeURI(query)}`)
      .set('Authorization', `Bearer ${manager}`)
      .buffer(true)
      .parse(binary as never)
      .expect(200)
      .expect('Content-Type', /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Biểu mẫu',
      'Hoàn thành quá hạn',
      'Quá hạn chưa hoàn thành',
    ]);
    const form = wb.getWorksheet('Biểu mẫu')!;
    const values = (r: number) => (form.getRow(r).values as unknown[]).slice(1, 9);
    expect(form.getCell('A2').value).toBe('Sở Kế hoạch và Đầu tư');
    expect(form.getCell('A3').value).toBe('Thời gian chốt số liệu: từ 15/12/2023 đến 14/12/2024');
    expect(form.getCell('C5').value).toBe('5.1 Tổng số nhiệm vụ được giao');
    expect(values(6)).toEqual([1, 'Phòng Đăng ký kinh doanh', 33, 33, 0, 0, 0, 0]);
    expect(values(7)).toEqual([2, 'Phòng Tổng hợp, Quy hoạch', 3, 0, 0, 3, 0, 0]);
    expect(values(8)).toEqual([3, 'Sở Kế hoạch và Đầu tư', 157, 150, 7, 0, 0, 0]);
    expect(values(9)).toEqual(['', 'Tổng cộng', 193, 183, 7, 3, 0, 0]);
    expect(form.getCell('J9').value).toBeCloseTo(183 / 193, 10);
    expect(form.getCell('J9').numFmt).toBe('0.0%');
    expect(form.getCell('C9').numFmt).toBe('#,##0');
    const overdue = wb.getWorksheet('Quá hạn chưa hoàn thành')!;
    expect(overdue.rowCount).toBe(4);
    expect((overdue.getRow(2).values as unknown[]).slice(3)).toEqual([
      'Rà soát quy hoạch',
      'Phòng Tổng hợp, Quy hoạch',
      '01/10/2024',
      '30/11/2024',
      '',
      'Thiếu nhân sự',
    ]);
    expect(wb.getWorksheet('Hoàn thành quá hạn')!.getCell('H2').value).toBe('Chờ ý kiến các sở');

    const docx = await stack.http
      .get(`/api/v1/reports/completion.docx?${encodeURI(query)}`)
      .set('Authorization', `Bearer ${manager}`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')!.async('string');
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Đồng Tháp, ngày',
      'BÁO CÁO',
      'Kết quả thực hiện nhiệm vụ năm 2024',
      'Sở Kế hoạch và Đầu tư: 183/193 nhiệm vụ hoàn thành đúng hạn, trước hạn (94,8%)',
      'Rà soát quy hoạch',
      'Giải trình: Thiếu nhân sự',
      'Nơi nhận:',
      'Lưu: VT, TH.',
    ]) {
      expect(xml).toContain(expected);
    }
  });

  it('counts cancelled and undated tasks apart, reports carried-over tasks, and rolls units up to the scope’s children', async () => {
    await insertTasks(stack.db, 'chutich', [
      {
        lead: 'STP-XDKT',
        assignedOn: '2025-01-05',
        dueDate: '2025-02-10',
        completedOn: '2025-02-10',
      },
      { lead: 'STP', assignedOn: '2025-01-05', dueDate: '2025-02-10', cancelledOn: '2025-01-20' },
      // Extended after its original due date passed: timeliness follows the approved date.
      {
        lead: 'STTTT',
        assignedOn: '2025-01-05',
        originalDueDate: '2025-01-31',
        dueDate: '2025-02-28',
        completedOn: '2025-02-20',
      },
      { lead: 'STP', assignedOn: '2025-01-06', dueDate: null, completedOn: '2025-02-01' },
      // Cancelled after the window: still counted as of `to`.
      { lead: 'STP', assignedOn: '2025-01-07', dueDate: '2025-03-01', cancelledOn: '2025-04-01' },
      // Assigned the quarter before, open at its start, late in this one.
      {
        lead: 'STP',
        assignedOn: '2024-11-20',
        dueDate: '2025-01-31',
        completedOn: '2025-02-03',
        explanation: 'Chờ Bộ Tư pháp',
      },
      { lead: 'STP', assignedOn: '2024-11-20', dueDate: '2024-12-01', completedOn: '2024-11-30' },
    ]);
    const q1 = await period('quarter/2025?number=1');
    expect(q1).toMatchObject({ from: '2024-12-15', to: '2025-03-14' });
    const r = await report(`scope=UBND&from=${q1.from}&to=${q1.to}&groupBy=unit`);
    const stp = r.window.groups.find((g: { label: string }) => g.label === 'Sở Tư pháp');
    expect(stp).toMatchObject({
      total: 3,
      completedOnTime: 1,
      noDeadline: 1,
      cancelled: 1,
      overdueIncomplete: 1,
    });
    expect(stp.onTimeShare).toBeCloseTo(1 / 3, 10);
    const extended = await report(`scope=STTTT&from=2025-01-01&to=2025-03-14`);
    expect(extended.window.totals).toMatchObject({ total: 1, completedEarly: 1, completedLate: 0 });
    expect(
      r.carriedOver.groups.find((g: { label: string }) => g.label === 'Sở Tư pháp'),
    ).toMatchObject({
      total: 1,
      completedLate: 1,
    });
    const late = await stack.http
      .get(
        `/api/v1/reports/completion/tasks?scope=STP&from=${q1.from}&to=${q1.to}&class=completed_late&block=carriedOver`,
      )
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(late.body.items.map((t: { explanation: string }) => t.explanation)).toEqual([
      'Chờ Bộ Tư pháp',
    ]);
  });

  it('keeps reports to the caller’s scope and validates the window', async () => {
    const denied = await stack.http
      .get('/api/v1/reports/completion?scope=SNV&from=2024-01-01&to=2024-12-31')
      .set('Authorization', `Bearer ${manager}`)
      .expect(403);
    expect(denied.body.code).toBe('OUTSIDE_SCOPE');
    await stack.http
      .get('/api/v1/reports/completion?scope=KHONGCO&from=2024-01-01&to=2024-12-31')
      .set('Authorization', `Bearer ${leader}`)
      .expect(404);
    const bad = await stack.http
      .get('/api/v1/reports/completion?scope=UBND&from=2024-12-31&to=2024-01-01')
      .set('Authorization', `Bearer ${leader}`)
      .expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'from', rule: 'notAfterTo' });
    const q5 = await stack.http
      .get('/api/v1/reports/periods/quarter/2024?number=5')
      .set('Authorization', `Bearer ${leader}`)
      .expect(400);
    expect(q5.body.code).toBe('VALIDATION_FAILED');
  });

  it('publishes immutable snapshots with headlines, and a regeneration makes a new version', async () => {
    const res = await stack.http
      .post('/api/v1/reports/snapshots')
      .set('Authorization', `Bearer ${leader}`)
      .send({ periodType: 'year', year: 2024 })
      .expect(201);
    const skhdt = res.body.find((s: { unitCode: string }) => s.unitCode === 'SKHDT');
    expect(skhdt).toMatchObject({
      version: 1,
      headline: 'Sở Kế hoạch và Đầu tư: 183/193 nhiệm vụ hoàn thành đúng hạn, trước hạn (94,8%)',
    });

    await stack.db.query(
      `UPDATE tasks SET completed_on = NULL, status = 'in_progress' WHERE lead_unit_id = (SELECT id FROM units WHERE code = 'SKHDT-DKKD')`,
    );
    const stored = await stack.http
      .get(`/api/v1/reports/snapshots/${skhdt.id}`)
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(stored.body.report.window.totals.indicators['5.2']).toBe(183);
    await expect(
      stack.db.query('UPDATE report_snapshots SET headline = $1', ['x']),
    ).rejects.toThrow(/immutable/);

    const again = await stack.http
      .post('/api/v1/reports/snapshots')
      .set('Authorization', `Bearer ${leader}`)
      .send({ periodType: 'year', year: 2024 })
      .expect(201);
    expect(again.body.find((s: { unitCode: string }) => s.unitCode === 'SKHDT')).toMatchObject({
      version: 2,
      headline: 'Sở Kế hoạch và Đầu tư: 150/193 nhiệm vụ hoàn thành đúng hạn, trước hạn (77,7%)',
    });
    const inbox = await stack.http
      .get('/api/v1/notifications')
      .set('Authorization', `Bearer ${manager}`)
      .expect(200);
    expect(inbox.body.items.map((n: { body: string }) => n.body).join('\n')).toContain('183/193');
    await stack.http
      .post('/api/v1/reports/snapshots')
      .set('Authorization', `Bearer ${manager}`)
      .send({ periodType: 'year', year: 2024 })
      .expect(403);
  });

  it('publishes each cut-off date’s periods once, however many schedulers fire', async () => {
    const scheduler = stack.api.get(ReportScheduler);
    const [first, second] = await Promise.all([
      scheduler.publishDue('2023-12-15'),
      scheduler.publishDue('2023-12-15'),
    ]);
    const started = [...first, ...second].sort();
    expect(started).toEqual([
      'report-snapshots-month-2023-12',
      'report-snapshots-quarter-2023-4',
      'report-snapshots-year-2023-1',
    ]);
    expect(await scheduler.publishDue('2023-12-15')).toEqual([]);
    expect(await scheduler.publishDue('2023-12-16')).toEqual([]);
    const rows = await stack.eventually(async () => {
      const r = await stack.db.query(
        `SELECT period_type, count(*)::int AS n FROM report_snapshots WHERE period_year = 2023
         GROUP BY period_type ORDER BY period_type`,
      );
      return r.length === 3 ? r : null;
    });
    expect(rows!.map((r: { period_type: string }) => r.period_type)).toEqual([
      'month',
      'quarter',
      'year',
    ]);
  });
});
