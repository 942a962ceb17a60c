// Owns the explorer as the UI runs it: what is explored (an image of the engine, or an archive that
// is never loaded), the indexing job (progress, cancel), the summary, one layer's entries at a
// time, the glob search, the file viewer and saving a file or folder out. One core session at a
// time: opening another subject closes the previous one. Answers for a session or layer no longer
// shown are dropped.
import type { ContractError, JobSnapshot, Result } from '../../../../shared/contract';
import type {
  ExploreFileContent,
  ExploreMatch,
  ExploreSaveResult,
  ExploreSearchResult,
  ExploreSource,
  ExploreSummary,
  FileEntry,
} from '../../../../shared/explore';
import { isActive } from '../jobs/job-model';
import type { ArchiveSource } from '../transfer/transfer-slice';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export type LayerRef = number | 'merged';

/** The performance marks the explore bench measures between (entries in the store → rows painted). */
export const ENTRIES_MARK = 'stevedore:explore-entries';
export const PAINTED_MARK = 'stevedore:explore-tree-painted';

export interface ExploreSubject {
  source: ExploreSource;
  /** What people read: `repo:tag`, a short ID, or the archive's file name. */
  label: string;
}

export interface ExploreEntriesState {
  layer: LayerRef;
  status: 'loading' | 'ready' | 'error';
  entries: FileEntry[];
  error: ContractError | null;
}

export interface ExploreSearchState {
  glob: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  result: ExploreSearchResult | null;
  error: ContractError | null;
}

export interface ExploreFileState {
  layer: LayerRef;
  path: string;
  status: 'loading' | 'ready' | 'error';
  content: ExploreFileContent | null;
  error: ContractError | null;
}

export interface ExploreSlice {
  subject: ExploreSubject | null;
  status: 'idle' | 'opening' | 'indexing' | 'ready' | 'error';
  sessionId: string | null;
  jobId: string | null;
  /** The indexing job's bytes (total 0 when unknown). */
  progress: { current: number; total: number };
  error: ContractError | null;
  summary: ExploreSummary | null;
  layer: LayerRef;
  entries: ExploreEntriesState | null;
  onlyChanges: boolean;
  /** A path the tree should expand to, select and scroll into view (a search result). */
  reveal: { path: string; nonce: number } | null;
  search: ExploreSearchState;
  file: ExploreFileState | null;

  /** Starts exploring (closing what was open) and shows the Explorer. */
  open(source: ExploreSource, label: string): Promise<void>;
  /** An archive picked or dropped (the load preview's Explore…): read in place, never loaded. */
  openArchive(source: ArchiveSource): Promise<void>;
  /** Explore an archive…: the native open dialog (Electron) or the browser's file picker. */
  pickArchive(): Promise<void>;
  /** Cancels the indexing job. */
  cancel(): Promise<void>;
  /** Ends the session (core forgets its index) and empties the view. */
  close(): Promise<void>;
  selectLayer(layer: LayerRef): Promise<void>;
  setOnlyChanges(on: boolean): void;
  runSearch(glob: string): Promise<void>;
  /** A search result: selects its layer, then reveals its path in the tree. */
  showMatch(match: ExploreMatch): Promise<void>;
  viewFile(path: string): Promise<void>;
  closeFile(): void;
  /** Electron: the native save dialog, then a save job. A browser: a download through the bridge. */
  saveOut(entry: FileEntry): Promise<void>;
  onJob(job: JobSnapshot): void;
}

const idleSearch = (): ExploreSearchState => ({ glob: '', status: 'idle', result: null, error: null });

const mark = (name: string) => {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
};

/** The last element of a path inside the image or on disk. */
const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

const isSummary = (v: unknown): v is ExploreSummary =>
  !!v && typeof v === 'object' && typeof (v as ExploreSummary).sessionId === 'string' && Array.isArray((v as ExploreSummary).layers);

