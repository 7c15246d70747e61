import fc from 'fast-check';
import { TIMELINESS_CLASSES } from '../domain/timeliness';
import {
  addCounts,
  buildPlanTree,
  countTasks,
  PlanTreeCounts,
  withImplementedLabel,
} from './plan-tree';

interface Plan {
  id: string;
  parentPlanId: string | null;
  symbol: string;
}
interface Task {
  planId: string;
  id: string;
  status: string;
  timeliness: string;
  visible: boolean;
}

const plan = (id: string, parentPlanId: string | null = null): Plan => ({
  id,
  parentPlanId,
  symbol: `${id}/KH-UBND`,
});
let seq = 0;
const task = (planId: string, status: string, timeliness: string, visible = true): Task => ({
  planId,
  id: `t${++seq}`,
  status,
  timeliness,
  visible,
});

/** The straightforward recursive roll-up the pure function replaced: the reference. */
function reference(rootId: string, plans: Plan[], tasks: Task[]) {
  const build = (id: string): { rollup: PlanTreeCounts; view: Record<string, unknown> } => {
    const own = tasks.filter((t) => t.planId === id);
    const children = plans.filter((p) => p.parentPlanId === id).map((p) => build(p.id));
    const counts = countTasks(own);
    const rollup = children.reduce((acc, c) => addCounts(acc, c.rollup), counts);
    return {
      rollup,
      view: {
        ...plans.find((p) => p.id === id),
        counts: withImplementedLabel(counts),
        rollup: withImplementedLabel(rollup),
        tasks: own.filter((t) => t.visible).map(({ planId: _p, visible: _v, ...t }) => t),
        hiddenTasks: own.filter((t) => !t.visible).length,
        obligations: [],
        children: children.map((c) => c.view),
      },
    };
  };
  return build(rootId).view;
}

describe('buildPlanTree', () => {
  it('counts each plan’s own tasks and rolls them up through every level below it', () => {
    const plans = [plan('389'), plan('102', '389'), plan('15', '389'), plan('7', '102')];
    const tasks = [
      task('389', 'completed', 'completed_early'),
      task('389', 'assigned', 'in_progress'),
      task('389', 'cancelled', 'in_progress'),
      task('102', 'in_progress', 'overdue'),
      task('7', 'submitted', 'in_progress'),
      task('7', 'assigned', 'no_deadline'),
    ];
    const tree = buildPlanTree('389', plans, tasks, []);

    expect(tree.counts).toMatchObject({
      total: 2,
      cancelled: 1,
      implemented: 1,
      completed_early: 1,
      in_progress: 1,
      implementedLabel: '1/2 (50%)',
    });
    expect(tree.rollup).toMatchObject({
      total: 5,
      cancelled: 1,
      implemented: 3,
      completed_early: 1,
      overdue: 1,
      in_progress: 2,
      no_deadline: 1,
      implementedLabel: '3/5 (60%)',
    });
    const [skhdt, snv] = tree.children;
    expect(skhdt).toMatchObject({ id: '102', rollup: { total: 3, implementedLabel: '2/3 (67%)' } });
    expect(skhdt.children.map((c) => c.id)).toEqual(['7']);
    expect(snv).toMatchObject({
      id: '15',
      counts: { total: 0, implementedLabel: '0/0 (0%)' },
      children: [],
    });
  });

  it('lists only the tasks the caller may open, without its own bookkeeping fields, and counts the rest', () => {
    const plans = [plan('389')];
    const tasks = [
      task('389', 'assigned', 'in_progress', true),
      task('389', 'assigned', 'in_progress', false),
    ];
    const tree = buildPlanTree('389', plans, tasks, []);
    expect(tree.tasks).toEqual([
      { id: tasks[0].id, status: 'assigned', timeliness: 'in_progress' },
    ]);
    expect(tree.hiddenTasks).toBe(1);
    expect(tree.counts.total).toBe(2);
  });

  it('gives each plan its own obligations, in the order they were read', () => {
    const plans = [plan('389'), plan('102', '389')];
    const obligations = [
      { planId: '389', unitCode: 'SKHDT' },
      { planId: '102', unitCode: 'SKHDT-TH' },
      { planId: '389', unitCode: 'SNV' },
    ];
    const tree = buildPlanTree('389', plans, [], obligations);
    expect(tree.obligations.map((o) => o.unitCode)).toEqual(['SKHDT', 'SNV']);
    expect(tree.children[0].obligations).toEqual([{ planId: '102', unitCode: 'SKHDT-TH' }]);
  });

  it('keeps every timeliness class in the counts, zero when no task has it', () => {
    const tree = buildPlanTree('1', [plan('1')], [], []);
    for (const c of TIMELINESS_CLASSES) expect(tree.counts[c]).toBe(0);
  });

  it('builds the same tree as the recursive roll-up for any forest of plans and tasks', () => {
    const statuses = ['assigned', 'accepted', 'in_progress', 'submitted', 'completed', 'cancelled'];
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 25 }),
        fc.array(
          fc.record({
            plan: fc.nat(),
            status: fc.constantFrom(...statuses),
            timeliness: fc.constantFrom(...TIMELINESS_CLASSES),
            visible: fc.boolean(),
          }),
          { maxLength: 60 },
        ),
        (parents, specs) => {
          // Plan i's parent is an earlier plan: a tree rooted at p0.
          const plans = [
            plan('p0'),
            ...parents.map((n, i) => plan(`p${i + 1}`, `p${n % (i + 1)}`)),
          ];
          const tasks = specs.map((s, i) => ({
            planId: `p${s.plan % plans.length}`,
            id: `t${i}`,
            status: s.status,
            timeliness: s.timeliness,
            visible: s.visible,
          }));
          expect(buildPlanTree('p0', plans, tasks, [])).toEqual(reference('p0', plans, tasks));
        },
      ),
    );
  });

  it('reads each plan and each task a bounded number of times, however many there are (linear)', () => {
    let reads = 0;
    // Getters count how often the function looks at a plan's parent or a task's plan.
    const counted = <T extends object>(value: T, key: string, v: string | null): T =>
      Object.defineProperty(value, key, {
        enumerable: true,
        get: () => {
          reads++;
          return v;
        },
      });
    const plans = Array.from({ length: 2_000 }, (_, i) =>
      counted(plan(`p${i}`), 'parentPlanId', i === 0 ? null : `p${Math.floor((i - 1) / 3)}`),
    );
    const tasks = Array.from({ length: 20_000 }, (_, i) =>
      counted(task('', 'assigned', 'in_progress'), 'planId', `p${i % plans.length}`),
    );
    const tree = buildPlanTree('p0', plans, tasks, []);
    expect(tree.rollup.total).toBe(20_000);
    // The recursive version read every task once per plan: 40 million reads here.
    expect(reads).toBeLessThanOrEqual(3 * (plans.length + tasks.length));
  });

  it('handles a chain of implementing plans deeper than the call stack would allow', () => {
    const chain = [
      plan('c0'),
      ...Array.from({ length: 20_000 }, (_, i) => plan(`c${i + 1}`, `c${i}`)),
    ];
    const tree = buildPlanTree('c0', chain, [task('c20000', 'assigned', 'overdue')], []);
    expect(tree.rollup.overdue).toBe(1);
    expect(tree.counts.overdue).toBe(0);
  });
});
