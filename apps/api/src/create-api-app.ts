import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from '../../../libs/common/all-exceptions.filter';
import { createValidationPipe } from '../../../libs/common/validation.pipe';
import { ApiModule } from './api.module';

/** Builds the API application (used by main.ts, the launcher and the e2e tests). */
export async function createApiApp(env: Record<string, string> = {}): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('GiaoViec API')
      .setDescription('Kế hoạch, nhiệm vụ, kiểm tra và báo cáo — quản lý giao việc')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
