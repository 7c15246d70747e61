import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Context } from '@temporalio/activity';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import type {
  ReorganisationActivityContract,
  ReorganisationTotals,
} from '../../workflows/reorganisation/reorganisation.contract';
import { roundUpdates, roundWorkflowId } from '../../workflows/inspection/inspection.messages';
import { taskUpdates } from '../../workflows/task/task.messages';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import {
  REORGANISATION_COLUMNS,
  reorganisationReason,
  ReorganisationRow,
} from './reorganisation-row';

const refused = (message: string) =>
  ApplicationFailure.create({ type: 'REORGANISATION_REFUSED', message, nonRetryable: true });

/** An obligation still to be met: no implementing plan yet, its task neither completed nor cancelled. */
const PENDING_OBLIGATION = `o.fulfilled_by_plan_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = o.task_id AND t.status IN ('completed', 'cancelled'))`;

/** A finding still to be remedied: no remediation task yet, or one neither completed nor cancelled. */
const PENDING_FINDING = `NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = f.task_id
  AND t.status IN ('completed', 'cancelled'))`;

/** Task workflow rejections meaning "nothing left to move" rather than a failure. */
const SETTLED = new Set(['SAME_LEAD_UNIT', 'TASK_ALREADY_COMPLETED', 'TASK_CANCELLED']);

