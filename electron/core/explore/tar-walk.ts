// Owns walking a tar as its bytes arrive, without a stream per entry: each header is decoded in
// full (PAX records, GNU long names, base-256 numbers) with the absolute offset of its data, and an
// entry's data goes to a sink only when the caller asked for it, so a layer of gigabytes costs
// its headers. Push-based and synchronous unless a sink has to wait (a gunzip, a disk write),
// because the engine's fast reader hands over a reused buffer that must be consumed at once.
import type { FileKind, FileMeta } from '../../../shared/explore';
import {
  isZeroBlock,
  MAX_META_BYTES,
  paddedSize,
  parsePaxRecords,
  TAR_BLOCK,
  tarChecksumMatches,
  tarNumber,
  tarText,
} from '../../../shared/tar-header';
import { CoreError } from '../engine/engine-errors';

/** A decoded tar header, PAX and GNU long names applied. */
export interface TarEntry extends Omit<FileMeta, 'kind'> {
  /** Exactly as in the archive (`./etc/passwd`). */
  name: string;
  kind: FileKind | 'other';
  mtime: number;
  /** Absolute offset of the data in the walked stream. */
  dataOffset: number;
}

/** Takes one entry's data; a returned promise pauses the walk until it settles. */
export interface DataSink {
  data(slice: Buffer): Promise<void> | undefined;
  end(): Promise<void> | undefined;
}

/** Says what to do with an entry's data: a sink to receive it, or undefined to skip it. */
export type EntryVisitor = (entry: TarEntry) => DataSink | undefined;

/** Thrown by a visitor or sink to stop the walk early, once it has what it came for. */
export class WalkStopped extends Error {
  constructor() {
    super('walk stopped');
  }
}

const KINDS: Record<string, FileKind> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
};

/** Too many headers in one tar means a hostile one: far beyond any real image (millions of files). */
export const MAX_TAR_ENTRIES = 5_000_000;

type State = 'header' | 'data' | 'meta' | 'pad' | 'done';

/**
 * One tar's walk. `push` every chunk in order (the chunk may be reused once `push` returns
 * undefined; a returned promise must settle before the next push), then `finish`.
 */
export class TarWalker {
  /** Bytes consumed so far (the walked stream's offset). */
  position = 0;
  entries = 0;
  private state: State = 'header';
  private readonly header = Buffer.alloc(TAR_BLOCK);
  private headerFill = 0;
  private left = 0;
  private sink: DataSink | undefined;
  private meta: Buffer | undefined;
  private metaFill = 0;
  private metaType = '';
  private pax: Record<string, string> = {};
  private longName: string | undefined;
  private longLink: string | undefined;
  private zeroBlocks = 0;

  constructor(
    private readonly visit: EntryVisitor,
    private readonly what: string,
  ) {}

  /** True once the end-of-archive blocks were read. */
  get ended(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): Promise<void> | undefined {
    let pos = 0;
    // `position` moves with every byte taken, so a header decoded within a step knows where its data starts.
    const took = (n: number) => {
      pos += n;
      this.position += n;
    };
    while (pos < chunk.length) {
      const wait = this.step(chunk, pos, took);
      if (wait) {
        const rest = pos < chunk.length ? Buffer.from(chunk.subarray(pos)) : undefined;
        return rest ? wait.then(() => this.pushAsync(rest)) : wait;
      }
    }
    return undefined;
  }

  private async pushAsync(chunk: Buffer): Promise<void> {
    const wait = this.push(chunk);
    if (wait) await wait;
  }

  /** The stream ended: a tar cut short is an error, trailing bytes after the end blocks are not. */
  finish(): void {
    if (this.state === 'done' || (this.state === 'header' && this.headerFill === 0)) return;
    throw new CoreError('INVALID_ARGUMENT', `${this.what} is truncated: it ends inside a tar entry`);
  }

  /** Consumes from `chunk` at `pos`, reporting how much through `took`; a promise to wait for. */
  private step(chunk: Buffer, pos: number, took: (n: number) => void): Promise<void> | undefined {
    switch (this.state) {
      case 'done':
        took(chunk.length - pos);
        return undefined;
      case 'header': {
        const n = Math.min(TAR_BLOCK - this.headerFill, chunk.length - pos);
        chunk.copy(this.header, this.headerFill, pos, pos + n);
        this.headerFill += n;
        took(n);
        if (this.headerFill < TAR_BLOCK) return undefined;
        this.headerFill = 0;
        return this.onHeader();
      }
      case 'meta': {
        const n = Math.min(this.left, chunk.length - pos);
        chunk.copy(this.meta!, this.metaFill, pos, pos + n);
        this.metaFill += n;
        this.left -= n;
        took(n);
        if (this.left === 0) this.onMeta();
        return undefined;
      }
      case 'data': {
        const n = Math.min(this.left, chunk.length - pos);
        this.left -= n;
        took(n);
        const sink = this.sink;
        const wait = n > 0 ? sink?.data(chunk.subarray(pos, pos + n)) : undefined;
        if (this.left > 0) return wait;
        this.toPadding();
        if (!wait) return sink?.end();
        return wait.then(() => sink?.end());
      }
      case 'pad': {
        const n = Math.min(this.left, chunk.length - pos);
        this.left -= n;
        took(n);
        if (this.left === 0) this.state = 'header';
        return undefined;
      }
    }
  }

