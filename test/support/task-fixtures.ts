import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TestStack } from './test-stack';

/** A task row as the projection stores it, for report tests that need past dates. */
export interface TaskFixture {
  lead: string;
  assignedOn: string;
  dueDate?: string | null;
  /** When an approved extension moved the due date. */
  originalDueDate?: string | null;
  completedOn?: string | null;
  cancelledOn?: string | null;
  source?: string;
  area?: string | null;
  title?: string;
  explanation?: string | null;
}

/**
 * Writes finished history straight into the projection (tasks assigned and completed in past
 * years cannot be made through the live API, whose clock is now). Reports read only these rows.
 */
export async function insertTasks(db: DataSource, assignerUsername: string, rows: TaskFixture[]) {
  const [assigner] = await db.query('SELECT id, unit_id FROM users WHERE username = $1', [
    assignerUsername,
  ]);
  const units: { id: string; code: string }[] = await db.query('SELECT id, code FROM units');
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const values = rows.map((r, i) => {
    const id = randomUUID();
    const status = r.cancelledOn ? 'cancelled' : r.completedOn ? 'completed' : 'in_progress';
    return [
      id,
      r.title ?? `Nhiệm vụ mẫu ${i + 1}`,
      r.source ?? 'ubnd_tinh',
      assigner.id,
      assigner.unit_id,
      unitId.get(r.lead),
      r.dueDate ?? null,
      r.originalDueDate ?? r.dueDate ?? null,
      status,
      `${r.assignedOn}T02:00:00Z`,
      r.assignedOn,
      r.completedOn ? `${r.completedOn}T03:00:00Z` : null,
      r.completedOn ?? null,
      r.cancelledOn ?? null,
      r.area ?? null,
      r.explanation ?? null,
      `task-${id}`,
    ];
  });
  for (const v of values) {
    await db.query(
      `INSERT INTO tasks (id, title, source, assigner_id, assigning_unit_id, lead_unit_id, due_date,
         original_due_date, status, assigned_at, assigned_on, completed_at, completed_on, cancelled_on,
         area, explanation, workflow_id, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1)`,
      v,
    );
  }
  return values.map((v) => v[0] as string);
}

/** `count` copies of a fixture. */
export const times = (count: number, row: TaskFixture): TaskFixture[] =>
  Array.from({ length: count }, () => ({ ...row }));

/** Every page of `GET /tasks` for a token and a query, as ids in the list's order. */
export async function listAllTaskIds(
  stack: TestStack,
  token: string,
  query: Record<string, string>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await stack.http
      .get('/api/v1/tasks')
      .query({ ...query, limit: '200', ...(cursor ? { cursor } : {}) })
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    ids.push(...res.body.items.map((t) => t.id));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('the list did not end');
}
