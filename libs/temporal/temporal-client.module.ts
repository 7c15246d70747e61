import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { PinoLogger } from 'nestjs-pino';
import type { Environment } from '../config/environment';
import { workflowLoggingInterceptor } from '../observability/workflow-logging';

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
      inject: [ConfigService, PinoLogger],
      useFactory: (config: ConfigService<Environment, true>, logger: PinoLogger) =>
        new Client({
          connection: Connection.lazy({ address: config.get('TEMPORAL_ADDRESS') }),
          namespace: config.get('TEMPORAL_NAMESPACE'),
          // Spans for starts/signals/updates (no-ops while tracing is off); workflowId in the logs.
          interceptors: {
            workflow: [
              new OpenTelemetryWorkflowClientInterceptor(),
              workflowLoggingInterceptor(logger),
            ],
          },
        }),
    },
  ],
  exports: [TEMPORAL_CLIENT, TemporalSettings],
})
export class TemporalClientModule {}
