// Owns reading files' contents out of an indexed image, reading only what is needed: positioned
// reads in a plain archive file (the index knows each file's byte offset), the layer's own byte
// range of a plain file when that layer is gzip-compressed, and otherwise a re-stream of the
// archive (engine or compressed file) that stops once every asked-for file has been delivered.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { EngineConnection } from '../engine/engine';
import { abortError, CoreError } from '../engine/engine-errors';
import { ioError, openToRead } from '../support/file-paths';
import { FILE_CHUNK } from '../transfer/transfer';
import { archiveName, type ScannedLayer } from './archive-scan';
import { walkReadable, walkSource } from './archive-source';
import { normalizeEntryName } from './entry-names';
import type { ImageIndex } from './image-index';
import { LayerInput } from './layer-input';
import type { RawEntry } from './layer-model';
import { TarWalker, WalkStopped, type DataSink, type TarEntry } from './tar-walk';

/** A regular file's bytes in one layer: the raw entry that holds them (a hard link resolved). */
export interface Located {
  layer: number;
  /** Index into the layer's raw entries and offsets. */
  rawIndex: number;
  raw: RawEntry;
}

const lookups = new WeakMap<ScannedLayer, Map<string, number>>();

/** The layer's raw entries by explorer path (the last entry wins, as when a tar is extracted). */
function lookupOf(layer: ScannedLayer): Map<string, number> {
  let map = lookups.get(layer);
  if (!map) {
    map = new Map();
    layer.raw.forEach((r, i) => {
      const path = normalizeEntryName(r.name);
      if (path) map!.set(path, i);
    });
    lookups.set(layer, map);
  }
  return map;
}

/** The entry at `path` in layer `layer`, any kind; undefined when the layer has none. */
export function rawAt(index: ImageIndex, layer: number, path: string): Located | undefined {
  const placed = index.placement[layer];
  const rawIndex = placed ? lookupOf(placed).get(path) : undefined;
  return rawIndex === undefined ? undefined : { layer, rawIndex, raw: placed.raw[rawIndex] };
}

/** Where a regular file's bytes are; a hard link leads to its target in the same layer tar. */
export function locateFile(index: ImageIndex, layer: number, path: string): Located {
  let at = rawAt(index, layer, path);
  for (let hops = 0; at && at.raw.kind === 'hardlink' && hops < 8; hops++) {
    const target = normalizeEntryName(at.raw.linkTarget ?? '');
    at = target ? rawAt(index, layer, target) : undefined;
  }
  if (!at) throw new CoreError('NOT_FOUND', `No file ${path} in layer ${layer}`);
  if (at.raw.kind !== 'file') throw new CoreError('INVALID_ARGUMENT', `${path} is not a regular file (it is a ${at.raw.kind})`);
  return at;
}

/** One file's bytes wanted: at most `limit` of them, handed to `sink` (which must copy what it keeps). */
export interface Want {
  at: Located;
  limit: number;
  sink: DataSink;
}

/** Cuts an entry's data at `limit` and counts the wanted files still to come. */
function limited(want: Want, onDone: () => undefined): DataSink {
  let left = want.limit;
  let done = false;
  const finish = (): Promise<void> | undefined => {
    if (done) return undefined;
    done = true;
    const wait = want.sink.end();
    return wait ? wait.then(onDone) : onDone();
  };
  return {
    data(slice) {
      if (done) return undefined;
      const part = slice.length > left ? slice.subarray(0, left) : slice;
      left -= part.length;
      const wait = part.length > 0 ? want.sink.data(part) : undefined;
      if (left > 0) return wait;
      return wait ? wait.then(() => finish()) : finish();
    },
    end: finish,
  };
}

/**
 * Delivers every wanted file's bytes (each sink gets its data then `end`), in the archive's order
 * (by layer tar, then by position in it), reading as little of the source as it can.
 */
