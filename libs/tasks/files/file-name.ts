/** Longest name kept, in characters (the column's bound). */
export const MAX_FILE_NAME_LENGTH = 255;

/** The name used when nothing displayable is left of the one sent. */
const FALLBACK_STEM = 'tep-dinh-kem';

// Control characters (C0, DEL, C1), bidirectional overrides and isolates (which make
// "hoso‮fdp.exe" display as "hosoexe.pdf"), zero-width and BOM characters.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Characters no common file system accepts in a name; they become "_". */
const RESERVED = /[<>:"/\\|?*]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A file name fit to store and show: the last segment of whatever path the client sent (no
 * directories, so no traversal — the bytes are stored under the row's id anyway), Unicode NFC so
 * Vietnamese letters compare and display alike, without invisible or reserved characters, no
 * leading or trailing dots and spaces, and at most MAX_FILE_NAME_LENGTH characters with its
 * extension kept.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = cleaned.lastIndexOf('.');
  const [stem, ext] =
    dot > 0 && cleaned.length - dot <= 16
      ? [cleaned.slice(0, dot), cleaned.slice(dot)]
      : [cleaned, ''];
  return fitLength(stem.trim() || FALLBACK_STEM, ext);
}

/** `name` with `.ext` appended unless it already ends with it (case-insensitive). */
export function withExtension(name: string, ext: string): string {
  return name.toLowerCase().endsWith(`.${ext}`) ? name : fitLength(name, `.${ext}`);
}

/** Cuts the stem (by code point, never inside a surrogate pair) so stem + ext fits. */
function fitLength(stem: string, ext: string): string {
  const room = MAX_FILE_NAME_LENGTH - ext.length;
  const points = [...stem];
  let cut = '';
  for (const p of points) {
    if (cut.length + p.length > room) break;
    cut += p;
  }
  return `${cut.trimEnd()}${ext}`;
}
