// Owns the editing operations as the UI sees them: which dialog or row menu is open, the calls to
// remove / prune / tag / commit, the undo offers left by untags, and short notices of what happened.
import type { ContainerRow, RemovePlan, RemoveResult, RequestOf, Result, ResponseOf, UndoUntagResult } from '../../../../shared/contract';
import { actedRows, removeNames, rowReference } from './edit-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export type EditDialog =
  | { kind: 'remove'; names: string[]; nonce: number }
  | { kind: 'tag'; source: string; nonce: number }
  | { kind: 'prune'; nonce: number }
  | { kind: 'commit'; nonce: number };

export interface RowMenu {
  /** The row the menu was opened on. */
  key: string;
  x: number;
  y: number;
}

/**
 * - ready: the image lost these names and still exists; Undo re-tags it.
 * - moved: some names now name other images; ask before taking them back (overwrite).
 * - done: everything restorable was restored.
 * - gone: the image was deleted meanwhile; nothing can be restored.
 */
export type UndoState = 'ready' | 'busy' | 'moved' | 'done' | 'gone' | 'failed';

export interface UndoOffer {
  id: string;
  /** What was removed, as given (for the notice's text). */
  name: string;
  imageId: string;
  /** Tags that re-tagging can put back. */
  references: string[];
  /** Digest references that went too and cannot come back by tagging. */
  lostDigests: string[];
  state: UndoState;
  restored: string[];
  /** Tags that meanwhile name another image. */
  moved: { reference: string; imageId?: string; message: string }[];
  /** Skipped for good (digest, invalid), with the reason's words. */
  skipped: { reference: string; message: string }[];
  error?: string;
}

export interface Notice {
  id: string;
  /** i18n key under `edit.notice`, and its values (a number is a plural key's `count`). */
  key: string;
  values: Record<string, string | number>;
}

export interface EditSlice {
  dialog: EditDialog | null;
  menu: RowMenu | null;
  undo: UndoOffer[];
  notices: Notice[];

  /** Opens Remove for these rows (default: the selected rows, else the cursor's); false when there is nothing to remove. */
  openRemove(keys?: readonly string[]): boolean;
  /** Opens Tag for this row (default: the cursor's, else the only selected row). */
  openTag(key?: string): boolean;
  openPrune(): void;
  openCommit(): void;
  closeDialog(): void;
  openMenu(key: string, x: number, y: number): void;
  closeMenu(): void;

  removePlan(request: RequestOf<'images.removePlan'>): Promise<Result<RemovePlan>>;
  /** Removes; every item that only lost names leaves an undo offer (ids per item, in order). */
  remove(request: RequestOf<'images.remove'>): Promise<{ result: Result<RemoveResult>; offers: (string | undefined)[] }>;
  prunePlan(request: RequestOf<'images.prunePlan'>): Promise<Result<ResponseOf<'images.prunePlan'>>>;
  prune(request: RequestOf<'images.prune'>): Promise<Result<ResponseOf<'images.prune'>>>;
  validateTag(request: RequestOf<'images.validateTag'>): Promise<Result<ResponseOf<'images.validateTag'>>>;
  tag(request: RequestOf<'images.tag'>): Promise<Result<ResponseOf<'images.tag'>>>;
  listContainers(): Promise<Result<ContainerRow[]>>;
  commit(request: RequestOf<'images.commit'>): Promise<Result<ResponseOf<'images.commit'>>>;

  /** Re-tags an offer's image; with `overwrite`, also takes back the tags that moved to other images. */
  undoUntag(offerId: string, overwrite?: boolean): Promise<void>;
  dismissUndo(offerId: string): void;
  /** Drops offers whose image no longer exists (asked of the engine, not guessed from the filtered list). */
  verifyUndo(): Promise<void>;
  notify(key: string, values?: Record<string, string | number>): string;
  dismissNotice(id: string): void;
}

/** Offers kept at once; older ones go first. */
export const MAX_UNDO = 5;
const MAX_NOTICES = 4;

