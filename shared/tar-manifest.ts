// Owns finding and reading manifest.json in a docker save archive from its bytes alone, once for
// both sides: the core reads a file on disk with positioned reads, the page reads a File it has
// not uploaded (slices for a plain tar, a gzip stream for .tar.gz). Same bounds, same words.
// Verdicts on the archive are thrown as ArchiveError (INVALID_ARGUMENT); I/O errors pass through.
import { isZeroBlock, MAX_META_BYTES, META_TYPES, paddedSize, parsePaxRecords, parseTarHeader, TAR_BLOCK, utf8Text } from './tar-header';

/** manifest.json lists images and layers; even thousands of images stay far below this. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/**
 * Bounds on what a compressed archive may expand to while it is read up to manifest.json (which
 * docker save writes last). Real image archives expand a few times; a decompression bomb (a few
 * MB of gzip that are gigabytes of zeros) expands up to ~1000 times for gzip and far more for
 * bzip2. Past the floor, output may not exceed MAX_EXPANSION times the compressed bytes read so
 * far, so the work stays proportional to the file's size.
 */
export const MAX_EXPANSION = 100;
export const EXPANSION_FLOOR_BYTES = 32 * 1024 * 1024;

/** A verdict on the archive's bytes; the core turns it into its INVALID_ARGUMENT error. */
export class ArchiveError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** One image of docker save's manifest.json (the fields a preview reads; others are ignored). */
export interface ManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/** Throws unless `expanded` bytes out of `compressed` bytes read stay within the bounds above. */
export function checkExpansion(expanded: number, compressed: number, what: string): void {
  if (expanded > EXPANSION_FLOOR_BYTES && expanded > MAX_EXPANSION * compressed) {
    throw new ArchiveError(
      `${what} expands to more than ${MAX_EXPANSION} times its compressed size; it is not an image archive from docker save (a decompression bomb?), so it was not read further`,
    );
  }
}

/** The words for anything that is not a tar, gzip, bzip2 or xz archive (its first bytes say so). */
export const notAnArchiveMessage = (what: string, headLength: number): string =>
  headLength === 0
    ? `${what} is empty`
    : `${what} is not an image archive: expected a tar from docker save (plain, gzip, bzip2 or xz compressed)`;

const noManifest = (what: string) =>
  new ArchiveError(`${what} has no manifest.json: it is not an image archive from docker save, or it is truncated`);
const truncated = (what: string, at: number) => new ArchiveError(`${what} is truncated: it ends at byte ${at}, inside the archive`);
const damagedAt = (what: string, at: number) => new ArchiveError(`${what} is damaged: no valid tar header at byte ${at}`);
const oversizedHeader = (what: string, at: number) => new ArchiveError(`${what} is damaged: oversized header at byte ${at}`);
const badSize = (what: string, name: string) => new ArchiveError(`${what} is damaged: bad size for ${name}`);
const oversizedManifest = (what: string) => new ArchiveError(`${what} has an oversized manifest.json`);

const isManifestName = (name: string) => name.replace(/^(\.\/)+/, '') === 'manifest.json';
/** Regular files ('0', or '7' contiguous); a link or folder named manifest.json is not it. */
const isManifestEntry = (name: string, type: string) => isManifestName(name) && (type === '0' || type === '7');

/** Checks manifest.json's text is docker save's manifest: an array of {Config, RepoTags, Layers}. */
export function parseManifest(bytes: Uint8Array, what: string): ManifestEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(utf8Text(bytes));
  } catch {
    throw new ArchiveError(`${what} has a manifest.json that is not valid JSON`);
  }
  const ok =
    Array.isArray(value) &&
    value.every((m: unknown) => {
      if (m === null || typeof m !== 'object') return false;
      const e = m as Partial<ManifestEntry>;
      return (
        typeof e.Config === 'string' &&
        Array.isArray(e.Layers) &&
        (e.RepoTags == null || (Array.isArray(e.RepoTags) && e.RepoTags.every((t) => typeof t === 'string')))
      );
    });
  if (!ok) throw new ArchiveError(`${what} has a manifest.json that is not a docker save manifest`);
  return value as ManifestEntry[];
}

/** The name and size of the entry a header starts: the PAX path/size or GNU long name before it win. */
class PendingMeta {
  private longName: string | undefined;
  private pax: Record<string, string> = {};

  /** Takes the data of a meta entry ('x' PAX records, 'L' GNU long name; others are ignored). */
  take(type: string, data: Uint8Array): void {
    if (type === 'x') this.pax = parsePaxRecords(data);
    if (type === 'L') this.longName = utf8Text(data).replace(/\0.*$/s, '');
  }

  /** The entry a regular header starts; the meta entries are used up. */
  entry(h: { name: string; size: number; type: string }, what: string) {
    const name = this.pax.path ?? this.longName ?? h.name;
    const size = this.pax.size !== undefined ? Number(this.pax.size) : h.size;
    this.pax = {};
    this.longName = undefined;
    if (!Number.isSafeInteger(size) || size < 0) throw badSize(what, name);
    return { name, size, type: h.type };
  }
}

/** Reads up to `length` bytes at `offset`; fewer only at the end of the archive. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * A plain tar with random access: walks the headers and skips the data, so finding manifest.json
 * (written near the end by docker save) costs a few reads even for huge archives.
 */
