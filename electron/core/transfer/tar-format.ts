// Owns the bytes-level knowledge of image archives on the core side: a pass-through check that a
// tar from the engine is whole — `GET /images/get` keeps HTTP 200 and appends its error as JSON
// into the tar instead — over the header facts of shared/tar-header.ts.
import { Transform, type TransformCallback } from 'node:stream';
import { CoreError } from '../engine/engine-errors';
import {
  isZeroBlock,
  MAX_META_BYTES,
  META_TYPES,
  paddedSize,
  parsePaxRecords,
  parseTarHeader,
  TAR_BLOCK,
} from '../../../shared/tar-header';

// The header-level facts live in shared/ (the page reads archives too); core callers keep this door.
export {
  archiveKindOf,
  isZeroBlock,
  MAX_META_BYTES,
  META_TYPES,
  paddedSize,
  parsePaxRecords,
  parseTarHeader,
  SNIFF_BYTES,
  TAR_BLOCK,
  type ArchiveKind,
  type TarHeader,
} from '../../../shared/tar-header';

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
