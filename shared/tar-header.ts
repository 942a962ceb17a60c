// Owns the byte-level facts of image archives that the core and the page both need: which
// compression a file starts with, and what one 512-byte tar header says (ustar prefix, GNU
// base-256 sizes, PAX records). Uint8Array only, so it runs in Node and in the page alike.

export const TAR_BLOCK = 512;

/** What `docker load` accepts on Engine API 1.41 (zstd only arrived with Engine 23). */
export type ArchiveKind = 'tar' | 'gzip' | 'bzip2' | 'xz';

/** Bytes needed to recognise any kind: the tar magic sits at offset 257. */
export const SNIFF_BYTES = 263;

/** Node's Buffer#toString('utf8') and this both replace bad sequences with U+FFFD; keep a BOM as Buffer does. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Byte-per-character text (Buffer's 'latin1'); TextDecoder('latin1') would be windows-1252. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end && i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

export const utf8Text = (bytes: Uint8Array): string => utf8.decode(bytes);

/** Recognises an archive from its first bytes (the same magic numbers the engine checks). */
export function archiveKindOf(head: Uint8Array): ArchiveKind | null {
  const b = head;
  if (b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08) return 'gzip';
  if (b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) return 'bzip2';
  if (b.length >= 6 && b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0x00) {
    return 'xz';
  }
  if (b.length >= 262 && latin1(b, 257, 262) === 'ustar') return 'tar';
  return null;
}

export interface TarHeader {
  name: string;
  size: number;
  /** The raw typeflag character ('0', '5', 'x', 'L'...). */
  type: string;
}

/** A NUL-terminated text field (UTF-8), at most `length` bytes. */
export function tarText(block: Uint8Array, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return utf8.decode(block.subarray(start, end < 0 || end > start + length ? start + length : end));
}

/** Numeric field: octal text, or GNU base-256 when the high bit of the first byte is set. */
export function tarNumber(block: Uint8Array, start: number, length: number): number {
  if (block[start] & 0x80) {
    let value = block[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    return value;
  }
  const text = latin1(block, start, start + length)
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return Number.NaN;
  return parseInt(text, 8);
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < TAR_BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** The checksum field counts as spaces; old writers summed signed bytes, so accept either. */
export function tarChecksumMatches(block: Uint8Array): boolean {
  const stored = tarNumber(block, 148, 8);
  if (!Number.isFinite(stored)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** Parses one 512-byte header block; null when it is not a valid header. */
export function parseTarHeader(block: Uint8Array): TarHeader | null {
  if (block.length < TAR_BLOCK || !tarChecksumMatches(block)) return null;
  const size = tarNumber(block, 124, 12);
  if (!Number.isSafeInteger(size) || size < 0) return null;
  let name = tarText(block, 0, 100);
  if (latin1(block, 257, 262) === 'ustar' && block[345] !== 0) {
    name = `${tarText(block, 345, 155)}/${name}`;
  }
  const flag = block[156];
  return { name, size, type: flag === 0 ? '0' : String.fromCharCode(flag) };
}

/** PAX extended header records: "<len> <key>=<value>\n". */
export function parsePaxRecords(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = parseInt(latin1(data, pos, space), 10);
    if (!Number.isSafeInteger(len) || len <= 0 || pos + len > data.length) break;
    const record = utf8.decode(data.subarray(space + 1, pos + len - 1));
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** Entry types whose data describes the next entry rather than being a file. */
export const META_TYPES: ReadonlySet<string> = new Set(['x', 'g', 'L', 'K']);
/** No legitimate PAX / long-name block comes near this; a bigger one means a damaged archive. */
export const MAX_META_BYTES = 1024 * 1024;

export const paddedSize = (size: number): number => Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
