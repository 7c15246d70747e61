import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { reorganisationWorkflowId } from '../../workflows/reorganisation/reorganisation.messages';
import { Actor, hasRole, isProvinceWide } from '../auth/actor';
import {
  conflict,
  ErrorDetail,
  fieldError,
  forbidden,
  notFound,
  validationFailed,
} from '../common/domain.exception';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { ReorganisationDto, UnitNameDto } from './dto/reorganisation-result.dto';
import { CreateReorganisationDto } from './dto/reorganisation.dto';
import { ReorganisationWorkflows } from './reorganisation-workflows';
import { NewUnitSpec, REORGANISATION_COLUMNS, TaskAssignment } from './reorganisation-row';

interface UnitRef {
  id: string;
  path: string;
  parentId: string | null;
  dissolved: boolean;
  openTasks: number;
  children: number;
  /** Plans still draft or issued and inspection rounds not closed that name it. */
  openPlans: number;
  openRounds: number;
}

/**
 * Reorganisation of units (sắp xếp tổ chức; docs/domain.md §9): recorded now, carried out by its
 * own workflow from the effective date. Admins and province-wide leaders order it.
 */
@Injectable()
export class ReorganisationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly workflows: ReorganisationWorkflows,
  ) {}

  async create(actor: Actor, dto: CreateReorganisationDto): Promise<ReorganisationDto> {
    mayReorganise(actor);
    const sources = dto.kind === 'merge' ? (dto.unitIds ?? []) : [dto.unitId!];
    const sourceField = (i: number) => (dto.kind === 'merge' ? `unitIds[${i}]` : 'unitId');
    const successors: { field: string; id: string }[] = [];
    if (dto.successorUnitId) successors.push({ field: 'successorUnitId', id: dto.successorUnitId });
    (dto.successorUnitIds ?? []).forEach((id, i) =>
      successors.push({ field: `successorUnitIds[${i}]`, id }),
    );
    const units = await this.unitRefs([
      ...sources,
      ...successors.map((s) => s.id),
      ...(dto.newUnit?.parentId ? [dto.newUnit.parentId] : []),
    ]);
    const details: ErrorDetail[] = [];
    sources.forEach((id, i) => {
      const unit = units.get(id);
      if (!unit) details.push(fieldError(sourceField(i), 'exists', 'Không có đơn vị này'));
      else if (unit.dissolved) details.push(dissolved(sourceField(i)));
      else if (!unit.parentId) {
        details.push(
          fieldError(sourceField(i), 'notRoot', 'Không sắp xếp được đơn vị gốc (UBND tỉnh)'),
        );
      }
    });
    const sourcePaths = sources.flatMap((id) => units.get(id)?.path ?? []);
    for (const { field, id } of successors) {
      const unit = units.get(id);
      if (!unit) details.push(fieldError(field, 'exists', 'Không có đơn vị này'));
      else if (unit.dissolved) details.push(dissolved(field));
      else if (sourcePaths.some((p) => unit.path.startsWith(p))) {
        details.push(
          fieldError(
            field,
            'outsideSource',
            'Đơn vị kế thừa không được là đơn vị bị sắp xếp hoặc đơn vị trực thuộc nó',
          ),
        );
      }
    }
    let newUnit: NewUnitSpec | null = null;
    let defaultSuccessor: string | null = dto.successorUnitId ?? null;
    let successorIds = successors.map((s) => s.id);
    if (dto.kind === 'merge' && dto.newUnit) {
      const parentId = dto.newUnit.parentId ?? units.get(sources[0])?.parentId ?? null;
      const parent = parentId
        ? (units.get(parentId) ?? (await this.unitRefs([parentId])).get(parentId))
        : null;
      if (dto.newUnit.parentId && !parent) {
        details.push(fieldError('newUnit.parentId', 'exists', 'Không có đơn vị này'));
      } else if (parent?.dissolved) details.push(dissolved('newUnit.parentId'));
      else if (parent && sourcePaths.some((p) => parent.path.startsWith(p))) {
        details.push(
          fieldError(
            'newUnit.parentId',
            'outsideSource',
            'Đơn vị mới không được trực thuộc đơn vị bị hợp nhất',
          ),
        );
      }
      newUnit = {
        id: crypto.randomUUID(),
        code: dto.newUnit.code,
        name: dto.newUnit.name.trim(),
        kind: dto.newUnit.kind,
        parentId: parentId!,
      };
      defaultSuccessor = newUnit.id;
      successorIds = [newUnit.id];
    }
    const assignments: TaskAssignment[] = dto.taskAssignments ?? [];
    if (dto.kind === 'split') {
      defaultSuccessor = dto.defaultSuccessorUnitId!;
      const among = new Set(dto.successorUnitIds);
      if (!among.has(defaultSuccessor)) {
        details.push(oneOfSuccessors('defaultSuccessorUnitId'));
      }
      assignments.forEach((a, i) => {
        if (!among.has(a.unitId)) details.push(oneOfSuccessors(`taskAssignments[${i}].unitId`));
      });
      const open = await this.openTasksOf(
        dto.unitId!,
        assignments.map((a) => a.taskId),
      );
      assignments.forEach((a, i) => {
        if (!open.has(a.taskId)) {
          details.push(
            fieldError(
              `taskAssignments[${i}].taskId`,
              'openTaskOfUnit',
              'Không phải nhiệm vụ đang thực hiện do đơn vị bị chia tách chủ trì',
            ),
          );
        }
      });
      if (new Set(assignments.map((a) => a.taskId)).size !== assignments.length) {
        details.push(fieldError('taskAssignments', 'unique', 'Mỗi nhiệm vụ chỉ được nêu một lần'));
      }
    }
    if (dto.kind === 'dissolve' && !dto.successorUnitId) {
      const unit = units.get(dto.unitId!);
      if (unit && (unit.openTasks > 0 || unit.children > 0)) {
        details.push(
          fieldError(
            'successorUnitId',
            'required',
            `Đơn vị còn ${unit.openTasks} nhiệm vụ đang thực hiện và ${unit.children} đơn vị trực thuộc: cần đơn vị kế thừa`,
          ),
        );
      } else if (unit && (unit.openPlans > 0 || unit.openRounds > 0)) {
        details.push(
          fieldError(
            'successorUnitId',
            'required',
            `Đơn vị còn ${unit.openPlans} kế hoạch và ${unit.openRounds} đợt kiểm tra chưa kết thúc: cần đơn vị kế thừa`,
          ),
        );
      }
    }
    if (details.length > 0) throw validationFailed(...details);
    await this.codesFree(
      dto.kind === 'rename' ? dto.code : newUnit?.code,
      dto.kind === 'rename' ? sources[0] : null,
    );
    // A unit goes away once; a successor must not go away first. Several may flow into one.
    const pending = await this.db.query(
      `SELECT id FROM reorganisations WHERE status IN ('scheduled', 'running')
         AND (source_unit_ids && $1::uuid[] OR successor_unit_ids && $1::uuid[]
              OR source_unit_ids && $2::uuid[])`,
      [sources, successorIds],
    );
    if (pending.length > 0) {
      throw conflict(
        'REORGANISATION_PENDING',
        `Đơn vị đã có một phương án sắp xếp chưa thực hiện xong (${pending[0].id})`,
      );
    }
    const [{ id }] = await this.db.query(
      `INSERT INTO reorganisations (kind, effective_on, source_unit_ids, successor_unit_ids,
         default_successor_id, task_assignments, new_unit, new_name, new_code, decision, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        dto.kind,
        dto.effectiveOn,
        sources,
        dto.kind === 'rename' ? [] : successorIds,
        dto.kind === 'rename' ? null : defaultSuccessor,
        JSON.stringify(assignments.map(({ taskId, unitId }) => ({ taskId, unitId }))),
        newUnit ? JSON.stringify(newUnit) : null,
        dto.kind === 'rename' ? dto.name!.trim() : null,
        dto.kind === 'rename' ? (dto.code ?? null) : null,
        dto.decision?.trim() || null,
        actor.id,
      ],
    );
    try {
      await this.workflows.ensure(id, dto.effectiveOn);
    } catch (error) {
      // Not scheduled after all: leave no record that nothing would carry out.
      await this.db.query(`DELETE FROM reorganisations WHERE id = $1`, [id]);
      throw error;
    }
    return this.get(id);
  }

  /** Only while scheduled; afterwards 409 REORGANISATION_NOT_SCHEDULED. */
  async cancel(actor: Actor, id: string): Promise<ReorganisationDto> {
    mayReorganise(actor);
    const [rows] = await this.db.query(
      `UPDATE reorganisations SET status = 'cancelled', cancelled_at = now()
       WHERE id = $1 AND status = 'scheduled' RETURNING id`,
      [id],
    );
    if (rows.length === 0) {
      const current = await this.get(id);
      throw conflict(
        'REORGANISATION_NOT_SCHEDULED',
        `Chỉ hủy được phương án sắp xếp chưa đến ngày hiệu lực (trạng thái hiện tại: ${current.status})`,
      );
    }
    // The workflow would find it cancelled anyway; this ends its timer now.
    await this.temporal.workflow
      .getHandle(reorganisationWorkflowId(id))
      .cancel()
      .catch((error) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
    return this.get(id);
  }

  async list(): Promise<ReorganisationDto[]> {
    return this.db.query(
      `SELECT ${REORGANISATION_COLUMNS} FROM reorganisations r
       ORDER BY r.effective_on DESC, r.created_at DESC LIMIT 500`,
    );
  }

  async get(id: string): Promise<ReorganisationDto> {
    const [row] = await this.db.query(
      `SELECT ${REORGANISATION_COLUMNS} FROM reorganisations r WHERE r.id = $1`,
      [id],
    );
    if (!row) throw notFound('Reorganisation', id);
    return row;
  }

  /** The unit's names over time, the current one last ("as it was" in history). */
  async names(unitId: string): Promise<UnitNameDto[]> {
    const [unit] = await this.db.query(`SELECT name, code FROM units WHERE id = $1`, [unitId]);
    if (!unit) throw notFound('Unit', unitId);
    const former: UnitNameDto[] = await this.db.query(
      `SELECT name, code, valid_from::text AS "validFrom", valid_to::text AS "validTo"
       FROM unit_names WHERE unit_id = $1 ORDER BY valid_to`,
      [unitId],
    );
    const since = former.at(-1)?.validTo;
    const nextDay = since
      ? new Date(Date.parse(`${since}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      : null;
    return [...former, { name: unit.name, code: unit.code, validFrom: nextDay, validTo: null }];
  }

  private async unitRefs(ids: string[]): Promise<Map<string, UnitRef>> {
    const rows: UnitRef[] = await this.db.query(
      `SELECT u.id, u.path, u.parent_id AS "parentId", u.dissolved_on IS NOT NULL AS dissolved,
              (SELECT count(*)::int FROM tasks t WHERE t.lead_unit_id = u.id
                 AND t.status NOT IN ('completed', 'cancelled')) AS "openTasks",
              (SELECT count(*)::int FROM units c WHERE c.parent_id = u.id) AS children,
              (SELECT count(*)::int FROM plans p WHERE p.issuing_unit_id = u.id
                 AND p.status IN ('draft', 'issued')) AS "openPlans",
              (SELECT count(*)::int FROM inspection_rounds r WHERE r.status <> 'closed'
                 AND (r.inspecting_unit_id = u.id
                      OR EXISTS (SELECT 1 FROM inspection_targets t
                                 WHERE t.round_id = r.id AND t.unit_id = u.id))) AS "openRounds"
       FROM units u WHERE u.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async openTasksOf(unitId: string, taskIds: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM tasks WHERE id = ANY($2::uuid[]) AND lead_unit_id = $1
         AND status NOT IN ('completed', 'cancelled')`,
      [unitId, taskIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  private async codesFree(code: string | undefined, ownUnitId: string | null): Promise<void> {
    if (!code) return;
    const taken = await this.db.query(
      `SELECT 1 FROM units WHERE code = $1 AND id IS DISTINCT FROM $2::uuid
       UNION ALL
       SELECT 1 FROM reorganisations WHERE status IN ('scheduled', 'running')
         AND (new_code = $1 OR new_unit ->> 'code' = $1)`,
      [code, ownUnitId],
    );
    if (taken.length > 0) throw conflict('UNIT_CODE_TAKEN', `Unit code ${code} is already used`);
  }
}

/** Admins, and leaders of the province itself (Chủ tịch UBND tỉnh signs the decision). */
function mayReorganise(actor: Actor): void {
  if (hasRole(actor, 'admin') || (hasRole(actor, 'leader') && isProvinceWide(actor))) return;
  throw forbidden('ROLE_REQUIRED', 'Chỉ quản trị hệ thống hoặc lãnh đạo UBND tỉnh sắp xếp đơn vị');
}

const dissolved = (field: string) =>
  fieldError(field, 'notDissolved', 'Đơn vị đã giải thể hoặc sáp nhập');

const oneOfSuccessors = (field: string) =>
  fieldError(field, 'oneOfSuccessors', 'Phải là một trong các đơn vị tại successorUnitIds');
