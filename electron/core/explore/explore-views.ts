// Owns finding an entry in a session's views (one layer's, with marks, or the merged one) and
// what a save out of it is, for the channels and the bridge's download alike.
import type { FileEntry } from '../../../shared/explore';
import { CoreError } from '../engine/engine-errors';
import { rawAt } from './explore-content';
import type { SaveOutSubject } from './explore-save';
import type { ImageIndex } from './image-index';

/** A view's entries: one layer's (with marks) or the merged one. */
export function viewOf(index: ImageIndex, layer: number | 'merged'): readonly FileEntry[] {
  if (layer === 'merged') return index.model.merged;
  const view = index.model.layers[layer];
  if (!view) throw new CoreError('NOT_FOUND', `The image has no layer ${layer} (it has ${index.model.layers.length})`);
  return view.entries;
}

/** The entry at `path` of a view; a removal mark is not something to read. */
export function entryOf(index: ImageIndex, layer: number | 'merged', path: string): FileEntry {
  const entry = viewOf(index, layer).find((e) => e.path === path);
  if (!entry || entry.mark === 'removed') {
    throw new CoreError('NOT_FOUND', `No ${path.slice(0, 1024)} in ${layer === 'merged' ? 'the image' : `layer ${layer}`}`);
  }
  return entry;
}

/** The layer holding a path's bytes as the view shows it. */
export function ownerIn(index: ImageIndex, layer: number | 'merged', path: string): number | undefined {
  if (layer !== 'merged') return rawAt(index, layer, path) ? layer : undefined;
  return index.model.ownerOf(path);
}

/** What saving `path` of a view writes: a file's bytes, or a folder as a tar; anything else is refused. */
export function saveOutSubject(index: ImageIndex, layer: number | 'merged', path: string): SaveOutSubject {
  const entry = entryOf(index, layer, path);
  if (entry.kind !== 'dir' && entry.kind !== 'file' && entry.kind !== 'hardlink') {
    throw new CoreError('INVALID_ARGUMENT', `${path.slice(0, 1024)} is a ${entry.kind}: only files and folders can be saved out`);
  }
  return {
    layer,
    entry,
    entries: entry.kind === 'dir' ? viewOf(index, layer) : [],
    ownerOf: (p: string) => ownerIn(index, layer, p),
  };
}