/** The reorganisation workflow's side effects, hosted by the worker (docs/domain.md §9). */
@Injectable()
export class ReorganisationActivities implements ReorganisationActivityContract {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async beginReorganisation(id: string): Promise<boolean> {
    const [rows] = await this.db.query(
      `UPDATE reorganisations SET status = 'running', started_at = coalesce(started_at, now())
       WHERE id = $1 AND status IN ('scheduled', 'running') RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async changeUnits(id: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const r = await this.row(em, id, true);
      if (r.status !== 'running' || r.unitsChangedAt) return;
      if (r.kind === 'rename') {
        const [unit] = await em.query(`SELECT name, code FROM units WHERE id = $1`, [
          r.sourceUnitIds[0],
        ]);
        if (r.newCode && r.newCode !== unit.code) await this.codeFree(em, r.newCode);
        // The former name, valid from the day after the one before it (or since the unit began).
        await em.query(
          `INSERT INTO unit_names (unit_id, name, code, valid_from, valid_to, reorganisation_id)
           SELECT $1, $2, $3, (SELECT max(valid_to) + 1 FROM unit_names WHERE unit_id = $1),
                  $4::date - 1, $5`,
          [r.sourceUnitIds[0], unit.name, unit.code, r.effectiveOn, id],
        );
        await em.query(`UPDATE units SET name = $2, code = coalesce($3, code) WHERE id = $1`, [
          r.sourceUnitIds[0],
          r.newName,
          r.newCode,
        ]);
      } else {
        const [gone] = await em.query(
          `SELECT string_agg(name, ', ') AS names FROM units
           WHERE id = ANY($1::uuid[]) AND dissolved_on IS NOT NULL`,
          [[...r.sourceUnitIds, ...r.successorUnitIds]],
        );
        if (gone.names) throw refused(`Đơn vị đã giải thể hoặc sáp nhập trước đó: ${gone.names}`);
        if (r.newUnit) {
          const u = r.newUnit;
          await this.codeFree(em, u.code);
          const [parent] = await em.query(
            `SELECT path, depth FROM units WHERE id = $1 AND dissolved_on IS NULL`,
            [u.parentId],
          );
          if (!parent) throw refused('Đơn vị cấp trên của đơn vị mới không còn tồn tại');
          await em.query(
            `INSERT INTO units (id, code, name, kind, parent_id, path, depth)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [u.id, u.code, u.name, u.kind, u.parentId, `${parent.path}${u.id}/`, parent.depth + 1],
          );
        }
        if (!r.defaultSuccessorUnitId) {
          const [left] = await em.query(
            `SELECT (SELECT count(*)::int FROM tasks WHERE lead_unit_id = ANY($1::uuid[])
                       AND status NOT IN ('completed', 'cancelled')) AS tasks,
                    (SELECT count(*)::int FROM units WHERE parent_id = ANY($1::uuid[])) AS units,
                    (SELECT count(*)::int FROM plans WHERE issuing_unit_id = ANY($1::uuid[])
                       AND status IN ('draft', 'issued'))
                    + (SELECT count(*)::int FROM inspection_rounds r WHERE r.status <> 'closed'
                         AND (r.inspecting_unit_id = ANY($1::uuid[])
                              OR EXISTS (SELECT 1 FROM inspection_targets t WHERE t.round_id = r.id
                                         AND t.unit_id = ANY($1::uuid[])))) AS other`,
            [r.sourceUnitIds],
          );
          if (left.tasks > 0 || left.units > 0 || left.other > 0) {
            throw refused(
              'Đơn vị còn nhiệm vụ, kế hoạch, đợt kiểm tra chưa kết thúc hoặc đơn vị trực thuộc nhưng không có đơn vị kế thừa',
            );
          }
        }
        await em.query(`UPDATE units SET dissolved_on = $2 WHERE id = ANY($1::uuid[])`, [
          r.sourceUnitIds,
          r.effectiveOn,
        ]);
      }
      await em.query(`UPDATE reorganisations SET units_changed_at = now() WHERE id = $1`, [id]);
    });
  }

  async moveOpenTasks(id: string): Promise<number> {
    const r = await this.row(this.db.manager, id);
    if (r.kind === 'rename') return 0;
    // Recorded first: a retry finds the same moves and only those not done yet.
    await this.db.query(
      `INSERT INTO reorganisation_task_moves (reorganisation_id, task_id, from_unit_id, to_unit_id)
       SELECT r.id, t.id, t.lead_unit_id, m.to_unit_id
       FROM reorganisations r
       JOIN tasks t ON t.lead_unit_id = ANY(r.source_unit_ids)
       CROSS JOIN LATERAL (
         SELECT coalesce((SELECT (a ->> 'unitId')::uuid FROM jsonb_array_elements(r.task_assignments) a
                          WHERE a ->> 'taskId' = t.id::text LIMIT 1), r.default_successor_id)
           AS to_unit_id) m
       WHERE r.id = $1 AND t.status NOT IN ('completed', 'cancelled') AND m.to_unit_id IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [id],
    );
    const pending: {
      taskId: string;
      workflowId: string;
      fromUnitId: string;
      toUnitId: string;
      toUnitCode: string;
      status: string;
      leadUnitId: string;
    }[] = await this.db.query(
      `SELECT m.task_id AS "taskId", t.workflow_id AS "workflowId", m.from_unit_id AS "fromUnitId",
              m.to_unit_id AS "toUnitId", u.code AS "toUnitCode", t.status,
              t.lead_unit_id AS "leadUnitId"
       FROM reorganisation_task_moves m JOIN tasks t ON t.id = m.task_id
       JOIN units u ON u.id = m.to_unit_id
       WHERE m.reorganisation_id = $1 AND m.done_at IS NULL ORDER BY m.task_id`,
      [id],
    );
    const reason = await this.reason(r);
    let done = 0;
    for (const move of pending) {
      Context.current().heartbeat(done);
      let outcome: 'moved' | 'skipped';
      if (move.leadUnitId === move.toUnitId) outcome = 'moved';
      else if (
        move.leadUnitId !== move.fromUnitId ||
        ['completed', 'cancelled'].includes(move.status)
      ) {
        // Closed or moved elsewhere since it was recorded: left as it is.
        outcome = 'skipped';
      } else {
        outcome = await this.reassign(move, r.createdBy, reason);
      }
      await this.db.query(
        `UPDATE reorganisation_task_moves SET outcome = $3, done_at = now()
         WHERE reorganisation_id = $1 AND task_id = $2`,
        [id, move.taskId, outcome],
      );
      done++;
    }
    return done;
  }

  async moveMembers(id: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const r = await this.row(em, id, true);
      const to = r.defaultSuccessorUnitId;
      if (r.kind === 'rename' || !to || r.status !== 'running') return;
      const users = await em.query(
        `UPDATE users SET unit_id = $2 WHERE unit_id = ANY($1::uuid[]) RETURNING id`,
        [r.sourceUnitIds, to],
      );
      const [target] = await em.query(`SELECT path, depth FROM units WHERE id = $1`, [to]);
      const children: { id: string; parentId: string; path: string; depth: number }[] =
        await em.query(
          `SELECT id, parent_id AS "parentId", path, depth FROM units WHERE parent_id = ANY($1::uuid[]) ORDER BY path`,
          [r.sourceUnitIds],
        );
      for (const child of children) {
        await em.query(
          `UPDATE units SET path = $1 || substr(path, length($2) + 1), depth = depth + $3
           WHERE path LIKE $2 || '%'`,
          [`${target.path}${child.id}/`, child.path, target.depth + 1 - child.depth],
        );
        await em.query(`UPDATE units SET parent_id = $2 WHERE id = $1`, [child.id, to]);
        // Its place before, for reports of the organisation as it was (docs/domain.md §5).
        await em.query(
          `INSERT INTO reorganisation_unit_moves (reorganisation_id, unit_id, from_parent_id, from_path, to_path)
           SELECT $1, $2, $3, $4, path FROM units WHERE id = $2`,
          [id, child.id, child.parentId, child.path],
        );
      }
      // In the same transaction as the moves: a retry moves nothing and adds nothing.
      await em.query(
        `UPDATE reorganisations SET users_moved = users_moved + $2, units_moved = units_moved + $3
         WHERE id = $1`,
        [id, users[0].length, children.length],
      );
    });
  }

  async finishReorganisation(id: string): Promise<ReorganisationTotals> {
    const [rows] = await this.db.query(
      `UPDATE reorganisations r SET status = 'completed', finished_at = coalesce(finished_at, now()),
         tasks_moved = (SELECT count(*) FROM reorganisation_task_moves m
                        WHERE m.reorganisation_id = r.id AND m.outcome = 'moved'),
         tasks_skipped = (SELECT count(*) FROM reorganisation_task_moves m
                          WHERE m.reorganisation_id = r.id AND m.outcome = 'skipped')
       WHERE id = $1 AND status IN ('running', 'completed')
       RETURNING tasks_moved AS "tasksMoved", users_moved AS "usersMoved"`,
      [id],
    );
    return rows[0] ?? { tasksMoved: 0, usersMoved: 0 };
  }

  async failReorganisation(id: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE reorganisations SET status = 'failed', failure = $2, finished_at = now()
       WHERE id = $1 AND status = 'running'`,
      [id, reason],
    );
  }

  async moveUnitWork(id: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const r = await this.row(em, id, true);
      const to = r.defaultSuccessorUnitId;
      if (r.kind === 'rename' || !to || r.status !== 'running' || r.workMovedAt) return;
      const from = r.sourceUnitIds;
      // The successor carries on (kế thừa) the plans being drawn up or carried out; closed ones
      // stay with the unit that issued them, as does the KH document itself.
      const [plans] = await em.query(
        `UPDATE plans SET issuing_unit_id = $2
         WHERE issuing_unit_id = ANY($1::uuid[]) AND status IN ('draft', 'issued') RETURNING id`,
        [from, to],
      );
      // Each pending obligation becomes the successor's; where the successor has its own for the
      // same plan, the old one is taken over, and the successor's one implementing plan meets both.
      const obligations: { planId: string; unitId: string; successorHasOne: boolean }[] =
        await em.query(
          `SELECT o.plan_id AS "planId", o.unit_id AS "unitId"
           FROM plan_obligations o
           WHERE (o.unit_id = ANY($1::uuid[]) AND o.taken_over_by_unit_id IS NULL
                  OR o.taken_over_by_unit_id = ANY($1::uuid[]))
             AND ${PENDING_OBLIGATION}
           ORDER BY o.plan_id, o.unit_id FOR UPDATE`,
          [from],
        );
      for (const o of obligations) {
        const [[moved]] = await em.query(
          `UPDATE plan_obligations o SET unit_id = $3
           WHERE o.plan_id = $1 AND o.unit_id = $2 AND o.taken_over_by_unit_id IS NULL
             AND NOT EXISTS (SELECT 1 FROM plan_obligations s WHERE s.plan_id = $1 AND s.unit_id = $3)
           RETURNING o.plan_id`,
          [o.planId, o.unitId, to],
        );
        if (!moved) {
          await em.query(
            `UPDATE plan_obligations SET taken_over_by_unit_id = $3 WHERE plan_id = $1 AND unit_id = $2`,
            [o.planId, o.unitId, to],
          );
        }
      }
      const recurrences = await this.moveRecurrences(em, from, to);
      // In the same transaction as the moves: a retry moves nothing and adds nothing.
      await em.query(
        `UPDATE reorganisations SET work_moved_at = now(), plans_moved = $2,
           obligations_moved = $3, recurrences_moved = $4
         WHERE id = $1`,
        [id, plans.length, obligations.length, recurrences],
      );
    });
  }

  /** Recurrences not ended: an old unit as assigning unit or target → the successor, once. */
  private async moveRecurrences(em: EntityManager, from: string[], to: string): Promise<number> {
    const [successor] = await em.query(`SELECT path FROM units WHERE id = $1`, [to]);
    const oldPaths: string[] = (
      await em.query(`SELECT path FROM units WHERE id = ANY($1::uuid[])`, [from])
    ).map((u: { path: string }) => u.path);
    const rows: {
      id: string;
      targetUnitIds: string[];
      assigningUnitId: string;
      scopePath: string;
    }[] = await em.query(
      `SELECT id, target_unit_ids AS "targetUnitIds", assigning_unit_id AS "assigningUnitId",
              scope_path AS "scopePath"
       FROM recurrences
       WHERE status <> 'ended'
         AND (target_unit_ids && $1::uuid[] OR assigning_unit_id = ANY($1::uuid[])
              OR scope_path LIKE ANY($2::text[]))
       ORDER BY id FOR UPDATE`,
      [from, oldPaths.map((p) => `${p}%`)],
    );
    for (const rec of rows) {
      const targets = [...new Set(rec.targetUnitIds.map((u) => (from.includes(u) ? to : u)))];
      const assigning = from.includes(rec.assigningUnitId) ? to : rec.assigningUnitId;
      // A scope under an old unit is now under the successor, where its sub-units went.
      const old = oldPaths.find((p) => rec.scopePath.startsWith(p));
      const scopePath = old ? successor.path + rec.scopePath.slice(old.length) : rec.scopePath;
      await em.query(
        `UPDATE recurrences SET target_unit_ids = $2, assigning_unit_id = $3, scope_path = $4,
           updated_at = now()
         WHERE id = $1`,
        [rec.id, targets, assigning, scopePath],
      );
    }
    return rows.length;
  }

  async moveInspectionRounds(id: string): Promise<number> {
    const r = await this.row(this.db.manager, id);
    const to = r.defaultSuccessorUnitId;
    if (r.kind === 'rename' || !to) return 0;
    // Recorded first, with the pending findings they hold: a retry tells only the rounds left.
    await this.db.query(
      `WITH rounds AS (
         SELECT ir.id FROM inspection_rounds ir
         WHERE ir.status <> 'closed'
           AND (ir.inspecting_unit_id = ANY($2::uuid[])
                OR EXISTS (SELECT 1 FROM inspection_targets t
                           WHERE t.round_id = ir.id AND t.unit_id = ANY($2::uuid[]))
                OR EXISTS (SELECT 1 FROM inspection_findings f
                           WHERE f.round_id = ir.id AND f.unit_id = ANY($2::uuid[])
                             AND ${PENDING_FINDING}))
       )
       UPDATE reorganisations SET
         inspection_round_ids = (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM rounds),
         findings_moved = (
           SELECT count(*) FROM inspection_findings f
           WHERE f.round_id IN (SELECT id FROM rounds) AND f.unit_id = ANY($2::uuid[])
             AND ${PENDING_FINDING})
       WHERE id = $1 AND inspection_round_ids IS NULL`,
      [id, r.sourceUnitIds],
    );
    const [{ pending }]: { pending: string[] }[] = await this.db.query(
      `SELECT coalesce(array_agg(x ORDER BY x), '{}') AS pending
       FROM reorganisations r, unnest(r.inspection_round_ids) x
       WHERE r.id = $1 AND NOT x = ANY(r.inspection_rounds_done)`,
      [id],
    );
    const moves = r.sourceUnitIds.map((fromUnitId) => ({ fromUnitId, toUnitId: to }));
    let done = 0;
    for (const roundId of pending) {
      Context.current().heartbeat(done);
      try {
        await this.temporal.workflow
          .getHandle(roundWorkflowId(roundId))
          .executeUpdate(roundUpdates.moveUnits, { args: [{ actorId: r.createdBy, moves }] });
      } catch (error) {
        // Closed meanwhile (or gone): its work is finished and stays where it was.
        const type = (error as { cause?: { type?: string } }).cause?.type;
        const closed =
          (error instanceof WorkflowUpdateFailedError && type === 'ROUND_INVALID_STATE') ||
          error instanceof WorkflowNotFoundError;
        if (!closed) throw error;
      }
      await this.db.query(
        `UPDATE reorganisations SET inspection_rounds_done = array_append(inspection_rounds_done, $2)
         WHERE id = $1 AND NOT $2 = ANY(inspection_rounds_done)`,
        [id, roundId],
      );
      done++;
    }
    return done;
  }

  private async reassign(
    move: { taskId: string; workflowId: string; toUnitId: string; toUnitCode: string },
    actorId: string,
    reason: string,
  ): Promise<'moved' | 'skipped'> {
    try {
      await this.temporal.workflow.getHandle(move.workflowId).executeUpdate(taskUpdates.reassign, {
        args: [{ actorId, leadUnitId: move.toUnitId, reason, leadUnitCode: move.toUnitCode }],
      });
      return 'moved';
    } catch (error) {
      const type = (error as { cause?: { type?: string } }).cause?.type;
      if (error instanceof WorkflowUpdateFailedError && type && SETTLED.has(type)) {
        return type === 'SAME_LEAD_UNIT' ? 'moved' : 'skipped';
      }
      // The workflow closed meanwhile (completed or cancelled): nothing to move.
      const [task] = await this.db.query(
        `SELECT status, lead_unit_id AS "leadUnitId" FROM tasks WHERE id = $1`,
        [move.taskId],
      );
      if (task?.leadUnitId === move.toUnitId) return 'moved';
      if (
        (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) &&
        ['completed', 'cancelled'].includes(task?.status)
      ) {
        return 'skipped';
      }
      throw error;
    }
  }

  private async reason(r: ReorganisationRow): Promise<string> {
    const names = async (ids: string[]): Promise<string[]> =>
      (
        await this.db.query(
          `SELECT name FROM units u JOIN unnest($1::uuid[]) WITH ORDINALITY o(id, n) ON o.id = u.id
           ORDER BY o.n`,
          [ids],
        )
      ).map((u: { name: string }) => u.name);
    const successors = r.kind === 'split' ? r.successorUnitIds : [r.defaultSuccessorUnitId!];
    return reorganisationReason(
      r.kind,
      await names(r.sourceUnitIds),
      await names(successors),
      r.effectiveOn,
      r.decision,
    );
  }

  private async row(
    em: EntityManager,
    id: string,
    lock = false,
  ): Promise<ReorganisationRow & { unitsChangedAt: Date | null; workMovedAt: Date | null }> {
    const [row] = await em.query(
      `SELECT ${REORGANISATION_COLUMNS}, r.units_changed_at AS "unitsChangedAt",
         r.work_moved_at AS "workMovedAt"
       FROM reorganisations r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw refused(`Reorganisation ${id} not found`);
    return row;
  }

  private async codeFree(em: EntityManager, code: string): Promise<void> {
    const [taken] = await em.query(`SELECT 1 FROM units WHERE code = $1`, [code]);
    if (taken) throw refused(`Mã đơn vị ${code} đã được dùng`);
  }
}
