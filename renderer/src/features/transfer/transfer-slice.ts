// Owns save and load as the UI runs them: the Save dialog for the selection, the Load flow (pick or
// drop archives, preview each, then load), and what went wrong after a dialog closed. Electron
// works with local paths through the contract; a browser downloads and uploads through the
// bridge (transport/file-port.ts). Progress itself is a job: it shows in the Jobs panel.
import type { ContractError, JobSnapshot, TarPreview } from '../../../../shared/contract';
import type { FilePort } from '../../transport/file-port';
import { actedRows } from '../edit/edit-model';
import { isActive } from '../jobs/job-model';
import { loadedLinesOf, loadedNames, namesSummary } from '../jobs/job-outcome';
import { saveRefs } from './transfer-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface SaveDialogState {
  nonce: number;
  refs: string[];
  busy: boolean;
  error: ContractError | null;
}

/** One archive to load: a local path (Electron) or a File to upload (browser). */
export interface ArchiveSource {
  name: string;
  path?: string;
  file?: File;
}

export interface LoadItem {
  id: string;
  source: ArchiveSource;
  state: 'reading' | 'ready' | 'failed';
  preview?: TarPreview;
  error?: ContractError;
}

export interface LoadDialogState {
  nonce: number;
  items: LoadItem[];
  busy: boolean;
  /** Why the load could not start (the items' own errors are on the items). */
  error: ContractError | null;
}

export interface TransferAlert {
  id: string;
  message: string;
}

export interface TransferSlice {
  /** 'none' when no transport for files exists (a browser without the bridge token). */
  mode: FilePort['mode'] | 'none';
  save: SaveDialogState | null;
  load: LoadDialogState | null;
  /** Loads that failed after their dialog closed (browser uploads run on in the background). */
  alerts: TransferAlert[];

  /** The Save… flow: opens Save for these rows (default: the selection, else the cursor's row); false when there is nothing to save. */
  saveSelection(keys?: readonly string[]): boolean;
  /** Electron: the native save dialog, then a save job to the chosen file. Browser: a download. */
  confirmSave(): Promise<void>;
  closeSave(): void;
  /** The Load… flow: the native open dialog (Electron) or the browser's file picker, then a preview of each archive. */
  openLoad(): Promise<void>;
  /** Files dropped on the window: the same preview as Load…. */
  dropFiles(files: readonly File[]): void;
  /** Loads every archive whose preview succeeded. Resolves once started (Electron) or once the uploads ended (browser). */
  confirmLoad(): Promise<void>;
  /** Closes the preview; reading that is still under way is cancelled. */
  closeLoad(): void;
  dismissAlert(id: string): void;
  /** Ends the "…Progress is in Jobs." notice of a save or load when its job ends ("Saved …", "Loaded …"). */
  onJob(job: JobSnapshot): void;
}

/**
 * A notice that says a save or load is under way, and the job it waits for: by id when the request
 * returned one, or (a browser download, started by a link) the first job with this title that was
 * not there when the download began.
 */
interface FollowedNotice {
  notice: string;
  jobId?: string;
  title?: string;
  known?: ReadonlySet<string>;
  /** What to say once the job succeeded. */
  done: (job: JobSnapshot) => void;
}

/** The last element of a local path, for titles and messages (Windows or POSIX separators). */
const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

const noFiles = (what: string): ContractError => ({
  code: 'INVALID_ARGUMENT',
  message: `${what} is not available here: open Stevedore as the desktop app or through the bridge's URL`,
});

