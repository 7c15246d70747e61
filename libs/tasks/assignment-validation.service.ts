import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor, canSeeUnitPath } from '../auth/actor';
import {
  conflict,
  ErrorDetail,
  fieldError,
  forbidden,
  validationFailed,
} from '../common/domain.exception';
import { tryParseDocumentSymbol } from '../documents/document-symbol';
import { Unit } from '../organization/unit.entity';
import { CreateTaskDto } from './dto/create-task.dto';
import { Task } from './task.entity';

/** The lead unit of a valid assignment. */
export type LeadUnit = Pick<Unit, 'id' | 'path'>;

/** What one query finds about an assignment's references. */
interface References {
  leadUnitId: string | null;
  leadUnitPath: string | null;
  leadUnitDissolved: boolean;
  sourceActive: boolean;
  coordinatingFound: number;
  watchersFound: number;
  assigneeUnitPath: string | null;
  codeTaken: boolean;
}

/**
 * Whether an assignment may start: every reference it makes (lead unit, source, coordinating
 * units, watchers, assignee, and its code in the assigning unit) is looked up in one query, and
 * every failing field is answered at once (docs/domain.md §2).
 */
@Injectable()
export class AssignmentValidationService {
  constructor(@InjectRepository(Task) private readonly tasks: Repository<Task>) {}

  /**
   * Checks an assignment without starting anything; returns the lead unit. Invalid input first
   * (400, every field), then the scope (403: the actor's own, or the parent's lead unit's subtree
   * when splitting), then the code (409).
   */
  async validateAssignment(actor: Actor, dto: CreateTaskDto, parent?: Task): Promise<LeadUnit> {
    const refs = await this.lookUp(actor, dto);
    const details = referenceErrors(dto, refs);
    if (details.length > 0) throw validationFailed(...details);
    const leadUnit = { id: refs.leadUnitId!, path: refs.leadUnitPath! };
    const scopePath = parent ? parent.leadUnit!.path : null;
    if (scopePath ? !leadUnit.path.startsWith(scopePath) : !canSeeUnitPath(actor, leadUnit.path)) {
      throw forbidden('OUTSIDE_SCOPE', 'You may only assign tasks to units in your own scope');
    }
    if (refs.codeTaken) {
      throw conflict('TASK_CODE_TAKEN', `Your unit already has a task with code ${dto.code}`);
    }
    return leadUnit;
  }

  /** The unit a task is reassigned to, if it exists (400) and lies in the actor's scope (403). */
  async checkReassignTarget(actor: Actor, unitId: string): Promise<Unit> {
    const unit = await this.tasks.manager.findOneBy(Unit, { id: unitId });
    if (!unit) {
      throw validationFailed(
        fieldError('leadUnitId', 'exists', 'leadUnitId must name an existing unit'),
      );
    }
    if (unit.dissolvedOn) throw validationFailed(dissolvedLeadUnit());
    if (!canSeeUnitPath(actor, unit.path)) {
      throw forbidden('OUTSIDE_SCOPE', 'You may only reassign to units in your own scope');
    }
    return unit;
  }

  private async lookUp(actor: Actor, dto: CreateTaskDto): Promise<References> {
    const [refs]: References[] = await this.tasks.query(
      `SELECT lu.id AS "leadUnitId", lu.path AS "leadUnitPath",
         lu.dissolved_on IS NOT NULL AS "leadUnitDissolved",
         EXISTS (SELECT 1 FROM task_sources s WHERE s.key = $2 AND s.active) AS "sourceActive",
         (SELECT count(*)::int FROM units cu WHERE cu.id = ANY($3::uuid[])) AS "coordinatingFound",
         (SELECT count(*)::int FROM users wu WHERE wu.id = ANY($4::uuid[])) AS "watchersFound",
         (SELECT au.path FROM users a JOIN units au ON au.id = a.unit_id
          WHERE a.id = $5::uuid) AS "assigneeUnitPath",
         ($7::varchar IS NOT NULL AND EXISTS (SELECT 1 FROM tasks t
          WHERE t.assigning_unit_id = $6::uuid AND t.code = $7::varchar)) AS "codeTaken"
       FROM (VALUES (1)) one LEFT JOIN units lu ON lu.id = $1::uuid`,
      [
        dto.leadUnitId,
        dto.source,
        dto.coordinatingUnitIds ?? [],
        dto.watcherIds ?? [],
        dto.assigneeId ?? null,
        actor.unitId,
        dto.code ?? null,
      ],
    );
    return refs;
  }
}

/** A unit merged, absorbed, split or dissolved (docs/domain.md §9) leads no new work. */
const dissolvedLeadUnit = () =>
  fieldError(
    'leadUnitId',
    'notDissolved',
    'leadUnitId names a unit that no longer exists (đơn vị đã giải thể hoặc sáp nhập)',
  );

/** Every field of the assignment that its references (or its own values) make invalid. */
function referenceErrors(dto: CreateTaskDto, refs: References): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const leadPath = refs.leadUnitPath;
  if (!refs.leadUnitId) {
    details.push(fieldError('leadUnitId', 'exists', 'leadUnitId must name an existing unit'));
  } else if (refs.leadUnitDissolved) {
    details.push(dissolvedLeadUnit());
  }
  if (!refs.sourceActive) {
    details.push(fieldError('source', 'exists', 'source must be a key of /task-sources'));
  }
  if (dto.sourceDocument && !tryParseDocumentSymbol(dto.sourceDocument)) {
    details.push(
      fieldError(
        'sourceDocument',
        'documentSymbol',
        'sourceDocument must be a số/ký hiệu such as 389/KH-UBND',
      ),
    );
  }
  if (dto.dueDate && dto.dueInWorkingDays) {
    details.push(
      fieldError('dueInWorkingDays', 'exclusive', 'give either dueDate or dueInWorkingDays'),
    );
  }
  const coordinating = dto.coordinatingUnitIds ?? [];
  if (coordinating.length && refs.coordinatingFound !== coordinating.length) {
    details.push(fieldError('coordinatingUnitIds', 'exists', 'every coordinating unit must exist'));
  }
  if (refs.leadUnitId && coordinating.includes(refs.leadUnitId)) {
    details.push(
      fieldError('coordinatingUnitIds', 'notLead', 'the lead unit cannot also coordinate'),
    );
  }
  const watchers = dto.watcherIds ?? [];
  if (watchers.length && refs.watchersFound !== watchers.length) {
    details.push(fieldError('watcherIds', 'exists', 'every watcher must be an existing user'));
  }
  if (dto.assigneeId && leadPath && !refs.assigneeUnitPath?.startsWith(leadPath)) {
    details.push(fieldError('assigneeId', 'inLeadUnit', 'the assignee must work in the lead unit'));
  }
  return details;
}
