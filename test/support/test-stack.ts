import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app';
import { DEMO_PASSWORD } from '../../db/seeds/demo-organization';
import { TEMPORAL_CLIENT } from '../../libs/temporal/temporal-client.module';
import { recurrenceScheduleId } from '../../workflows/recurrence/recurrence.messages';
import { testEnv } from './test-env';

/**
 * One test file's world: its own database (a copy of the migrated template), its own Temporal
 * task queue on the shared dev server, the API, and a worker that can be stopped and restarted.
 */
export class TestStack {
  api!: INestApplication;
  worker: INestApplicationContext | null = null;
  private constructor(readonly env: Record<string, string>) {}

  static async start(
    options: { worker?: boolean; env?: Record<string, string> } = {},
  ): Promise<TestStack> {
    const template = testEnv('template');
    const name = `${template.replace(/_template$/, '')}_${randomBytes(4).toString('hex')}`;
    const admin = new PgClient({ connectionString: testEnv('adminUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const url = new URL(testEnv('adminUrl'));
    url.pathname = `/${name}`;

    const stack = new TestStack({
      NODE_ENV: 'test',
      DATABASE_URL: url.toString(),
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `test-${name}`,
      TEMPORAL_WORKFLOW_BUNDLE: testEnv('bundle'),
      JWT_SECRET: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
      // Suites log in (and fuzz the login) many times from one address; auth-* tests lower these.
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
      // Suites run on any day of the year with days of a few seconds, and fixture counts were
      // made by hand from the written dates: deadlines stay as written, and reminders go out on
      // any day, unless a suite asks (test/e2e/effective-deadline.e2e-spec.ts does).
      DEADLINE_ON_NON_WORKING_DAY: 'as_written',
      TASK_REMINDERS_ON_WORKING_DAYS: 'false',
      // Task files of this stack only, removed by close().
      TASK_FILES_DIR: mkdtempSync(join(tmpdir(), 'giaoviec-files-')),
      ...options.env,
    });
    if (options.worker !== false) await stack.startWorker();
    stack.api = await createApiApp(stack.env);
    await stack.api.init();
    return stack;
  }

  get http() {
    return request(this.api.getHttpServer());
  }

  get db(): DataSource {
    return this.api.get(DataSource);
  }

  async startWorker(): Promise<void> {
    this.worker ??= await createWorkerApp(this.env);
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }

  /** Polls `probe` until it returns a truthy value (for effects of timers and workflows). */
  async eventually<T>(probe: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value || Date.now() > until) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The dev server is shared and keeps its state: no recurrence's daily Schedule outlives the stack. */
  private async removeRecurrenceSchedules(): Promise<void> {
    if (!this.api) return;
    const ids: { id: string }[] = await this.db.query(`SELECT id FROM recurrences`);
    const temporal = this.api.get<Client>(TEMPORAL_CLIENT);
    for (const { id } of ids) {
      await temporal.schedule
        .getHandle(recurrenceScheduleId(id))
        .delete()
        .catch(() => undefined);
    }
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.http.post('/api/v1/auth/login').send({ username, password }).expect(200);
    return res.body.accessToken;
  }

  async close(): Promise<void> {
    await this.removeRecurrenceSchedules();
    await this.api?.close();
    await this.stopWorker();
    rmSync(this.env.TASK_FILES_DIR, { recursive: true, force: true });
  }
}
