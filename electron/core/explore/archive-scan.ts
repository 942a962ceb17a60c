// Owns the one pass over an image archive (a `docker save` tar, classic or OCI layout): every
// entry is judged by its first bytes, not its name (blobs/sha256/<hex> says nothing), and the
// layouts' manifests come at the end, so the pass keeps the small JSON documents and indexes every
// nested layer tar's headers as it goes by; which layers belong to which image is decided after.
import { createHash, type Hash } from 'node:crypto';
import { posix } from 'node:path';
import { isZeroBlock, TAR_BLOCK } from '../../../shared/tar-header';
import { CoreError } from '../engine/engine-errors';
import type { RawEntry } from './layer-model';
import { LayerInput, type LayerCompression } from './layer-input';
import { TarWalker, type DataSink, type TarEntry } from './tar-walk';

/** A JSON document bigger than this is no manifest or config of a real image. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;
/** All JSON documents of one archive together. */
export const MAX_JSON_TOTAL = 64 * 1024 * 1024;
/** Layer tars in one archive (docker caps an image at 127 layers; many images may share an archive). */
export const MAX_LAYERS = 4096;

/** One nested layer tar, as found in the archive. */
export interface ScannedLayer {
  /** Its entry name in the archive, normalized (`<id>/layer.tar`, `blobs/sha256/<hex>`). */
  name: string;
  /** Offset of its stored bytes in the (uncompressed) archive stream, and their length. */
  dataOffset: number;
  storedSize: number;
  compression: LayerCompression;
  /** Bytes of its uncompressed tar. */
  size: number;
  raw: RawEntry[];
  /** Per raw entry, the offset of its data in the uncompressed layer tar. */
  offsets: number[];
  /** Why this tar could not be read: an error only if the chosen image uses it (a stray blob may be anything). */
  error?: unknown;
}

/** An archive entry name without `./` or a leading or trailing slash. */
export function archiveName(name: string): string {
  return posix.normalize(name.replace(/^(\.\/)+/, '').replace(/^\/+/, '')).replace(/\/+$/, '');
}

export class ArchiveScan {
  readonly walker: TarWalker;
  readonly layers = new Map<string, ScannedLayer>();
  readonly json = new Map<string, Buffer>();
  /** Symlinks and hard links between archive entries (older docker save linked shared layer.tar files). */
  readonly links = new Map<string, string>();
  private jsonBytes = 0;

  constructor(
    private readonly what: string,
    private readonly hashFiles: boolean,
  ) {
    this.walker = new TarWalker((entry) => this.visit(entry), what);
  }

  private visit(entry: TarEntry): DataSink | undefined {
    const name = archiveName(entry.name);
    if (entry.kind === 'symlink' || entry.kind === 'hardlink') {
      const target = entry.linkTarget ?? '';
      this.links.set(name, archiveName(entry.kind === 'symlink' ? posix.join(posix.dirname(name), target) : target));
      return undefined;
    }
    if (entry.kind !== 'file' || entry.size === 0) return undefined;
    return new Classifier(entry.size, (head) => this.choose(name, entry, head));
  }

  /** Decides from an entry's first bytes what it is: a JSON document, a layer tar, or neither. */
  private choose(name: string, entry: TarEntry, head: Buffer): DataSink | undefined {
    const first = head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if ((first === 0x7b || first === 0x5b) && entry.size <= MAX_JSON_BYTES) {
      this.jsonBytes += entry.size;
      if (this.jsonBytes > MAX_JSON_TOTAL) throw new CoreError('INVALID_ARGUMENT', `${this.what} holds more JSON than any image archive`);
      return new JsonCollector(entry.size, (doc) => this.json.set(name, doc));
    }
    if (!looksLikeLayer(head)) return undefined;
    if (this.layers.size >= MAX_LAYERS) throw new CoreError('INVALID_ARGUMENT', `${this.what} holds more than ${MAX_LAYERS} layers`);
    return this.layerSink(name, entry);
  }

