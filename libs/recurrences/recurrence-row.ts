import type { IsoDate } from '../domain/dates';
import type { RecurrenceRule } from '../domain/recurrence';

export type RecurrenceStatus = 'active' | 'paused' | 'ended';

/** A row of `recurrences` as the services read it. */
export interface RecurrenceRow {
  id: string;
  title: string;
  description: string | null;
  source: string;
  sourceDocument: string | null;
  rule: RecurrenceRule;
  leadDays: number;
  targetUnitIds: string[];
  targetUnitKind: string | null;
  scopePath: string;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  status: RecurrenceStatus;
  assigningUnitId: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}

/** The SELECT list of a RecurrenceRow from `recurrences r`. */
export const RECURRENCE_COLUMNS = `r.id, r.title, r.description, r.source,
  r.source_document AS "sourceDocument", r.rule, r.lead_days AS "leadDays",
  r.target_unit_ids AS "targetUnitIds", r.target_unit_kind AS "targetUnitKind",
  r.scope_path AS "scopePath", r.starts_on::text AS "startsOn", r.ends_on::text AS "endsOn",
  r.status, r.assigning_unit_id AS "assigningUnitId", r.created_by AS "createdBy",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.ended_at AS "endedAt"`;
