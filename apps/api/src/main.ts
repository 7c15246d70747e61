import { tracing } from './tracing';
import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../../libs/config/environment';
import { linkToParent } from '../../../libs/infra/parent-link';
import { createApiApp } from './create-api-app';

/**
 * Runs the API alone: in production, and as a child process of `npm start`'s supervisor, which
 * passes its configuration in the environment and restarts it when it dies.
 *
 * SIGTERM/SIGINT drain first: the listener closes (new connections are refused), requests in
 * flight finish — up to SHUTDOWN_GRACE_MS, after which their connections are cut — and only then
 * does Nest close the database pool and the Temporal client they may still be using.
 */
async function main() {
  const app = await createApiApp();
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  await app.listen(config.get('PORT'), config.get('HOST'));
  const server = app.getHttpServer() as Server;
  const graceMs = config.get('SHUTDOWN_GRACE_MS', { infer: true });
  const logger = new Logger('Shutdown');

  let stopping: Promise<void> | undefined;
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      logger.log(`${reason}: refusing new connections, draining requests in flight`);
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Keep-alive connections that go idle once their request is answered are closed too.
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      const cut = setTimeout(() => {
        logger.warn(`Requests still in flight after ${graceMs} ms: closing their connections`);
        server.closeAllConnections();
      }, graceMs);
      await drained;
      clearInterval(idle);
      clearTimeout(cut);
      await app.close();
      await tracing?.shutdown();
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop(signal).finally(() => process.exit(0));
    });
  }
  linkToParent(() => stop('parent gone'), graceMs + 5_000);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
