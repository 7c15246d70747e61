import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import type { Environment } from '../config/environment';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** Where workflows are started: the task queue the worker polls. */
@Injectable()
export class TemporalSettings {
  readonly taskQueue: string;

  constructor(config: ConfigService<Environment, true>) {
    this.taskQueue = config.get('TEMPORAL_TASK_QUEUE');
  }
}

@Injectable()
class TemporalClientCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/**
 * The API's Temporal client. The connection is lazy so the API boots (and /health reports the
 * outage) even while the Temporal server is still starting or down.
 */
@Global()
@Module({
  providers: [
    TemporalSettings,
    TemporalClientCloser,
    {
      provide: TEMPORAL_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        new Client({
          connection: Connection.lazy({ address: config.get('TEMPORAL_ADDRESS') }),
          namespace: config.get('TEMPORAL_NAMESPACE'),
        }),
    },
  ],
  exports: [TEMPORAL_CLIENT, TemporalSettings],
})
export class TemporalClientModule {}
