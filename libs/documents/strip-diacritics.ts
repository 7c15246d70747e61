/**
 * Removes Vietnamese diacritics: 'Quyết định' → 'Quyet dinh', 'QĐ' → 'QD'.
 * Đ/đ are separate letters, not a base letter plus a combining mark, so NFD alone keeps them;
 * the eth lookalikes (Ð U+00D0, Ɖ U+0189, ð) are what many fonts and OCR engines emit for Đ.
 */
export function stripDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ĐÐƉ]/g, 'D')
    .replace(/[đðɖ]/g, 'd')
    .normalize('NFC');
}
