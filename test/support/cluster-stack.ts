import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startAppProcesses, processName } from '../../apps/launcher/src/app-processes';
import {
  ClusterEnvironment,
  startClusterEnvironment,
} from '../../apps/launcher/src/cluster-environment';
import { Supervisor } from '../../apps/launcher/src/supervisor';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { migrate } from '../../db/data-source';
import { DEMO_PASSWORD, seedOrganization } from '../../db/seeds/demo-organization';
import { freeClusterPorts, freePort } from '../../libs/infra';
import { testEnv } from './test-env';

const root = resolve(__dirname, '..', '..');

export interface ClusterStackOptions {
  apis?: number;
  workers?: number;
  /** Extra environment of the API and worker processes (shortened days, cron specs…). */
  env?: Record<string, string>;
  /**
   * A PostgreSQL of its own (embedded, supervised, in this stack's directory) instead of new
   * databases on the test run's shared server: for tests that stop or restore PostgreSQL.
   */
  privatePostgres?: boolean;
}

export interface CallResult {
  /** 0 when the request was refused or timed out. */
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * The production topology as `npm run start:cluster` runs it — the Temporal server on PostgreSQL,
 * API and worker processes from compiled code, all under one Supervisor — on private ports, with
 * the demo organisation seeded. Processes can be SIGKILLed by name ("worker 1", "Temporal", …).
 */
export class ClusterStack {
  readonly lines: string[] = [];
  readonly supervisor = new Supervisor((line) => this.lines.push(line), {
    initialMs: 200,
    maxMs: 2000,
    resetAfterMs: 60_000,
  });
  env!: ClusterEnvironment;
  apiUrls: string[] = [];
  workerUrls: string[] = [];
  /** The environment the API and worker processes run with. */
  appEnv: Record<string, string> = {};
  private dir!: string;
  private build!: string;

  private constructor(private readonly options: ClusterStackOptions) {}

  static async start(options: ClusterStackOptions = {}): Promise<ClusterStack> {
    const stack = new ClusterStack(options);
    try {
      await stack.boot();
    } catch (error) {
      await stack.stop();
      throw new Error(`${(error as Error).message}\nsupervisor:\n  ${stack.lines.join('\n  ')}`, {
        cause: error,
      });
    }
    return stack;
  }

