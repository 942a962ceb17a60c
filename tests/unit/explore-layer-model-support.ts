// Builders for the layer model's tests: tar headers as a layer reader hands them over, and short
// views of a model ("path:mark") that read like the `tar -t` listings they stand for.
import type { ImageModel, ModelEntry, RawEntry } from '../../electron/core/explore/layer-model';

const base = { mode: 0o644, uid: 0, gid: 0, mtime: 1_700_000_000 };

export const file = (name: string, size = 10, extra: Partial<RawEntry> = {}): RawEntry => ({ ...base, name, kind: 'file', size, ...extra });
export const dir = (name: string, extra: Partial<RawEntry> = {}): RawEntry => ({
  ...base,
  mode: 0o755,
  name,
  kind: 'dir',
  size: 0,
  ...extra,
});
export const symlink = (name: string, target: string): RawEntry => ({
  ...base,
  mode: 0o777,
  name,
  kind: 'symlink',
  size: 0,
  linkTarget: target,
});
export const hardlink = (name: string, target: string): RawEntry => ({ ...base, name, kind: 'hardlink', size: 0, linkTarget: target });
/** A whiteout as docker writes it: an empty regular file named `.wh.<name>`. */
export const whiteout = (name: string): RawEntry => file(name, 0, { mode: 0o600 });

/** "path:mark" for every entry of a layer ('-' when unmarked), opaque folders with a trailing '!'. */
export function view(model: ImageModel, layer: number): string[] {
  return model.layers[layer].entries.map((e) => `${e.path}:${e.mark ?? '-'}${e.opaque ? '!' : ''}`);
}

export const paths = (entries: readonly ModelEntry[]): string[] => entries.map((e) => e.path);

export function entryAt(entries: readonly ModelEntry[], path: string): ModelEntry | undefined {
  return entries.find((e) => e.path === path);
}
