import { seedOrganization } from '../../db/seeds/demo-organization';
import { UnitsService } from '../../libs/organization/units.service';
import { vnDateOf } from '../../libs/tasks/domain/timeliness';
import { TestStack } from '../support/test-stack';

/**
 * `GET /tasks` against a plain query over generated rows: for several callers, filter
 * combinations and both sorts, every page in order and the total must equal what the plain
 * query (written without the service's SQL, the path column or the trigram index) returns.
 */
describe('Task lists over a few thousand generated tasks', () => {
  const TASKS = 2500;
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  let planId: string;
  const tokens: Record<string, string> = {};
  const today = vnDateOf(new Date());
  const USERS = ['chutich', 'skhdt.giamdoc', 'skhdt.chuyenvien', 'snv.giamdoc'];

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { TASK_REMINDER_DAYS_BEFORE: '' } });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of USERS) tokens[u] = await stack.login(u);
    const db = stack.db;
    const [doc] = await db.query(
      `INSERT INTO documents (symbol, symbol_key, number, type, issue_date, year, issuing_unit_id)
       VALUES ('389/KH-UBND', '389/KH-UBND', 389, 'KH', '2025-01-10', 2025, $1) RETURNING id`,
      [unitIds.UBND],
    );
    [{ id: planId }] = await db.query(
      `INSERT INTO plans (document_id, issuing_unit_id, year, title, status, created_by)
       VALUES ($1, $2, 2025, 'Kế hoạch CCHC năm 2025', 'issued', $3) RETURNING id`,
      [doc.id, unitIds.UBND, userIds.chutich],
    );
    // Deterministic pseudo-random rows: many equal assignment times and due dates (ties broken
    // by id), 15 % without a due date, titles with and without diacritics.
    await db.query(`SELECT setseed(0.42)`);
    await db.query(
      `WITH u AS (SELECT array_agg(id ORDER BY code) AS ids FROM units),
            p AS (SELECT array_agg(id ORDER BY username) AS ids FROM users),
            r AS (
              SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                     random() AS r5, random() AS r6, random() AS r7, random() AS r8
              FROM generate_series(1, $1::int) g)
       INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id,
         coordinating_unit_ids, watcher_ids, reviewer_ids, assignee_id, plan_id, due_date,
         original_due_date, status, assigned_at, assigned_on, completed_at, completed_on,
         workflow_id, version)
       SELECT id, title, source, assigner, assigning, lead, coordinating, watchers, '{}',
              assignee, plan, due, due, status, assigned_at, (assigned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
              CASE WHEN status = 'completed' THEN completed_on + time '03:00' END, completed_on,
              'task-' || id, 1
       FROM (
         SELECT gen_random_uuid() AS id,
                (ARRAY['Báo cáo kết quả CCHC quý', 'Bao cao tinh hinh giai ngan', 'Rà soát thủ tục hành chính',
                       'Số hóa hồ sơ đất đai', 'Đánh giá chỉ số PAR INDEX', 'Xây dựng báo cáo tổng hợp'])
                  [1 + floor(r1 * 6)::int] || ' ' || g AS title,
                (ARRAY['ubnd_tinh', 'chu_tich_ubnd_tinh', 'chinh_phu'])[1 + floor(r2 * 3)::int] AS source,
                p.ids[1 + floor(r3 * array_length(p.ids, 1))::int] AS assigner,
                u.ids[1 + floor(r4 * array_length(u.ids, 1))::int] AS assigning,
                u.ids[1 + floor(r5 * array_length(u.ids, 1))::int] AS lead,
                CASE WHEN r6 < 0.3 THEN ARRAY[u.ids[1 + floor(r6 * 10 * array_length(u.ids, 1))::int % array_length(u.ids, 1)]]
                     ELSE '{}' END::uuid[] AS coordinating,
                CASE WHEN r7 < 0.1 THEN ARRAY[p.ids[1 + g % array_length(p.ids, 1)]] ELSE '{}' END::uuid[] AS watchers,
                CASE WHEN r8 < 0.2 THEN p.ids[1 + g % array_length(p.ids, 1)] END AS assignee,
                CASE WHEN r2 < 0.25 THEN $2::uuid END AS plan,
                CASE WHEN r7 >= 0.85 THEN NULL ELSE $3::date + (floor(r8 * 120) - 60)::int END AS due,
                (ARRAY['assigned', 'in_progress', 'submitted', 'completed', 'completed', 'cancelled'])
                  [1 + floor(r3 * 6)::int] AS status,
                timestamptz '2025-06-01 08:00+07' + floor(r4 * 400) * interval '1 hour' AS assigned_at,
                $3::date - (floor(r1 * 90))::int AS completed_on
         FROM r, u, p) s`,
      [TASKS, planId, today],
    );
    await db.query(`UPDATE tasks SET completed_on = NULL WHERE status <> 'completed'`);
    await db.query('ANALYZE tasks');
  }, 60_000);
  afterAll(() => stack.close());

  /** Every page of the list, as ids in order. */
  async function listAll(user: string, query: Record<string, string>) {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 200; pages++) {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await stack.http
        .get('/api/v1/tasks')
        .query({ ...query, limit: '200', ...(cursor ? { cursor } : {}) })
        .set('Authorization', `Bearer ${tokens[user]}`)
        .expect(200);
      ids.push(...res.body.items.map((t) => t.id));
      cursor = res.body.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error('the list did not end');
  }

  /** The same list as a plain query: scope through the units table, no service SQL. */
  async function expected(user: string, f: Record<string, string>) {
    const [me] = await stack.db.query(
      `SELECT us.id, un.path, un.kind, (SELECT r.path FROM units r WHERE r.parent_id IS NULL) AS root,
              us.roles
       FROM users us JOIN units un ON un.id = us.unit_id WHERE us.username = $1`,
      [user],
    );
    const wide =
      me.roles.includes('admin') ||
      (['province', 'provincial_office'].includes(me.kind) &&
        me.roles.some((r: string) => ['leader', 'monitor'].includes(r)));
    const scope = `${wide ? me.root : me.path}%`;
    const params: unknown[] = [scope, me.id];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [
      `(lu.path LIKE $1 OR au.path LIKE $1
        OR EXISTS (SELECT 1 FROM units cu WHERE cu.id = ANY(t.coordinating_unit_ids) AND cu.path LIKE $1)
        OR t.assigner_id = $2 OR t.assignee_id = $2 OR $2 = ANY(t.watcher_ids) OR $2 = ANY(t.reviewer_ids))`,
    ];
    if (f.unitId)
      where.push(`lu.path LIKE (SELECT path FROM units WHERE id = ${p(f.unitId)}) || '%'`);
    if (f.myRole === 'lead') where.push(`lu.path LIKE ${p(`${me.path}%`)}`);
    if (f.myRole === 'coordinating')
      where.push(
        `EXISTS (SELECT 1 FROM units cu WHERE cu.id = ANY(t.coordinating_unit_ids) AND cu.path LIKE ${p(`${me.path}%`)})`,
      );
    if (f.myRole === 'watcher') where.push(`$2 = ANY(t.watcher_ids)`);
    if (f.myRole === 'assigner') where.push(`t.assigner_id = $2`);
    if (f.status) where.push(`t.status = ${p(f.status)}`);
    if (f.overdueOnly)
      where.push(`t.status NOT IN ('completed', 'cancelled') AND t.due_date < ${p(today)}::date`);
    if (f.timeliness === 'overdue')
      where.push(
        `t.status <> 'cancelled' AND t.due_date < ${p(today)}::date AND (t.completed_on IS NULL)`,
      );
    if (f.timeliness === 'no_deadline')
      where.push(`t.status <> 'cancelled' AND t.due_date IS NULL`);
    if (f.dueFrom) where.push(`t.due_date >= ${p(f.dueFrom)}::date`);
    if (f.dueTo) where.push(`t.due_date <= ${p(f.dueTo)}::date`);
    if (f.source) where.push(`t.source = ${p(f.source)}`);
    if (f.planId) where.push(`t.plan_id = ${p(f.planId)}`);
    if (f.q)
      where.push(`strpos(public.unaccent(lower(t.title)), public.unaccent(lower(${p(f.q)}))) > 0`);
    const order =
      f.sort === 'dueDate'
        ? 't.due_date ASC NULLS LAST, t.id ASC'
        : 't.assigned_at DESC, t.id DESC';
    const rows: { id: string }[] = await stack.db.query(
      `SELECT t.id FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id
         JOIN units au ON au.id = t.assigning_unit_id
       WHERE ${where.join(' AND ')} ORDER BY ${order}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  const day = (offset: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  const FILTERS = (): Record<string, string>[] => [
    {},
    { unitId: unitIds.SKHDT },
    { unitId: unitIds['SNV-CCHC'] },
    { myRole: 'lead' },
    { myRole: 'coordinating' },
    { myRole: 'assigner' },
    { myRole: 'watcher' },
    { status: 'in_progress' },
    { overdueOnly: 'true' },
    { overdueOnly: 'true', unitId: unitIds.SKHDT },
    { timeliness: 'overdue' },
    { timeliness: 'no_deadline' },
    { dueFrom: day(-10), dueTo: day(20) },
    { source: 'chu_tich_ubnd_tinh', status: 'assigned' },
    { planId: 'PLAN' },
    { q: 'bao cao' },
    { q: 'BÁO CÁO', unitId: unitIds.SKHDT },
    { q: 'đất đai' },
    { q: '100%' },
  ];

  it.each(USERS)(
    'pages every filter combination in both sorts exactly as a plain query orders it, for %s',
    async (user) => {
      let compared = 0;
      for (const raw of FILTERS()) {
        const filter = raw.planId ? { ...raw, planId } : raw;
        for (const sort of ['assignedAt', 'dueDate']) {
          const want = await expected(user, { ...filter, sort });
          const got = await listAll(user, { ...filter, sort });
          expect({ filter, sort, ids: got }).toEqual({ filter, sort, ids: want });
          compared += want.length;
        }
        const counts = await stack.http
          .get('/api/v1/tasks/counts')
          .query(filter)
          .set('Authorization', `Bearer ${tokens[user]}`)
          .expect(200);
        expect({ filter, total: counts.body.total }).toEqual({
          filter,
          total: (await expected(user, filter)).length,
        });
      }
      // The sample is not vacuous: the callers see a good share of the rows.
      expect(compared).toBeGreaterThan(user === 'chutich' ? 15_000 : 1_000);
    },
    60_000,
  );

  it('finds titles with diacritics from a query without them, and the reverse', async () => {
    const titles = async (q: string) => {
      const res = await stack.http
        .get('/api/v1/tasks')
        .query({ q, limit: 200 })
        .set('Authorization', `Bearer ${tokens.chutich}`)
        .expect(200);
      return new Set(res.body.items.map((t: { title: string }) => t.title.replace(/ \d+$/, '')));
    };
    expect(await titles('bao cao')).toEqual(
      new Set([
        'Báo cáo kết quả CCHC quý',
        'Bao cao tinh hinh giai ngan',
        'Xây dựng báo cáo tổng hợp',
      ]),
    );
    expect(await titles('Đánh giá')).toEqual(new Set(['Đánh giá chỉ số PAR INDEX']));
    expect(await titles('dat dai')).toEqual(new Set(['Số hóa hồ sơ đất đai']));
  });

  it('keeps a subtree list right after a unit moves under another department', async () => {
    const before = await listAll('chutich', { unitId: unitIds.SNV });
    const moving = await expected('chutich', { unitId: unitIds['SKHDT-TH'] });
    expect(moving.length).toBeGreaterThan(0);
    await stack.api.get(UnitsService).update(unitIds['SKHDT-TH'], { parentId: unitIds.SNV });
    const after = await listAll('chutich', { unitId: unitIds.SNV });
    expect(after).toEqual(await expected('chutich', { unitId: unitIds.SNV }));
    expect(after.length).toBe(before.length + moving.length);
    expect(await listAll('chutich', { unitId: unitIds.SKHDT })).toEqual(
      await expected('chutich', { unitId: unitIds.SKHDT }),
    );
  });
});
