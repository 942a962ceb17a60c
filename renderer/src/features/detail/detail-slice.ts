// Owns the image details dialog: which image it shows and which tab, the image's history rows
// (`docker history`, with --no-trunc and -H as toggles) and its inspect JSON, and "Copy as..."
// of the history through core. Answers for an image no longer shown are dropped.
import type { ContractError, HistoryRow, ImageLineage, Result } from '../../../../shared/contract';
import { rowReference } from '../edit/edit-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export type DetailTab = 'history' | 'inspect' | 'lineage';

export interface DetailTarget {
  /** What the requests name: the full image ID when known, else a reference. */
  image: string;
  /** What people read: `repo:tag`, `repo@digest` or the short ID. */
  label: string;
}

export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  value: T | null;
  error: ContractError | null;
  /** The image the value belongs to. */
  image: string | null;
  /** Epoch ms of the answer (for relative times). */
  at: number;
}

export interface HistoryOptions {
  noTrunc: boolean;
  /** `-H` (the CLI's default: true). */
  human: boolean;
}

export interface DetailSlice {
  open: { target: DetailTarget; tab: DetailTab; nonce: number } | null;
  history: Loadable<HistoryRow[]>;
  inspect: Loadable<Record<string, unknown>>;
  /** Tags, digests, parents, children and containers of the image (`images.lineage`). */
  lineage: Loadable<ImageLineage>;
  historyOptions: HistoryOptions;

  openImage(target: DetailTarget, tab: DetailTab): void;
  /** Opens the details of an Images grid row (by its key); false when the row is gone. */
  openRow(key: string, tab: DetailTab): boolean;
  setTab(tab: DetailTab): void;
  close(): void;
  setHistoryOption(name: keyof HistoryOptions, value: boolean): void;
  reload(): Promise<void>;
  historyFormat(opts: { template: string; quiet: boolean }): Promise<Result<{ text: string }>>;
}

const idle = <T>(): Loadable<T> => ({ status: 'idle', value: null, error: null, image: null, at: 0 });

export const createDetailSlice: SliceCreator<'detail'> = (set, get, deps) => {
  const patch = patcher(set, get, 'detail');
  const detail = () => get().detail;
  const now = deps.now ?? Date.now;
  let nonce = 0;

  const current = () => detail().open?.target.image ?? null;

  const loadHistory = async (image: string) => {
    patch({ history: { ...idle<HistoryRow[]>(), status: 'loading', image } });
    const r = await deps.api.invoke('images.history', { image });
    if (current() !== image) return;
    patch({
      history: r.ok
        ? { status: 'ready', value: r.value.rows, error: null, image, at: now() }
        : { status: 'error', value: null, error: r.error, image, at: now() },
    });
  };

  const loadInspect = async (image: string) => {
    patch({ inspect: { ...idle<Record<string, unknown>>(), status: 'loading', image } });
    const r = await deps.api.invoke('images.inspect', { image });
    if (current() !== image) return;
    patch({
      inspect: r.ok
        ? { status: 'ready', value: r.value, error: null, image, at: now() }
        : { status: 'error', value: null, error: r.error, image, at: now() },
    });
  };

  const loadLineage = async (image: string) => {
    patch({ lineage: { ...idle<ImageLineage>(), status: 'loading', image } });
    const r = await deps.api.invoke('images.lineage', { image });
    if (current() !== image) return;
    patch({
      lineage: r.ok
        ? { status: 'ready', value: r.value, error: null, image, at: now() }
        : { status: 'error', value: null, error: r.error, image, at: now() },
    });
  };

  return {
    open: null,
    history: idle(),
    inspect: idle(),
    lineage: idle(),
    historyOptions: { noTrunc: false, human: true },

    openImage(target, tab) {
      patch({ open: { target, tab, nonce: ++nonce } });
      void detail().reload();
    },

    openRow(key, tab) {
      const images = get().images;
      const row = images.view.find((r) => r.key === key) ?? images.rows.find((r) => r.key === key);
      if (!row) return false;
      detail().openImage({ image: row.id, label: rowReference(row) }, tab);
      return true;
    },

    setTab(tab) {
      const open = detail().open;
      if (open && open.tab !== tab) patch({ open: { ...open, tab } });
    },

    close() {
      if (detail().open) patch({ open: null, history: idle(), inspect: idle(), lineage: idle() });
    },

    setHistoryOption(name, value) {
      patch({ historyOptions: { ...detail().historyOptions, [name]: value } });
    },

    async reload() {
      const image = current();
      if (!image) return;
      await Promise.all([loadHistory(image), loadInspect(image), loadLineage(image)]);
    },

    historyFormat({ template, quiet }) {
      const { noTrunc, human } = detail().historyOptions;
      const image = current() ?? '';
      return deps.api.invoke('images.historyFormat', {
        image,
        noTrunc,
        human,
        quiet,
        ...(template !== '' ? { format: template } : {}),
      });
    },
  };
};
