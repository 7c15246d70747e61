import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { formatOfName, sniffFormat } from './file-kinds';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6b9e4a90000000049454e44ae426082',
  'hex',
);
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** An OLE2 container whose directory names `stream` (as Word and Excel 97–2003 files do). */
function oleFile(stream: string): Buffer {
  const buf = Buffer.alloc(1536);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(buf, 0);
  buf.writeUInt16LE(0x003e, 0x18); // minor version
  buf.writeUInt16LE(0x0003, 0x1a); // major version 3: 512-byte sectors
  buf.writeUInt16LE(0xfffe, 0x1c); // little-endian
  buf.writeUInt16LE(9, 0x1e); // sector shift
  Buffer.from('Root Entry', 'utf16le').copy(buf, 512);
  Buffer.from(stream, 'utf16le').copy(buf, 640);
  return buf;
}

describe('sniffFormat', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sniff-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sniff = (bytes: Buffer | Uint8Array) => {
    const path = join(dir, `f${Math.random()}`);
    writeFileSync(path, bytes);
    return sniffFormat(path);
  };

  it('recognises PDF, PNG and JPEG by their magic numbers', async () => {
    expect(await sniff(PDF)).toBe('pdf');
    expect(await sniff(PNG)).toBe('png');
    expect(await sniff(JPEG)).toBe('jpg');
  });

  it('tells a Word document from an Excel workbook inside their ZIP', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('Xin chào')] }] }),
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Nhiệm vụ').addRow(['a']);
    expect(await sniff(docx)).toBe('docx');
    expect(await sniff(Buffer.from(await workbook.xlsx.writeBuffer()))).toBe('xlsx');
  });

  it('tells old Word from old Excel files by their main stream', async () => {
    expect(await sniff(oleFile('WordDocument'))).toBe('doc');
    expect(await sniff(oleFile('Workbook'))).toBe('xls');
    expect(await sniff(oleFile('Book\0'))).toBe('xls');
    expect(await sniff(oleFile('PowerPoint Document'))).toBeUndefined();
  });

  it('refuses text, HTML, a plain ZIP and executables whatever they are called', async () => {
    expect(await sniff(Buffer.from('Đây là văn bản, không phải PDF'))).toBeUndefined();
    expect(await sniff(Buffer.from('<html><script>alert(1)</script></html>'))).toBeUndefined();
    const zip = new JSZip();
    zip.file('a.txt', 'x');
    expect(await sniff(await zip.generateAsync({ type: 'nodebuffer' }))).toBeUndefined();
    expect(await sniff(Buffer.from('4d5a90000300000004000000ffff0000', 'hex'))).toBeUndefined();
    expect(await sniff(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('formatOfName', () => {
  it('reads the format a name claims, case-insensitively, jpeg as jpg', () => {
    expect(formatOfName('Báo cáo.PDF')).toBe('pdf');
    expect(formatOfName('ảnh.jpeg')).toBe('jpg');
    expect(formatOfName('bang.xlsx')).toBe('xlsx');
    expect(formatOfName('script.js')).toBeUndefined();
    expect(formatOfName('khong-duoi')).toBeUndefined();
  });
});
