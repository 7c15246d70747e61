import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CODES, notFoundCode } from './error-codes';

const ROOT = join(__dirname, '..', '..');
const SOURCE_DIRS = ['apps', 'libs', 'workflows'];
const SKIPPED = new Set(['node_modules', 'web', 'dist', '__fixtures__']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const CODE = `'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'`;
/** Where a stable code is written as a literal: the error constructors and failure types. */
const PATTERNS = [
  // conflict('X', …), forbidden('X', …), badRequest('X', …), reject('X', …) and
  // new DomainException(HttpStatus.Y, 'X', …), super(HttpStatus.Y, 'X', …), body(status, 'X', …).
  new RegExp(
    String.raw`\b(?:conflict|forbidden|badRequest|reject|TransitionRejected|DomainException|super|body)\(\s*(?:[\w.]+\s*,\s*)?${CODE}`,
    'g',
  ),
  // ApplicationFailure.create({ type: 'X' }), { type: 'X', status: … }, cause.type ?? 'X'.
  new RegExp(String.raw`\btype(?::|\s*\?\?)\s*'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'`, 'g'),
  // [HttpStatus.Y, 'X'] pairs chosen at run time.
  new RegExp(String.raw`\[HttpStatus\.\w+,\s*${CODE}\]`, 'g'),
];
const NOT_FOUND = /\bnotFound\(\s*'([^']+)'/g;

function thrownCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    const where = relative(ROOT, file);
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) found.set(match[1], where);
    }
    for (const match of text.matchAll(NOT_FOUND)) found.set(notFoundCode(match[1]), where);
  }
  return found;
}

describe('the error codes of the API contract', () => {
  const found = thrownCodes();

  it('lists every code the source throws', () => {
    const missing = [...found].filter(
      ([code]) => !(ERROR_CODES as readonly string[]).includes(code),
    );
    expect(missing.map(([code, file]) => `${code} (${file})`)).toEqual([]);
  });

  it('finds codes of every kind, so that the scan itself cannot silently match nothing', () => {
    for (const code of [
      'VALIDATION_FAILED', // badRequest / DomainException
      'TOO_MANY_LOGIN_ATTEMPTS', // super(HttpStatus…, 'X')
      'TASK_CANCELLED', // the task workflow's reject('X')
      'FINDINGS_OPEN', // the inspection workflow's reject('X')
      'PLAN_CLOSED', // ApplicationFailure type
      'TASK_RECORD_REJECTED', // cause.type ?? 'X'
      'WORKFLOW_BUSY', // the filter's body(status, 'X')
      'CALENDAR_OVERRIDE_NOT_FOUND', // notFound('Calendar override', id)
    ]) {
      expect(found.has(code)).toBe(true);
    }
  });

  it('holds unique UPPER_SNAKE codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it('names a missing entity in UPPER_SNAKE however the entity is written', () => {
    expect(notFoundCode('Inspection round')).toBe('INSPECTION_ROUND_NOT_FOUND');
    expect(notFoundCode('Task')).toBe('TASK_NOT_FOUND');
  });
});
