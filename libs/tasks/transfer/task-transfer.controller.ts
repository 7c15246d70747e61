import {
  Controller,
  Get,
  Param,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { badRequest } from '../../common/domain.exception';
import { SheetUploadInterceptor } from './sheet-upload.interceptor';
import { SheetFormat, TaskTransferService } from './task-transfer.service';

export class FormatParam {
  @IsIn(['xlsx', 'csv'])
  format: SheetFormat;
}

export class PlanQueryDto {
  @IsOptional()
  @IsUUID()
  planId?: string;
}

const CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

interface UploadedSheet {
  originalname: string;
  buffer: Buffer;
}

/** Tasks in and out of spreadsheets (.xlsx or .csv, same columns both ways). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('task-sheets')
export class TaskTransferController {
  constructor(private readonly transfer: TaskTransferService) {}

  @Get('template.:format')
  async template(@Param() { format }: FormatParam) {
    return new StreamableFile(await this.transfer.template(format), {
      type: CONTENT_TYPES[format],
      disposition: `attachment; filename="mau-nhiem-vu.${format}"`,
    });
  }

  @Get('export.:format')
  async export(
    @CurrentActor() actor: Actor,
    @Param() { format }: FormatParam,
    @Query() q: PlanQueryDto,
  ) {
    return new StreamableFile(await this.transfer.export(actor, format, q.planId), {
      type: CONTENT_TYPES[format],
      disposition: `attachment; filename="nhiem-vu.${format}"`,
    });
  }

  /**
   * Multipart field `file` (at most IMPORT_MAX_FILE_BYTES, IMPORT_MAX_ROWS data rows); into a plan
   * of one's own unit with `planId`, else as direct assignments.
   */
  @Roles('leader', 'unit_manager')
  @Post('import')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(SheetUploadInterceptor)
  import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedSheet | undefined,
    @Query() q: PlanQueryDto,
  ) {
    const format = /\.(xlsx|csv)$/i.exec(file?.originalname ?? '')?.[1]?.toLowerCase() as
      SheetFormat | undefined;
    if (!file || !format) {
      throw badRequest('VALIDATION_FAILED', 'Dữ liệu không hợp lệ: file', [
        {
          field: 'file',
          rule: 'sheet',
          message: 'Hãy tải lên một tệp .xlsx hoặc .csv trong trường "file"',
        },
      ]);
    }
    return this.transfer.import(actor, file.buffer, format, q.planId ?? null);
  }
}
