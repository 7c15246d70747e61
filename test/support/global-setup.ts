import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client } from 'pg';
import { startThrowawayEnvironment } from '../../apps/launcher/src/dev-environment';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../apps/worker/src/workflow-bundle';
import { migrate } from '../../db/data-source';
import { locateGoProgram, TEMPORAL_SERVER, TEMPORAL_SQL_TOOL } from '../../libs/infra';
import { TEST_ENV_KEYS } from './test-env';

/**
 * Once per run: the real servers (throwaway PostgreSQL and Temporal dev server on free ports,
 * or DATABASE_URL / TEMPORAL_ADDRESS when given), a migrated template database, and the workflow
 * bundle. Building the bundle here also proves `workflows/` imports nothing a bundle must not.
 */
export default async function globalSetup(): Promise<void> {
  const log = (m: string) => process.stderr.write(`[test setup] ${m}\n`);
  const env = await startThrowawayEnvironment('giaoviec_test', log);
  (globalThis as { __giaoviecTestEnv?: unknown }).__giaoviecTestEnv = env;
  // The cluster-* suites run the real Temporal server: built from Go modules once per machine
  // (minutes), here while the template and the bundle are made, not inside a suite's timeout.
  const clusterPrograms = Promise.all(
    [TEMPORAL_SQL_TOOL, TEMPORAL_SERVER].map((p) => locateGoProgram(p, log)),
  );
  clusterPrograms.catch(() => undefined); // awaited below

  const template = `gv_${process.pid}_template`;
  const admin = new Client({ connectionString: env.databaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = new URL(env.databaseUrl);
  templateUrl.pathname = `/${template}`;
  await migrate(templateUrl.toString());

  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: {
      info: () => {},
      warn: log,
      error: log,
      debug: () => {},
      trace: () => {},
      log: () => {},
    },
  });
  const bundlePath = join(env.dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);
  log(`workflow bundle built in ${Date.now() - started} ms`);

  await clusterPrograms;

  process.env[TEST_ENV_KEYS.adminUrl] = env.databaseUrl;
  process.env[TEST_ENV_KEYS.template] = template;
  process.env[TEST_ENV_KEYS.temporalAddress] = env.temporalAddress;
  process.env[TEST_ENV_KEYS.bundle] = bundlePath;
}
