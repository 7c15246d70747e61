import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

/** The formats a task file may have, by canonical extension, with the type it is served as. */
export const FILE_FORMATS = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  png: 'image/png',
} as const;

export type FileFormat = keyof typeof FILE_FORMATS;

/** Extensions users write for each format. */
const EXTENSIONS: Record<string, FileFormat> = {
  pdf: 'pdf',
  doc: 'doc',
  docx: 'docx',
  xls: 'xls',
  xlsx: 'xlsx',
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
};

export const ALLOWED_EXTENSIONS = Object.keys(EXTENSIONS);

/** The format a file name claims by its extension, if it is one of ours. */
export function formatOfName(name: string): FileFormat | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext ? EXTENSIONS[ext] : undefined;
}

/** Largest old-style (OLE2) document whose directory is searched for its stream names. */
const OLE_SCAN_BYTES = 64 * 1024 * 1024;

/**
 * What the bytes of a file are, read from the file itself (magic numbers, and the parts inside
 * a ZIP for .docx/.xlsx), never from its name or the client's Content-Type. Old Word and Excel
 * files share one container (OLE2/CFB): they are told apart by the name of their main stream,
 * "WordDocument" or "Workbook"/"Book". Anything else is undefined.
 */
export async function sniffFormat(path: string): Promise<FileFormat | undefined> {
  const found = await fileTypeFromFile(path);
  switch (found?.ext) {
    case 'pdf':
    case 'docx':
    case 'xlsx':
    case 'png':
    case 'jpg':
      return found.ext;
    case 'cfb':
      return oleFormat(path);
    default:
      return undefined;
  }
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le');
const WORD_STREAM = utf16('WordDocument');
const EXCEL_STREAMS = [utf16('Workbook'), utf16('Book\0')];

async function oleFormat(path: string): Promise<FileFormat | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(Math.min(size, OLE_SCAN_BYTES));
    await handle.read(buf, 0, buf.length, 0);
    // Directory entries hold names as UTF-16LE at the start of 128-byte records.
    const atEntry = (needle: Buffer) => {
      for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + 1)) {
        if (i % 128 === 0) return true;
      }
      return false;
    };
    if (atEntry(WORD_STREAM)) return 'doc';
    if (EXCEL_STREAMS.some(atEntry)) return 'xls';
    return undefined;
  } finally {
    await handle.close();
  }
}
