import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { TaskWorkflowHealthService } from './task-workflow-health.service';

class FailingQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

export class FailingTaskWorkflowDto {
  @ApiProperty()
  workflowId: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null when the assignment itself was refused: no task row exists.',
  })
  taskId: string | null;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty({ description: "Temporal's execution status: FAILED, TERMINATED or TIMED_OUT." })
  status: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
}

@ApiTags('Vận hành')
@ApiBearerAuth()
@Controller('operations')
export class TaskWorkflowHealthController {
  constructor(private readonly health: TaskWorkflowHealthService) {}

  @Get('failing-task-workflows')
  @Roles('admin')
  @ApiOperation({ summary: 'Task workflows that failed, were terminated or timed out' })
  @ApiOkResponse({ type: [FailingTaskWorkflowDto] })
  failing(@Query() query: FailingQueryDto) {
    return this.health.failing(query.limit);
  }
}
