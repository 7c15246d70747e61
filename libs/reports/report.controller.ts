import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { publishReportSnapshots } from '../../workflows/report/report-snapshot.workflow';
import { Actor, scopePattern } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { badRequest, forbidden, notFound } from '../common/domain.exception';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';
import { CompletionReportService } from './completion-report.service';
import { periodWindow } from './domain/reporting-period';
import { completionReportDocx } from './report-docx';
import { completionReportXlsx, vnDate } from './report-xlsx';
import { vnDateOf } from '../tasks/domain/timeliness';
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
    throw badRequest('VALIDATION_FAILED', (error as Error).message, [
      { field: 'number', rule: 'periodNumber', message: (error as Error).message },
    ]);
  }
};

@ApiTags('Báo cáo')
@ApiBearerAuth()
@Controller('reports')
export class ReportController {
  constructor(
    private readonly reports: CompletionReportService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly settings: TemporalSettings,
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
      periodLabel: q.label ?? `từ ngày ${vnDate(q.from)} đến ngày ${vnDate(q.to)}`,
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
    const result = await this.temporal.workflow.execute<typeof publishReportSnapshots>(
      'publishReportSnapshots',
      {
        taskQueue: this.settings.taskQueue,
        workflowId: `report-snapshots-${window.type}-${window.year}-${window.number}-${Date.now()}`,
        args: [
          {
            periodType: dto.periodType,
            year: window.year,
            number: window.number,
            requestedBy: actor.id,
          },
        ],
      },
    );
    return this.snapshotsByIds(actor, result.snapshotIds);
  }

  @Get('snapshots')
  @ApiOkResponse({ type: [SnapshotListItemDto] })
  async listSnapshots(@CurrentActor() actor: Actor) {
    const rows = await this.db.query(
      `SELECT s.id, u.code AS "unitCode", u.name AS "unitName", s.period_type AS "periodType",
              s.period_year AS "year", s.period_number AS "number", s.date_from::text AS "from",
              s.date_to::text AS "to", s.version, s.headline, s.created_at AS "createdAt"
       FROM report_snapshots s JOIN units u ON u.id = s.unit_id
       WHERE u.path LIKE $1
       ORDER BY s.date_to DESC, u.depth, u.code, s.version DESC`,
      [scopePattern(actor)],
    );
    return rows;
  }

  @Get('snapshots/:id')
  @ApiOkResponse({ type: SnapshotDto })
  async snapshot(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const [row] = await this.snapshotsByIds(actor, [id], true);
    if (!row) throw notFound('Snapshot', id);
    return row;
  }

  private async snapshotsByIds(actor: Actor, ids: string[], withReport = false) {
    const rows = await this.db.query(
      `SELECT s.id, u.code AS "unitCode", s.period_type AS "periodType", s.period_year AS "year",
              s.period_number AS "number", s.version, s.headline ${withReport ? ', s.report' : ''},
              u.path LIKE $2 AS "inScope"
       FROM report_snapshots s JOIN units u ON u.id = s.unit_id WHERE s.id = ANY($1::uuid[])
       ORDER BY u.depth, u.code`,
      [ids, scopePattern(actor)],
    );
    if (withReport && rows.some((r: { inScope: boolean }) => !r.inScope)) {
      throw forbidden('OUTSIDE_SCOPE', 'This snapshot belongs to another unit');
    }
    return rows
      .filter((r: { inScope: boolean }) => r.inScope)
      .map(({ inScope: _inScope, ...r }: { inScope: boolean }) => r);
  }

  private checkRange(q: { from: string; to: string }) {
    if (q.from > q.to) {
      throw badRequest('VALIDATION_FAILED', 'Invalid input: from', [
        { field: 'from', rule: 'notAfterTo', message: 'from must not be after to' },
      ]);
    }
  }
}
