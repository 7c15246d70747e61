import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor, rootPathOf } from '../auth/actor';
import { conflict, fieldError, forbidden, validationFailed } from '../common/domain.exception';
import {
  DocumentSymbol,
  DocumentSymbolError,
  documentSymbolKey,
  parseDocumentSymbol,
} from './document-symbol';
import type { RegisterDocumentDto } from './dto/register-document.dto';
import { stripDiacritics } from './strip-diacritics';

export interface RegisteredDocument {
  id: string;
  symbol: string;
  type: string | null;
  issueDate: string;
  year: number;
}

/** The register of administrative documents, keyed by số/ký hiệu (docs/domain.md §7). */
@Injectable()
export class DocumentService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Registers a document under its canonical symbol. `em` lets a caller register it inside its
   * own transaction (a plan and its KH document are stored together).
   */
  async register(
    actor: Actor,
    dto: RegisterDocumentDto,
    em: EntityManager = this.db.manager,
  ): Promise<RegisteredDocument> {
    let parsed: DocumentSymbol;
    try {
      parsed = parseDocumentSymbol(dto.symbol);
    } catch (error) {
      const reason = error instanceof DocumentSymbolError ? error.reason : String(error);
      throw validationFailed(fieldError('symbol', 'documentSymbol', reason));
    }
    await this.checkIssuer(actor, parsed.issuer, em);
    const year = Number(dto.issueDate.slice(0, 4));
    try {
      const [row] = await em.query(
        `INSERT INTO documents (symbol, symbol_key, number, type, issue_date, year, issuing_unit_id, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, symbol, type, issue_date::text AS "issueDate", year`,
        [
          parsed.canonical,
          documentSymbolKey(parsed),
          parsed.number,
          parsed.type,
          dto.issueDate,
          year,
          actor.unitId,
          dto.summary ?? null,
        ],
      );
      return row as RegisteredDocument;
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      ) {
        throw conflict(
          'DOCUMENT_EXISTS',
          `Văn bản số ${parsed.canonical} năm ${year} đã được đăng ký`,
        );
      }
      throw error;
    }
  }

  /** Look-up within the caller's own province (another root's documents stay unknown). */
  find(actor: Actor, symbol: string) {
    let parsed: DocumentSymbol;
    try {
      parsed = parseDocumentSymbol(symbol);
    } catch {
      throw validationFailed(fieldError('symbol', 'documentSymbol', 'symbol must be a số/ký hiệu'));
    }
    return this.db.query(
      `SELECT d.id, d.symbol, d.type, d.issue_date::text AS "issueDate", d.year, d.summary,
              u.code AS "issuingUnitCode", p.id AS "planId"
       FROM documents d JOIN units u ON u.id = d.issuing_unit_id LEFT JOIN plans p ON p.document_id = d.id
       WHERE d.symbol_key = $1 AND u.path LIKE $2 || '%' ORDER BY d.issue_date DESC`,
      [documentSymbolKey(parsed), rootPathOf(actor.unitPath)],
    );
  }

  /**
   * Only the unit a symbol names as its issuing body (102/KH-SKHDT: Sở KH&ĐT), or a unit above it,
   * registers a document or a plan under that symbol.
   */
  private async checkIssuer(actor: Actor, issuer: string, em: EntityManager) {
    const [named] = await em.query(
      `SELECT bool_or(u.path LIKE $2 || '%') AS mine FROM units u
       WHERE translate(upper(u.code), 'Đ', 'D') = $1 HAVING count(*) > 0`,
      [stripDiacritics(issuer).toUpperCase(), actor.unitPath],
    );
    if (!named) {
      throw validationFailed(
        fieldError(
          'symbol',
          'issuerUnit',
          `Không có đơn vị nào mang ký hiệu ${issuer} (cơ quan ban hành nêu trong số, ký hiệu)`,
        ),
      );
    }
    if (!named.mine) {
      throw forbidden(
        'NOT_DOCUMENT_ISSUER',
        `Chỉ đơn vị ${issuer} hoặc đơn vị cấp trên của đơn vị này được đăng ký văn bản mang ký hiệu của ${issuer}`,
      );
    }
  }
}
