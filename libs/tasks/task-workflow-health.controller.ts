import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { TaskWorkflowHealthService } from './task-workflow-health.service';

class FailingQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('operations')
export class TaskWorkflowHealthController {
  constructor(private readonly health: TaskWorkflowHealthService) {}

  @Get('failing-task-workflows')
  @Roles('admin')
  @ApiOperation({ summary: 'Task workflows that failed, were terminated or timed out' })
  failing(@Query() query: FailingQueryDto) {
    return this.health.failing(query.limit);
  }
}
