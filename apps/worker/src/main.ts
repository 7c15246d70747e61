import { tracing } from './tracing';
import 'reflect-metadata';
import { linkToParent } from '../../../libs/infra/parent-link';
import { createWorkerApp } from './create-worker-app';
import { TemporalWorkerService } from './temporal-worker.service';

/**
 * Runs the worker alone: in production, and as a child process of `npm start`'s supervisor, which
 * passes its configuration in the environment and restarts it when it dies.
 */
async function main() {
  const app = await createWorkerApp();
  // SIGTERM/SIGINT: the worker stops polling, running activities get SHUTDOWN_GRACE_MS to
  // finish, then the Temporal connection and the database pool close and spans are flushed.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await tracing?.shutdown();
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(0)));
  }
  // A process whose worker has stopped polls nothing: leave, so that the supervisor (npm start's,
  // or the platform's in production) starts a fresh one.
  void app
    .get(TemporalWorkerService)
    .failed.then(() => app.close())
    .finally(() => process.exit(1));
  linkToParent(stop, 30_000);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
