import { seedOrganization } from '../../db/seeds/demo-organization';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';
import { replayFinished } from '../support/workflow-histories';

/**
 * A fresh plan history (items, obligations started by the `startObligations` update, closed by
 * cancelling) must replay against today's bundle; with UPDATE_WORKFLOW_HISTORIES=1 it is saved
 * beside the others (plan-lifecycle-2026-12-03.json was recorded when the issue request still
 * started the obligation tasks itself, -2 after). workflow-replay.e2e replays every saved file.
 */
describe('The plan workflow replays its earlier histories', () => {
  it('replays a fresh history of a plan with items and obligations, closed by cancelling', async () => {
    const stack = await TestStack.start();
    try {
      const { unitIds } = await seedOrganization(stack.api);
      const leader = await stack.login('chutich');
      const call = (path: string, body: object) =>
        stack.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${leader}`).send(body);
      const { body: plan } = await call('/plans', {
        symbol: '389/KH-UBND',
        issueDate: dayFromToday(-3),
        title: 'Lưu lịch sử workflow kế hoạch',
      }).expect(201);
      for (const title of ['Rà soát thủ tục', 'Số hóa hồ sơ']) {
        await call(`/plans/${plan.id}/items`, {
          title,
          source: 'ubnd_tinh',
          leadUnitId: unitIds.STP,
          dueDate: dayFromToday(30),
        }).expect(201);
      }
      await call(`/plans/${plan.id}/issue`, {
        implementingUnits: [
          { unitId: unitIds.SKHDT, dueDate: dayFromToday(10) },
          { unitId: unitIds.SNV, dueDate: dayFromToday(10) },
        ],
      }).expect(201);
      await stack.eventually(async () => {
        const [{ n }] = await stack.db.query(
          'SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1',
          [plan.id],
        );
        return n === 4;
      });
      const closed = await call(`/plans/${plan.id}/close`, { mode: 'cancel' }).expect(200);
      expect(closed.body.counts).toMatchObject({ total: 4, open: 0, cancelled: 4 });

      await replayFinished(stack, `plan-${plan.id}`, 'plan-lifecycle');
    } finally {
      await stack.close();
    }
  });
});
