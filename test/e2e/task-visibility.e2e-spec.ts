import { seedOrganization } from '../../db/seeds/demo-organization';
import { AuthService } from '../../libs/auth/auth.service';
import { DomainException } from '../../libs/common/domain.exception';
import { vnDateOf } from '../../libs/domain/dates';
import { TaskAccessService } from '../../libs/tasks/task-access.service';
import { canViewTask } from '../../libs/tasks/task-permissions';
import { TestStack } from '../support/test-stack';
import { listAllTaskIds } from '../support/task-fixtures';

/**
 * "Can open" and "appears in the list" are one rule (docs/domain.md: everyone concerned sees a
 * task): for every demo user over generated tasks, the ids `GET /tasks` pages through (and the
 * dashboard's total) are exactly the tasks `TaskAccessService.open` — what `GET /tasks/:id` calls
 * — lets the user open. The rows name units and people at random (assigning, lead and
 * coordinating units, assigner, assignee, watchers, reviewers), so every reason to see a task
 * occurs, also alone.
 */
describe('Task visibility: the lists hold exactly the tasks a user may open', () => {
  const TASKS = 300;
  let stack: TestStack;
  let users: string[];
  const today = vnDateOf(new Date());

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { TASK_REMINDER_DAYS_BEFORE: '' } });
    await seedOrganization(stack.api);
    users = (await stack.db.query('SELECT username FROM users ORDER BY username')).map(
      (u: { username: string }) => u.username,
    );
    await stack.db.query(`SELECT setseed(0.17)`);
    await stack.db.query(
      `WITH u AS (SELECT array_agg(id ORDER BY code) AS ids FROM units),
            p AS (SELECT array_agg(id ORDER BY username) AS ids FROM users),
            r AS (
              SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                     random() AS r5, random() AS r6, random() AS r7, random() AS r8, random() AS r9
              FROM generate_series(1, $1::int) g)
       INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id,
         coordinating_unit_ids, watcher_ids, reviewer_ids, assignee_id, due_date,
         original_due_date, status, assigned_at, assigned_on, workflow_id, version)
       SELECT id, 'Nhiệm vụ ' || g, 'ubnd_tinh', assigner, assigning, lead, coordinating,
              watchers, reviewers, assignee, due, due, status, assigned_at,
              (assigned_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'task-' || id, 1
       FROM (
         SELECT g, gen_random_uuid() AS id,
                p.ids[1 + floor(r1 * array_length(p.ids, 1))::int] AS assigner,
                u.ids[1 + floor(r2 * array_length(u.ids, 1))::int] AS assigning,
                u.ids[1 + floor(r3 * array_length(u.ids, 1))::int] AS lead,
                CASE WHEN r4 < 0.3 THEN ARRAY[u.ids[1 + floor(r4 * 10 * array_length(u.ids, 1))::int % array_length(u.ids, 1)]]
                     ELSE '{}' END::uuid[] AS coordinating,
                CASE WHEN r5 < 0.2 THEN ARRAY[p.ids[1 + g % array_length(p.ids, 1)]] ELSE '{}' END::uuid[] AS watchers,
                CASE WHEN r6 < 0.3 THEN ARRAY[p.ids[1 + (g * 7) % array_length(p.ids, 1)]] ELSE '{}' END::uuid[] AS reviewers,
                CASE WHEN r7 < 0.2 THEN p.ids[1 + (g * 3) % array_length(p.ids, 1)] END AS assignee,
                CASE WHEN r8 < 0.2 THEN NULL ELSE $2::date + (floor(r8 * 60) - 30)::int END AS due,
                (ARRAY['assigned', 'in_progress', 'submitted', 'cancelled'])[1 + floor(r9 * 4)::int] AS status,
                timestamptz '2025-06-01 08:00+07' + floor(r1 * 300) * interval '1 hour' AS assigned_at
         FROM r, u, p) s`,
      [TASKS, today],
    );
    await stack.db.query('ANALYZE tasks');
  }, 90_000);
  afterAll(() => stack.close());

  it('for every demo user, GET /tasks (all pages) lists exactly the tasks GET /tasks/:id opens', async () => {
    const access = stack.api.get(AuthService);
    const tasks = stack.api.get(TaskAccessService);
    const all: string[] = (await stack.db.query('SELECT id FROM tasks ORDER BY id')).map(
      (t: { id: string }) => t.id,
    );
    let onlyAsReviewer = 0;
    for (const username of users) {
      const [{ id: userId }] = await stack.db.query('SELECT id FROM users WHERE username = $1', [
        username,
      ]);
      const actor = (await access.loadActor(userId))!;
      const opens: string[] = [];
      for (const id of all) {
        try {
          const { task, scope } = await tasks.open(actor, id);
          opens.push(id);
          if (!canViewTask(actor, { ...scope, reviewerIds: [] })) onlyAsReviewer++;
          expect(task.id).toBe(id);
        } catch (error) {
          if (!(error instanceof DomainException) || error.code !== 'OUTSIDE_SCOPE') throw error;
        }
      }
      const token = await stack.login(username);
      for (const sort of ['assignedAt', 'dueDate']) {
        const listed = await listAllTaskIds(stack, token, { sort });
        expect(listed.length).toBe(new Set(listed).size);
        expect({ username, sort, ids: [...listed].sort() }).toEqual({
          username,
          sort,
          ids: [...opens].sort(),
        });
      }
      const counts = await stack.http
        .get('/api/v1/tasks/counts')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect({ username, total: counts.body.total }).toEqual({ username, total: opens.length });
    }
    // The sweep tells the arms apart: some tasks are seen only because their reviewer looks.
    expect(onlyAsReviewer).toBeGreaterThan(0);
  }, 300_000);
});
