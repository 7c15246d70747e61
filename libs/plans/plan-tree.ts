import type { TimelinessClass } from '../domain/timeliness';

/** A plan of the tree, as read: the root and every plan below it. */
export interface PlanTreePlan {
  id: string;
  parentPlanId: string | null;
}

/** A task of one of the tree's plans, with its timeliness as of today. */
export interface PlanTreeTask {
  planId: string;
  id: string;
  status: string;
  timeliness: string;
  /** Whether the caller may open it (GET /tasks/:id); hidden tasks are counted, not listed. */
  visible: boolean;
}

export type PlanTreeCounts = Record<TimelinessClass, number> & {
  total: number;
  implemented: number;
  cancelled: number;
};

/** Counts with their "21/23 (91%)" label. */
export type PlanTreeCountsView = PlanTreeCounts & { implementedLabel: string };

export type PlanTreeNode<P, T, O> = P & {
  counts: PlanTreeCountsView;
  rollup: PlanTreeCountsView;
  tasks: Omit<T, 'planId' | 'visible'>[];
  hiddenTasks: number;
  obligations: O[];
  children: PlanTreeNode<P, T, O>[];
};

/**
 * plan → tasks → child plans → tasks, with counts per timeliness class at every node (`counts`:
 * its own tasks; `rollup`: its own and every plan's below). Linear in plans + tasks + obligations:
 * everything is grouped by plan once, and each node's rollup is its counts plus its children's.
 * Children keep the order of `plans`, tasks and obligations the order of theirs.
 */
export function buildPlanTree<
  P extends PlanTreePlan,
  T extends PlanTreeTask,
  O extends { planId: string },
>(rootId: string, plans: P[], tasks: T[], obligations: O[]): PlanTreeNode<P, T, O> {
  const plansById = new Map(plans.map((p) => [p.id, p]));
  const root = plansById.get(rootId);
  if (!root) throw new Error(`Plan ${rootId} is not among the plans of its tree`);
  const childrenOf = groupBy(plans, (p) => p.parentPlanId);
  const tasksOf = groupBy(tasks, (t) => t.planId);
  const obligationsOf = groupBy(obligations, (o) => o.planId);

  // Breadth-first from the root, then children before parents: no recursion, however deep.
  const order: P[] = [root];
  const seen = new Set([root.id]);
  for (let i = 0; i < order.length; i++) {
    for (const child of childrenOf.get(order[i].id) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      order.push(child);
    }
  }
  const nodes = new Map<string, { node: PlanTreeNode<P, T, O>; rollup: PlanTreeCounts }>();
  for (let i = order.length - 1; i >= 0; i--) {
    const plan = order[i];
    const own = tasksOf.get(plan.id) ?? [];
    const children = (childrenOf.get(plan.id) ?? []).flatMap((c) => nodes.get(c.id) ?? []);
    const counts = countTasks(own);
    const rollup = children.reduce((sum, c) => addCounts(sum, c.rollup), counts);
    const node: PlanTreeNode<P, T, O> = {
      ...plan,
      counts: withImplementedLabel(counts),
      rollup: withImplementedLabel(rollup),
      // Counts cover every task; only those the caller may open are listed.
      tasks: own.filter((t) => t.visible).map(({ planId: _p, visible: _v, ...t }) => t),
      hiddenTasks: own.filter((t) => !t.visible).length,
      obligations: obligationsOf.get(plan.id) ?? [],
      children: children.map((c) => c.node),
    };
    nodes.set(plan.id, { node, rollup });
  }
  return nodes.get(rootId)!.node;
}

const zeroCounts = (): PlanTreeCounts => ({
  completed_early: 0,
  completed_on_time: 0,
  completed_late: 0,
  overdue: 0,
  in_progress: 0,
  no_deadline: 0,
  total: 0,
  implemented: 0,
  cancelled: 0,
});

const COUNT_KEYS = Object.keys(zeroCounts()) as (keyof PlanTreeCounts)[];

/** A cancelled task is counted apart; every other one by its timeliness class. */
export function countTasks(tasks: { status: string; timeliness: string }[]): PlanTreeCounts {
  const counts = zeroCounts();
  for (const t of tasks) {
    if (t.status === 'cancelled') {
      counts.cancelled += 1;
      continue;
    }
    counts.total += 1;
    counts[t.timeliness as TimelinessClass] += 1;
    // Taken up: accepted, in progress, submitted or completed.
    if (t.status !== 'assigned') counts.implemented += 1;
  }
  return counts;
}

export function addCounts(a: PlanTreeCounts, b: PlanTreeCounts): PlanTreeCounts {
  const sum = zeroCounts();
  for (const key of COUNT_KEYS) sum[key] = a[key] + b[key];
  return sum;
}

/** "21/23 (91%)": tasks already taken up out of those not cancelled. */
export function withImplementedLabel(c: PlanTreeCounts): PlanTreeCountsView {
  const share = c.total ? Math.round((c.implemented / c.total) * 100) : 0;
  return { ...c, implementedLabel: `${c.implemented}/${c.total} (${share}%)` };
}

function groupBy<V, K>(values: V[], key: (v: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const v of values) {
    const k = key(v);
    const group = groups.get(k);
    if (group) group.push(v);
    else groups.set(k, [v]);
  }
  return groups;
}
