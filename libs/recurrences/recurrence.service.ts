import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, canSeeUnitPath, scopePath, scopePattern } from '../auth/actor';
import {
  conflict,
  ErrorDetail,
  fieldError,
  forbidden,
  validationFailed,
} from '../common/domain.exception';
import { tryParseDocumentSymbol } from '../documents/document-symbol';
import { vnDateOf } from '../domain/dates';
import { DEFAULT_LEAD_DAYS, normalizeRule } from '../domain/recurrence';
import { addDays } from '../domain/task-clock';
import type { RecurrenceChangeDto } from './dto/recurrence-result.dto';
import { CreateRecurrenceDto, UpdateRecurrenceDto } from './dto/recurrence.dto';
import { RecurrenceQueryService } from './recurrence-query.service';
import type { RecurrenceStatus } from './recurrence-row';
import { RecurrenceSchedules } from './recurrence-schedules';

/** How far back a new recurrence may start (its past periods are then created too). */
const MAX_BACKFILL_DAYS = 366;

/**
 * Recurring tasks, the commands (docs/domain.md §8; docs/decisions/0022). Each change to the row
 * and to its Temporal Schedule happens in one database transaction: the Schedule is changed
 * before the commit, so a refused Schedule leaves the row as it was.
 */
@Injectable()
export class RecurrenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queries: RecurrenceQueryService,
    private readonly schedules: RecurrenceSchedules,
  ) {}

  async create(actor: Actor, dto: CreateRecurrenceDto): Promise<RecurrenceChangeDto> {
    const today = vnDateOf(Date.now());
    const startsOn = dto.startsOn ?? today;
    const details = await this.checkReferences(actor, dto);
    if (startsOn < addDays(today, -MAX_BACKFILL_DAYS)) {
      details.push(
        fieldError('startsOn', 'notTooEarly', 'startsOn may be at most a year before today'),
      );
    }
    if (dto.endsOn && dto.endsOn < startsOn) {
      details.push(fieldError('endsOn', 'afterStart', 'endsOn must not be before startsOn'));
    }
    if (details.length > 0) throw validationFailed(...details);
    const rule = normalizeRule(dto.rule);
    const id = await this.db.transaction(async (em) => {
      const [{ id }] = await em.query(
        `INSERT INTO recurrences (title, description, source, source_document, rule, lead_days,
           target_unit_ids, target_unit_kind, scope_path, starts_on, ends_on, assigning_unit_id,
           created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          dto.title.trim(),
          dto.description ?? null,
          dto.source,
          canonicalSymbol(dto.sourceDocument),
          JSON.stringify(rule),
          dto.leadDays ?? DEFAULT_LEAD_DAYS[rule.kind],
          dto.targetUnitIds ?? [],
          dto.targetUnitKind ?? null,
          scopePath(actor),
          startsOn,
          dto.endsOn ?? null,
          actor.unitId,
          actor.id,
        ],
      );
      await this.schedules.ensure(id, 'active');
      return id as string;
    });
    return this.afterChange(actor, id, true);
  }

  /** Edits apply to occurrences not created yet; a new rule starts from today's periods. */
  async update(actor: Actor, id: string, dto: UpdateRecurrenceDto): Promise<RecurrenceChangeDto> {
    const details = await this.checkReferences(actor, dto);
    if (details.length > 0) throw validationFailed(...details);
    await this.change(actor, id, async (em, row) => {
      if (row.status === 'ended') throw ended();
      const targets =
        dto.targetUnitIds !== undefined || dto.targetUnitKind !== undefined
          ? { ids: dto.targetUnitIds ?? [], kind: dto.targetUnitKind ?? null }
          : null;
      const rule = dto.rule ? normalizeRule(dto.rule) : null;
      if (dto.endsOn && dto.endsOn < row.startsOn) {
        throw validationFailed(
          fieldError('endsOn', 'afterStart', 'endsOn must not be before startsOn'),
        );
      }
      await em.query(
        `UPDATE recurrences SET
           title = coalesce($2, title),
           description = CASE WHEN $3::boolean THEN $4 ELSE description END,
           source = coalesce($5, source),
           source_document = CASE WHEN $6::boolean THEN $7 ELSE source_document END,
           rule = coalesce($8::jsonb, rule),
           starts_on = CASE WHEN $8::jsonb IS NOT NULL AND $8::jsonb <> rule
                            THEN greatest(starts_on, $9::date) ELSE starts_on END,
           lead_days = coalesce($10, lead_days),
           target_unit_ids = CASE WHEN $11::boolean THEN $12::uuid[] ELSE target_unit_ids END,
           target_unit_kind = CASE WHEN $11::boolean THEN $13 ELSE target_unit_kind END,
           ends_on = CASE WHEN $14::boolean THEN $15::date ELSE ends_on END,
           updated_at = now()
         WHERE id = $1`,
        [
          id,
          dto.title?.trim() ?? null,
          dto.description !== undefined,
          dto.description ?? null,
          dto.source ?? null,
          dto.sourceDocument !== undefined,
          canonicalSymbol(dto.sourceDocument),
          rule && JSON.stringify(rule),
          vnDateOf(Date.now()),
          dto.leadDays ?? null,
          targets !== null,
          targets?.ids ?? [],
          targets?.kind ?? null,
          dto.endsOn !== undefined,
          dto.endsOn ?? null,
        ],
      );
    });
    return this.afterChange(actor, id, true);
  }

  async pause(actor: Actor, id: string, reason?: string): Promise<RecurrenceChangeDto> {
    await this.change(actor, id, async (em, row) => {
      if (row.status === 'ended') throw ended();
      if (row.status === 'paused') {
        throw conflict('RECURRENCE_NOT_ACTIVE', 'The recurrence is already paused');
      }
      await setStatus(em, id, 'paused');
      await this.schedules.pause(id, reason?.trim() || `Tạm dừng bởi ${actor.fullName}`);
    });
    return this.afterChange(actor, id, false);
  }

  /** Resumes from today: periods due while it was paused are not created afterwards. */
  async resume(actor: Actor, id: string): Promise<RecurrenceChangeDto> {
    await this.change(actor, id, async (em, row) => {
      if (row.status === 'ended') throw ended();
      if (row.status === 'active') {
        throw conflict('RECURRENCE_NOT_PAUSED', 'The recurrence is not paused');
      }
      await setStatus(em, id, 'active');
      await em.query(
        `UPDATE recurrences SET starts_on = greatest(starts_on, $2::date),
           ends_on = CASE WHEN ends_on < greatest(starts_on, $2::date) THEN NULL ELSE ends_on END
         WHERE id = $1`,
        [id, vnDateOf(Date.now())],
      );
      await this.schedules.resume(id);
    });
    return this.afterChange(actor, id, true);
  }

  /** Ends the recurrence: no more occurrences; the ones created go on as ordinary tasks. */
  async end(actor: Actor, id: string): Promise<RecurrenceChangeDto> {
    await this.change(actor, id, async (em, row) => {
      if (row.status === 'ended') throw ended();
      await setStatus(em, id, 'ended');
      await this.schedules.remove(id);
    });
    return this.afterChange(actor, id, false);
  }

  /** Loads the row for update (404 unseen, 403 not managed) and applies `apply` in one transaction. */
  private async change(
    actor: Actor,
    id: string,
    apply: (
      em: EntityManager,
      row: { status: RecurrenceStatus; startsOn: string },
    ) => Promise<void>,
  ): Promise<void> {
    const listed = await this.queries.load(actor, id);
    if (!this.queries.canManage(actor, listed)) {
      throw forbidden(
        'OUTSIDE_SCOPE',
        "Only the assigning unit's leaders may change a recurring task",
      );
    }
    await this.db.transaction(async (em) => {
      const [row] = await em.query(
        `SELECT status, starts_on::text AS "startsOn" FROM recurrences WHERE id = $1 FOR UPDATE`,
        [id],
      );
      await apply(em, row);
    });
  }

  private async afterChange(actor: Actor, id: string, run: boolean) {
    const result = run ? await this.schedules.runNow(id) : null;
    return { ...(await this.queries.get(actor, id)), startedNow: result?.started ?? null };
  }

  /** Source, document symbol and targets: every failing field at once (400), then the scope (403). */
  private async checkReferences(
    actor: Actor,
    dto: Partial<CreateRecurrenceDto>,
  ): Promise<ErrorDetail[]> {
    const details: ErrorDetail[] = [];
    if (dto.targetUnitIds !== undefined && dto.targetUnitKind !== undefined) {
      details.push(
        fieldError('targetUnitKind', 'exclusive', 'give either targetUnitIds or targetUnitKind'),
      );
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
    const [refs]: {
      sourceActive: boolean;
      unitPaths: string[];
      kindInScope: boolean;
    }[] = await this.db.query(
      `SELECT ($1::varchar IS NULL OR EXISTS (SELECT 1 FROM task_sources s WHERE s.key = $1 AND s.active))
                AS "sourceActive",
              ARRAY(SELECT path FROM units WHERE id = ANY($2::uuid[])) AS "unitPaths",
              ($3::varchar IS NULL OR EXISTS (SELECT 1 FROM units WHERE kind = $3 AND path LIKE $4))
                AS "kindInScope"`,
      [
        dto.source ?? null,
        dto.targetUnitIds ?? [],
        dto.targetUnitKind ?? null,
        scopePattern(actor),
      ],
    );
    if (!refs.sourceActive) {
      details.push(fieldError('source', 'exists', 'source must be a key of /task-sources'));
    }
    if (dto.targetUnitIds && refs.unitPaths.length !== dto.targetUnitIds.length) {
      details.push(fieldError('targetUnitIds', 'exists', 'every target unit must exist'));
    }
    if (!refs.kindInScope) {
      details.push(
        fieldError('targetUnitKind', 'exists', 'no unit of this kind lies in your scope'),
      );
    }
    if (details.length === 0 && refs.unitPaths.some((path) => !canSeeUnitPath(actor, path))) {
      throw forbidden('OUTSIDE_SCOPE', 'You may only assign tasks to units in your own scope');
    }
    return details;
  }
}

const ended = () => conflict('RECURRENCE_ENDED', 'The recurrence has ended');

const canonicalSymbol = (symbol: string | undefined | null) =>
  symbol ? tryParseDocumentSymbol(symbol)!.canonical : null;

const setStatus = (em: EntityManager, id: string, status: RecurrenceStatus) =>
  em.query(
    `UPDATE recurrences SET status = $2::varchar, updated_at = now(),
       ended_at = CASE WHEN $2::varchar = 'ended' THEN now() ELSE ended_at END
     WHERE id = $1`,
    [id, status],
  );
