import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { Environment } from '../config/environment';

/** An incoming X-Request-Id is kept when it is a plausible id (no log injection, bounded). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's `X-Request-Id` when usable, else a fresh UUID; echoed back. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Structured JSON logs (pino) for the API and the worker; tokens never reach the log. Every line
 * logged while serving a request carries `requestId`; the Temporal client interceptor adds
 * `workflowId` to the request's lines once it starts or messages a workflow
 * (libs/observability/workflow-logging.ts), and the worker's activities log with
 * `workflowId`/`runId`/`activityType`.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL'),
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          genReqId: requestId,
          customProps: (req) => ({ requestId: req.id }),
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        },
        // Fields assigned during the request (workflowId) reach its "request completed" line too.
        assignResponse: true,
      }),
    }),
  ],
})
export class LoggingModule {}
