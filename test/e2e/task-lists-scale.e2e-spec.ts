import { seedOrganization } from '../../db/seeds/demo-organization';
import { AuthService } from '../../libs/auth/auth.service';
import { UnitsService } from '../../libs/organization/units.service';
import { vnDateOf } from '../../libs/domain/dates';
import { classifyTimeliness } from '../../libs/domain/timeliness';
import { TaskQueryService } from '../../libs/tasks/task-query.service';
import { TestStack } from '../support/test-stack';
import { listAllTaskIds } from '../support/task-fixtures';

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
  const USERS = ['chutich', 'skhdt.giamdoc', 'skhdt.chuyenvien', 'snv.giamdoc', 'vp.theodoi'];

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

  const listAll = (user: string, query: Record<string, string>) =>
    listAllTaskIds(stack, tokens[user], query);

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
    // The title ignoring case and diacritics; code and document also ignoring punctuation.
    const folded = (text: string) =>
      `btrim(regexp_replace(public.unaccent(lower(${text})), '[^a-z0-9]+', ' ', 'g'))`;
    if (f.q) {
      const q = p(f.q);
      where.push(
        `(strpos(public.unaccent(lower(t.title)), public.unaccent(lower(${q}))) > 0
          OR (${folded(q)} <> ''
              AND strpos(${folded(`concat_ws(' ', t.code, t.source_document)`)}, ${folded(q)}) > 0))`,
      );
    }
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
    { q: '%' },
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

  /** The counts as a plain query and classifyTimeliness give them, as of `asOf`. */
  async function plainCounts(user: string, unitId: string | undefined, asOf: string) {
    const ids = await expected(user, unitId ? { unitId } : {});
    const rows: { status: string; due: string | null; done: string | null }[] =
      await stack.db.query(
        `SELECT status, due_date::text AS due, completed_on::text AS done FROM tasks
         WHERE id = ANY($1::uuid[])`,
        [ids],
      );
    const byStatus: Record<string, number> = {};
    const byTimeliness: Record<string, number> = {};
    for (const r of rows) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      if (r.status === 'cancelled') continue;
      const cls = classifyTimeliness({ dueDate: r.due, completedOn: r.done }, asOf);
      byTimeliness[cls] = (byTimeliness[cls] ?? 0) + 1;
    }
    return { total: rows.length, byStatus, byTimeliness };
  }

  it('serves unfiltered and unit-filtered counts from the per-unit totals, equal to counting the rows after status changes, reassignments, deletions and across a day boundary', async () => {
    const service = stack.api.get(TaskQueryService);
    const auth = stack.api.get(AuthService);
    const db = stack.db;
    // The totals and pending changes hold exactly the rows regrouped (emptied buckets stay at 0).
    const totalsMatchRows = async () => {
      const [diff] = await db.query(
        `SELECT count(*)::int AS n FROM (
           SELECT lead_unit_id, status, class, sum(n) FROM
             (SELECT * FROM task_counts UNION ALL SELECT * FROM task_count_changes) c
           GROUP BY 1, 2, 3 HAVING sum(n) <> 0
           EXCEPT
           SELECT lead_unit_id, status, task_count_class(due_date, completed_on), count(*)
           FROM tasks GROUP BY 1, 2, 3) d`,
      );
      const [{ rows, counted }] = await db.query(
        `SELECT (SELECT count(*)::int FROM tasks) AS rows,
                (SELECT coalesce(sum(n), 0)::int FROM
                   (SELECT n FROM task_counts UNION ALL SELECT n FROM task_count_changes) c) AS counted`,
      );
      expect({ differing: diff.n, counted }).toEqual({ differing: 0, counted: rows });
    };
    const compare = async (stage: string) => {
      await totalsMatchRows();
      let compared = 0;
      for (const user of USERS) {
        const actor = (await auth.loadActor(userIds[user]))!;
        for (const unitId of [undefined, unitIds.UBND, unitIds.SKHDT, unitIds['SNV-CCHC']]) {
          // Yesterday: some completions are dated after it, so the rows are counted instead.
          for (const asOf of [day(-1), today, day(1)]) {
            const got = await service.counts(actor, unitId ? { unitId } : {}, asOf);
            const want = await plainCounts(user, unitId, asOf);
            expect({ stage, user, unitId, asOf, counts: got }).toEqual({
              stage,
              user,
              unitId,
              asOf,
              counts: want,
            });
            compared += want.total;
          }
        }
      }
      expect(compared).toBeGreaterThan(10_000);
    };
    await compare('generated');

    // Rows due today are in progress today and overdue tomorrow.
    await db.query(
      `UPDATE tasks SET due_date = $1 WHERE completed_on IS NULL AND id IN
         (SELECT id FROM tasks WHERE completed_on IS NULL ORDER BY id LIMIT 40)`,
      [today],
    );
    await db.query(
      `UPDATE tasks SET status = 'completed', completed_on = $1, completed_at = now()
       WHERE id IN (SELECT id FROM tasks WHERE status = 'in_progress' ORDER BY id LIMIT 150)`,
      [today],
    );
    await db.query(
      `UPDATE tasks SET status = 'cancelled'
       WHERE id IN (SELECT id FROM tasks WHERE status = 'assigned' ORDER BY id DESC LIMIT 100)`,
    );
    await db.query(
      `UPDATE tasks SET lead_unit_id = $1
       WHERE id IN (SELECT id FROM tasks WHERE lead_unit_id <> $1 ORDER BY title LIMIT 120)`,
      [unitIds['SKHDT-TH']],
    );
    await db.query(
      `UPDATE tasks SET due_date = NULL WHERE id IN (SELECT id FROM tasks ORDER BY workflow_id LIMIT 60)`,
    );
    await db.query(
      `DELETE FROM tasks WHERE id IN (SELECT id FROM tasks ORDER BY id DESC LIMIT 70)`,
    );
    // Progress on a task changes no bucket.
    await db.query(`UPDATE tasks SET progress_percent = 50 WHERE status = 'in_progress'`);
    await db.query(
      `INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id,
         due_date, status, assigned_at, assigned_on, workflow_id, version)
       SELECT gen_random_uuid(), title || ' (bổ sung)', source, assigner_id, assigning_unit_id,
              lead_unit_id, $1::date, 'assigned', assigned_at, assigned_on, workflow_id || '-b', 1
       FROM tasks ORDER BY id LIMIT 90`,
      [day(1)],
    );
    await compare('changed');
    // Changes folded into the totals (writers do it now and then) count the same.
    await db.query('SELECT task_counts_fold()');
    const [{ pending }] = await db.query('SELECT count(*)::int AS pending FROM task_count_changes');
    expect(pending).toBe(0);
    await compare('folded');
  }, 180_000);
});
