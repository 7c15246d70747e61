import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Actor, canSeeUnitPath, isProvinceWide } from '../../auth/actor';
import { badRequest, ErrorDetail } from '../../common/domain.exception';
import { tryParseDocumentSymbol } from '../../documents/document-symbol';
import { vnDateOf } from '../domain/timeliness';
import { TaskService } from '../task.service';
import {
  columnKey,
  formatDate,
  parseDate,
  TASK_COLUMNS,
  TaskColumn,
  TaskRow,
} from './task-columns';

export type SheetFormat = 'xlsx' | 'csv';

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

const IMPORT_CONCURRENCY = 8;

/** Import and export of tasks as .xlsx or .csv with the same columns. */
@Injectable()
export class TaskTransferService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TaskService,
  ) {}

  async template(format: SheetFormat): Promise<Buffer> {
    return this.write(format, []);
  }

  /**
   * All or nothing: any bad row rejects the file with every error by row and column, and nothing
   * is written. Rows whose code the importing unit already has are skipped, so importing the same
   * file again changes nothing. Completed rows arrive completed; open rows start their workflows.
   */
  async import(actor: Actor, file: Buffer, format: SheetFormat, planId: string | null) {
    const rows = await this.read(file, format);
    const { valid, errors } = await this.validate(actor, rows);
    if (errors.length > 0) {
      throw badRequest(
        'IMPORT_REJECTED',
        `The file has ${errors.length} error(s); nothing was imported`,
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
    // Parents before children, so a child can point at its parent's id.
    const levels: ValidRow[][] = [];
    const depth = (v: ValidRow): number => {
      const parent = fresh.find((p) => p.row.ma_nhiem_vu === v.row.ma_nhiem_vu_cha);
      return parent ? depth(parent) + 1 : 0;
    };
    for (const v of fresh) (levels[depth(v)] ??= []).push(v);
    for (const level of levels) {
      for (let i = 0; i < level.length; i += IMPORT_CONCURRENCY) {
        await Promise.all(
          level.slice(i, i + IMPORT_CONCURRENCY).map(async (v) => {
            const task = await this.tasks.assign(
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
                  parentTaskId: v.row.ma_nhiem_vu_cha
                    ? (existing.get(v.row.ma_nhiem_vu_cha) ?? null)
                    : null,
                },
              },
            );
            existing.set(v.row.ma_nhiem_vu, task.id);
          }),
        );
      }
    }
    return { imported: fresh.length, skipped: valid.length - fresh.length };
  }

  async export(actor: Actor, format: SheetFormat, planId?: string): Promise<Buffer> {
    const rows: Record<string, string | null>[] = await this.db.query(
      `SELECT t.code, t.title, lu.code AS lead, t.source, t.source_document AS doc,
              t.source_document_date::text AS "docDate", t.assigned_on::text AS assigned,
              t.due_date::text AS due, t.completed_on::text AS completed,
              (SELECT string_agg(cu.code, ';' ORDER BY cu.code) FROM units cu
               WHERE cu.id = ANY(t.coordinating_unit_ids)) AS coordinating,
              (SELECT coalesce(e.data->>'result', '') FROM task_events e
               WHERE e.task_id = t.id AND e.data ? 'result' ORDER BY e.seq DESC LIMIT 1) AS result,
              pt.code AS parent, lu.path
       FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id
       LEFT JOIN tasks pt ON pt.id = t.parent_task_id
       WHERE t.status <> 'cancelled' AND ($1::uuid IS NULL OR t.plan_id = $1)
       ORDER BY t.assigned_at, t.id`,
      [planId ?? null],
    );
    const visible = rows.filter((r) => isProvinceWide(actor) || canSeeUnitPath(actor, r.path!));
    return this.write(
      format,
      visible.map((r) => [
        r.code ?? '',
        r.title ?? '',
        r.lead ?? '',
        r.coordinating ?? '',
        r.source ?? '',
        r.doc ?? '',
        formatDate(r.docDate),
        formatDate(r.assigned),
        formatDate(r.due),
        formatDate(r.completed),
        r.completed ? (r.result ?? '') : '',
        r.parent ?? '',
      ]),
    );
  }

  private async read(file: Buffer, format: SheetFormat): Promise<{ line: number; row: TaskRow }[]> {
    const wb = new ExcelJS.Workbook();
    const ws =
      format === 'csv'
        ? await wb.csv.read(Readable.from(file), { map: (v: unknown) => v })
        : (await wb.xlsx.load(file as unknown as ArrayBuffer)).worksheets[0];
    if (!ws) throw badRequest('IMPORT_REJECTED', 'The file has no sheet', []);
    const header = (ws.getRow(1).values as unknown[])
      .slice(1)
      .map((h) => columnKey(String(h ?? '')));
    const missing = TASK_COLUMNS.filter((c) => !header.includes(c.key)).map((c) => c.key);
    if (missing.length > 0) {
      throw badRequest(
        'IMPORT_REJECTED',
        `Missing columns: ${missing.join(', ')}`,
        missing.map((m) => ({ field: m, rule: 'column', message: `column ${m} is missing` })),
      );
    }
    const rows: { line: number; row: TaskRow }[] = [];
    ws.eachRow((r, line) => {
      if (line === 1) return;
      const values = (r.values as unknown[]).slice(1);
      const row = Object.fromEntries(
        TASK_COLUMNS.map((c) => [c.key, cellText(values[header.indexOf(c.key)])]),
      ) as TaskRow;
      if (Object.values(row).some((v) => v !== '')) rows.push({ line, row });
    });
    return rows;
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
    const codes = rows.map((r) => r.row.ma_nhiem_vu);
    const today = vnDateOf(new Date());
    const errors: ErrorDetail[] = [];
    const valid: ValidRow[] = [];
    for (const { line, row } of rows) {
      const err = (column: TaskColumn, rule: string, message: string) =>
        errors.push({ field: `row ${line}: ${column}`, rule, message });
      if (!row.ma_nhiem_vu) err('ma_nhiem_vu', 'required', 'mã nhiệm vụ is required');
      else if (codes.indexOf(row.ma_nhiem_vu) !== codes.lastIndexOf(row.ma_nhiem_vu)) {
        err('ma_nhiem_vu', 'unique', `mã ${row.ma_nhiem_vu} appears more than once in the file`);
      }
      if (!row.ten_nhiem_vu) err('ten_nhiem_vu', 'required', 'tên nhiệm vụ is required');
      const lead = unitByCode.get(row.don_vi_chu_tri);
      if (!lead) err('don_vi_chu_tri', 'unitCode', `no unit has code "${row.don_vi_chu_tri}"`);
      else if (!canSeeUnitPath(actor, lead.path))
        err('don_vi_chu_tri', 'scope', 'the unit is outside your scope');
      const coordinating = row.don_vi_phoi_hop
        .split(';')
        .map((c) => c.trim())
        .filter(Boolean);
      const unknown = coordinating.filter((c) => !unitByCode.has(c));
      if (unknown.length)
        err('don_vi_phoi_hop', 'unitCode', `unknown unit codes: ${unknown.join(', ')}`);
      const source = sourceOf(row.nguon_giao);
      if (!source) err('nguon_giao', 'source', `"${row.nguon_giao}" is not a nguồn giao`);
      if (row.van_ban_giao && !tryParseDocumentSymbol(row.van_ban_giao)) {
        err('van_ban_giao', 'documentSymbol', `"${row.van_ban_giao}" is not a số/ký hiệu`);
      }
      const date = (column: TaskColumn) => {
        const d = parseDate(row[column]);
        if (d === undefined) err(column, 'date', `"${row[column]}" is not a date (dd/MM/yyyy)`);
        return d ?? null;
      };
      const documentDate = date('ngay_van_ban');
      const assignedOn = date('ngay_giao') ?? today;
      const dueDate = date('han_xu_ly');
      const completedOn = date('ngay_hoan_thanh');
      if (completedOn && completedOn < assignedOn) {
        err('ngay_hoan_thanh', 'afterAssignment', 'completion is before assignment');
      }
      if (completedOn && completedOn > today)
        err('ngay_hoan_thanh', 'notFuture', 'completion is in the future');
      if (
        row.ma_nhiem_vu_cha &&
        !codes.includes(row.ma_nhiem_vu_cha) &&
        !known.has(row.ma_nhiem_vu_cha)
      ) {
        err('ma_nhiem_vu_cha', 'parentCode', `no task has code ${row.ma_nhiem_vu_cha}`);
      }
      if (lead && source) {
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
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((col, i) => (col.width = i === 1 ? 60 : 18));
    return Buffer.from(format === 'csv' ? await wb.csv.writeBuffer() : await wb.xlsx.writeBuffer());
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'text' in (value as object))
    return String((value as { text: unknown }).text).trim();
  return String(value).trim();
}