  private async boot() {
    const suffix = randomBytes(4).toString('hex');
    // The children run compiled code, as under start:cluster: a private build inside the checkout
    // so that node_modules resolves.
    this.build = join(root, 'node_modules', '.cache', `giaoviec-cluster-${suffix}`);
    execFileSync(
      join(root, 'node_modules', '.bin', 'swc'),
      // apps/web is the browser app, a package of its own (its build is not the server's).
      [
        ...['apps', 'libs', 'workflows', 'db', '-d', this.build, '--copy-files', '-q'],
        ...['--ignore', 'apps/web/**'],
      ],
      { cwd: root, stdio: 'pipe' },
    );
    this.dir = mkdtempSync(join(tmpdir(), 'giaoviec-cluster-'));
    chmodSync(this.dir, 0o755); // PostgreSQL runs as `postgres` when we are root

    const databaseName = `gv_cluster_${suffix}`;
    const shared = !this.options.privatePostgres;
    if (shared) {
      // A copy of the run's migrated template: quicker than migrating.
      const admin = new Client({ connectionString: testEnv('adminUrl') });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${databaseName} TEMPLATE ${testEnv('template')}`);
      await admin.end();
    }
    this.env = await startClusterEnvironment({
      dataDir: this.dir,
      postgresUrl: shared ? testEnv('adminUrl') : undefined,
      pgPort: await freePort(),
      temporalPorts: await freeClusterPorts(),
      namespace: 'default',
      retentionDays: 1,
      databaseName,
      temporalDatabases: { default: `temporal_${suffix}`, visibility: `temporal_vis_${suffix}` },
      supervisor: this.supervisor,
      log: (line) => this.lines.push(line),
    });
    if (!shared) await migrate(this.env.databaseUrl);

    const apiPorts = await Promise.all(Array.from({ length: this.options.apis ?? 2 }, freePort));
    const workerPorts = await Promise.all(
      Array.from({ length: this.options.workers ?? 2 }, freePort),
    );
    this.appEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: this.env.databaseUrl,
      TEMPORAL_ADDRESS: this.env.temporalAddress,
      TEMPORAL_TASK_QUEUE: 'giaoviec',
      TEMPORAL_WORKFLOW_BUNDLE: testEnv('bundle'),
      JWT_SECRET: randomBytes(24).toString('hex'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      LOGIN_MAX_FAILURES: '1000',
      // Days last seconds here: a due date on a weekend would move reminders by real weekdays.
      DEADLINE_ON_NON_WORKING_DAY: 'as_written',
      TASK_REMINDERS_ON_WORKING_DAYS: 'false',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
      TASK_FILES_DIR: join(this.dir, 'files'),
      ...this.options.env,
    };
    const seeded = seedOrganizationInProcess(this.appEnv);
    seeded.catch(() => undefined); // awaited below
    this.apiUrls = await startAppProcesses({
      supervisor: this.supervisor,
      build: this.build,
      env: { ...process.env, ...this.appEnv },
      apiPorts,
      workerHttpPorts: workerPorts,
    });
    this.workerUrls = workerPorts.map((port) => `http://127.0.0.1:${port}`);
    await seeded;
  }

  /** Supervisor names of the app processes: "API 1", "worker 2"… */
  apiName(index: number): string {
    return processName('API', index, this.apiUrls.length);
  }

  workerName(index: number): string {
    return processName('worker', index, this.workerUrls.length);
  }

  /** One HTTP call to API `api` (0-based); a refused or timed-out request is status 0. */
  async call(
    api: number,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<CallResult> {
    try {
      const res = await fetch(`${this.apiUrls[api]}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (e.g. /metrics)
      }
      return { status: res.status, body: parsed };
    } catch (error) {
      return { status: 0, body: String((error as Error).cause ?? error) };
    }
  }

  async login(api: number, username: string): Promise<string> {
    const until = Date.now() + 60_000;
    for (;;) {
      const r = await this.call(api, 'POST', '/api/v1/auth/login', undefined, {
        username,
        password: DEMO_PASSWORD,
      });
      if (r.status === 200) return r.body.accessToken as string;
      if (Date.now() > until) throw new Error(`${username} could not log in: ${r.status}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.env.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** SIGKILLs `name` and waits until the supervisor has it running again; returns the old pid. */
  async kill(name: string, timeoutMs = 120_000): Promise<number> {
    const pid = this.supervisor.pid(name);
    if (pid === undefined) throw new Error(`${name} is not running`);
    const restarted = this.supervisor.nextStart(name);
    process.kill(pid, 'SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    const newPid = await Promise.race([
      restarted,
      new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    if (newPid === undefined) {
      throw new Error(`${name} was not restarted within ${timeoutMs / 1000} s`);
    }
    return pid;
  }

  /** Stops `name` (gracefully) and keeps it down until `resume(name)`. */
  async pause(name: string): Promise<void> {
    await this.supervisor.pause(name);
  }

  /** Starts a paused `name` again and waits until it is ready. */
  async resume(name: string): Promise<void> {
    await this.supervisor.resume(name);
  }

  async stop(): Promise<void> {
    await this.supervisor.stopAll();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    if (this.build) rmSync(this.build, { recursive: true, force: true });
  }
}

/** The demo organisation (units, users) needs no workflow: seeded by an in-process API app. */
async function seedOrganizationInProcess(env: Record<string, string>): Promise<void> {
  const seeder = await createApiApp({ ...env, PORT: '0' });
  try {
    await seeder.init();
    await seedOrganization(seeder);
  } finally {
    await seeder.close();
  }
}
