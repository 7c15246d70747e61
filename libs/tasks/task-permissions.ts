import { Actor, canSeeUnitPath, hasRole, isProvinceWide, scopePattern } from '../auth/actor';
import type { TaskActionType } from '../domain/task-state';

/** What the permission rules need to know about a task. */
export interface TaskScope {
  assignerId: string;
  assigneeId: string | null;
  watcherIds: string[];
  reviewerIds: string[];
  assigningUnitPath: string;
  leadUnitPath: string;
  coordinatingUnitPaths: string[];
}

/**
 * Everyone concerned sees a task: whoever's scope (its unit's subtree, or its own province for
 * province-wide roles) holds the lead, assigning or a coordinating unit, and the people named on
 * it (assigner, assignee, watchers, reviewers). `visibleTaskSql` is the same rule in SQL: keep
 * the two in step, so a task opens exactly when it appears in the caller's lists.
 */
export function canViewTask(actor: Actor, task: TaskScope): boolean {
  return (
    [task.leadUnitPath, task.assigningUnitPath, ...task.coordinatingUnitPaths].some((p) =>
      canSeeUnitPath(actor, p),
    ) ||
    actor.id === task.assignerId ||
    actor.id === task.assigneeId ||
    task.watcherIds.includes(actor.id) ||
    task.reviewerIds.includes(actor.id)
  );
}

/**
 * `canViewTask` as a predicate on the tasks row `t` for a query: `scope` and `me` are the
 * placeholders (e.g. `:scope`, `$3`) bound to `scopePattern(actor)` and the actor's id.
 */
export function visibleTaskSql(t: string, scope: string, me: string): string {
  const { lead, others } = visibleTaskArms(
    t,
    scope,
    `ARRAY(SELECT su.id FROM units su WHERE su.path LIKE ${scope})`,
    me,
  );
  return `(${lead} OR ${others})`;
}

/**
 * The same rule in two arms: the lead unit in scope, or any other reason (assigning or a
 * coordinating unit in scope, `units` being the scope's unit ids as a uuid[] expression, or named
 * on the task). Each condition is one an index answers (lead_unit_path is the lead unit's path,
 * kept by triggers; `= ANY`, `&&` and `@>` on the unit and people indexes), so the planner can
 * gather the second arm's rows with a BitmapOr.
 */
export function visibleTaskArms(t: string, scope: string, units: string, me: string) {
  return {
    lead: `${t}.lead_unit_path LIKE ${scope}`,
    // `<> '{}'` (implied by the test beside it) matches the partial GIN indexes.
    others: `(${t}.assigning_unit_id = ANY(${units})
    OR (${t}.coordinating_unit_ids && ${units} AND ${t}.coordinating_unit_ids <> '{}')
    OR ${t}.assigner_id = ${me}::uuid OR ${t}.assignee_id = ${me}::uuid
    OR (${t}.watcher_ids @> ARRAY[${me}::uuid] AND ${t}.watcher_ids <> '{}')
    OR (${t}.reviewer_ids @> ARRAY[${me}::uuid] AND ${t}.reviewer_ids <> '{}'))`,
  };
}

/** Managers and specialists of the lead unit (or of a unit above it) act for the lead unit. */
function actsForLeadUnit(actor: Actor, task: TaskScope): boolean {
  return (
    (hasRole(actor, 'unit_manager', 'specialist') &&
      task.leadUnitPath.startsWith(actor.unitPath)) ||
    actor.id === task.assigneeId
  );
}

const managesLeadUnit = (actor: Actor, task: TaskScope) =>
  hasRole(actor, 'unit_manager') && task.leadUnitPath.startsWith(actor.unitPath);

/** The assigner, the leaders of the assigning unit, and the province's leaders decide. */
function actsForAssigner(actor: Actor, task: TaskScope): boolean {
  return (
    actor.id === task.assignerId ||
    task.reviewerIds.includes(actor.id) ||
    (hasRole(actor, 'leader', 'unit_manager') && actor.unitPath === task.assigningUnitPath) ||
    (hasRole(actor, 'leader') &&
      isProvinceWide(actor) &&
      canSeeUnitPath(actor, task.assigningUnitPath))
  );
}

/**
 * `actsForAssigner` as a predicate on the tasks row `t` for a query: the tasks awaiting the
 * actor's decision (those it may approve or return). The actor's roles are known here, so only
 * the arms that can hold are written; `param` binds a value and returns its placeholder. Keep the
 * two in step (test/e2e/task-list-filters.e2e-spec.ts compares them on generated data).
 */
export function approverTaskSql(actor: Actor, t: string, param: (value: unknown) => string) {
  const me = `${param(actor.id)}::uuid`;
  const arms = [
    `${t}.assigner_id = ${me}`,
    `(${t}.reviewer_ids @> ARRAY[${me}] AND ${t}.reviewer_ids <> '{}')`,
  ];
  if (hasRole(actor, 'leader', 'unit_manager')) {
    arms.push(
      `${t}.assigning_unit_id IN (SELECT au.id FROM units au WHERE au.path = ${param(actor.unitPath)})`,
    );
  }
  if (hasRole(actor, 'leader') && isProvinceWide(actor)) {
    arms.push(
      `${t}.assigning_unit_id IN (SELECT au.id FROM units au WHERE au.path LIKE ${param(scopePattern(actor))})`,
    );
  }
  return `(${arms.join(' OR ')})`;
}

const RULES: Record<TaskActionType, (actor: Actor, task: TaskScope) => boolean> = {
  accept: actsForLeadUnit,
  reportProgress: actsForLeadUnit,
  submitResult: managesLeadUnit,
  requestExtension: managesLeadUnit,
  recordExplanation: actsForLeadUnit,
  approve: actsForAssigner,
  returnForRework: actsForAssigner,
  decideExtension: actsForAssigner,
  reassign: actsForAssigner,
  cancel: actsForAssigner,
  // Only the system fulfils (e.g. a plan registered against an obligation); no HTTP route.
  fulfil: () => false,
};

export function mayPerform(actor: Actor, action: TaskActionType, task: TaskScope): boolean {
  return RULES[action](actor, task);
}

/** Only the lead unit's managers split a task into sub-tasks. */
export const maySplit = managesLeadUnit;
