import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';
import { HISTORIES, replayFinished, replayOptions } from '../support/workflow-histories';

/**
 * Workflow code must replay the histories it wrote before: these tests replay every saved
 * history (task, plan, inspection) against today's bundle. Set UPDATE_WORKFLOW_HISTORIES=1 to save
 * a fresh one after an intended change (old files stay, so old histories keep being checked).
 */
describe('Workflow code replays its earlier histories', () => {
  it('replays every saved workflow history without nondeterminism', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
      await expect(
        Worker.runReplayHistory(replayOptions(), history, file),
      ).resolves.toBeUndefined();
    }
  });

  it('replays a fresh history of assignment, parallel progress reports, extension, return and approval', async () => {
    const stack = await TestStack.start();
    try {
      const { unitIds } = await seedOrganization(stack.api);
      const [leader, manager] = await Promise.all([
        stack.login('chutich'),
        stack.login('skhdt.giamdoc'),
      ]);
      const act = (token: string, id: string, action: string, body: object = {}) =>
        stack.http
          .post(`/api/v1/tasks/${id}/${action}`)
          .set('Authorization', `Bearer ${token}`)
          .send(body)
          .expect(200);
      const { body: task } = await stack.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${leader}`)
        .send({
          title: 'Lưu lịch sử workflow',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          dueDate: '2030-06-30',
        })
        .expect(201);
      await act(manager, task.id, 'accept');
      await act(manager, task.id, 'progress', { percent: 50 });
      // A burst of parallel updates: they queue, and the history must replay in their order.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          act(manager, task.id, 'progress', { percent: 51 + i }),
        ),
      );
      await act(manager, task.id, 'extension-requests', {
        newDueDate: '2030-07-31',
        reason: 'Chờ ý kiến',
      });
      await act(leader, task.id, 'extension-decision', { approve: true });
      await act(manager, task.id, 'submit', { result: 'Bản 1' });
      await act(leader, task.id, 'return', { reason: 'Bổ sung số liệu' });
      await act(manager, task.id, 'submit', { result: 'Bản 2' });
      await act(leader, task.id, 'approve');

      await replayFinished(stack, task.workflow.workflowId, 'task-lifecycle');
    } finally {
      await stack.close();
    }
  });
});
