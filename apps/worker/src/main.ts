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
  app.enableShutdownHooks();
  // A process whose worker has stopped polls nothing: leave, so that the supervisor (npm start's,
  // or the platform's in production) starts a fresh one.
  void app
    .get(TemporalWorkerService)
    .failed.then(() => app.close())
    .finally(() => process.exit(1));
  linkToParent(() => app.close());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
