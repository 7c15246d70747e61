import { crc32 } from 'node:zlib';

/**
 * exceljs's streaming reader parses a worksheet straight from the archive only when the shared
 * strings and the workbook's relationships came before it; otherwise it first copies the whole
 * decompressed sheet to a temporary file, which it deletes only after reading it to the end (a
 * reader that stops at the row limit leaves it behind). Excel, LibreOffice and exceljs itself
 * all write the sheets first. So the archive's entries are re-ordered here, sheets last, by
 * copying each entry's local record as it is (nothing is decompressed), and an empty shared
 * strings part is added when the file has none. Anything unexpected returns the file unchanged,
 * and the reader then judges it.
 */
export function sheetsLast(file: Buffer): Buffer {
  try {
    return reorder(file) ?? file;
  } catch {
    return file;
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const SHARED_STRINGS = 'xl/sharedStrings.xml';

function reorder(file: Buffer): Buffer | null {
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i--) {
    if (file.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = file.readUInt16LE(eocd + 10);
  const cdOffset = file.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset >= eocd) return null; // zip64

  const entries: { name: string; start: number; end: number }[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (file.readUInt32LE(p) !== CENTRAL) return null;
    const compressed = file.readUInt32LE(p + 20);
    const nameLength = file.readUInt16LE(p + 28);
    const extraLength = file.readUInt16LE(p + 30);
    const commentLength = file.readUInt16LE(p + 32);
    const local = file.readUInt32LE(p + 42);
    const name = file.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    if (file.readUInt32LE(local) !== LOCAL) return null;
    const flags = file.readUInt16LE(local + 6);
    let end =
      local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28) + compressed;
    if (flags & 0x08)
      end += end + 4 <= file.length && file.readUInt32LE(end) === DESCRIPTOR ? 16 : 12;
    if (end > cdOffset) return null;
    entries.push({ name, start: local, end });
  }
  const parts = entries.filter((e) => !SHEET.test(e.name));
  const sheets = entries.filter((e) => SHEET.test(e.name));
  const records = [...parts, ...sheets].map((e) => file.subarray(e.start, e.end));
  if (!entries.some((e) => e.name === SHARED_STRINGS)) {
    records.splice(parts.length, 0, storedEntry(SHARED_STRINGS, EMPTY_SHARED_STRINGS));
  }
  // The central directory follows as it was: the streaming reader stops at its first record.
  return Buffer.concat([...records, file.subarray(cdOffset)]);
}

const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/** A local record holding `data` uncompressed. */
function storedEntry(name: string, data: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL, 0);
  header.writeUInt16LE(20, 4); // version needed
  header.writeUInt16LE(0, 6); // flags
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt32LE(0, 10); // time, date
  header.writeUInt32LE(crc32(data) >>> 0, 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, nameBytes, data]);
}
