import { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { locateTemporalCli } from '../../libs/infra/temporal-cli';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';
import { testEnv } from '../support/test-env';

/**
 * The plan workflow must replay the histories it wrote before (plan-lifecycle-*.json, saved with
 * UPDATE_WORKFLOW_HISTORIES=1 like the task histories): plan-lifecycle-2026-12-03.json was
 * recorded when the issue request still started the obligation tasks itself, -2 after they moved
 * into the workflow's `startObligations` update.
 */
const HISTORIES = join(__dirname, '..', 'fixtures', 'workflow-histories');
const replayOptions = () => ({ workflowBundle: { codePath: testEnv('bundle') } });

describe('The plan workflow replays its earlier histories', () => {
  it('replays every saved plan lifecycle history without nondeterminism', async () => {
    const files = readdirSync(HISTORIES).filter(
      (f) => f.startsWith('plan-lifecycle-') && f.endsWith('.json'),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
      await expect(
        Worker.runReplayHistory(replayOptions(), history, file),
      ).resolves.toBeUndefined();
    }
  });

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

      const workflowId = `plan-${plan.id}`;
      const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
      const handle = new Client({ connection }).workflow.getHandle(workflowId);
      await handle.result();
      const history = await handle.fetchHistory();
      await connection.close();
      await expect(
        Worker.runReplayHistory(replayOptions(), history, workflowId),
      ).resolves.toBeUndefined();
      if (process.env.UPDATE_WORKFLOW_HISTORIES === '1') {
        // The CLI writes the proto-JSON form that historyFromJSON reads back.
        const cli = await locateTemporalCli(() => undefined);
        const json = execFileSync(cli, [
          'workflow',
          'show',
          '-w',
          workflowId,
          '--address',
          stack.env.TEMPORAL_ADDRESS,
          '-o',
          'json',
        ]);
        // Two recordings on one day (before and after a change) both stay.
        const day = new Date().toISOString().slice(0, 10);
        let file = join(HISTORIES, `plan-lifecycle-${day}.json`);
        for (let n = 2; existsSync(file); n++) {
          file = join(HISTORIES, `plan-lifecycle-${day}-${n}.json`);
        }
        writeFileSync(file, json);
      }
    } finally {
      await stack.close();
    }
  });
});
