import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, canSeeUnitPath } from '../../auth/actor';
import { TaskSelectionDto } from '../dto/list-tasks.dto';
import {
  badRequest,
  conflict,
  DomainException,
  ErrorDetail,
  forbidden,
} from '../../common/domain.exception';
import { isCleanText } from '../../common/input-text';
import { safeRow } from '../../common/spreadsheet-cell';
import type { Environment } from '../../config/environment';
import { tryParseDocumentSymbol } from '../../documents/document-symbol';
import { displayDate, vnDateOf } from '../../domain/dates';
import { codedTaskId } from '../task-ids';
import { TaskCommandsService } from '../task-commands.service';
import { TaskQueryService } from '../task-query.service';
import { readSheet, SheetFormat } from './sheet-reader';
import { cyclicCodes } from './parent-cycles';
import { columnKey, parseDate, TASK_COLUMNS, TaskColumn, TaskRow } from './task-columns';

export type { SheetFormat } from './sheet-reader';

interface ValidRow {
  line: number;
  row: TaskRow;
  leadUnitId: string;
  coordinatingUnitIds: string[];
  source: string;
  assignedOn: string;
  dueDate: string | null;
  completedOn: string | null;
  documentDate: string | null;
}

export interface ImportResult {
  imported: number;
  skipped: number;
}

const IMPORT_CONCURRENCY = 8;
/** How long an import waits for a row that a parallel request is creating. */
const OTHER_IMPORT_WAIT_MS = 8_000;

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Import and export of tasks as .xlsx or .csv with the same columns. */
@Injectable()
export class TaskTransferService {
  /** Imports running in this process, by importing unit + plan + file content. */
  private readonly running = new Map<string, Promise<ImportResult>>();
  /** Units with an import running in this process: a different file waits its turn (409). */
  private readonly busyUnits = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TaskCommandsService,
    private readonly queries: TaskQueryService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async template(format: SheetFormat): Promise<Buffer> {
    return this.write(format, []);
  }

  /**
   * All or nothing: any bad row rejects the file with every error by row and column, and nothing
   * is written or started. Rows whose code the importing unit already has are skipped, so
   * importing the same file again changes nothing. Completed rows arrive completed; open rows
   * start their workflows. The same file sent again while it is being imported gets the same
   * answer; another file of the same unit meanwhile gets 409 IMPORT_IN_PROGRESS.
   */
  import(actor: Actor, file: Buffer, format: SheetFormat, planId: string | null) {
    const key = createHash('sha256')
      .update(`${actor.unitId}\0${planId ?? ''}\0${format}\0`)
      .update(file)
      .digest('hex');
    const same = this.running.get(key);
    if (same) return same;
    if (this.busyUnits.has(actor.unitId)) {
      return Promise.reject(
        conflict(
          'IMPORT_IN_PROGRESS',
          'Đơn vị đang nhập một tệp khác; vui lòng thử lại sau khi tệp đó nhập xong',
        ),
      );
    }
    const work = this.runImport(actor, file, format, planId).finally(() => {
      this.running.delete(key);
      this.busyUnits.delete(actor.unitId);
    });
    this.running.set(key, work);
    this.busyUnits.add(actor.unitId);
    return work;
  }

  private async runImport(
    actor: Actor,
    file: Buffer,
    format: SheetFormat,
    planId: string | null,
  ): Promise<ImportResult> {
    if (planId) await this.checkPlan(actor, planId);
    const rows = await this.read(file, format);
    const { valid, errors } = await this.validate(actor, rows);
    if (errors.length > 0) {
      throw badRequest(
        'IMPORT_REJECTED',
        `Tệp có ${errors.length} lỗi; chưa nhập nhiệm vụ nào`,
        errors,
      );
    }
    const existing = new Map<string, string>(
      (
        await this.db.query(
          'SELECT code, id FROM tasks WHERE assigning_unit_id = $1 AND code IS NOT NULL',
          [actor.unitId],
        )
      ).map((r: { code: string; id: string }) => [r.code, r.id]),
    );
    const fresh = valid.filter((v) => !existing.has(v.row.ma_nhiem_vu));
    // Task ids of coded tasks are derived from unit and code, so a parent's id is known before it is
    // stored, and a second start of a row (parallel or repeated import) is refused by Temporal.
    const idOf = (code: string) => existing.get(code) ?? codedTaskId(actor.unitId, code);
    // Parents before children, so a child's parent row is stored first (validation ruled out
    // cycles, so every chain ends).
    const byCode = new Map(fresh.map((v) => [v.row.ma_nhiem_vu, v]));
    const depths = new Map<string, number>();
    const depth = (v: ValidRow): number => {
      let d = 0;
      for (let p = byCode.get(v.row.ma_nhiem_vu_cha); p; p = byCode.get(p.row.ma_nhiem_vu_cha)) {
        const known = depths.get(p.row.ma_nhiem_vu);
        if (known !== undefined) return d + known + 1;
        d++;
      }
      return d;
    };
    const levels: ValidRow[][] = [];
    for (const v of fresh) {
      const d = depth(v);
      depths.set(v.row.ma_nhiem_vu, d);
      (levels[d] ??= []).push(v);
    }
    let started = 0;
    for (const level of levels.filter(Boolean)) {
      for (let i = 0; i < level.length; i += IMPORT_CONCURRENCY) {
        const outcomes = await Promise.allSettled(
          level
            .slice(i, i + IMPORT_CONCURRENCY)
            .map((v) => this.startOrAwait(actor, v, planId, idOf)),
        );
        const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        if (failures.length > 0) throw failures[0];
        started += outcomes.filter((o) => o.status === 'fulfilled' && o.value).length;
      }
    }
    return { imported: started, skipped: valid.length - started };
  }