export const createTransferSlice: SliceCreator<'transfer'> = (set, get, deps) => {
  const patch = patcher(set, get, 'transfer');
  const transfer = () => get().transfer;
  const files = deps.files;
  let seq = 0;
  /** Cancels the previews of the dialog that is open; a new dialog gets a new one. */
  let reading: AbortController | null = null;

  const updateItem = (nonce: number, id: string, p: Partial<LoadItem>) => {
    const load = transfer().load;
    if (!load || load.nonce !== nonce) return;
    patch({ load: { ...load, items: load.items.map((i) => (i.id === id ? { ...i, ...p } : i)) } });
  };

  const alert = (message: string) => {
    patch({ alerts: [...transfer().alerts, { id: `transfer-alert-${++seq}`, message }].slice(-4) });
  };

  let followed: FollowedNotice[] = [];
  const follows = (f: FollowedNotice, job: JobSnapshot) =>
    f.jobId !== undefined ? f.jobId === job.id : job.kind === 'save' && job.title === f.title && !f.known?.has(job.id);
  const follow = (f: FollowedNotice) => {
    followed.push(f);
    // A quick job may have ended before the request that started it answered.
    const ended = f.jobId !== undefined ? get().jobs.byId[f.jobId] : undefined;
    if (ended) transfer().onJob(ended);
  };
  /** "Loaded x:y." or "Loaded x:y and 2 more." for the lines `docker load` printed. */
  const notifyLoaded = (lines: readonly string[]) => {
    const summary = namesSummary(loadedNames(lines));
    if (!summary) return;
    if (summary.more === 0) get().edit.notify('transfer.notice.loaded', { name: summary.first });
    else get().edit.notify('transfer.notice.loadedMore', { name: summary.first, count: summary.more });
  };

  const readPreview = async (item: LoadItem, signal: AbortSignal) => {
    const { source } = item;
    if (source.file && files?.mode === 'browser') return files.preview(source.file, signal);
    if (source.path !== undefined) return deps.api.invoke('images.loadPreview', { path: source.path });
    return { ok: false as const, error: noFiles(`Reading ${source.name}`) };
  };

  /** Adds archives to the open preview (or opens one) and reads them one after another. */
  const preview = async (sources: readonly (ArchiveSource | { name: string; error: ContractError })[]) => {
    if (sources.length === 0) return;
    let load = transfer().load;
    if (!load || load.busy) {
      reading?.abort();
      reading = new AbortController();
      load = { nonce: ++seq, items: [], busy: false, error: null };
    }
    const known = new Set(load.items.map((i) => i.source.path ?? i.source.file));
    const added: LoadItem[] = [];
    for (const s of sources) {
      const id = `load-item-${++seq}`;
      if ('error' in s) added.push({ id, source: { name: s.name }, state: 'failed', error: s.error });
      else if (!known.has(s.path ?? s.file)) added.push({ id, source: s, state: 'reading' });
    }
    const nonce = load.nonce;
    patch({ load: { ...load, items: [...load.items, ...added] } });
    const signal = reading!.signal;
    for (const item of added) {
      if (item.state !== 'reading') continue;
      if (signal.aborted || transfer().load?.nonce !== nonce) return;
      const r = await readPreview(item, signal);
      if (r.ok) updateItem(nonce, item.id, { state: 'ready', preview: r.value });
      else updateItem(nonce, item.id, { state: 'failed', error: r.error });
    }
  };

  return {
    mode: files?.mode ?? 'none',
    save: null,
    load: null,
    alerts: [],

    saveSelection(keys) {
      const refs = saveRefs(actedRows(get().images, keys));
      if (refs.length === 0) return false;
      patch({ save: { nonce: ++seq, refs, busy: false, error: null } });
      // The row menu, when it opened this, has done its job.
      if (get().edit.menu) get().edit.closeMenu();
      return true;
    },

    async confirmSave() {
      const save = transfer().save;
      if (!save || save.busy) return;
      const setSave = (p: Partial<SaveDialogState>) => {
        const now = transfer().save;
        if (now?.nonce === save.nonce) patch({ save: { ...now, ...p } });
      };
      if (files?.mode === 'browser') {
        // The bridge titles the download's job `Save <refs> (download)` (bridge/transfer-routes.ts).
        const title = `Save ${save.refs.join(', ')} (download)`;
        const known = new Set(
          Object.values(get().jobs.byId)
            .filter((j) => j.title === title)
            .map((j) => j.id),
        );
        setSave({ busy: true, error: null });
        const started = await files.download(save.refs);
        if (!started.ok) return setSave({ busy: false, error: started.error });
        if (transfer().save?.nonce === save.nonce) patch({ save: null });
        const refs = save.refs.join(', ');
        const notice = get().edit.notify('transfer.notice.downloading', { refs });
        follow({ notice, title, known, done: () => get().edit.notify('transfer.notice.downloaded', { refs }) });
        return;
      }
      if (files?.mode !== 'desktop') {
        setSave({ error: noFiles('Saving') });
        return;
      }
      setSave({ busy: true, error: null });
      const chosen = await deps.api.invoke('dialogs.saveTar', { refs: save.refs });
      if (!chosen.ok) return setSave({ busy: false, error: chosen.error });
      // Cancelled in the native dialog: back to ours, nothing written.
      if ('canceled' in chosen.value) return setSave({ busy: false });
      const started = await deps.api.invoke('images.save', { refs: save.refs, path: chosen.value.path });
      if (!started.ok) return setSave({ busy: false, error: started.error });
      if (transfer().save?.nonce === save.nonce) patch({ save: null });
      const values = { refs: save.refs.join(', '), file: baseName(chosen.value.path) };
      const notice = get().edit.notify('transfer.notice.saving', values);
      follow({ notice, jobId: started.value.jobId, done: () => get().edit.notify('transfer.notice.saved', values) });
    },

    closeSave() {
      patch({ save: null });
    },

    openLoad() {
      if (files?.mode === 'browser') {
        // The picker opens only inside the click (or key press) that asked for it: no await before it.
        return files.pickFiles().then((picked) => preview(picked.map((file) => ({ name: file.name, file }))));
      }
      if (files?.mode === 'desktop') {
        return deps.api.invoke('dialogs.openTars', {}).then((r) => {
          if (!r.ok) return preview([{ name: 'Load', error: r.error }]);
          return preview(r.value.paths.map((path) => ({ name: baseName(path), path })));
        });
      }
      return preview([{ name: 'Load', error: noFiles('Loading') }]);
    },

    dropFiles(dropped) {
      const sources = dropped.map((file): ArchiveSource | { name: string; error: ContractError } => {
        if (files?.mode === 'browser') return { name: file.name, file };
        if (files?.mode === 'desktop') {
          const path = files.pathOf(file);
          return path
            ? { name: file.name, path }
            : {
                name: file.name,
                error: { code: 'INVALID_ARGUMENT', message: `${file.name} has no local file to read: drop a file from a folder` },
              };
        }
        return { name: file.name, error: noFiles(`Loading ${file.name}`) };
      });
      void preview(sources);
    },

    async confirmLoad() {
      const load = transfer().load;
      if (!load || load.busy) return;
      const ready = load.items.filter((i) => i.state === 'ready');
      if (ready.length === 0) return;
      const setLoad = (p: Partial<LoadDialogState>) => {
        const now = transfer().load;
        if (now?.nonce === load.nonce) patch({ load: { ...now, ...p } });
      };
      const names = ready.map((i) => i.source.name).join(', ');
      if (files?.mode === 'browser') {
        patch({ load: null });
        const notice = get().edit.notify('transfer.notice.loading', { names });
        const loaded: string[] = [];
        // One upload after another, as `docker load` runs one archive after another.
        for (const item of ready) {
          const r = await files.load(item.source.file!);
          if (r.ok) loaded.push(...r.value.loaded);
          else alert(r.error.message.includes(item.source.name) ? r.error.message : `${item.source.name}: ${r.error.message}`);
        }
        get().edit.dismissNotice(notice);
        notifyLoaded(loaded);
        return;
      }
      setLoad({ busy: true, error: null });
      const r = await deps.api.invoke('images.load', { paths: ready.map((i) => i.source.path!) });
      if (!r.ok) return setLoad({ busy: false, error: r.error });
      if (transfer().load?.nonce === load.nonce) patch({ load: null });
      const notice = get().edit.notify('transfer.notice.loading', { names });
      follow({ notice, jobId: r.value.jobId, done: (job) => notifyLoaded(loadedLinesOf(job)) });
    },

    closeLoad() {
      reading?.abort();
      reading = null;
      patch({ load: null });
    },

    dismissAlert(id) {
      patch({ alerts: transfer().alerts.filter((a) => a.id !== id) });
    },

    onJob(job) {
      if (isActive(job)) return;
      const f = followed.find((x) => follows(x, job));
      if (!f) return;
      followed = followed.filter((x) => x !== f);
      get().edit.dismissNotice(f.notice);
      if (job.state === 'succeeded') f.done(job);
      else if (job.state === 'failed' && job.error) alert(job.error.message);
    },
  };
};
