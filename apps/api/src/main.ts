import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../../libs/config/environment';
import { createApiApp } from './create-api-app';

/** Runs the API alone (production). `npm start` runs it together with the worker instead. */
async function main() {
  const app = await createApiApp();
  app.enableShutdownHooks();
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  await app.listen(config.get('PORT'), config.get('HOST'));
}

void main();
