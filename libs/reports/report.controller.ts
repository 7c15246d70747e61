import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { fieldError, validationFailed } from '../common/domain.exception';
import { CompletionReportService } from './completion-report.service';
import { periodWindow } from '../domain/reporting-period';
import { completionReportDocx } from './report-docx';
import { ReportSnapshotsService } from './report-snapshots.service';
import { completionReportXlsx } from './report-xlsx';
import { displayDate, vnDateOf } from '../domain/dates';
import {
  CompletionQueryDto,
  DrillDownQueryDto,
  ExportQueryDto,
  PeriodNumberQueryDto,
  PeriodParamsDto,
  SnapshotRequestDto,
} from './dto/completion-query.dto';
import {
  CompletionReportDto,
  DrillDownDto,
  PeriodWindowDto,
  SnapshotBriefDto,
  SnapshotDto,
  SnapshotListItemDto,
} from './dto/report-result.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const BINARY = { type: 'string', format: 'binary' } as const;

const windowOf = (type: Parameters<typeof periodWindow>[0], year: number, number?: number) => {
  try {
    return periodWindow(type, year, number);
  } catch (error) {
    throw validationFailed(fieldError('number', 'periodNumber', (error as Error).message));
  }
};

@ApiTags('Báo cáo')
@ApiBearerAuth()
@Controller('reports')
export class ReportController {
  constructor(
    private readonly reports: CompletionReportService,
    private readonly snapshots: ReportSnapshotsService,
  ) {}

  /** The data window (thời gian chốt số liệu) of a reporting period, Nghị định 09/2019. */
  @Get('periods/:type/:year')
  @ApiOkResponse({ type: PeriodWindowDto })
  period(@Param() p: PeriodParamsDto, @Query() q: PeriodNumberQueryDto) {
    return windowOf(p.type, p.year, q.number);
  }

  @Get('completion')
  @ApiOkResponse({ type: CompletionReportDto })
  completion(@CurrentActor() actor: Actor, @Query() q: CompletionQueryDto) {
    this.checkRange(q);
    return this.reports.report(actor, q);
  }

  /** The statistical form (indicators 5.1–5.4 per unit, rates, late and overdue sheets). */
  @Get('completion.xlsx')
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'Biểu mẫu (.xlsx).', content: { [XLSX]: { schema: BINARY } } })
  async xlsx(@CurrentActor() actor: Actor, @Query() q: ExportQueryDto) {
    this.checkRange(q);
    const { report, lists } = await this.reports.exportData(actor, q);
    return new StreamableFile(await completionReportXlsx(report, lists), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="bao-cao-${q.scope}-${q.from}-${q.to}.xlsx"`,
    });
  }

  /** The report in the administrative layout, for the office to number and the leader to sign. */
  @Get('completion.docx')
  @ApiProduces(DOCX)
  @ApiOkResponse({ description: 'Báo cáo (.docx).', content: { [DOCX]: { schema: BINARY } } })
  async docx(@CurrentActor() actor: Actor, @Query() q: ExportQueryDto) {
    this.checkRange(q);
    const { report, lists, names } = await this.reports.exportData(actor, q);
    const place = /tỉnh\s+(.+)$/i.exec(names.province ?? '')?.[1] ?? '';
    const buffer = await completionReportDocx(report, lists, {
      parentName: names.parent,
      issuerName: names.scope,
      place,
      date: vnDateOf(new Date()),
      periodLabel: q.label ?? `từ ngày ${displayDate(q.from)} đến ngày ${displayDate(q.to)}`,
    });
    return new StreamableFile(buffer, {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      disposition: `attachment; filename="bao-cao-${q.scope}-${q.from}-${q.to}.docx"`,
    });
  }

  /** The tasks behind one number (class × group × block), late ones with their explanation. */
  @Get('completion/tasks')
  @ApiOkResponse({ type: DrillDownDto })
  drillDown(@CurrentActor() actor: Actor, @Query() q: DrillDownQueryDto) {
    this.checkRange(q);
    return this.reports.drillDown(actor, q);
  }

  /** Publishes a new version of a period's snapshots now (the schedule does it at each cut-off). */
  @Roles('leader', 'monitor', 'admin')
  @Post('snapshots')
  @ApiCreatedResponse({ type: [SnapshotBriefDto], description: 'The new versions in scope.' })
  async publish(@CurrentActor() actor: Actor, @Body() dto: SnapshotRequestDto) {
    const window = windowOf(dto.periodType, dto.year, dto.number);
    return this.snapshots.publish(actor, dto.periodType, window);
  }

  @Get('snapshots')
  @ApiOkResponse({ type: [SnapshotListItemDto] })
  listSnapshots(@CurrentActor() actor: Actor) {
    return this.snapshots.list(actor);
  }

  @Get('snapshots/:id')
  @ApiOkResponse({ type: SnapshotDto })
  snapshot(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.snapshots.get(actor, id);
  }

  private checkRange(q: { from: string; to: string }) {
    if (q.from > q.to) {
      throw validationFailed(fieldError('from', 'notAfterTo', 'from must not be after to'));
    }
  }
}