  private layerSink(name: string, entry: TarEntry): DataSink {
    const what = `${this.what}: layer ${name}`;
    const layer: ScannedLayer = {
      name,
      dataOffset: entry.dataOffset,
      storedSize: entry.size,
      compression: 'none',
      size: 0,
      raw: [],
      offsets: [],
    };
    const walker = new TarWalker((inner) => this.visitInner(layer, inner), what);
    const input = new LayerInput(walker, what);
    const failed = (err: unknown): undefined => {
      layer.error ??= err;
      return undefined;
    };
    // A damaged layer fails only the image that uses it: the pass goes on past it.
    const guarded = (step: () => Promise<void> | undefined): Promise<void> | undefined => {
      if (layer.error !== undefined) return undefined;
      try {
        return step()?.catch(failed);
      } catch (err) {
        return failed(err);
      }
    };
    return {
      data: (slice) => guarded(() => input.data(slice)),
      end: () => {
        const done = (): undefined => {
          layer.compression = input.compression ?? 'none';
          layer.size = input.size;
          this.layers.set(name, layer);
          return undefined;
        };
        const wait = guarded(() => input.end());
        if (!wait) return done();
        return wait.then(done);
      },
    };
  }

  private visitInner(layer: ScannedLayer, entry: TarEntry): DataSink | undefined {
    if (entry.kind === 'other') return undefined;
    const raw: RawEntry = {
      name: entry.name,
      kind: entry.kind,
      size: entry.size,
      mode: entry.mode,
      uid: entry.uid,
      gid: entry.gid,
      mtime: entry.mtime,
      ...(entry.linkTarget !== undefined ? { linkTarget: entry.linkTarget } : {}),
    };
    layer.raw.push(raw);
    layer.offsets.push(entry.dataOffset);
    if (!this.hashFiles || entry.kind !== 'file') return undefined;
    const hash: Hash = createHash('sha256');
    if (entry.size === 0) raw.digest = hash.digest('hex');
    return {
      data: (slice) => {
        hash.update(slice);
        return undefined;
      },
      end: () => {
        raw.digest ??= hash.digest('hex');
        return undefined;
      },
    };
  }
}

/** A layer tar starts with a tar header (ustar magic, or a valid v7 header), gzip, zstd, or is an empty tar. */
function looksLikeLayer(head: Buffer): boolean {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return true;
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return true;
  if (head.length < TAR_BLOCK) return false;
  return head.toString('latin1', 257, 262) === 'ustar' || isZeroBlock(head);
}

/** Holds an entry's first bytes until it can be judged, then hands everything to the chosen sink. */
class Classifier implements DataSink {
  private head: Buffer[] = [];
  private have = 0;
  private target: DataSink | undefined;
  private decided = false;

  constructor(
    private readonly size: number,
    private readonly choose: (head: Buffer) => DataSink | undefined,
  ) {}

  data(slice: Buffer): Promise<void> | undefined {
    if (this.decided) return this.target?.data(slice);
    this.head.push(Buffer.from(slice));
    this.have += slice.length;
    if (this.have < Math.min(TAR_BLOCK, this.size)) return undefined;
    return this.decide();
  }

  end(): Promise<void> | undefined {
    if (!this.decided) {
      const wait = this.decide();
      if (wait) return wait.then(() => this.target?.end());
    }
    return this.target?.end();
  }

  private decide(): Promise<void> | undefined {
    this.decided = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    this.target = this.choose(head);
    return this.target?.data(head);
  }
}

class JsonCollector implements DataSink {
  private readonly buffer: Buffer;
  private fill = 0;

  constructor(
    size: number,
    private readonly done: (doc: Buffer) => void,
  ) {
    this.buffer = Buffer.alloc(size);
  }

  data(slice: Buffer): undefined {
    this.fill += slice.copy(this.buffer, this.fill);
    return undefined;
  }

  end(): undefined {
    this.done(this.buffer.subarray(0, this.fill));
    return undefined;
  }
}
