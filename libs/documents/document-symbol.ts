/**
 * Số, ký hiệu of administrative documents (Nghị định 30/2020/NĐ-CP; docs/domain.md §7):
 *   `<số>/<type>-<issuer>[-<extra>…]`   102/KH-SKHDT, 790/QĐ-UBND-HC
 *   `<số>/<issuer>-<drafting unit>…`     38/VPUBND-KSTTHC (công văn: no type)
 *   `<số>/<year>/<type>-<issuer>`        68/2000/NĐ-CP, 06/2024/NQ-HĐND (legal normative documents)
 * Party documents (`03-HD/BTCTU`, Hướng dẫn 36-HD/VPTW) follow another scheme and are rejected.
 */
import { stripDiacritics } from './strip-diacritics';

export type DocumentTypeCode =
  | 'NQ'
  | 'QĐ'
  | 'CT'
  | 'QC'
  | 'QyĐ'
  | 'TB'
  | 'HD'
  | 'CTr'
  | 'KH'
  | 'PA'
  | 'ĐA'
  | 'DA'
  | 'BC'
  | 'BB'
  | 'TTr'
  | 'CĐ'
  | 'GM'
  | 'NĐ'
  | 'TT';

export const DOCUMENT_TYPES: Record<DocumentTypeCode, string> = {
  NQ: 'Nghị quyết',
  QĐ: 'Quyết định',
  CT: 'Chỉ thị',
  QC: 'Quy chế',
  QyĐ: 'Quy định',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  ĐA: 'Đề án',
  DA: 'Dự án',
  BC: 'Báo cáo',
  BB: 'Biên bản',
  TTr: 'Tờ trình',
  CĐ: 'Công điện',
  GM: 'Giấy mời',
  NĐ: 'Nghị định',
  TT: 'Thông tư',
};

export interface DocumentSymbol {
  /** null when the number is left blank, as in a draft's "Số: /BC-VPUBND". */
  number: number | null;
  /** Only legal normative documents carry a year: 68/2000/NĐ-CP. */
  year?: number;
  /** null for a công văn. */
  type: DocumentTypeCode | null;
  issuer: string;
  /** Groups after the issuer: 790/QĐ-UBND-HC → ['HC']; 38/VPUBND-KSTTHC → ['KSTTHC']. */
  extra: string[];
  /** Number padded to two digits, type code with its diacritics: '01/QĐ-UBND-HC'. */
  canonical: string;
}

export type DocumentSymbolErrorCode =
  | 'empty'
  | 'malformed'
  | 'invalid_number'
  | 'invalid_year'
  | 'invalid_group'
  | 'no_issuer'
  | 'unknown_type';

export class DocumentSymbolError extends Error {
  override readonly name = 'DocumentSymbolError';

  constructor(
    readonly code: DocumentSymbolErrorCode,
    /** Vietnamese, for the user. */
    readonly reason: string,
    readonly input: string,
  ) {
    super(`${code}: ${reason} (${JSON.stringify(input)})`);
  }
}

const TYPE_CODES = Object.keys(DOCUMENT_TYPES) as DocumentTypeCode[];

const TYPE_BY_UPPER = new Map<string, DocumentTypeCode>(
  TYPE_CODES.map((code) => [code.toUpperCase(), code]),
);

// Type codes written without their Đ: QD → QĐ, QyD → QyĐ, CD → CĐ, ND → NĐ. 'DA' is a code of its
// own (dự án), so an undiacritised DA stays dự án even when the author meant ĐA (đề án).
const TYPE_BY_STRIPPED = new Map<string, DocumentTypeCode>(
  TYPE_CODES.map((code) => [stripDiacritics(code).toUpperCase(), code] as const).filter(
    ([stripped]) => !TYPE_BY_UPPER.has(stripped),
  ),
);

// OCR misreadings of Đ seen in the seed reports (Qb/QB/Ob for QĐ, NB/NDB for NĐ). None of
// them is a real type code, so accepting them cannot shadow a genuine symbol.
const OCR_TYPE_ALIASES = new Map<string, DocumentTypeCode>([
  ['QB', 'QĐ'],
  ['OB', 'QĐ'],
  ['NB', 'NĐ'],
  ['NDB', 'NĐ'],
]);

const GROUP = /^[A-Za-zĐđ][A-Za-zĐđ0-9]*$/;
const UPPER_PIECE = /^[A-ZĐ0-9]+$/;
const LABEL = /^s[ốôoóò6b]\s*[:.]?\s*(?=[\d/])/iu;
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;

function fail(code: DocumentSymbolErrorCode, reason: string, input: string): never {
  throw new DocumentSymbolError(code, reason, input);
}

function normalizeInput(input: string): string {
  return input
    .normalize('NFC')
    .replace(/[ÐƉ]/g, 'Đ')
    .replace(/[ðɖ]/g, 'đ')
    .replace(/[‐‑‒–—−]/g, '-')
    .replace(/[／∕⁄]/g, '/')
    .trim()
    .replace(LABEL, '')
    .replace(/\s*([/-])\s*/g, '$1');
}

function resolveType(group: string): DocumentTypeCode | null {
  const upper = group.toUpperCase();
  const exact = TYPE_BY_UPPER.get(upper);
  if (exact) return exact;
  if (/Đ/.test(upper)) return null;
  return TYPE_BY_STRIPPED.get(upper) ?? OCR_TYPE_ALIASES.get(upper) ?? null;
}

