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
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../common/error-body.dto';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { fieldError, validationFailed } from '../../common/domain.exception';
import { TaskSelectionDto } from '../dto/list-tasks.dto';
import { SheetUploadInterceptor } from './sheet-upload.interceptor';
import { SheetFormat, TaskTransferService } from './task-transfer.service';

export class FormatParam {
  @ApiProperty({ enum: ['xlsx', 'csv'], enumName: 'SheetFormat' })
  @IsIn(['xlsx', 'csv'])
  format: SheetFormat;
}

export class PlanQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A plan of your own unit.' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

const CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export class ImportResultDto {
  @ApiProperty({ type: 'integer', minimum: 0 })
  imported: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Rows whose code was already imported.',
  })
  skipped: number;
}

const SHEET = {
  schema: { type: 'string', format: 'binary' },
} as const;
const SHEET_CONTENT = { [CONTENT_TYPES.xlsx]: SHEET, 'text/csv': SHEET };

interface UploadedSheet {
  originalname: string;
  buffer: Buffer;
}

/** Tasks in and out of spreadsheets (.xlsx or .csv, same columns both ways). */
@ApiTags('Nhiệm vụ')
@ApiBearerAuth()
@Controller('task-sheets')
export class TaskTransferController {
  constructor(private readonly transfer: TaskTransferService) {}

  @Get('template.:format')
  @ApiProduces(CONTENT_TYPES.xlsx, 'text/csv')
  @ApiOkResponse({ description: 'An empty sheet with the columns.', content: SHEET_CONTENT })
  async template(@Param() { format }: FormatParam) {
    return new StreamableFile(await this.transfer.template(format), {
      type: CONTENT_TYPES[format],
      disposition: `attachment; filename="mau-nhiem-vu.${format}"`,
    });
  }

  @Get('export.:format')
  @ApiProduces(CONTENT_TYPES.xlsx, 'text/csv')
  @ApiOkResponse({
    description:
      'The tasks GET /tasks lists for the same filters, in its order, without paging (cancelled tasks left out).',
    content: SHEET_CONTENT,
  })
  async export(
    @CurrentActor() actor: Actor,
    @Param() { format }: FormatParam,
    @Query() q: TaskSelectionDto,
  ) {
    return new StreamableFile(await this.transfer.export(actor, format, q), {
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
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: '.xlsx or .csv' } },
    },
  })
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiResponse({ status: 413, type: ErrorBodyDto, description: 'IMPORT_TOO_LARGE' })
  @UseInterceptors(SheetUploadInterceptor)
  import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedSheet | undefined,
    @Query() q: PlanQueryDto,
  ) {
    const format = /\.(xlsx|csv)$/i.exec(file?.originalname ?? '')?.[1]?.toLowerCase() as
      SheetFormat | undefined;
    if (!file || !format) {
      throw validationFailed(
        fieldError('file', 'sheet', 'Hãy tải lên một tệp .xlsx hoặc .csv trong trường "file"'),
      );
    }
    return this.transfer.import(actor, file.buffer, format, q.planId ?? null);
  }
}