  /**
   * Starts a row's task; true when this request started it. When another request (another API
   * process importing the same sheet, or a POST /tasks with the same code) got there first, the
   * start is refused by Temporal or by the code's claim: then the row is awaited, briefly, and
   * counts as skipped, so every importer carries on to the children and answers the same tasks.
   */
  private async startOrAwait(
    actor: Actor,
    v: ValidRow,
    planId: string | null,
    idOf: (code: string) => string,
  ): Promise<boolean> {
    try {
      await this.start(actor, v, planId, idOf);
      return true;
    } catch (error) {
      if (!isDuplicateStart(error)) throw error;
    }
    const id = idOf(v.row.ma_nhiem_vu);
    const deadline = Date.now() + OTHER_IMPORT_WAIT_MS;
    for (let wait = 50; Date.now() < deadline; wait = Math.min(wait * 2, 500)) {
      const [stored] = await this.db.query('SELECT 1 FROM tasks WHERE id = $1', [id]);
      if (stored) return false;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    throw conflict(
      'IMPORT_IN_PROGRESS',
      `Dòng ${v.line}: một yêu cầu khác đang tạo nhiệm vụ ${v.row.ma_nhiem_vu}; vui lòng thử lại sau giây lát`,
    );
  }

  private start(actor: Actor, v: ValidRow, planId: string | null, idOf: (code: string) => string) {
    return this.tasks.assign(
      actor,
      {
        code: v.row.ma_nhiem_vu,
        title: v.row.ten_nhiem_vu,
        source: v.source,
        sourceDocument: v.row.van_ban_giao || undefined,
        sourceDocumentDate: v.documentDate ?? undefined,
        leadUnitId: v.leadUnitId,
        coordinatingUnitIds: v.coordinatingUnitIds,
        dueDate: v.dueDate ?? undefined,
      },
      {
        planId,
        imported: {
          assignedAt: `${v.assignedOn}T01:00:00Z`,
          completedAt: v.completedOn ? `${v.completedOn}T09:00:00Z` : null,
          result: v.row.ket_qua || null,
          parentTaskId: v.row.ma_nhiem_vu_cha ? idOf(v.row.ma_nhiem_vu_cha) : null,
        },
      },
    );
  }

  /** Into a plan only of one's own unit, and not once it is closed. */
  private async checkPlan(actor: Actor, planId: string) {
    const [plan] = await this.db.query(
      'SELECT status, issuing_unit_id AS "issuingUnitId" FROM plans WHERE id = $1',
      [planId],
    );
    if (!plan) {
      throw badRequest('IMPORT_REJECTED', `Không có kế hoạch ${planId}`, [
        { field: 'planId', rule: 'exists', message: `Không có kế hoạch ${planId}` },
      ]);
    }
    if (plan.issuingUnitId !== actor.unitId) {
      throw forbidden(
        'NOT_PLAN_ISSUER',
        'Chỉ đơn vị ban hành kế hoạch mới được nhập nhiệm vụ vào kế hoạch đó',
      );
    }
    if (plan.status === 'closed') {
      throw conflict('PLAN_CLOSED', 'Kế hoạch đã kết thúc, không nhận thêm nhiệm vụ');
    }
  }

  /**
   * The rows `GET /tasks` lists for the same filters, in its order (its WHERE clause and order,
   * from TaskQueryService), except cancelled tasks: the sheet has no status column, and a
   * cancelled task imported back would be a live one.
   */
  async export(actor: Actor, format: SheetFormat, filter: TaskSelectionDto): Promise<Buffer> {
    const { where, params, orderBy } = await this.queries.selection(actor, filter);
    const rows: Record<string, string | null>[] = await this.db.query(
      `SELECT t.code, t.title, lu.code AS lead, t.source, t.source_document AS doc,
              t.source_document_date::text AS "docDate", t.assigned_on::text AS assigned,
              t.written_due_date::text AS due, t.completed_on::text AS completed,
              (SELECT string_agg(cu.code, ';' ORDER BY cu.code) FROM units cu
               WHERE cu.id = ANY(t.coordinating_unit_ids)) AS coordinating,
              (SELECT coalesce(e.data->>'result', '') FROM task_events e
               WHERE e.task_id = t.id AND e.data ? 'result' ORDER BY e.seq DESC LIMIT 1) AS result,
              pt.code AS parent
       FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id
       LEFT JOIN tasks pt ON pt.id = t.parent_task_id
       WHERE t.status <> 'cancelled' AND ${where}
       ORDER BY ${orderBy}`,
      params,
    );
    return this.write(
      format,
      rows.map((r) => [
        r.code ?? '',
        r.title ?? '',
        r.lead ?? '',
        r.coordinating ?? '',
        r.source ?? '',
        r.doc ?? '',
        displayDate(r.docDate),
        displayDate(r.assigned),
        displayDate(r.due),
        displayDate(r.completed),
        r.completed ? (r.result ?? '') : '',
        r.parent ?? '',
      ]),
    );
  }

  private async read(file: Buffer, format: SheetFormat): Promise<{ line: number; row: TaskRow }[]> {
    const { header: names, rows } = await readSheet(file, format, {
      maxRows: this.config.get('IMPORT_MAX_ROWS'),
    });
    const header = names.map((h) => columnKey(h));
    const missing = TASK_COLUMNS.filter((c) => !header.includes(c.key)).map((c) => c.key);
    if (missing.length > 0) {
      throw badRequest(
        'IMPORT_REJECTED',
        `Thiếu cột: ${missing.join(', ')}`,
        missing.map((m) => ({ field: m, rule: 'column', message: `Thiếu cột ${m}` })),
      );
    }
    const at = TASK_COLUMNS.map((c) => header.indexOf(c.key));
    return rows.map(({ line, cells }) => ({
      line,
      row: Object.fromEntries(TASK_COLUMNS.map((c, i) => [c.key, cells[at[i]] ?? ''])) as TaskRow,
    }));
  }

  private async validate(actor: Actor, rows: { line: number; row: TaskRow }[]) {
    const units: { id: string; code: string; path: string }[] = await this.db.query(
      'SELECT id, code, path FROM units',
    );
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const sources: { key: string; label: string }[] = await this.db.query(
      'SELECT key, label FROM task_sources WHERE active',
    );
    const sourceOf = (v: string) =>
      sources.find((s) => s.key === v || columnKey(s.label) === columnKey(v))?.key;
    const known: Set<string> = new Set(
      (
        await this.db.query(
          'SELECT code FROM tasks WHERE assigning_unit_id = $1 AND code IS NOT NULL',
          [actor.unitId],
        )
      ).map((r: { code: string }) => r.code),
    );
    const codeCount = new Map<string, number>();
    for (const { row } of rows) {
      if (row.ma_nhiem_vu)
        codeCount.set(row.ma_nhiem_vu, (codeCount.get(row.ma_nhiem_vu) ?? 0) + 1);
    }
    const inCycle = cyclicCodes(rows.map((r) => r.row));
    const today = vnDateOf(new Date());
    const errors: ErrorDetail[] = [];
    const valid: ValidRow[] = [];
    for (const { line, row } of rows) {
      const rowErrors = errors.length;
      const err = (column: TaskColumn, rule: string, message: string) =>
        errors.push({ field: `row ${line}: ${column}`, rule, message: `Dòng ${line}: ${message}` });
      // Text a column cannot hold is refused first: nothing else is checked in that cell.
      const bad = new Set<TaskColumn>();
      for (const c of TASK_COLUMNS) {
        const text = row[c.key];
        if (!isCleanText(text)) {
          err(
            c.key,
            'text',
            `${c.header} chứa ký tự không hợp lệ (NUL hoặc UTF-16 không ghép cặp)`,
          );
          bad.add(c.key);
        } else if (codePoints(text) > c.maxLength) {
          err(c.key, 'maxLength', `${c.header} dài quá ${c.maxLength} ký tự`);
          bad.add(c.key);
        }
      }
      const ok = (c: TaskColumn) => !bad.has(c);
      if (!row.ma_nhiem_vu) err('ma_nhiem_vu', 'required', 'thiếu mã nhiệm vụ');
      else if (ok('ma_nhiem_vu') && codeCount.get(row.ma_nhiem_vu)! > 1) {
        err('ma_nhiem_vu', 'unique', `mã ${row.ma_nhiem_vu} xuất hiện nhiều lần trong tệp`);
      }
      if (!row.ten_nhiem_vu) err('ten_nhiem_vu', 'required', 'thiếu tên nhiệm vụ');
      const lead = ok('don_vi_chu_tri') ? unitByCode.get(row.don_vi_chu_tri) : undefined;
      if (!lead) {
        if (ok('don_vi_chu_tri')) {
          err('don_vi_chu_tri', 'unitCode', `không có đơn vị mã "${row.don_vi_chu_tri}"`);
        }
      } else if (!canSeeUnitPath(actor, lead.path)) {
        err('don_vi_chu_tri', 'scope', 'đơn vị chủ trì nằm ngoài phạm vi của bạn');
      }
      const coordinating = ok('don_vi_phoi_hop')
        ? row.don_vi_phoi_hop
            .split(';')
            .map((c) => c.trim())
            .filter(Boolean)
        : [];
      const unknown = coordinating.filter((c) => !unitByCode.has(c));
      if (unknown.length) {
        err('don_vi_phoi_hop', 'unitCode', `không có đơn vị mã: ${unknown.join(', ')}`);
      }
      const source = ok('nguon_giao') ? sourceOf(row.nguon_giao) : undefined;
      if (!source && ok('nguon_giao')) {
        err('nguon_giao', 'source', `"${row.nguon_giao}" không phải là một nguồn giao`);
      }
      if (ok('van_ban_giao') && row.van_ban_giao) {
        const symbol = tryParseDocumentSymbol(row.van_ban_giao);
        if (!symbol) {
          err('van_ban_giao', 'documentSymbol', `"${row.van_ban_giao}" không phải là số/ký hiệu`);
        } else if (codePoints(symbol.canonical) > 100) {
          err('van_ban_giao', 'maxLength', 'Văn bản giao dài quá 100 ký tự');
        }
      }
      const date = (column: TaskColumn) => {
        if (!ok(column)) return null;
        const d = parseDate(row[column]);
        if (d === undefined) {
          err(column, 'date', `"${row[column]}" không phải là ngày (dd/MM/yyyy, năm 1900–2200)`);
        }
        return d ?? null;
      };
      const documentDate = date('ngay_van_ban');
      const assignedOn = date('ngay_giao') ?? today;
      const dueDate = date('han_xu_ly');
      const completedOn = date('ngay_hoan_thanh');
      if (completedOn && completedOn < assignedOn) {
        err('ngay_hoan_thanh', 'afterAssignment', 'ngày hoàn thành trước ngày giao');
      }
      if (completedOn && completedOn > today) {
        err('ngay_hoan_thanh', 'notFuture', 'ngày hoàn thành ở tương lai');
      }
      const parent = row.ma_nhiem_vu_cha;
      if (parent && ok('ma_nhiem_vu_cha')) {
        if (parent === row.ma_nhiem_vu) {
          err('ma_nhiem_vu_cha', 'parentCycle', 'nhiệm vụ không thể là nhiệm vụ cha của chính nó');
        } else if (inCycle.has(row.ma_nhiem_vu)) {
          err('ma_nhiem_vu_cha', 'parentCycle', `mã nhiệm vụ cha ${parent} tạo thành vòng lặp`);
        } else if (!codeCount.has(parent) && !known.has(parent)) {
          err('ma_nhiem_vu_cha', 'parentCode', `không có nhiệm vụ mã ${parent}`);
        }
      }
      if (errors.length === rowErrors && lead && source) {
        valid.push({
          line,
          row,
          leadUnitId: lead.id,
          coordinatingUnitIds: coordinating.flatMap((c) => unitByCode.get(c)?.id ?? []),
          source,
          assignedOn,
          dueDate,
          completedOn,
          documentDate,
        });
      }
    }
    return { valid, errors };
  }

  private async write(format: SheetFormat, rows: string[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Nhiệm vụ');
    ws.addRow(TASK_COLUMNS.map((c) => (format === 'csv' ? c.key : c.header)));
    ws.getRow(1).font = { bold: true };
    // Text that a spreadsheet would evaluate (=, +, -, @, tab, CR) is neutralised.
    for (const r of rows) ws.addRow(safeRow(r, format));
    ws.columns.forEach((col, i) => (col.width = i === 1 ? 60 : 18));
    return Buffer.from(format === 'csv' ? await wb.csv.writeBuffer() : await wb.xlsx.writeBuffer());
  }
}

const isDuplicateStart = (error: unknown) =>
  error instanceof WorkflowExecutionAlreadyStartedError ||
  (error instanceof DomainException && error.status === HttpStatus.CONFLICT) ||
  (error instanceof Error && error.cause instanceof WorkflowExecutionAlreadyStartedError);
