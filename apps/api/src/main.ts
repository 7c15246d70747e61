import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../../libs/config/environment';
import { linkToParent } from '../../../libs/infra/parent-link';
import { createApiApp } from './create-api-app';

/**
 * Runs the API alone: in production, and as a child process of `npm start`'s supervisor, which
 * passes its configuration in the environment and restarts it when it dies.
 */
async function main() {
  const app = await createApiApp();
  app.enableShutdownHooks();
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  await app.listen(config.get('PORT'), config.get('HOST'));
  linkToParent(() => app.close());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