  private toPadding(): void {
    this.sink = undefined;
    this.left = this.padAfter;
    this.state = this.left > 0 ? 'pad' : 'header';
  }

  private padAfter = 0;

  private onHeader(): Promise<void> | undefined {
    const block = this.header;
    if (isZeroBlock(block)) {
      // Two zero blocks end a tar; some writers stop after one.
      this.zeroBlocks++;
      if (this.zeroBlocks >= 2) this.state = 'done';
      return undefined;
    }
    // One zero block inside a tar is padding some writers leave; what follows must still be a header.
    this.zeroBlocks = 0;
    if (!tarChecksumMatches(block)) {
      throw new CoreError('INVALID_ARGUMENT', `${this.what} is not a valid tar: a header at byte ${this.position - TAR_BLOCK} is damaged`);
    }
    const type = block[156] === 0 ? '\0' : String.fromCharCode(block[156]);
    const size = this.pax.size !== undefined ? Number(this.pax.size) : tarNumber(block, 124, 12);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new CoreError('INVALID_ARGUMENT', `${this.what} is not a valid tar: an entry has no valid size`);
    }
    this.padAfter = paddedSize(size) - size;
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > MAX_META_BYTES) throw new CoreError('INVALID_ARGUMENT', `${this.what} has a tar metadata block of ${size} bytes`);
      this.metaType = type;
      this.meta = Buffer.alloc(size);
      this.metaFill = 0;
      this.left = size;
      this.state = 'meta';
      if (size === 0) this.onMeta();
      return undefined;
    }
    if (++this.entries > MAX_TAR_ENTRIES) throw new CoreError('INVALID_ARGUMENT', `${this.what} has more than ${MAX_TAR_ENTRIES} entries`);
    const entry = this.decode(block, type, size);
    this.pax = {};
    this.longName = undefined;
    this.longLink = undefined;
    this.left = size;
    this.state = 'data';
    this.sink = this.visit(entry);
    if (size === 0) {
      const sink = this.sink;
      this.toPadding();
      return sink?.end();
    }
    return undefined;
  }

  private decode(block: Buffer, type: string, size: number): TarEntry {
    // POSIX ustar ("ustar\0") splits long names into prefix/name; old GNU ("ustar  ") uses that room for times.
    const posix = block.toString('latin1', 257, 265) === 'ustar\x0000';
    let name = tarText(block, 0, 100);
    if (posix && block[345] !== 0) name = `${tarText(block, 345, 155)}/${name}`;
    name = this.pax.path ?? this.longName ?? name;
    const link = this.pax.linkpath ?? this.longLink ?? tarText(block, 157, 100);
    const kind: TarEntry['kind'] = KINDS[type] ?? 'other';
    const num = (key: string, start: number, length: number) => {
      const fromPax = this.pax[key] !== undefined ? Math.floor(Number(this.pax[key])) : Number.NaN;
      const value = Number.isFinite(fromPax) ? fromPax : tarNumber(block, start, length);
      return Number.isFinite(value) ? value : 0;
    };
    return {
      name,
      kind,
      size: kind === 'file' ? size : 0,
      mode: tarNumber(block, 100, 8) & 0o7777 || 0,
      uid: num('uid', 108, 8),
      gid: num('gid', 116, 8),
      mtime: num('mtime', 136, 12),
      ...(kind === 'symlink' || kind === 'hardlink' ? { linkTarget: link } : {}),
      dataOffset: this.position,
    };
  }

  private onMeta(): void {
    const data = this.meta!.subarray(0, this.metaFill);
    this.meta = undefined;
    if (this.metaType === 'x') Object.assign(this.pax, parsePaxRecords(data));
    else if (this.metaType === 'L') this.longName = tarText(data, 0, data.length);
    else if (this.metaType === 'K') this.longLink = tarText(data, 0, data.length);
    // 'g' (global PAX) carries nothing an image layer needs.
    this.left = this.padAfter;
    this.state = this.left > 0 ? 'pad' : 'header';
  }
}