export async function manifestBytesOfTar(readAt: ReadAt, size: number, what: string): Promise<Uint8Array> {
  const exactly = async (offset: number, length: number): Promise<Uint8Array> => {
    const bytes = await readAt(offset, length);
    if (bytes.length < length) throw truncated(what, offset + bytes.length);
    return bytes;
  };
  const meta = new PendingMeta();
  let offset = 0;
  for (;;) {
    const block = await readAt(offset, TAR_BLOCK);
    if (block.length === 0 && offset >= size) throw noManifest(what);
    if (block.length < TAR_BLOCK) throw truncated(what, offset + block.length);
    if (isZeroBlock(block)) throw noManifest(what);
    const h = parseTarHeader(block);
    if (!h) throw damagedAt(what, offset);
    offset += TAR_BLOCK;
    if (META_TYPES.has(h.type)) {
      if (h.size > MAX_META_BYTES) throw oversizedHeader(what, offset);
      meta.take(h.type, await exactly(offset, h.size));
      offset += paddedSize(h.size);
      continue;
    }
    const entry = meta.entry(h, what);
    if (offset + entry.size > size) throw truncated(what, size);
    if (isManifestEntry(entry.name, entry.type)) {
      if (entry.size > MAX_MANIFEST_BYTES) throw oversizedManifest(what);
      return exactly(offset, entry.size);
    }
    offset += paddedSize(entry.size);
  }
}

/** `manifestBytesOfTar`, parsed. */
export async function manifestOfTar(readAt: ReadAt, size: number, what: string): Promise<ManifestEntry[]> {
  return parseManifest(await manifestBytesOfTar(readAt, size, what), what);
}

/**
 * The same walk over a tar that arrives as chunks (a decompressor's output): data is skipped by
 * arithmetic and no chunk is kept, only meta entries and manifest.json itself, within their
 * bounds. `push` answers manifest.json's bytes once they are complete; `end` gives the verdict
 * on a tar that ended without them.
 */
export class TarManifestScanner {
  private state: 'header' | 'skip' | 'meta' | 'manifest' = 'header';
  private readonly header = new Uint8Array(TAR_BLOCK);
  private headerFill = 0;
  /** Bytes left to skip ('skip') or to collect ('meta', 'manifest'). */
  private remaining = 0;
  private collected: Uint8Array = new Uint8Array(0);
  private collectedFill = 0;
  private metaType = '';
  private readonly meta = new PendingMeta();
  private total = 0;
  private found: Uint8Array | undefined;

  constructor(private readonly what: string) {}

  /** Reads `chunk` now (keeps no reference to it); manifest.json's bytes once complete. */
  push(chunk: Uint8Array): Uint8Array | undefined {
    let pos = 0;
    while (pos < chunk.length && !this.found) {
      const n =
        this.state === 'header' ? Math.min(TAR_BLOCK - this.headerFill, chunk.length - pos) : Math.min(this.remaining, chunk.length - pos);
      if (this.state === 'header') {
        this.header.set(chunk.subarray(pos, pos + n), this.headerFill);
        this.headerFill += n;
      } else if (this.state === 'skip') {
        this.remaining -= n;
      } else {
        this.collected.set(chunk.subarray(pos, pos + n), this.collectedFill);
        this.collectedFill += n;
        this.remaining -= n;
      }
      pos += n;
      this.total += n;
      this.advance();
    }
    return this.found;
  }

  /** The input ended before manifest.json was complete: throws the verdict. */
  end(): never {
    if (this.state === 'header' && this.headerFill === 0) throw noManifest(this.what);
    throw truncated(this.what, this.total);
  }

  private advance(): void {
    if (this.state === 'header') {
      if (this.headerFill === TAR_BLOCK) this.onHeader();
    } else if (this.remaining === 0) {
      if (this.state === 'meta') this.onMeta();
      else if (this.state === 'manifest') this.found = this.collected;
      else this.state = 'header';
    }
  }

  private onHeader(): void {
    const at = this.total - TAR_BLOCK;
    this.headerFill = 0;
    if (isZeroBlock(this.header)) throw noManifest(this.what);
    const h = parseTarHeader(this.header);
    if (!h) throw damagedAt(this.what, at);
    if (META_TYPES.has(h.type)) {
      if (h.size > MAX_META_BYTES) throw oversizedHeader(this.what, this.total);
      this.metaType = h.type;
      this.collect('meta', h.size);
      return;
    }
    const entry = this.meta.entry(h, this.what);
    if (isManifestEntry(entry.name, entry.type)) {
      if (entry.size > MAX_MANIFEST_BYTES) throw oversizedManifest(this.what);
      this.collect('manifest', entry.size);
      return;
    }
    this.skip(paddedSize(entry.size));
  }

  private collect(state: 'meta' | 'manifest', size: number): void {
    this.collected = new Uint8Array(size);
    this.collectedFill = 0;
    this.remaining = size;
    this.state = state;
    this.advance(); // an empty entry is complete at once
  }

  private onMeta(): void {
    this.meta.take(this.metaType, this.collected);
    this.skip(paddedSize(this.collected.length) - this.collected.length);
  }

  private skip(n: number): void {
    this.remaining = n;
    this.state = n === 0 ? 'header' : 'skip';
  }
}
