// Owns the filesystem a container sees while the layers are applied one after the other: which
// layer's entry is visible at each path. A Map keyed by path plus, per folder, the set of its
// children, so removing a folder costs its own subtree and nothing else (no scan of all paths).
import type { ModelEntry } from './model-types';
import { parentOf } from './entry-names';

export interface Visible {
  entry: ModelEntry;
  /** The layer whose tar holds the entry (for an implied folder: the layer that implied it). */
  layer: number;
  /** A folder no layer lists but a deeper entry needs (the engine creates it when applying the layer). */
  implied?: boolean;
}

/** Called for every path that stops being visible (each one once, children before their folder). */
export type OnHidden = (path: string, hidden: Visible) => void;

/**
 * Attributes of a folder the engine creates because a layer holds `a/b/c` without `a/b`: moby's
 * layer unpacking makes missing parents 0755 owned by root. Its mtime is the time of the pull,
 * which no archive records: 0 here.
 */
function impliedDir(path: string): ModelEntry {
  return { path, kind: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 0 };
}

export class MergedTree {
  readonly visible = new Map<string, Visible>();
  private readonly children = new Map<string, Set<string>>();

  get(path: string): Visible | undefined {
    return this.visible.get(path);
  }

  /** Direct children of a folder ('' for the root), as full paths. */
  childrenOf(dir: string): readonly string[] {
    const set = this.children.get(dir);
    return set ? [...set] : [];
  }

  /** Hides `path` and everything under it. Iterative: a crafted archive may nest folders deeper than the stack. */
  removeSubtree(path: string, onHidden: OnHidden): void {
    if (!this.visible.has(path)) return;
    this.children.get(parentOf(path))?.delete(path);
    // Depth first, each folder reported after its children.
    const stack: { path: string; expanded: boolean }[] = [{ path, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const kids = this.children.get(top.path);
      if (!top.expanded && kids) {
        top.expanded = true;
        for (const child of kids) stack.push({ path: child, expanded: false });
        continue;
      }
      stack.pop();
      this.children.delete(top.path);
      const hidden = this.visible.get(top.path);
      if (!hidden) continue;
      this.visible.delete(top.path);
      onHidden(top.path, hidden);
    }
  }

  /**
   * Puts `entry` at its path, as the engine applies a layer's tar header: a folder over a folder
   * keeps the old children (the folders merge); anything else first removes what was there with
   * its whole subtree. A parent that is missing is implied; a parent that is not a folder is
   * replaced by an implied folder (the engine would fail that layer; showing the deeper entry is
   * more useful than hiding it).
   */
  put(entry: ModelEntry, layer: number, onHidden: OnHidden): void {
    const path = entry.path;
    const old = this.visible.get(path);
    if (old && !(old.entry.kind === 'dir' && entry.kind === 'dir')) this.removeSubtree(path, onHidden);
    if (!old || old.entry.kind !== 'dir' || entry.kind !== 'dir') this.link(path, layer, onHidden);
    this.visible.set(path, { entry, layer });
  }

  /** Lists `path` among its parent's children and makes sure the folders above it exist as folders. */
  private link(path: string, layer: number, onHidden: OnHidden): void {
    for (let child = path; ;) {
      const parent = parentOf(child);
      const above = parent === '' ? undefined : this.visible.get(parent);
      if (above && above.entry.kind !== 'dir') this.removeSubtree(parent, onHidden);
      let kids = this.children.get(parent);
      if (!kids) this.children.set(parent, (kids = new Set()));
      kids.add(child);
      if (parent === '' || above?.entry.kind === 'dir') return;
      this.visible.set(parent, { entry: impliedDir(parent), layer, implied: true });
      child = parent;
    }
  }
}