export const createEditSlice: SliceCreator<'edit'> = (set, get, deps) => {
  const patch = patcher(set, get, 'edit');
  const edit = () => get().edit;
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}-${++seq}`;

  const updateOffer = (id: string, p: Partial<UndoOffer>) => {
    patch({ undo: edit().undo.map((o) => (o.id === id ? { ...o, ...p } : o)) });
  };

  const applyUndoResult = (offer: UndoOffer, value: UndoUntagResult) => {
    const restored = [...new Set([...offer.restored, ...value.restored])];
    const moved = value.skipped
      .filter((s) => s.reason === 'moved')
      .map((s) => ({ reference: s.reference, imageId: s.imageId, message: s.message }));
    const skipped = [
      ...offer.skipped,
      ...value.skipped.filter((s) => s.reason !== 'moved').map((s) => ({ reference: s.reference, message: s.message })),
    ];
    updateOffer(offer.id, { state: moved.length > 0 ? 'moved' : 'done', restored, moved, skipped, error: undefined });
  };

  return {
    dialog: null,
    menu: null,
    undo: [],
    notices: [],

    openRemove(keys) {
      const names = removeNames(actedRows(get().images, keys));
      if (names.length === 0) return false;
      patch({ dialog: { kind: 'remove', names, nonce: ++seq }, menu: null });
      return true;
    },

    openTag(key) {
      const images = get().images;
      const k = key ?? (images.selection.size === 1 ? [...images.selection][0] : (images.cursor ?? undefined));
      const row = k ? (images.view.find((r) => r.key === k) ?? images.rows.find((r) => r.key === k)) : undefined;
      if (!row) return false;
      patch({ dialog: { kind: 'tag', source: rowReference(row), nonce: ++seq }, menu: null });
      return true;
    },

    openPrune() {
      patch({ dialog: { kind: 'prune', nonce: ++seq }, menu: null });
    },

    openCommit() {
      patch({ dialog: { kind: 'commit', nonce: ++seq }, menu: null });
    },

    closeDialog() {
      if (edit().dialog) patch({ dialog: null });
    },

    openMenu(key, x, y) {
      patch({ menu: { key, x, y } });
    },

    closeMenu() {
      if (edit().menu) patch({ menu: null });
    },

    removePlan: (request) => deps.api.invoke('images.removePlan', request),

    async remove(request) {
      const result = await deps.api.invoke('images.remove', request);
      const offers: (string | undefined)[] = [];
      if (result.ok) {
        const fresh: UndoOffer[] = [];
        for (const item of result.value.items) {
          if (!item.undo || item.undo.references.length === 0) {
            offers.push(undefined);
            continue;
          }
          const offer: UndoOffer = {
            id: nextId('undo'),
            name: item.name,
            imageId: item.undo.imageId,
            references: item.undo.references,
            lostDigests: item.undo.lostDigests,
            state: 'ready',
            restored: [],
            moved: [],
            skipped: [],
          };
          fresh.push(offer);
          offers.push(offer.id);
        }
        if (fresh.length > 0) patch({ undo: [...edit().undo, ...fresh].slice(-MAX_UNDO) });
      }
      return { result, offers };
    },

    prunePlan: (request) => deps.api.invoke('images.prunePlan', request),
    prune: (request) => deps.api.invoke('images.prune', request),
    validateTag: (request) => deps.api.invoke('images.validateTag', request),

    async tag(request) {
      const result = await deps.api.invoke('images.tag', request);
      if (result.ok) edit().notify('tagged', { source: request.source, target: result.value.target });
      return result;
    },

    listContainers: () => deps.api.invoke('containers.list', {}),
    commit: (request) => deps.api.invoke('images.commit', request),

    async undoUntag(offerId, overwrite = false) {
      const offer = edit().undo.find((o) => o.id === offerId);
      if (!offer || offer.state === 'busy') return;
      const references = overwrite ? offer.moved.map((m) => m.reference) : offer.references;
      if (references.length === 0) return;
      updateOffer(offerId, { state: 'busy' });
      const result = await deps.api.invoke('images.undoUntag', { imageId: offer.imageId, references, overwrite });
      const current = edit().undo.find((o) => o.id === offerId);
      if (!current) return;
      if (result.ok) {
        applyUndoResult(overwrite ? { ...current, moved: [] } : current, result.value);
      } else if (result.error.code === 'NOT_FOUND') {
        updateOffer(offerId, { state: 'gone', error: result.error.message });
      } else {
        updateOffer(offerId, { state: overwrite ? 'moved' : 'failed', error: result.error.message });
      }
    },

    dismissUndo(offerId) {
      patch({ undo: edit().undo.filter((o) => o.id !== offerId) });
    },

    async verifyUndo() {
      const waiting = edit().undo.filter((o) => o.state === 'ready' || o.state === 'moved' || o.state === 'failed');
      if (waiting.length === 0) return;
      const listed = new Set(get().images.rows.map((r) => r.id));
      for (const offer of waiting) {
        // Listed means it exists; not listed may only mean filtered or intermediate: ask.
        if (listed.has(offer.imageId)) continue;
        const r = await deps.api.invoke('images.validateTag', { target: 'stevedore-undo-probe', source: offer.imageId });
        if (r.ok && !r.value.sourceImageId && r.value.sourceError?.startsWith('No such image')) {
          updateOffer(offer.id, { state: 'gone', error: r.value.sourceError });
        }
      }
    },

    notify(key, values = {}) {
      const id = nextId('notice');
      patch({ notices: [...edit().notices, { id, key, values }].slice(-MAX_NOTICES) });
      return id;
    },

    dismissNotice(id) {
      patch({ notices: edit().notices.filter((n) => n.id !== id) });
    },
  };
};
