import { MAX_FILE_NAME_LENGTH, sanitizeFileName, withExtension } from './file-name';

describe('sanitizeFileName', () => {
  it('keeps a Vietnamese name as it is, composed (NFC)', () => {
    const decomposed = 'Báo cáo tiến độ quý 3.pdf'.normalize('NFD');
    expect(sanitizeFileName(decomposed)).toBe('Báo cáo tiến độ quý 3.pdf');
  });

  it('drops every directory, whichever separator the client used', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\a\\Kế hoạch.docx')).toBe('Kế hoạch.docx');
    expect(sanitizeFileName('..')).toBe('tep-dinh-kem');
  });

  it('removes NUL, control, bidirectional-override and zero-width characters', () => {
    expect(sanitizeFileName('ho\u0000so\u0007.pdf')).toBe('hoso.pdf');
    expect(sanitizeFileName('hoso\u202Efdp.exe')).toBe('hosofdp.exe');
    expect(sanitizeFileName('\u200Bbao\u200Dcao.pdf')).toBe('baocao.pdf');
  });

  it('replaces characters file systems refuse and trims dots and spaces', () => {
    expect(sanitizeFileName('  a<b>:c"d|e?f*.pdf. ')).toBe('a_b__c_d_e_f_.pdf');
    expect(sanitizeFileName('.hidden.png')).toBe('hidden.png');
  });

  it('drops a lone surrogate and keeps emoji whole', () => {
    expect(sanitizeFileName('a\ud800b.png')).toBe('ab.png');
    expect(sanitizeFileName('ảnh 📷.png')).toBe('ảnh 📷.png');
  });

  it('shortens a long name to the limit and keeps its extension', () => {
    const name = sanitizeFileName(`${'Quyết định '.repeat(60)}.docx`);
    expect(name.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.docx')).toBe(true);
    const emoji = sanitizeFileName(`${'📷'.repeat(200)}.png`);
    expect(emoji.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(emoji).toMatch(/^(📷)+\.png$/u);
  });

  it('names a file that had nothing displayable', () => {
    expect(sanitizeFileName('')).toBe('tep-dinh-kem');
    expect(sanitizeFileName('\u0000\u0001.pdf')).toBe('pdf');
  });
});

describe('withExtension', () => {
  it('adds the detected extension unless the name already ends with it', () => {
    expect(withExtension('Bien ban', 'pdf')).toBe('Bien ban.pdf');
    expect(withExtension('Bien ban.PDF', 'pdf')).toBe('Bien ban.PDF');
    expect(withExtension('report.exe', 'pdf')).toBe('report.exe.pdf');
    expect(withExtension('x'.repeat(300), 'pdf')).toHaveLength(MAX_FILE_NAME_LENGTH);
  });
});
