// Owns the bytes-level knowledge of image archives: which compression a file starts with, tar
// header fields (with PAX/GNU extensions), and a pass-through check that a tar from the engine is
// whole — `GET /images/get` keeps HTTP 200 and appends its error as JSON into the tar instead.
import { Transform, type TransformCallback } from 'node:stream';
import { CoreError } from './engine-errors';

export const TAR_BLOCK = 512;

/** What `docker load` accepts on Engine API 1.41 (zstd only arrived with Engine 23). */
export type ArchiveKind = 'tar' | 'gzip' | 'bzip2' | 'xz';

/** Bytes needed to recognise any kind: the tar magic sits at offset 257. */
export const SNIFF_BYTES = 263;

/** Recognises an archive from its first bytes (the same magic numbers the engine checks). */
export function archiveKindOf(head: Uint8Array): ArchiveKind | null {
  const b = head;
  if (b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08) return 'gzip';
  if (b.length >= 3 && b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) return 'bzip2';
  if (b.length >= 6 && b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0x00) {
    return 'xz';
  }
  if (b.length >= 262 && Buffer.from(b.buffer, b.byteOffset + 257, 5).toString('latin1') === 'ustar') return 'tar';
  return null;
}

export interface TarHeader {
  name: string;
  size: number;
  /** The raw typeflag character ('0', '5', 'x', 'L'...). */
  type: string;
}

function cString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

