import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConfigService } from '@nestjs/config';
import { applyHttpSecurity } from '../../../libs/auth/http-security';
import { AllExceptionsFilter } from '../../../libs/common/all-exceptions.filter';
import { useBodyLimits } from '../../../libs/common/body-limits';
import type { Environment } from '../../../libs/config/environment';
import { createValidationPipe } from '../../../libs/common/validation.pipe';
import { httpMetricsMiddleware, metricsRoute } from '../../../libs/observability/http-metrics';
import { ApiModule } from './api.module';
import { buildOpenApiDocument, setApiPrefix } from './openapi';

/** Builds the API application (used by main.ts, the launcher and the e2e tests). */
export async function createApiApp(env: Record<string, string> = {}): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  // First: the latency histogram times every request, and /metrics bypasses prefix and guard.
  app.use(httpMetricsMiddleware());
  app.use(metricsRoute(config.get('METRICS_TOKEN', { infer: true })));
  applyHttpSecurity(app);
  setApiPrefix(app);
  useBodyLimits(app, {
    maxBodyBytes: config.get('MAX_BODY_BYTES', { infer: true }),
    maxJsonDepth: config.get('MAX_JSON_DEPTH', { infer: true }),
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
