import { seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';
import { taskSheet } from '../support/task-sheet';

/**
 * The Sở KH&ĐT → Sở Tài chính merge of 1 March 2025, recorded today over tasks imported from a
 * spreadsheet, and the completion reports of Q1 and Q2 2025 (ND 09/2019 windows) in both modes
 * (docs/domain.md §5 "Which organisation", §9), against counts made by hand below.
 */
// code, title, lead, assigned, due, completed
const TASKS: [string, string, string, string, string, string][] = [
  // Assigned in Q1, completed early before the merge.
  ['KH-A1', 'Báo cáo thu hút đầu tư tháng 01', 'SKHDT', '06/01/2025', '28/02/2025', '20/02/2025'],
  // Assigned in Q1, open on 01/03 (so Sở Tài chính's from then), completed late in Q2.
  ['KH-A2', 'Tổng hợp kế hoạch đầu tư công', 'SKHDT', '10/01/2025', '31/03/2025', '10/04/2025'],
  // A phòng's task, still open: the phòng moves under Sở Tài chính with the merge.
  ['KH-A3', 'Số hóa hồ sơ đăng ký doanh nghiệp', 'SKHDT-DKKD', '03/02/2025', '30/05/2025', ''],
  // Assigned before Q1, still open: moved to Sở Tài chính by the reorganisation.
  ['KH-A4', 'Rà soát quy hoạch tỉnh', 'SKHDT', '05/11/2024', '31/01/2025', ''],
  // Sở Tài chính's own: early in Q1, on time in Q2.
  ['TC-B1', 'Quyết toán ngân sách năm 2024', 'STC', '15/01/2025', '10/03/2025', '05/03/2025'],
  ['TC-B2', 'Báo cáo thu chi ngân sách quý I', 'STC', '01/04/2025', '15/05/2025', '15/05/2025'],
];

const Q1 = { from: '2024-12-15', to: '2025-03-14' };
const Q2 = { from: '2025-03-15', to: '2025-06-14' };

interface Group {
  key: string;
  label: string;
  total: number;
  completedEarly: number;
  completedOnTime: number;
  completedLate: number;
  overdueIncomplete: number;
  inProgressNotDue: number;
}

describe('Reports across the March 2025 merge of Sở KH&ĐT into Sở Tài chính', () => {
  let stack: TestStack;
  let leader: string;
  let unitIds: Record<string, string>;
  let stc: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    ({ unitIds } = await seedOrganization(stack.api));
    leader = await stack.login('chutich');
    const admin = await stack.login('admin');
    stc = (
      await stack.http
        .post('/api/v1/units')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code: 'STC', name: 'Sở Tài chính', kind: 'department', parentId: unitIds.UBND })
        .expect(201)
    ).body.id;

    const file = await taskSheet(
      TASKS.map(([code, title, lead, assigned, due, done]) => [
        code,
        title,
        lead,
        '',
        'ubnd_tinh',
        '',
        '',
        assigned,
        due,
        done,
        done && 'Xong',
        '',
      ]),
    );
    const imported = await stack.http
      .post('/api/v1/task-sheets/import')
      .set('Authorization', `Bearer ${leader}`)
      .attach('file', file, 'nhiem-vu-2024-2025.xlsx')
      .expect(201);
    expect(imported.body).toEqual({ imported: TASKS.length, skipped: 0 });

    // The merge, recorded today with its real date: it runs at once.
    const { body: reorg } = await stack.http
      .post('/api/v1/reorganisations')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        kind: 'absorb',
        unitId: unitIds.SKHDT,
        successorUnitId: stc,
        effectiveOn: '2025-03-01',
        decision: 'Quyết định số 120/QĐ-UBND',
      })
      .expect(201);
    const done = await stack.eventually(async () => {
      const { body } = await stack.http
        .get(`/api/v1/reorganisations/${reorg.id}`)
        .set('Authorization', `Bearer ${leader}`)
        .expect(200);
      return ['scheduled', 'running'].includes(body.status) ? null : body;
    });
    // Only KH-A4 is open and led by the Sở itself; KH-A3's phòng moves with its task.
    expect(done).toMatchObject({ status: 'completed', tasksMoved: 1 });
  });
  afterAll(() => stack.close());

  const report = async (window: { from: string; to: string }, extra: string) =>
    (
      await stack.http
        .get(`/api/v1/reports/completion?from=${window.from}&to=${window.to}&${extra}`)
        .set('Authorization', `Bearer ${leader}`)
        .expect(200)
    ).body;
  /** The province's report by unit, checked equal on the row path (a filter keeps cells out). */
  const byUnit = async (window: { from: string; to: string }, organisation?: string) => {
    const mode = organisation ? `&organisation=${organisation}` : '';
    const r = await report(window, `scope=UBND&groupBy=unit${mode}`);
    const rows = await report(window, `scope=UBND&groupBy=unit&source=ubnd_tinh${mode}`);
    expect(rows.window).toEqual(r.window);
    expect(rows.carriedOver).toEqual(r.carriedOver);
    const pick = (groups: Group[]) =>
      Object.fromEntries(
        groups.map((g) => [
          g.label,
          {
            total: g.total,
            early: g.completedEarly,
            onTime: g.completedOnTime,
            late: g.completedLate,
            overdue: g.overdueIncomplete,
            notDue: g.inProgressNotDue,
          },
        ]),
      );
    return {
      organisation: r.organisation,
      window: pick(r.window.groups),
      carriedOver: pick(r.carriedOver.groups),
      keys: (r.window.groups as Group[]).map((g) => g.key),
    };
  };
  const counts = (c: Partial<Record<string, number>>) => ({
    total: 0,
    early: 0,
    onTime: 0,
    late: 0,
    overdue: 0,
    notDue: 0,
    ...c,
  });
  const SKHDT_THEN = 'Sở Kế hoạch và Đầu tư (thôi hoạt động từ ngày 01/03/2025)';

  it('Q1 2025 as it was: Sở KH&ĐT (with its phòng) and Sở Tài chính apart', async () => {
    const q1 = await byUnit(Q1);
    expect(q1.organisation).toEqual({
      mode: 'asOfPeriod',
      text: 'Theo tổ chức bộ máy tại ngày 15/12/2024 (đầu kỳ báo cáo)',
    });
    // A1 early, A2 and A3 (phòng Đăng ký kinh doanh, then under the Sở) not yet due on 14/03.
    expect(q1.window).toEqual({
      [SKHDT_THEN]: counts({ total: 3, early: 1, notDue: 2 }),
      'Sở Tài chính': counts({ total: 1, early: 1 }),
    });
    // A4, open since November 2024, overdue; it moved to Sở Tài chính only on 01/03.
    expect(q1.carriedOver).toEqual({ [SKHDT_THEN]: counts({ total: 1, overdue: 1 }) });
    expect(q1.keys).toContain(unitIds.SKHDT);

    // The Sở's own report for Q1 still answers, with the name it had.
    const own = await report(Q1, 'scope=SKHDT');
    expect(own.scope.name).toBe('Sở Kế hoạch và Đầu tư');
    expect(own.window.totals).toMatchObject({ total: 3, completedEarly: 1, inProgressNotDue: 2 });
    expect(own.carriedOver.totals).toMatchObject({ total: 1, overdueIncomplete: 1 });
    const stcQ1 = await report(Q1, 'scope=STC');
    expect(stcQ1.window.totals.total).toBe(1);
    expect(stcQ1.carriedOver.totals.total).toBe(0);

    // The number's tasks: the overdue carried-over one is A4, under the unit it had then.
    const { body: drill } = await stack.http
      .get(
        `/api/v1/reports/completion/tasks?scope=UBND&from=${Q1.from}&to=${Q1.to}&groupBy=unit` +
          `&class=overdue&block=carriedOver&group=${unitIds.SKHDT}`,
      )
      .set('Authorization', `Bearer ${leader}`)
      .expect(200);
    expect(
      drill.items.map((t: { code: string; leadUnitName: string }) => [t.code, t.leadUnitName]),
    ).toEqual([['KH-A4', 'Sở Kế hoạch và Đầu tư']]);
  });

  it('Q1 2025 restated on today’s organisation: all under Sở Tài chính, same totals', async () => {
    const q1 = await byUnit(Q1, 'current');
    expect(q1.organisation.mode).toBe('current');
    expect(q1.window).toEqual({ 'Sở Tài chính': counts({ total: 4, early: 2, notDue: 2 }) });
    expect(q1.carriedOver).toEqual({ 'Sở Tài chính': counts({ total: 1, overdue: 1 }) });
    const stcQ1 = await report(Q1, 'scope=STC&organisation=current');
    expect(stcQ1.window.totals).toMatchObject({ total: 4, completedEarly: 2, inProgressNotDue: 2 });
    expect(stcQ1.carriedOver.totals).toMatchObject({ total: 1, overdueIncomplete: 1 });
  });

  it('Q2 2025: the merged Sở Tài chính, its carried-over block holding Sở KH&ĐT’s open tasks', async () => {
    for (const mode of [undefined, 'current']) {
      const q2 = await byUnit(Q2, mode);
      expect(q2.window).toEqual({ 'Sở Tài chính': counts({ total: 1, onTime: 1 }) });
      // A2 (open on 01/03, completed late on 10/04 — closed before the merge was recorded), A3
      // (its phòng now under Sở Tài chính) and A4 (moved) overdue on 14/06.
      expect(q2.carriedOver).toEqual({
        'Sở Tài chính': counts({ total: 3, late: 1, overdue: 2 }),
      });
    }
    const asOf = await report(Q2, 'scope=UBND');
    expect(asOf.organisation.text).toBe('Theo tổ chức bộ máy tại ngày 15/03/2025 (đầu kỳ báo cáo)');
  });

  it('refuses an unknown organisation mode, naming the field', async () => {
    const { body } = await stack.http
      .get(`/api/v1/reports/completion?scope=UBND&from=${Q1.from}&to=${Q1.to}&organisation=past`)
      .set('Authorization', `Bearer ${leader}`)
      .expect(400);
    expect(JSON.stringify(body)).toContain('organisation');
  });
});
