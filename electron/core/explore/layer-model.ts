// Owns the explorer's model of an image's layers (pure: the tar headers come in, no I/O): each
// layer's entries with added / modified / removed marks, the merged filesystem a container sees,
// the wasted space, the glob search and which layer shows a path. Layers are applied bottom up
// as the engine's overlay2 driver applies them (OCI image-spec layer.md, "Applying Changesets"):
//
// - Names: `./a/b/` is `a/b`; a hostile name (NUL, a `..` component), an unknown kind or a hard
//   link to such a name is skipped and counted in the layer's `skipped`, never thrown on.
// - In one layer the last header of a path wins (a tar extracts that way); the earlier one's
//   bytes count as wasted, overwritten by its own layer.
// - Whiteouts apply to the LOWER layers only, before the layer's own entries (image-spec: "files
//   that are present in the same layer as a whiteout file can only be hidden by whiteout files in
//   subsequent layers"). `.wh.<name>` removes `<name>` with its subtree: the layer's view shows
//   `<name>` once, marked removed, with the kind and size it had below; whiteouts of paths absent
//   below change nothing and are left out of the view too (no tool shows a no-op). When the layer
//   also lists `<name>` (removed then written again), the view shows the new entry, marked
//   modified, not a removal.
// - `.wh..wh..opq` in D: the layer's D gets `opaque: true` and the mark modified (its listing
//   changed) or added; everything lower layers had under D is hidden. The view shows as removed
//   each hidden path the layer does not list again whose folder is D or a folder the layer lists
//   again (the top of each hidden subtree; a tree shows the rest under it). D's own entries in
//   the same layer stay. A D that only the marker names gets a folder entry (its attributes from
//   below, else 0755 root) so the view and the merged tree have it.
// - Marks are relative to the merged filesystem below: added (absent below) or modified (present:
//   a rewrite, a kind change, new attributes). A folder listed again with the same kind, mode, uid
//   and gid has NO mark: overlay2 copies a folder up whenever anything inside it changes, so
//   nearly every layer lists `usr/` or `etc/` again; only mtime differs, and marking those
//   modified would mark the whole path to every change (dive shows them unmodified too). The
//   layer's `files` counts them; `added` and `modified` do not.
// - Hard links keep what the tar says: kind hardlink, size 0 (docker save and docker export both
//   write it so), `linkTarget` the normalised path they point at.
// - Merged: a folder the layers imply but never list (`a/b/c` with no `a/b` header) is there,
//   0755 root, as the engine creates it; sorted by path components (entry-names.ts).
import type { FileKind, WastedEntry } from '../../../shared/explore';
import { normalizeEntryName, nameRole, sortByPath } from './entry-names';
import { searchLayers } from './explore-glob';
import { MergedTree, type OnHidden } from './merged-tree';
import type { ImageModel, ModelEntry, ModelLayer, RawEntry } from './model-types';
import { WastedLedger } from './wasted-space';

export type { ImageModel, ModelEntry, ModelLayer, RawEntry } from './model-types';

const KINDS: ReadonlySet<string> = new Set<FileKind>(['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo']);

/** The entry a header describes, or null when it cannot be shown safely. */
function toEntry(raw: RawEntry, path: string): ModelEntry | null {
  if (!KINDS.has(raw.kind)) return null;
  const isFile = raw.kind === 'file';
  if (isFile && !(Number.isSafeInteger(raw.size) && raw.size >= 0)) return null;
  const entry: ModelEntry = {
    path,
    kind: raw.kind,
    size: isFile ? raw.size : 0,
    mode: raw.mode & 0o7777,
    uid: raw.uid,
    gid: raw.gid,
    mtime: raw.mtime,
  };
  if (raw.kind === 'symlink') {
    // A symlink's target is text the container resolves (absolute or with `..`, both normal); only a NUL is impossible.
    if (raw.linkTarget === undefined || raw.linkTarget.includes('\0')) return null;
    entry.linkTarget = raw.linkTarget;
  } else if (raw.kind === 'hardlink') {
    // A hard link names another entry of the archive: the same rules as a name.
    const target = normalizeEntryName(raw.linkTarget ?? '');
    if (!target) return null;
    entry.linkTarget = target;
  }
  if (raw.digest !== undefined) entry.digest = raw.digest;
  return entry;
}

/** The entry as the merged view shows it: no mark, no opacity (both describe a layer's change). */
function plain(entry: ModelEntry): ModelEntry {
  const copy: ModelEntry = {
    path: entry.path,
    kind: entry.kind,
    size: entry.size,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtime: entry.mtime,
  };
  if (entry.linkTarget !== undefined) copy.linkTarget = entry.linkTarget;
  if (entry.digest !== undefined) copy.digest = entry.digest;
  return copy;
}

function sameDirAttributes(a: ModelEntry, b: ModelEntry): boolean {
  return a.kind === 'dir' && b.kind === 'dir' && a.mode === b.mode && a.uid === b.uid && a.gid === b.gid;
}

/** Per layer, hard link path -> target, to spare a target's bytes from `wasted` while a link still shows them. */
type HardLinks = Map<string, string[]>[];