/** Numeric field: octal text, or GNU base-256 when the high bit of the first byte is set. */
function numeric(block: Buffer, start: number, length: number): number {
  if (block[start] & 0x80) {
    let value = block[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    return value;
  }
  const text = block.toString('latin1', start, start + length).replace(/[\0 ]+$/g, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return Number.NaN;
  return parseInt(text, 8);
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < TAR_BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** The checksum field counts as spaces; old writers summed signed bytes, so accept either. */
function checksumMatches(block: Buffer): boolean {
  const stored = numeric(block, 148, 8);
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
export function parseTarHeader(block: Buffer): TarHeader | null {
  if (block.length < TAR_BLOCK || !checksumMatches(block)) return null;
  const size = numeric(block, 124, 12);
  if (!Number.isSafeInteger(size) || size < 0) return null;
  let name = cString(block, 0, 100);
  if (block.toString('latin1', 257, 262) === 'ustar' && block[345] !== 0) {
    name = `${cString(block, 345, 155)}/${name}`;
  }
  const flag = block[156];
  return { name, size, type: flag === 0 ? '0' : String.fromCharCode(flag) };
}

/** PAX extended header records: "<len> <key>=<value>\n". */
export function parsePaxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = parseInt(data.toString('latin1', pos, space), 10);
    if (!Number.isSafeInteger(len) || len <= 0 || pos + len > data.length) break;
    const record = data.toString('utf8', space + 1, pos + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** Entry types whose data describes the next entry rather than being a file. */
export const META_TYPES = new Set(['x', 'g', 'L', 'K']);
/** No legitimate PAX / long-name block comes near this; a bigger one means a damaged archive. */
export const MAX_META_BYTES = 1024 * 1024;

export const paddedSize = (size: number): number => Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;

/** The engine's in-stream error line, when the bytes end with one. */
export function engineErrorIn(tail: Buffer): string | undefined {
  const text = tail.toString('utf8');
  const at = text.lastIndexOf('{"errorDetail"');
  const alt = text.lastIndexOf('{"error"');
  const start = Math.max(at, alt);
  if (start < 0) return undefined;
  try {
    const obj = JSON.parse(text.slice(start).trim()) as { error?: string; errorDetail?: { message?: string } };
    return obj.errorDetail?.message || obj.error || undefined;
  } catch {
    return undefined;
  }
}

const GARBAGE_KEEP = 64 * 1024;
/** Error lines are short; a few KiB of the end find them. */
const TAIL_KEEP = 4 * 1024;

type CheckState = 'header' | 'data' | 'meta' | 'zero' | 'end' | 'garbage';

/**
 * Walks the headers of a tar as its bytes go by (data is skipped by arithmetic, so this costs
 * almost nothing and keeps no chunk alive) and, at the end, fails unless the archive was whole:
 * two zero blocks after complete entries. When the engine broke off and appended its error, the
 * error is the engine's words.
 */
export class TarFramer {
  private state: CheckState = 'header';
  private readonly header = Buffer.alloc(TAR_BLOCK);
  private headerFill = 0;
  private remaining = 0;
  private meta: Buffer[] = [];
  private metaType = '';
  private metaSize = 0;
  private paxSize: number | undefined;
  /** A copy of the last bytes seen, for the error line the engine may have appended. */
  private readonly tail = Buffer.alloc(TAIL_KEEP);
  private tailLength = 0;
  private garbage: Buffer[] = [];
  private garbageBytes = 0;
  private total = 0;

  constructor(private readonly what = 'The archive from the engine') {}

  /** Bytes seen so far. */
  get bytes(): number {
    return this.total;
  }

  /** Reads `chunk` now; keeps no reference to it (callers may reuse their buffers). */
  update(chunk: Buffer): void {
    this.total += chunk.length;
    this.keepTail(chunk);
    this.walk(chunk);
  }

  private keepTail(chunk: Buffer): void {
    if (chunk.length >= TAIL_KEEP) {
      chunk.copy(this.tail, 0, chunk.length - TAIL_KEEP);
      this.tailLength = TAIL_KEEP;
      return;
    }
    const keep = Math.min(this.tailLength, TAIL_KEEP - chunk.length);
    this.tail.copy(this.tail, 0, this.tailLength - keep, this.tailLength);
    chunk.copy(this.tail, keep);
    this.tailLength = keep + chunk.length;
  }

  /** Throws unless the archive ended properly. */
  finish(): void {
    if (this.state === 'end') return;
    const tail = this.state === 'garbage' ? Buffer.concat(this.garbage) : this.tail.subarray(0, this.tailLength);
    const engineSays = engineErrorIn(tail);
    if (engineSays) throw new CoreError('INTERNAL', engineSays, { inStream: true });
    const why = this.state === 'garbage' ? 'is damaged' : 'ended before the end of the archive';
    throw new CoreError('INTERNAL', `${this.what} ${why} (after ${this.total} bytes): the save did not complete`);
  }

  private walk(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      switch (this.state) {
        case 'data': {
          const n = Math.min(this.remaining, chunk.length - pos);
          this.remaining -= n;
          pos += n;
          if (this.remaining === 0) this.state = 'header';
          break;
        }
        case 'meta': {
          const n = Math.min(this.remaining, chunk.length - pos);
          this.meta.push(Buffer.from(chunk.subarray(pos, pos + n)));
          this.remaining -= n;
          pos += n;
          if (this.remaining === 0) this.endMeta();
          break;
        }
        case 'header':
        case 'zero': {
          const n = Math.min(TAR_BLOCK - this.headerFill, chunk.length - pos);
          chunk.copy(this.header, this.headerFill, pos, pos + n);
          this.headerFill += n;
          pos += n;
          if (this.headerFill === TAR_BLOCK) {
            this.headerFill = 0;
            this.onHeader();
            if ((this.state as CheckState) === 'garbage') this.keepGarbage(this.header);
          }
          break;
        }
        case 'end': {
          // Some writers pad the archive with more zero blocks; anything else was appended.
          while (pos < chunk.length && chunk[pos] === 0) pos++;
          if (pos < chunk.length) this.state = 'garbage';
          break;
        }
        case 'garbage':
          this.keepGarbage(chunk.subarray(pos));
          return;
      }
    }
  }

  private keepGarbage(bytes: Buffer): void {
    if (this.garbageBytes >= GARBAGE_KEEP) return;
    const part = Buffer.from(bytes.subarray(0, GARBAGE_KEEP - this.garbageBytes));
    this.garbage.push(part);
    this.garbageBytes += part.length;
  }

  private onHeader(): void {
    if (isZeroBlock(this.header)) {
      this.state = this.state === 'zero' ? 'end' : 'zero';
      return;
    }
    const h = this.state === 'zero' ? null : parseTarHeader(this.header);
    if (!h) {
      this.state = 'garbage';
      return;
    }
    if (META_TYPES.has(h.type)) {
      if (h.size > MAX_META_BYTES) {
        this.state = 'garbage';
        return;
      }
      this.meta = [];
      this.metaType = h.type;
      this.metaSize = h.size;
      this.remaining = paddedSize(h.size);
      this.state = this.remaining === 0 ? 'header' : 'meta';
      return;
    }
    const size = this.paxSize ?? h.size;
    this.paxSize = undefined;
    this.remaining = paddedSize(size);
    this.state = this.remaining === 0 ? 'header' : 'data';
  }

  private endMeta(): void {
    this.state = 'header';
    if (this.metaType !== 'x') return;
    const records = parsePaxRecords(Buffer.concat(this.meta).subarray(0, this.metaSize));
    if (records.size !== undefined) {
      const size = Number(records.size);
      if (!Number.isSafeInteger(size) || size < 0) this.state = 'garbage';
      else this.paxSize = size;
    }
    this.meta = [];
  }
}

/** `TarFramer` as a pass-through stream: the bytes go on unchanged, the end fails if the tar was not whole. */
export class TarIntegrityCheck extends Transform {
  private readonly framer: TarFramer;

  constructor(what?: string) {
    super();
    this.framer = new TarFramer(what);
  }

  get bytes(): number {
    return this.framer.bytes;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.framer.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.framer.finish();
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}