/** OCR splits groups ('V PUBND'); rejoin only when every piece is uppercase, never prose. */
function normalizeGroup(raw: string, input: string): string {
  const pieces = raw.split(/\s+/);
  if (pieces.length > 1 && !pieces.every((p) => UPPER_PIECE.test(p))) {
    fail('invalid_group', `Nhóm ký hiệu không hợp lệ: "${raw}"`, input);
  }
  const group = pieces.join('');
  if (!GROUP.test(group)) fail('invalid_group', `Nhóm ký hiệu không hợp lệ: "${raw}"`, input);
  return /[A-ZĐ]/.test(group) ? group : group.toUpperCase();
}

function parseNumber(raw: string, input: string): number | null {
  if (raw === '') return null;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) === 0) {
    fail('invalid_number', `Số văn bản không hợp lệ: "${raw}"`, input);
  }
  return Number(raw);
}

function parseYear(raw: string, input: string): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < MIN_YEAR || year > MAX_YEAR) {
    fail('invalid_year', `Năm ban hành không hợp lệ: "${raw}"`, input);
  }
  return year;
}

export function formatDocumentSymbol(symbol: Omit<DocumentSymbol, 'canonical'>): string {
  const number = symbol.number === null ? '' : String(symbol.number).padStart(2, '0');
  const year = symbol.year === undefined ? '' : `${symbol.year}/`;
  const groups = [symbol.type, symbol.issuer, ...symbol.extra].filter((g) => g !== null);
  return `${number}/${year}${groups.join('-')}`;
}

export function parseDocumentSymbol(input: string): DocumentSymbol {
  if (typeof input !== 'string' || input.trim() === '') {
    fail('empty', 'Số, ký hiệu văn bản trống', String(input));
  }
  const parts = normalizeInput(input).split('/');
  if (parts.length < 2 || parts.length > 3) {
    fail('malformed', 'Không đúng dạng <số>/<ký hiệu> hoặc <số>/<năm>/<ký hiệu>', input);
  }
  const number = parseNumber(parts[0], input);
  const year = parts.length === 3 ? parseYear(parts[1], input) : undefined;
  const rawGroups = parts[parts.length - 1].split('-');
  if (rawGroups[0] === '') fail('malformed', 'Thiếu ký hiệu sau dấu "/"', input);
  if (rawGroups.length > 1 && rawGroups[rawGroups.length - 1] === '') {
    fail('no_issuer', 'Ký hiệu kết thúc bằng dấu "-" mà thiếu nhóm chữ sau', input);
  }
  const groups = rawGroups.map((g) => normalizeGroup(g, input));
  const type = resolveType(groups[0]);

  if (type === null && year !== undefined) {
    fail(
      'unknown_type',
      `Văn bản quy phạm pháp luật phải có tên loại; "${groups[0]}" không phải tên loại đã biết`,
      input,
    );
  }
  const rest = type === null ? groups : groups.slice(1);
  if (rest.length === 0) fail('no_issuer', 'Thiếu tên viết tắt của cơ quan ban hành', input);
  if (type === null && rest.length === 1) {
    fail(
      'no_issuer',
      'Công văn phải có tên viết tắt của cơ quan ban hành và đơn vị soạn thảo',
      input,
    );
  }

  const symbol = {
    number,
    ...(year === undefined ? {} : { year }),
    type,
    issuer: rest[0],
    extra: rest.slice(1),
  };
  return { ...symbol, canonical: formatDocumentSymbol(symbol) };
}

export function tryParseDocumentSymbol(input: string): DocumentSymbol | null {
  try {
    return parseDocumentSymbol(input);
  } catch (error) {
    if (error instanceof DocumentSymbolError) return null;
    throw error;
  }
}

/**
 * Key for matching a cited symbol against a registered one when either may have lost its
 * diacritics or case: '06/2024/NQ-HDND' and '06/2024/NQ-HĐND' share a key.
 */
export function documentSymbolKey(symbol: DocumentSymbol): string {
  return stripDiacritics(symbol.canonical).toUpperCase();
}

// Free text: a group starts with a capital so prose is not swallowed; 'V PUBND' (one letter,
// one space) is the only split OCR produced in the seeds that we rejoin.
const TEXT_GROUP = String.raw`(?:[A-ZĐÐ] (?=[A-ZĐÐ]))?[A-ZĐÐ][A-Za-zĐđÐð0-9]*(?![\p{L}\p{N}])`;
const TEXT_NUMBER = String.raw`(?<![\p{L}\p{N}/.,_])(?<number>\d{1,6})`;
const TEXT_BLANK_NUMBER = String.raw`(?<![\p{L}\p{N}])S[ốôoóò6b][ \t]*:[ \t]*(?=\/)`;
const TEXT_SYMBOL = new RegExp(
  String.raw`(?:${TEXT_NUMBER}|${TEXT_BLANK_NUMBER})[ \t]*\/[ \t]*(?:(?<year>\d{4})\/)?` +
    String.raw`(?<groups>${TEXT_GROUP}(?:-(?:[ \t]*\r?\n[ \t]*)?${TEXT_GROUP})+)`,
  'gu',
);

/**
 * Every document symbol cited in free text (OCR output included), in order of appearance,
 * repeats kept, each as written but with line breaks inside it removed: "Ké hoach s6 377/KH-\nUBND"
 * → '377/KH-UBND'. Only tokens that parseDocumentSymbol accepts are returned.
 */
export function findDocumentSymbols(text: string): string[] {
  const found: string[] = [];
  for (const match of text.normalize('NFC').replace(/[‐‑]/g, '-').matchAll(TEXT_SYMBOL)) {
    const { number = '', year, groups = '' } = match.groups ?? {};
    const token = `${number}/${year ? `${year}/` : ''}${groups.replace(/-\s+/g, '-')}`;
    if (tryParseDocumentSymbol(token)) found.push(token);
  }
  return found;
}