function applyLayer(index: number, raws: readonly RawEntry[], tree: MergedTree, ledger: WastedLedger, links: HardLinks): ModelLayer {
  const listed = new Map<string, ModelEntry>();
  const whiteouts: string[] = [];
  const opaques: string[] = [];
  let skipped = 0;
  for (const raw of raws) {
    const path = normalizeEntryName(raw.name);
    if (path === '') continue; // the root folder itself: no entry of the explorer
    const role = path === null ? null : nameRole(path);
    if (role === null) {
      skipped++;
      continue;
    }
    if (role.role === 'whiteout') whiteouts.push(role.path);
    else if (role.role === 'opaque') opaques.push(role.dir);
    else if (role.role === 'entry') {
      const entry = toEntry(raw, role.path);
      if (!entry) {
        skipped++;
        continue;
      }
      const earlier = listed.get(entry.path);
      if (earlier) ledger.record(earlier.path, earlier.kind, earlier.size, index, 'overwritten', index);
      listed.set(entry.path, entry);
    }
  }

  // Opaque folders: the layer holds them even when only the marker names them.
  const opaqueSet = new Set(opaques);
  for (const dir of opaqueSet) {
    if (dir === '') continue;
    const own = listed.get(dir);
    if (own && own.kind === 'dir') own.opaque = true;
    else if (!own) {
      const below = tree.get(dir)?.entry;
      const attrs = below?.kind === 'dir' ? below : { mode: 0o755, uid: 0, gid: 0, mtime: 0 };
      listed.set(dir, {
        path: dir,
        kind: 'dir',
        size: 0,
        mode: attrs.mode,
        uid: attrs.uid,
        gid: attrs.gid,
        mtime: attrs.mtime,
        opaque: true,
      });
    }
  }

  // Marks against the filesystem below, before this layer changes it.
  for (const entry of listed.values()) {
    const below = tree.get(entry.path)?.entry;
    if (!below) entry.mark = 'added';
    else if (entry.opaque || !sameDirAttributes(entry, below)) entry.mark = 'modified';
  }

  // Removals: hidden lower files are wasted, overwritten when the layer writes their path again.
  const removedView = new Map<string, ModelEntry>();
  const onRemoved: OnHidden = (path, hidden) =>
    ledger.record(path, hidden.entry.kind, hidden.entry.size, hidden.layer, listed.has(path) ? 'overwritten' : 'removed', index);
  const showRemoved = (path: string): void => {
    const below = tree.get(path);
    if (below && !listed.has(path)) removedView.set(path, { ...plain(below.entry), mark: 'removed' });
  };
  const hideUnder = (dir: string): void => {
    for (const child of tree.childrenOf(dir)) {
      const again = listed.get(child);
      if (!again) showRemoved(child);
      else if (again.kind === 'dir' && tree.get(child)?.entry.kind === 'dir') hideUnder(child);
      tree.removeSubtree(child, onRemoved);
    }
  };
  // Parents first, so a whiteout inside a folder removed by the same layer stays out of the view.
  for (const dir of [...opaqueSet].sort()) hideUnder(dir);
  for (const path of whiteouts.sort()) {
    showRemoved(path);
    tree.removeSubtree(path, onRemoved);
  }

  // The layer's own entries, parents first (so a listed folder is never first implied).
  const onOverwritten: OnHidden = (path, hidden) =>
    ledger.record(path, hidden.entry.kind, hidden.entry.size, hidden.layer, 'overwritten', index);
  const own = sortByPath([...listed.values()]);
  const layerLinks = new Map<string, string[]>();
  let added = 0;
  let modified = 0;
  for (const entry of own) {
    tree.put(plain(entry), index, onOverwritten);
    if (entry.mark === 'added') added++;
    else if (entry.mark === 'modified') modified++;
    if (entry.kind === 'hardlink' && entry.linkTarget !== undefined) {
      const paths = layerLinks.get(entry.linkTarget);
      if (paths) paths.push(entry.path);
      else layerLinks.set(entry.linkTarget, [entry.path]);
    }
  }
  links[index] = layerLinks;
  const entries = removedView.size === 0 ? own : sortByPath([...own, ...removedView.values()]);
  return { entries, files: listed.size, added, modified, removed: removedView.size, skipped };
}

/** The model of an image from its layers' headers, bottom layer first. */
export function buildImageModel(layers: RawEntry[][]): ImageModel {
  const tree = new MergedTree();
  const ledger = new WastedLedger();
  const links: HardLinks = [];
  const models = layers.map((raws, index) => applyLayer(index, raws, tree, ledger, links));

  const merged = sortByPath([...tree.visible.values()].map((visible) => visible.entry));
  let mergedBytes = 0;
  for (const entry of merged) if (entry.kind === 'file') mergedBytes += entry.size;

  // A file whose path a later layer hides while a hard link of its own layer is still visible:
  // its bytes are what the link shows, not waste.
  const stillLinked = (wasted: WastedEntry): boolean =>
    (links[wasted.layer]?.get(wasted.path) ?? []).some((link) => tree.get(link)?.layer === wasted.layer);
  const wasted = ledger.result((entry) => !stillLinked(entry));

  return {
    layers: models,
    merged,
    mergedBytes,
    wasted,
    search: (glob, limit) => searchLayers(models, glob, limit),
    ownerOf: (path) => {
      const normal = normalizeEntryName(path);
      return normal ? tree.get(normal)?.layer : undefined;
    },
  };
}
