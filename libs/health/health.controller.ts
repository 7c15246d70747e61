import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { Public } from '../auth/auth.decorators';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

/** `GET /health`: 200 when PostgreSQL and Temporal both answer, 503 otherwise. */
@ApiTags('Hệ thống')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('postgres').withTimeout(2000),
      () =>
        this.indicators
          .check('temporal')
          .attempt(async () => {
            await this.temporal.connection.ensureConnected();
            const info = await this.temporal.connection.workflowService.getSystemInfo({});
            return { serverVersion: info.serverVersion };
          })
          .withTimeout(3000),
    ]);
  }
}
