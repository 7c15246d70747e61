import * as fs from 'fs';
import * as path from 'path';
import {
  DOCUMENT_TYPES,
  DocumentSymbol,
  DocumentSymbolError,
  DocumentSymbolErrorCode,
  DocumentTypeCode,
  documentSymbolKey,
  findDocumentSymbols,
  parseDocumentSymbol,
  tryParseDocumentSymbol,
} from './document-symbol';
import { stripDiacritics } from './strip-diacritics';

const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');
const FIXTURE = path.join(__dirname, '__fixtures__/seed-symbols.json');
const fixture: Record<string, string[]> = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

function extractFromSeeds(): Record<string, string[]> {
  const files = fs.readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt'));
  return Object.fromEntries(
    files
      .sort()
      .map((f) => [f, findDocumentSymbols(fs.readFileSync(path.join(SEEDS_DIR, f), 'utf8'))]),
  );
}

function rejection(input: string): DocumentSymbolError {
  try {
    parseDocumentSymbol(input);
  } catch (error) {
    if (error instanceof DocumentSymbolError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('parseDocumentSymbol', () => {
  type Expected = Omit<DocumentSymbol, 'extra'> & { extra?: string[] };
  const readings: [string, Expected][] = [
    ['389/KH-UBND', { number: 389, type: 'KH', issuer: 'UBND', canonical: '389/KH-UBND' }],
    ['102/KH-SKHDT', { number: 102, type: 'KH', issuer: 'SKHDT', canonical: '102/KH-SKHDT' }],
    [
      '790/QĐ-UBND-HC',
      { number: 790, type: 'QĐ', issuer: 'UBND', extra: ['HC'], canonical: '790/QĐ-UBND-HC' },
    ],
    [
      '01/QD-UBND-HC',
      { number: 1, type: 'QĐ', issuer: 'UBND', extra: ['HC'], canonical: '01/QĐ-UBND-HC' },
    ],
    [
      '38/VPUBND-KSTTHC',
      {
        number: 38,
        type: null,
        issuer: 'VPUBND',
        extra: ['KSTTHC'],
        canonical: '38/VPUBND-KSTTHC',
      },
    ],
    ['342/BC-VPUBND', { number: 342, type: 'BC', issuer: 'VPUBND', canonical: '342/BC-VPUBND' }],
    [
      '06/2024/NQ-HDND',
      { number: 6, year: 2024, type: 'NQ', issuer: 'HDND', canonical: '06/2024/NQ-HDND' },
    ],
    [
      '68/2000/NĐ-CP',
      { number: 68, year: 2000, type: 'NĐ', issuer: 'CP', canonical: '68/2000/NĐ-CP' },
    ],
    ['Số: /BC-VPUBND', { number: null, type: 'BC', issuer: 'VPUBND', canonical: '/BC-VPUBND' }],
    ['/BC-VPUBND', { number: null, type: 'BC', issuer: 'VPUBND', canonical: '/BC-VPUBND' }],
    ['Số 102/KH-SKHDT', { number: 102, type: 'KH', issuer: 'SKHDT', canonical: '102/KH-SKHDT' }],
    [' 102 / KH - SKHDT ', { number: 102, type: 'KH', issuer: 'SKHDT', canonical: '102/KH-SKHDT' }],
    ['08/KH-V PUBND', { number: 8, type: 'KH', issuer: 'VPUBND', canonical: '08/KH-VPUBND' }],
    ['1813/Qb-TTg', { number: 1813, type: 'QĐ', issuer: 'TTg', canonical: '1813/QĐ-TTg' }],
    ['102/kh-skhdt', { number: 102, type: 'KH', issuer: 'SKHDT', canonical: '102/KH-SKHDT' }],
    ['12/QÐ–UBND', { number: 12, type: 'QĐ', issuer: 'UBND', canonical: '12/QĐ-UBND' }],
    [
      '2024/2024/NQ-HĐND',
      { number: 2024, year: 2024, type: 'NQ', issuer: 'HĐND', canonical: '2024/2024/NQ-HĐND' },
    ],
  ];

  it.each(readings.map(([input, expected]) => ({ input, expected })))(
    'reads "$input" as $expected.canonical with its number, type, issuer and extra groups',
    ({ input, expected }) => {
      expect(parseDocumentSymbol(input)).toEqual({ extra: [], ...expected });
    },
  );

  it.each<[string, DocumentTypeCode]>([
    ['15/QyD-UBND', 'QyĐ'],
    ['15/QYĐ-UBND', 'QyĐ'],
    ['15/CTR-UBND', 'CTr'],
    ['15/TTr-SNV', 'TTr'],
    ['15/CD-UBND', 'CĐ'],
    ['15/ĐA-UBND', 'ĐA'],
    ['15/đa-UBND', 'ĐA'],
    ['15/DA-UBND', 'DA'],
    ['15/GM-VPUBND', 'GM'],
    ['02/2017/TT-VPCP', 'TT'],
  ])('reads the type code of %j as %s whether or not it keeps its diacritics', (input, type) => {
    expect(parseDocumentSymbol(input).type).toBe(type);
  });

  it.each<[string, string]>([
    ['352/QB-UBND-HC', '352/QĐ-UBND-HC'],
    ['06/Ob-VP', '06/QĐ-VP'],
    ['60/2021/NB-CP', '60/2021/NĐ-CP'],
    ['130/2005/NDB-CP', '130/2005/NĐ-CP'],
  ])('repairs the OCR misreading of Đ in the type code of %j to %s', (input, canonical) => {
    expect(parseDocumentSymbol(input).canonical).toBe(canonical);
  });

  it('parses every type code written with its diacritics back to the same code', () => {
    for (const code of Object.keys(DOCUMENT_TYPES) as DocumentTypeCode[]) {
      expect(parseDocumentSymbol(`01/${code}-UBND`)).toMatchObject({
        type: code,
        canonical: `01/${code}-UBND`,
      });
    }
  });

  it.each<[string, DocumentSymbolErrorCode]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['hello', 'malformed'],
    ['102/KH-SKHDT ngày 12/01/2024', 'malformed'],
    ['102/-UBND', 'malformed'],
    ['102/KH', 'no_issuer'],
    ['102/KH-', 'no_issuer'],
    ['102/VPUBND', 'no_issuer'],
    ['68/2000/XY-CP', 'unknown_type'],
    ['25/2018/QH14', 'unknown_type'],
    ['0/KH-UBND', 'invalid_number'],
    ['abc/KH-UBND', 'invalid_number'],
    ['03-HD/BTCTU', 'invalid_number'],
    ['T1/IKH-VP', 'invalid_number'],
    ['12/1850/NĐ-CP', 'invalid_year'],
    ['102/KH-UBND Pong', 'invalid_group'],
    ['102/KH--UBND', 'invalid_group'],
    ['102/KH-Sở', 'invalid_group'],
  ])('rejects %j with code %s', (input, code) => {
    expect(rejection(input).code).toBe(code);
  });

  it('reports a rejection as a DocumentSymbolError with a Vietnamese reason and the input', () => {
    const error = rejection('102/KH');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DocumentSymbolError');
    expect(error.reason).toMatch(/cơ quan ban hành/);
    expect(error.input).toBe('102/KH');
    expect(error.message).toContain('no_issuer');
  });
});

describe('tryParseDocumentSymbol', () => {
  it('returns null instead of throwing on garbage and the symbol on a valid input', () => {
    expect(tryParseDocumentSymbol('b/c')).toBeNull();
    expect(tryParseDocumentSymbol('20/KH-VPUBND')?.canonical).toBe('20/KH-VPUBND');
  });
});

describe('documentSymbolKey', () => {
  it('gives a citation that lost its diacritics the same key as the registered symbol', () => {
    expect(documentSymbolKey(parseDocumentSymbol('06/2024/NQ-HDND'))).toBe(
      documentSymbolKey(parseDocumentSymbol('06/2024/NQ-HĐND')),
    );
    expect(documentSymbolKey(parseDocumentSymbol('102/KH-SKHDT'))).not.toBe(
      documentSymbolKey(parseDocumentSymbol('103/KH-SKHDT')),
    );
  });
});

describe('DOCUMENT_TYPES', () => {
  it('names the type codes in Vietnamese', () => {
    expect(DOCUMENT_TYPES['QĐ']).toBe('Quyết định');
    expect(DOCUMENT_TYPES.KH).toBe('Kế hoạch');
    expect(DOCUMENT_TYPES['ĐA']).toBe('Đề án');
    expect(DOCUMENT_TYPES.DA).toBe('Dự án');
  });
});

describe('stripDiacritics', () => {
  it('removes tone marks and turns Đ and its eth lookalike into D', () => {
    expect(stripDiacritics('Quyết định số 01/QĐ-UBND của Hội đồng nhân dân Ðồng Tháp')).toBe(
      'Quyet dinh so 01/QD-UBND cua Hoi dong nhan dan Dong Thap',
    );
  });
});

describe('findDocumentSymbols', () => {
  it('finds symbols in prose and skips dates, fractions, URLs and party-style symbols', () => {
    const text = [
      'Sb: 342 /BC-VPUBND Pong Thap, ngay 15 thang 9 nam 2022',
      'Thực hiện Kế hoạch số 389/KH-UBND ngày 25/12/2023, Ké hoach s6 377/KH-',
      'UBND ngay 25/12/2021 (b/c); Hướng dẫn số 03-HD/BTCTU; Kế hoạch sé6 T1/IKH-VP;',
      'Nghị định 68/2000/NĐ-CP, 2.501/2.723 nhiệm vụ; https://x.gov.vn/159332/0/Nghi%20quyet;',
      'Kế hoạch số 08/KH-V PUBND ngày 29 tháng 01 năm 2021; Công văn 38/VPUBND-KSTTHC.',
    ].join('\n');
    expect(findDocumentSymbols(text)).toEqual([
      '342/BC-VPUBND',
      '389/KH-UBND',
      '377/KH-UBND',
      '68/2000/NĐ-CP',
      '08/KH-V PUBND',
      '38/VPUBND-KSTTHC',
    ]);
  });

  it('finds the blank number of a draft only after a "Số:" label', () => {
    expect(findDocumentSymbols('Số: /BC-VPUBND\nxem /BC-VPUBND')).toEqual(['/BC-VPUBND']);
  });

  it('keeps repeated citations, in order of appearance', () => {
    expect(findDocumentSymbols('766/QD-TTg, 28/UBND-KSTTHC, 766/QD-TTg')).toEqual([
      '766/QD-TTg',
      '28/UBND-KSTTHC',
      '766/QD-TTg',
    ]);
  });
});

describe('symbols cited in the seed reports', () => {
  const tokens = Object.values(fixture).flat();

  it('has a fixture with symbols from all five seed reports', () => {
    expect(Object.keys(fixture)).toHaveLength(5);
    for (const list of Object.values(fixture)) expect(list.length).toBeGreaterThan(0);
    expect(tokens).toEqual(
      expect.arrayContaining(['/BC-VPUBND', '377/KH-UBND', '08/KH-V PUBND', '01/QD-UBND-HC']),
    );
  });

  it('parses every symbol in the fixture, and its canonical form parses to itself', () => {
    for (const token of tokens) {
      const { canonical } = parseDocumentSymbol(token);
      expect(parseDocumentSymbol(canonical).canonical).toBe(canonical);
    }
  });

  it('reads the OCR-damaged citations of the seeds as the documents they name', () => {
    const canonical = new Set(tokens.map((t) => parseDocumentSymbol(t).canonical));
    for (const expected of ['352/QĐ-UBND-HC', '60/2021/NĐ-CP', '08/KH-VPUBND', '06/QĐ-VP']) {
      expect(canonical).toContain(expected);
    }
  });

  // Regenerate with UPDATE_SEED_SYMBOLS=1 after a deliberate change to findDocumentSymbols.
  // Outside this workplace ../shared may be absent; the fixture then stands in for the seeds.
  it('matches what findDocumentSymbols extracts from ../shared/seeds today', () => {
    const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    if (!fs.existsSync(SEEDS_DIR)) {
      expect(Object.keys(fixture)).toHaveLength(5);
      return;
    }
    const extracted = extractFromSeeds();
    if (process.env.UPDATE_SEED_SYMBOLS === '1') {
      fs.writeFileSync(FIXTURE, `${JSON.stringify(extracted, null, 2)}\n`);
    }
    expect(extracted).toEqual(fixture);
  });
});
