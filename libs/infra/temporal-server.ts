import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { TASK_SEARCH_ATTRIBUTES } from '../../workflows/task/task.search-attributes';
import { assertPortFree } from './free-port';
import { startServerProcess } from './server-process';

export interface TemporalServer {
  address: string;
  uiUrl?: string;
  pid?: number;
  /** Resolves when the server process has exited, whether stopped or killed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const NAMESPACE = 'default';

/**
 * Runs `temporal server start-dev` as a child process, with the flags the Temporal SDK's own
 * test environment uses. With `dbFile` its state survives restarts; otherwise it lives in memory.
 */
export async function startTemporalDevServer(opts: {
  cliPath: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  log: (msg: string) => void;
}): Promise<TemporalServer> {
  const dbFile = opts.dbFile && path.resolve(opts.dbFile);
  if (dbFile) await mkdir(path.dirname(dbFile), { recursive: true });
  const address = `127.0.0.1:${opts.port}`;
  const server = await startServerProcess({
    label: 'The Temporal dev server',
    command: opts.cliPath,
    args: devServerArgs(opts.port, opts.uiPort, dbFile),
    pidFile: dbFile && `${dbFile}.pid`,
    identity: dbFile ? ['--db-filename', dbFile] : undefined,
    ready: () => temporalAnswers(address),
    log: opts.log,
    // After a leftover server is stopped: it held the ports.
    before: async () => {
      await assertPortFree(opts.port, 'Temporal');
      if (opts.uiPort !== undefined) await assertPortFree(opts.uiPort, 'Temporal UI');
    },
  });
  const uiUrl = opts.uiPort === undefined ? undefined : `http://127.0.0.1:${opts.uiPort}`;
  return { address, uiUrl, pid: server.pid, exited: server.exited, stop: server.stop };
}

/** The CLI's names of search attribute types. */
const SEARCH_ATTRIBUTE_FLAG_TYPES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

function devServerArgs(port: number, uiPort?: number, dbFile?: string): string[] {
  const dynamicConfig = [
    'frontend.enableUpdateWorkflowExecution=true',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    'frontend.enableServerVersionCheck=false',
  ];
  return [
    ...['server', 'start-dev', '--port', String(port), '--namespace', NAMESPACE],
    ...['--ip', '127.0.0.1', '--log-format', 'pretty', '--log-level', 'warn'],
    ...dynamicConfig.flatMap((value) => ['--dynamic-config-value', value]),
    // Registered only when the server creates its database (see registerSearchAttributes).
    ...TASK_SEARCH_ATTRIBUTES.flatMap(({ name, type }) => [
      '--search-attribute',
      `${name}=${SEARCH_ATTRIBUTE_FLAG_TYPES[type]}`,
    ]),
    ...(dbFile ? ['--db-filename', dbFile] : []),
    ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]),
  ];
}

/** connect() already calls GetSystemInfo; also wait for the namespace clients will use. */
export async function temporalAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}
