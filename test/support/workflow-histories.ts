import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateTemporalCli } from '../../libs/infra/go-binaries';
import { workflowSpanSinks } from '../../apps/worker/src/workflow-span-sinks';
import type { TestStack } from './test-stack';
import { testEnv } from './test-env';

/** Saved histories that today's bundle must replay (workflow-replay.e2e replays every file). */
export const HISTORIES = join(__dirname, '..', 'fixtures', 'workflow-histories');

export const replayOptions = () => ({
  workflowBundle: { codePath: testEnv('bundle') },
  // The bundle's OpenTelemetry workflow interceptors call this sink (else: an error per call).
  sinks: workflowSpanSinks(),
});

/**
 * Waits for a workflow to finish, replays its history against today's bundle, and with
 * UPDATE_WORKFLOW_HISTORIES=1 saves it as `<prefix>-<day>.json` (`-2`, `-3`… when a recording of
 * that day exists: old files stay, so old histories keep being checked).
 */
export async function replayFinished(stack: TestStack, workflowId: string, prefix: string) {
  const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
  try {
    const handle = new Client({ connection }).workflow.getHandle(workflowId);
    await handle.result();
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(replayOptions(), history, workflowId);
  } finally {
    await connection.close();
  }
  if (process.env.UPDATE_WORKFLOW_HISTORIES !== '1') return;
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
  const day = new Date().toISOString().slice(0, 10);
  let file = join(HISTORIES, `${prefix}-${day}.json`);
  for (let n = 2; existsSync(file); n++) file = join(HISTORIES, `${prefix}-${day}-${n}.json`);
  writeFileSync(file, json);
}