export async function deliverFiles(engine: EngineConnection, index: ImageIndex, wants: Want[], signal?: AbortSignal): Promise<void> {
  if (wants.length === 0) return;
  let left = wants.length;
  const onDone = (): undefined => {
    left--;
    if (left === 0) throw new WalkStopped();
  };
  // Wanted files per stored layer tar (two layer indexes may share one), by their data offset.
  const byLayer = new Map<ScannedLayer, Wanted>();
  for (const w of wants) {
    const placed = index.placement[w.at.layer];
    const offset = placed.offsets[w.at.rawIndex];
    let map = byLayer.get(placed);
    if (!map) byLayer.set(placed, (map = new Map()));
    const had = map.get(offset);
    map.set(offset, { sinks: [...(had?.sinks ?? []), limited(w, onDone)], limit: Math.max(had?.limit ?? 0, w.limit) });
  }
  const visitorFor = (wanted: Wanted) => (entry: TarEntry) => {
    const found = wanted.get(entry.dataOffset);
    return found ? fanOut(found.sinks) : undefined;
  };
  try {
    const content = index.content;
    if (content.kind === 'file' && content.archiveKind === 'tar') {
      await fromPlainFile(content.path, byLayer, visitorFor, signal);
    } else {
      const names = new Map([...byLayer].map(([placed, sinks]) => [placed.name, sinks]));
      const outer = new TarWalker((entry) => {
        const sinks = entry.kind === 'file' ? names.get(archiveName(entry.name)) : undefined;
        if (!sinks) return undefined;
        const what = `layer ${archiveName(entry.name)}`;
        return new LayerInput(new TarWalker(visitorFor(sinks), what), what);
      }, 'The archive');
      await walkSource(engine, content, outer, { signal });
    }
  } catch (err) {
    if (!(err instanceof WalkStopped)) throw err;
  }
  if (signal?.aborted) throw abortError();
  if (left > 0)
    throw new CoreError('NOT_FOUND', 'The archive no longer holds what was indexed: it changed since it was opened; open it again');
}

function fanOut(list: DataSink[]): DataSink {
  if (list.length === 1) return list[0];
  const all = (f: (s: DataSink) => Promise<void> | undefined) => {
    const waits = list.map(f).filter((w): w is Promise<void> => w !== undefined);
    return waits.length ? Promise.all(waits).then(() => undefined) : undefined;
  };
  return { data: (slice) => all((s) => s.data(slice)), end: () => all((s) => s.end()) };
}

/** Per stored layer tar: its wanted files by data offset, with the most bytes any of them asks for. */
type Wanted = Map<number, { sinks: DataSink[]; limit: number }>;

/** A plain archive file: positioned reads for plain layers, the layer's byte range for compressed ones. */
async function fromPlainFile(
  path: string,
  byLayer: Map<ScannedLayer, Wanted>,
  visitorFor: (wanted: Wanted) => (entry: TarEntry) => DataSink | undefined,
  signal?: AbortSignal,
): Promise<void> {
  const fh = await openToRead(path);
  try {
    for (const [placed, sinks] of byLayer) {
      if (placed.compression === 'none') {
        const sizes = new Map(placed.offsets.map((offset, i) => [offset, placed.raw[i].size]));
        for (const offset of [...sinks.keys()].sort((a, b) => a - b)) {
          const { sinks: list, limit } = sinks.get(offset)!;
          const size = Math.min(sizes.get(offset) ?? 0, limit);
          await readRange(fh, placed.dataOffset + offset, size, fanOut(list), path, signal);
        }
      } else {
        const what = `layer ${placed.name}`;
        const walker = new TarWalker(visitorFor(sinks), what);
        const input = new LayerInput(walker, what);
        const stream = createReadStream(path, { start: placed.dataOffset, end: placed.dataOffset + placed.storedSize - 1 });
        await walkReadable(stream, { push: (chunk) => input.data(chunk) }, signal);
        const wait = input.end();
        if (wait) await wait;
      }
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

async function readRange(fh: FileHandle, start: number, size: number, sink: DataSink, path: string, signal?: AbortSignal): Promise<void> {
  let done = 0;
  while (done < size) {
    if (signal?.aborted) throw abortError();
    // A fresh buffer per read: a sink (a tar being packed) may hold on to it until it is written.
    const buffer = Buffer.allocUnsafe(Math.min(FILE_CHUNK, size - done));
    let bytesRead: number;
    try {
      ({ bytesRead } = await fh.read(buffer, 0, buffer.length, start + done));
    } catch (err) {
      throw ioError(err, 'Cannot read', path);
    }
    if (bytesRead === 0) throw new CoreError('NOT_FOUND', `${path} is shorter than when it was opened; open it again`);
    done += bytesRead;
    const wait = sink.data(buffer.subarray(0, bytesRead));
    if (wait) await wait;
  }
  const wait = sink.end();
  if (wait) await wait;
}