export const createExploreSlice: SliceCreator<'explore'> = (set, get, deps) => {
  const patch = patcher(set, get, 'explore');
  const explore = () => get().explore;
  let nonce = 0;
  /** Save jobs under way: job id → the notice that says so. */
  const saving = new Map<string, { notice: string; name: string }>();

  const blank = {
    status: 'idle' as const,
    sessionId: null,
    jobId: null,
    progress: { current: 0, total: 0 },
    error: null,
    summary: null,
    layer: 'merged' as LayerRef,
    entries: null,
    reveal: null,
    search: idleSearch(),
    file: null,
  };

  const ready = async (sessionId: string, summary?: ExploreSummary) => {
    let s = summary;
    if (!s) {
      const r = await deps.api.invoke('explore.summary', { sessionId });
      if (explore().sessionId !== sessionId) return;
      if (!r.ok) return patch({ status: 'error', error: r.error });
      s = r.value;
    }
    patch({ status: 'ready', summary: s, jobId: null });
    await explore().selectLayer('merged');
  };

  const closeSession = (sessionId: string | null) => {
    if (sessionId) void deps.api.invoke('explore.close', { sessionId });
  };

  /** Cancels the indexing of what was open and ends its session: one session at a time. */
  const endPrevious = () => {
    const { jobId, status, sessionId } = explore();
    if (jobId && status === 'indexing') void deps.api.invoke('jobs.cancel', { jobId });
    closeSession(sessionId);
  };

  /** Opens a subject: one session at a time, the view shown, the indexing job followed. */
  const start = async (source: ExploreSource, label: string, request: () => Promise<Result<{ jobId: string; sessionId: string }>>) => {
    endPrevious();
    patch({ ...blank, subject: { source, label }, status: 'opening' });
    if (get().settings.view !== 'explore') get().settings.setView('explore');
    const mine = ++nonce;
    const r = await request();
    if (nonce !== mine) {
      // Another subject was opened meanwhile: this session is nobody's.
      if (r.ok) closeSession(r.value.sessionId);
      return;
    }
    if (!r.ok) return patch({ status: 'error', error: r.error });
    patch({ status: 'indexing', sessionId: r.value.sessionId, jobId: r.value.jobId });
    // A small image may have finished before the request that started it answered.
    const ended = get().jobs.byId[r.value.jobId];
    if (ended) explore().onJob(ended);
  };

  return {
    subject: null,
    ...blank,
    onlyChanges: false,

    open(source, label) {
      return start(source, label, () => deps.api.invoke('explore.open', { source }));
    },

    async openArchive(source) {
      if (source.path !== undefined) return explore().open({ kind: 'archive', path: source.path }, source.name);
      const files = deps.files;
      // A browser has the File but no path: the bridge takes it in (POST /transfer/explore, kept
      // in a private temp file, never loaded into the engine); without a bridge that is said.
      const label = source.name;
      const shown: ExploreSource = { kind: 'archive', path: label };
      if (source.file && files?.mode === 'browser' && files.explore) {
        const file = source.file;
        return start(shown, label, () => files.explore!(file));
      }
      return start(shown, label, async () => ({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: `${label} has no local path here: exploring an archive needs the desktop app` },
      }));
    },

    async pickArchive() {
      const files = deps.files;
      if (files?.mode === 'browser') {
        // The picker opens only inside the click that asked for it: no await before it.
        const picked = await files.pickFiles();
        if (picked[0]) await explore().openArchive({ name: picked[0].name, file: picked[0] });
        return;
      }
      const r = await deps.api.invoke('dialogs.openTars', {});
      if (!r.ok) {
        patch({ ...blank, subject: null, status: 'error', error: r.error });
        return;
      }
      const path = r.value.paths[0];
      if (path !== undefined) await explore().openArchive({ name: baseName(path), path });
    },

    async cancel() {
      const { jobId, status } = explore();
      if (!jobId || status !== 'indexing') return;
      await deps.api.invoke('jobs.cancel', { jobId });
    },

    async close() {
      nonce++;
      endPrevious();
      patch({ ...blank, subject: null });
    },

    async selectLayer(layer) {
      const { sessionId, entries } = explore();
      if (!sessionId) return;
      if (entries && entries.layer === layer && entries.status !== 'error') {
        if (explore().layer !== layer) patch({ layer });
        return;
      }
      patch({ layer, reveal: null, entries: { layer, status: 'loading', entries: [], error: null } });
      const r = await deps.api.invoke('explore.entries', { sessionId, layer });
      const now = explore();
      if (now.sessionId !== sessionId || now.layer !== layer) return;
      if (!r.ok) return patch({ entries: { layer, status: 'error', entries: [], error: r.error } });
      // The bench measures from here (entries in the store) to the tree's painted rows.
      mark(ENTRIES_MARK);
      patch({ entries: { layer, status: 'ready', entries: r.value.entries, error: null } });
    },

    setOnlyChanges(on) {
      patch({ onlyChanges: on });
    },

    async runSearch(glob) {
      const { sessionId } = explore();
      const trimmed = glob.trim();
      if (!sessionId) return;
      if (trimmed === '') return patch({ search: idleSearch() });
      patch({ search: { glob: trimmed, status: 'loading', result: null, error: null } });
      const r = await deps.api.invoke('explore.search', { sessionId, glob: trimmed, limit: 1000 });
      const now = explore();
      if (now.sessionId !== sessionId || now.search.glob !== trimmed) return;
      patch({
        search: r.ok
          ? { glob: trimmed, status: 'ready', result: r.value, error: null }
          : { glob: trimmed, status: 'error', result: null, error: r.error },
      });
    },

    async showMatch(match) {
      await explore().selectLayer(match.layer);
      if (explore().layer === match.layer) patch({ reveal: { path: match.entry.path, nonce: ++nonce } });
    },

    async viewFile(path) {
      const { sessionId, layer } = explore();
      if (!sessionId) return;
      patch({ file: { layer, path, status: 'loading', content: null, error: null } });
      const r = await deps.api.invoke('explore.read', { sessionId, layer, path });
      const f = explore().file;
      if (explore().sessionId !== sessionId || f?.path !== path || f.layer !== layer) return;
      patch({
        file: r.ok
          ? { layer, path, status: 'ready', content: r.value, error: null }
          : { layer, path, status: 'error', content: null, error: r.error },
      });
    },

    closeFile() {
      patch({ file: null });
    },

    async saveOut(entry) {
      const { sessionId, layer } = explore();
      if (!sessionId) return;
      const notify = get().edit.notify;
      const fail = (error: ContractError) => notify('explore.notice.saveFailed', { name: baseName(entry.path), message: error.message });
      const files = deps.files;
      if (files?.mode === 'browser' && files.saveOut) {
        // A download: the browser asks where (or saves to its folder); the bridge runs the job.
        const started = await files.saveOut({ sessionId, layer, path: entry.path });
        if (!started.ok) return void fail(started.error);
        return void notify('explore.notice.downloading', { name: baseName(entry.path) });
      }
      if (files?.mode !== 'desktop') {
        return void fail({ code: 'INVALID_ARGUMENT', message: 'saving out of the explorer needs the desktop app here' });
      }
      const folder = entry.kind === 'dir';
      const suggestedName = (baseName(entry.path) + (folder ? '.tar' : '')).slice(0, 255);
      const chosen = await deps.api.invoke('dialogs.saveOut', { suggestedName, folder });
      if (!chosen.ok) return void fail(chosen.error);
      if (!chosen.value) return;
      const started = await deps.api.invoke('explore.saveOut', { sessionId, layer, path: entry.path, destination: chosen.value.path });
      if (!started.ok) return void fail(started.error);
      const name = baseName(chosen.value.path);
      saving.set(started.value.jobId, { notice: notify('explore.notice.saving', { name }), name });
      const ended = get().jobs.byId[started.value.jobId];
      if (ended) explore().onJob(ended);
    },

    onJob(job) {
      const save = saving.get(job.id);
      if (save && !isActive(job)) {
        saving.delete(job.id);
        const edit = get().edit;
        edit.dismissNotice(save.notice);
        const result = job.result as ExploreSaveResult | undefined;
        if (job.state === 'succeeded') edit.notify('explore.notice.saved', { name: save.name, bytes: result?.bytes ?? 0 });
        else if (job.state === 'failed') edit.notify('explore.notice.saveFailed', { name: save.name, message: job.error?.message ?? '' });
        return;
      }
      const s = explore();
      if (job.id !== s.jobId || s.status !== 'indexing') return;
      if (isActive(job)) return patch({ progress: { current: job.current, total: job.total } });
      if (job.state === 'succeeded') return void ready(s.sessionId!, isSummary(job.result) ? job.result : undefined);
      const error: ContractError =
        job.state === 'cancelled'
          ? { code: 'CANCELLED', message: job.error?.message ?? 'Cancelled' }
          : { code: (job.error?.code ?? 'INTERNAL') as ContractError['code'], message: job.error?.message ?? job.title };
      patch({ status: 'error', error, jobId: null });
    },
  };
};
