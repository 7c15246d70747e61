import ExcelJS from 'exceljs';
import { seedOrganization } from '../../db/seeds/demo-organization';
import type { Actor } from '../../libs/auth/actor';
import type { Role } from '../../libs/organization/user.entity';
import { AuthService } from '../../libs/auth/auth.service';
import { vnDateOf } from '../../libs/domain/dates';
import {
  approverTaskSql,
  canViewTask,
  mayPerform,
  TaskScope,
} from '../../libs/tasks/task-permissions';
import { TaskQueryService } from '../../libs/tasks/task-query.service';
import { TestStack } from '../support/test-stack';
import { listAllTaskIds } from '../support/task-fixtures';

const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Lower case without diacritics: how the search compares titles. */
const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
/** Codes and document symbols also without punctuation: runs of other characters one space. */
const fold = (text: string) =>
  plain(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const matches = (r: { title: string; code: string; doc: string | null }, q: string) =>
  plain(r.title).includes(plain(q)) ||
  (fold(q) !== '' && fold(`${r.code} ${r.doc ?? ''}`).includes(fold(q)));

interface Row extends TaskScope {
  id: string;
  code: string;
  title: string;
  doc: string | null;
  status: string;
}

/**
 * The filters the web list needed from the API: "awaiting my decision" (`myRole=approver`, the
 * SQL twin of the approve/return rule), the export following the list's filters and order, and
 * the search finding task codes and document symbols, over a few thousand generated tasks.
 */
describe('Task list filters: approver, export as listed, search by code and document', () => {
  const TASKS = 3000;
  const USERS = ['chutich', 'vp.theodoi', 'skhdt.giamdoc', 'skhdt.chuyenvien', 'snv.giamdoc'];
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const tokens: Record<string, string> = {};
  let rows: Row[];
  const today = vnDateOf(new Date());

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { TASK_REMINDER_DAYS_BEFORE: '' } });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of USERS) tokens[u] = await stack.login(u);
    const db = stack.db;
    await db.query(`SELECT setseed(0.17)`);
    // Assigners and reviewers: the demo users and a few people who are not users here.
    await db.query(
      `WITH u AS (SELECT array_agg(id ORDER BY code) AS ids FROM units),
            a AS (SELECT array_agg(id ORDER BY id) AS ids FROM users),
            p AS (SELECT array_agg(id ORDER BY id) AS ids FROM
                    (SELECT id FROM users UNION ALL SELECT gen_random_uuid() FROM generate_series(1, 4)) x),
            r AS (
              SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                     random() AS r5, random() AS r6, random() AS r7, random() AS r8
              FROM generate_series(1, $1::int) g)
       INSERT INTO tasks (id, code, title, source, source_document, assigner_id, assigning_unit_id,
         lead_unit_id, coordinating_unit_ids, watcher_ids, reviewer_ids, assignee_id, due_date,
         original_due_date, status, assigned_at, assigned_on, completed_at, completed_on,
         workflow_id, version)
       SELECT id, code, title, source, doc, assigner, assigning, lead, coordinating, '{}', reviewers,
              NULL, due, due, status, assigned_at, (assigned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
              CASE WHEN status = 'completed' THEN completed_on + time '03:00' END,
              CASE WHEN status = 'completed' THEN completed_on END, 'task-' || id, 1
       FROM (
         SELECT gen_random_uuid() AS id, 'NV-2025-' || lpad(g::text, 4, '0') AS code,
                (ARRAY['Báo cáo kết quả CCHC quý', 'Rà soát thủ tục hành chính',
                       'Số hóa hồ sơ đất đai', 'Triển khai Kế hoạch số 389'])[1 + floor(r1 * 4)::int]
                  || ' ' || g AS title,
                (ARRAY['ubnd_tinh', 'chu_tich_ubnd_tinh'])[1 + floor(r2 * 2)::int] AS source,
                CASE WHEN r6 < 0.05 THEN '389/KH-UBND' WHEN r6 < 0.1 THEN '102/KH-SKHDT'
                     WHEN r6 < 0.15 THEN '38/QĐ-UBND' END AS doc,
                a.ids[1 + floor(r3 * array_length(a.ids, 1))::int] AS assigner,
                u.ids[1 + floor(r4 * array_length(u.ids, 1))::int] AS assigning,
                u.ids[1 + floor(r5 * array_length(u.ids, 1))::int] AS lead,
                CASE WHEN r7 < 0.2 THEN ARRAY[u.ids[1 + g % array_length(u.ids, 1)]] ELSE '{}' END::uuid[]
                  AS coordinating,
                CASE WHEN r8 < 0.15 THEN ARRAY[p.ids[1 + g % array_length(p.ids, 1)]]
                     WHEN r8 < 0.2 THEN ARRAY[p.ids[1 + g % array_length(p.ids, 1)],
                                              p.ids[1 + (g + 3) % array_length(p.ids, 1)]]
                     ELSE '{}' END::uuid[] AS reviewers,
                CASE WHEN r7 >= 0.9 THEN NULL ELSE $2::date + (floor(r8 * 120) - 60)::int END AS due,
                (ARRAY['assigned', 'in_progress', 'submitted', 'submitted', 'completed', 'cancelled'])
                  [1 + floor(r2 * 6)::int] AS status,
                timestamptz '2025-06-01 08:00+07' + floor(r4 * 300) * interval '1 hour' AS assigned_at,
                $2::date - (floor(r1 * 90))::int AS completed_on
         FROM r, u, a, p) s`,
      [TASKS, today],
    );
    await db.query('ANALYZE tasks');
    rows = await db.query(
      `SELECT t.id, t.code, t.title, t.source_document AS doc, t.status,
              t.assigner_id AS "assignerId", t.assignee_id AS "assigneeId",
              t.watcher_ids AS "watcherIds", t.reviewer_ids AS "reviewerIds",
              au.path AS "assigningUnitPath", lu.path AS "leadUnitPath",
              ARRAY(SELECT cu.path FROM units cu WHERE cu.id = ANY(t.coordinating_unit_ids))
                AS "coordinatingUnitPaths"
       FROM tasks t JOIN units au ON au.id = t.assigning_unit_id
         JOIN units lu ON lu.id = t.lead_unit_id`,
    );
  }, 90_000);
  afterAll(() => stack.close());

  const listAll = (user: string, query: Record<string, string>) =>
    listAllTaskIds(stack, tokens[user], query);

  it('selects in SQL exactly the tasks the permission rule lets each generated caller approve and return', async () => {
    const units: { id: string; path: string; kind: string }[] = await stack.db.query(
      'SELECT id, path, kind FROM units ORDER BY path',
    );
    const people = [...new Set(rows.flatMap((r) => [r.assignerId, ...r.reviewerIds]))].sort();
    const roleSets: Role[][] = [
      ['leader'],
      ['unit_manager'],
      ['specialist'],
      ['monitor'],
      ['admin'],
      ['leader', 'unit_manager'],
    ];
    let actors = 0;
    let matched = 0;
    for (const [i, unit] of units.entries()) {
      for (const [j, roles] of roleSets.entries()) {
        const actor: Actor = {
          id: people[(i * roleSets.length + j) % people.length],
          username: `u${i}-${j}`,
          fullName: 'Người thử',
          unitId: unit.id,
          unitPath: unit.path,
          unitKind: unit.kind,
          roles,
        };
        const params: unknown[] = [];
        const sql = approverTaskSql(actor, 't', (v) => `$${params.push(v)}`);
        const got: { id: string }[] = await stack.db.query(
          `SELECT t.id FROM tasks t WHERE ${sql} ORDER BY t.id`,
          params,
        );
        const want = rows
          .filter((r) => mayPerform(actor, 'approve', r))
          .map((r) => r.id)
          .sort();
        // The two actions share the rule, and whoever may decide also sees the task.
        expect(rows.filter((r) => mayPerform(actor, 'returnForRework', r)).length).toBe(
          want.length,
        );
        expect(
          rows.filter((r) => mayPerform(actor, 'approve', r) && !canViewTask(actor, r)),
        ).toEqual([]);
        expect({ actor: actor.username, ids: got.map((r) => r.id).sort() }).toEqual({
          actor: actor.username,
          ids: want,
        });
        actors++;
        matched += want.length;
      }
    }
    // Not vacuous: many callers, each arm of the rule contributing.
    expect(actors).toBeGreaterThan(50);
    expect(matched).toBeGreaterThan(TASKS);
  }, 120_000);

  it('lists under "myRole=approver" the submitted results each demo user may decide, in list order', async () => {
    const auth = stack.api.get(AuthService);
    for (const user of USERS) {
      const actor = (await auth.loadActor(userIds[user]))!;
      const got = await listAll(user, { myRole: 'approver', status: 'submitted', sort: 'dueDate' });
      const want = rows.filter(
        (r) => r.status === 'submitted' && mayPerform(actor, 'approve', r) && canViewTask(actor, r),
      );
      expect({ user, ids: [...got].sort() }).toEqual({ user, ids: want.map((r) => r.id).sort() });
      const counts = await stack.http
        .get('/api/v1/tasks/counts')
        .query({ myRole: 'approver', status: 'submitted' })
        .set('Authorization', `Bearer ${tokens[user]}`)
        .expect(200);
      expect({ user, total: counts.body.total }).toEqual({ user, total: want.length });
      if (user === 'chutich' || user === 'skhdt.giamdoc') expect(want.length).toBeGreaterThan(5);
    }
  }, 60_000);

  it('exports exactly the rows GET /tasks lists for the same filters, in the same order, cancelled ones aside', async () => {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const filters: Record<string, string>[] = [
      {},
      { unitId: unitIds.SKHDT, sort: 'dueDate' },
      { q: '389 kh ubnd' },
      { myRole: 'approver', status: 'submitted' },
      { overdueOnly: 'true', sort: 'dueDate' },
      { status: 'completed', source: 'ubnd_tinh' },
      { dueFrom: today, dueTo: vnDateOf(new Date(Date.now() + 30 * 86_400_000)), sort: 'dueDate' },
    ];
    let compared = 0;
    for (const user of ['chutich', 'skhdt.giamdoc', 'snv.giamdoc']) {
      for (const filter of filters) {
        const listed = (await listAll(user, filter))
          .map((id) => byId.get(id)!)
          .filter((r) => r.status !== 'cancelled')
          .map((r) => r.code);
        const res = await stack.http
          .get('/api/v1/task-sheets/export.xlsx')
          .query(filter)
          .set('Authorization', `Bearer ${tokens[user]}`)
          .buffer(true)
          .parse(binary as never)
          .expect(200);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.body);
        const codes: string[] = [];
        wb.worksheets[0].eachRow((row, n) => {
          if (n > 1) codes.push(String(row.getCell(1).value));
        });
        expect({ user, filter, codes }).toEqual({ user, filter, codes: listed });
        compared += codes.length;
      }
    }
    expect(compared).toBeGreaterThan(2000);
    // The export checks its filters as the list does.
    const bad = await stack.http
      .get('/api/v1/task-sheets/export.xlsx')
      .query({ myRole: 'boss' })
      .set('Authorization', `Bearer ${tokens.chutich}`)
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'myRole' }] });
  }, 120_000);

  it('finds tasks by code and by source document symbol, with or without punctuation and diacritics, as well as by title', async () => {
    for (const user of ['chutich', 'skhdt.giamdoc']) {
      const all = (await listAll(user, {})).map((id) => rows.find((r) => r.id === id)!);
      for (const q of [
        '389/KH-UBND',
        '389 kh ubnd',
        'kh-skhdt',
        '38/QĐ-UBND',
        '38 qd ubnd',
        'NV-2025-0042',
        'nv 2025 004',
        'bao cao ket qua',
        'Số hóa',
      ]) {
        const want = all.filter((r) => matches(r, q)).map((r) => r.id);
        expect({ user, q, ids: await listAll(user, { q }) }).toEqual({ user, q, ids: want });
        if (user === 'chutich') expect({ q, found: want.length > 0 }).toEqual({ q, found: true });
      }
    }
    // "389" alone finds the plan's symbol and the titles that hold the number.
    const found = await listAll('chutich', { q: '389' });
    expect(
      found.some((id) => byCode(id).doc === '389/KH-UBND' && !byCode(id).title.includes('389')),
    ).toBe(true);
    function byCode(id: string) {
      return rows.find((r) => r.id === id)!;
    }
  }, 60_000);

  it("searches a department's list with a text test that both trigram indexes answer", async () => {
    const service = stack.api.get(TaskQueryService);
    const actor = (await stack.api.get(AuthService).loadActor(userIds['skhdt.giamdoc']))!;
    const repo = (
      service as unknown as { tasks: { query: (sql: string, p: unknown[]) => unknown } }
    ).tasks;
    const spy = jest.spyOn(repo, 'query');
    try {
      for (const q of ['389 kh ubnd', 'nv 2025 0042', 'ra soat thu tuc']) {
        spy.mockClear();
        await service.list(actor, { q, sort: 'assignedAt', limit: 50 });
        const [sql, params] = spy.mock.calls.find(([s]) => s.includes('ref_words'))!;
        // The text test exactly as the list sends it, on its own: with 3 000 rows the planner
        // may rather filter the department's subtree, so this shows the indexes answer it (a
        // BitmapOr of the titles' and the codes' trigram indexes), as they do at scale.
        const text = new RegExp(
          String.raw`\(search_text\(t\.title\) LIKE '%' \|\| search_text\(\$\d+\) \|\| '%'` +
            String.raw` OR t\.ref_words LIKE '%' \|\| search_key\(\$\d+\) \|\| '%'\)`,
        ).exec(sql)![0];
        const used = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
        const alone = text.replace(/\$(\d+)/g, (_, n) => `$${used.indexOf(Number(n)) + 1}`);
        const plan = await stack.db.transaction(async (m) => {
          await m.query('SET LOCAL enable_seqscan = off');
          const [row] = await m.query(
            `EXPLAIN (FORMAT JSON) SELECT t.id FROM tasks t WHERE ${alone}`,
            used.map((n) => (params as unknown[])[n - 1]),
          );
          return JSON.stringify(row['QUERY PLAN']);
        });
        const scans = (name: string) => plan.split(name).length - 1;
        expect({
          q,
          title: scans('tasks_title_search_idx'),
          refs: scans('tasks_ref_search_idx'),
          or: scans('BitmapOr'),
        }).toEqual({ q, title: 1, refs: 1, or: 1 });
      }
    } finally {
      spy.mockRestore();
    }
  });
});
