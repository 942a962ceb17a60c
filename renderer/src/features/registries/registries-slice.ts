// Owns the Registries view's state and everything people do with registries: the list with login
// state, login/logout (the secret passes through `login` to core and is never kept here), push
// (its target checked first), the one-click local registry, and the v2 registry browser.
import type {
  CatalogPage,
  ContractError,
  JobSnapshot,
  LocalRegistryStatus,
  LoginResult,
  LogoutResult,
  PushTarget,
  RegistryEntry,
  RegistryTagInfo,
  Result,
} from '../../../../shared/contract';
import {
  AUTO_TAG_INFO,
  CATALOG_PAGE,
  DEFAULT_LOCAL_CONTAINER,
  type DeployOptions,
  isContainerName,
  mergeRepositories,
  orderTags,
  pullReference,
  TAG_INFO_CONCURRENCY,
} from './registries-model';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export type RegistriesTab = 'list' | 'local' | 'browse';
export type LoadStatus = 'idle' | 'loading' | 'done' | 'error';

/** The dialogs other views open (image rows, the jobs panel): one at a time. */
export type RegistriesDialog =
  /** `retryJob`: the failed pull or push whose "Log in to…" opened it, offered again once logged in. */
  | { kind: 'login'; host: string; nonce: number; retryJob?: string }
  | { kind: 'push'; reference: string; nonce: number }
  | {
      kind: 'localPush';
      image: string;
      nonce: number;
      /**
       * `planning` until core said which name it would tag (localRegistry.pushPlan), `confirm` while
       * that name waits for a yes, `starting` until localRegistry.push answered.
       */
      state: 'planning' | 'confirm' | 'starting' | 'started' | 'failed';
      jobId?: string;
      /** `localhost:<port>/<repository>:<tag>`: the name core would tag (confirm), then the one it tagged. */
      reference?: string;
      error?: ContractError;
    };

export interface LocalRegistryState {
  /** The container the panel shows and acts on (remembered across sessions). */
  containerName: string;
  status: LocalRegistryStatus | null;
  loading: boolean;
  error: ContractError | null;
  /** The start/stop/remove in flight. */
  busy: 'start' | 'stop' | 'remove' | null;
  /** The last deploy job started from this window. */
  deployJob: string | null;
}

export type TagInfoState = { status: 'loading' } | { status: 'done'; info: RegistryTagInfo } | { status: 'error'; error: ContractError };

export interface BrowserState {
  host: string | null;
  repositories: string[];
  /** Where the next catalog page starts; null on the last page. */
  next: string | null;
  status: LoadStatus;
  loadingMore: boolean;
  error: ContractError | null;
  repository: string | null;
  tags: string[];
  tagsStatus: LoadStatus;
  tagsError: ContractError | null;
  info: Readonly<Record<string, TagInfoState>>;
  /** Pull jobs started from the browser, by reference. */
  pulls: Readonly<Record<string, string>>;
}

export interface RegistriesSlice {
  tab: RegistriesTab;
  entries: RegistryEntry[];
  status: LoadStatus;
  error: ContractError | null;
  dialog: RegistriesDialog | null;
  /** Push jobs started from this window, newest last. */
  pushes: string[];
  local: LocalRegistryState;
  browser: BrowserState;

  setTab(tab: RegistriesTab): void;
  load(): Promise<void>;
  add(host: string): Promise<Result<RegistryEntry[]>>;
  forget(host: string): Promise<Result<RegistryEntry[]>>;
  /** The password goes to core and nowhere else: this slice never keeps it. */
  login(request: { host: string; username: string; password: string }): Promise<Result<LoginResult>>;
  logout(host: string): Promise<Result<LogoutResult>>;

  /** `retryJob`: a failed pull or push to offer again after the login succeeded. */
  openLogin(host?: string, retryJob?: string): void;
  /** Opens the Push dialog for a local image name (from an image row, or empty from the view). */
  openPush(reference?: string): void;
  /**
   * Opens "Push to local registry" for an image: core says the `localhost:<port>/<name>:<tag>` it
   * would tag, and nothing is tagged until `confirmLocalPush`.
   */
  pushToLocal(reference: string): Promise<void>;
  /** Tags and pushes what the open local-push dialog named, in one step; the dialog shows how it went. */
  confirmLocalPush(): Promise<void>;
  closeDialog(): void;

  pushTarget(reference: string): Promise<Result<PushTarget>>;
  push(reference: string): Promise<Result<{ jobId: string }>>;
  /**
   * `docker tag source target` then `docker push target` in one step (core checks both names): a push to
   * another registry or repository than the image is named after, or Docker Hub's `user/image`.
   */
  tagAndPush(source: string, target: string): Promise<Result<{ jobId: string; reference: string }>>;

  setLocalContainer(name: string): void;
  loadLocal(): Promise<void>;
  deployLocal(options: DeployOptions): Promise<Result<{ jobId: string }>>;
  startLocal(): Promise<Result<LocalRegistryStatus>>;
  stopLocal(): Promise<Result<LocalRegistryStatus>>;
  removeLocal(): Promise<Result<LocalRegistryStatus>>;

  browse(host: string): Promise<void>;
  moreRepositories(): Promise<void>;
  openRepository(repository: string): Promise<void>;
  loadTagInfo(tag: string): Promise<void>;
  /** Deletes the manifest the tag points at (every tag on that digest goes with it), then re-lists the tags. */
  deleteTag(digest: string): Promise<Result<{ deleted: true }>>;
  pullTag(tag: string): Promise<Result<{ jobId: string }>>;

  /** Follows jobs this slice started: a finished deploy refreshes the local registry and the list. */
  onJob(job: JobSnapshot): void;
}

const LOCAL_CONTAINER_KEY = 'stevedore.localRegistry.container';

const emptyBrowser = (host: string | null = null): BrowserState => ({
  host,
  repositories: [],
  next: null,
  status: 'idle',
  loadingMore: false,
  error: null,
  repository: null,
  tags: [],
  tagsStatus: 'idle',
  tagsError: null,
  info: {},
  pulls: {},
});

export const createRegistriesSlice: SliceCreator<'registries'> = (set, get, deps) => {
  const patch = patcher(set, get, 'registries');
  const reg = () => get().registries;
  /** The last pushes started here, newest last (the Registries view follows them). */
  const rememberPush = (jobId: string) => patch({ pushes: [...reg().pushes, jobId].slice(-50) });
  const api = deps.api;
  let nonce = 0;
  // Answers for a browser state that was left (another host or repository) are for nobody.
  let browseSeq = 0;
  let repoSeq = 0;
  let listSeq = 0;

  const patchLocal = (p: Partial<LocalRegistryState>) => patch({ local: { ...reg().local, ...p } });
  const patchBrowser = (p: Partial<BrowserState>) => patch({ browser: { ...reg().browser, ...p } });
  const setInfo = (tag: string, state: TagInfoState) => patchBrowser({ info: { ...reg().browser.info, [tag]: state } });

  const storedContainer = (): string => {
    try {
      const v = deps.storage?.getItem(LOCAL_CONTAINER_KEY);
      return v && isContainerName(v) ? v : DEFAULT_LOCAL_CONTAINER;
    } catch {
      return DEFAULT_LOCAL_CONTAINER;
    }
  };

  const applyEntries = (result: Result<RegistryEntry[]>) => {
    if (result.ok) patch({ entries: result.value, status: 'done', error: null });
    return result;
  };

  const localAction = async (
    busy: 'start' | 'stop' | 'remove',
    channel: 'localRegistry.start' | 'localRegistry.stop' | 'localRegistry.remove',
  ) => {
    patchLocal({ busy, error: null });
    const result = await api.invoke(channel, { containerName: reg().local.containerName });
    if (result.ok) patchLocal({ busy: null, status: result.value });
    else patchLocal({ busy: null, error: result.error });
    if (result.ok && busy === 'remove') void reg().load();
    return result;
  };

  /** Loads digests and sizes for these tags, a few at a time, while the same repository stays open. */
  const loadInfos = async (tags: readonly string[], mine: number) => {
    const queue = [...tags];
    const worker = async () => {
      for (let tag = queue.shift(); tag !== undefined && mine === repoSeq; tag = queue.shift()) await reg().loadTagInfo(tag);
    };
    await Promise.all(Array.from({ length: TAG_INFO_CONCURRENCY }, worker));
  };

  return {
    tab: 'list',
    entries: [],
    status: 'idle',
    error: null,
    dialog: null,
    pushes: [],
    local: { containerName: storedContainer(), status: null, loading: false, error: null, busy: null, deployJob: null },
    browser: emptyBrowser(),

    setTab(tab) {
      patch({ tab });
    },

    async load() {
      const mine = ++listSeq;
      patch({ status: 'loading' });
      const result = await api.invoke('registries.list', {});
      if (mine !== listSeq) return;
      if (result.ok) patch({ entries: result.value, status: 'done', error: null });
      else patch({ status: 'error', error: result.error });
    },

    add: async (host) => applyEntries(await api.invoke('registries.add', { host: host.trim() })),
    forget: async (host) => applyEntries(await api.invoke('registries.forget', { host })),

    async login({ host, username, password }) {
      const result = await api.invoke('registries.login', { host: host.trim(), username: username.trim(), password });
      if (result.ok) void reg().load();
      return result;
    },

    async logout(host) {
      const result = await api.invoke('registries.logout', { host });
      if (result.ok) void reg().load();
      return result;
    },

    openLogin(host = '', retryJob) {
      patch({ dialog: retryJob ? { kind: 'login', host, nonce: ++nonce, retryJob } : { kind: 'login', host, nonce: ++nonce } });
    },

    openPush(reference = '') {
      patch({ dialog: { kind: 'push', reference, nonce: ++nonce } });
    },

    async pushToLocal(image) {
      const id = ++nonce;
      patch({ dialog: { kind: 'localPush', image, nonce: id, state: 'planning' } });
      const result = await api.invoke('localRegistry.pushPlan', { image, containerName: reg().local.containerName });
      const dialog = reg().dialog;
      if (dialog?.kind !== 'localPush' || dialog.nonce !== id) return;
      patch({
        dialog: result.ok
          ? { ...dialog, state: 'confirm', reference: result.value.reference }
          : { ...dialog, state: 'failed', error: result.error },
      });
    },

    async confirmLocalPush() {
      const asked = reg().dialog;
      if (asked?.kind !== 'localPush' || asked.state !== 'confirm') return;
      const id = asked.nonce;
      patch({ dialog: { ...asked, state: 'starting' } });
      const result = await api.invoke('localRegistry.push', { image: asked.image, containerName: reg().local.containerName });
      const dialog = reg().dialog;
      if (result.ok) rememberPush(result.value.jobId);
      // Closed (or replaced) meanwhile: the job still runs and shows in Jobs.
      if (dialog?.kind !== 'localPush' || dialog.nonce !== id) return;
      patch({
        dialog: result.ok
          ? { ...dialog, state: 'started', jobId: result.value.jobId, reference: result.value.reference }
          : { ...dialog, state: 'failed', error: result.error },
      });
    },

    closeDialog() {
      if (reg().dialog) patch({ dialog: null });
    },

    pushTarget: (reference) => api.invoke('images.pushTarget', { reference: reference.trim() }),

    async push(reference) {
      const result = await api.invoke('images.push', { reference: reference.trim() });
      if (result.ok) rememberPush(result.value.jobId);
      return result;
    },

    async tagAndPush(source, target) {
      const result = await api.invoke('images.tagAndPush', { source: source.trim(), target: target.trim() });
      if (result.ok) rememberPush(result.value.jobId);
      return result;
    },

    setLocalContainer(name) {
      const containerName = name.trim();
      if (!isContainerName(containerName) || containerName === reg().local.containerName) return;
      try {
        deps.storage?.setItem(LOCAL_CONTAINER_KEY, containerName);
      } catch {
        // Not remembered then; this session still uses it.
      }
      patchLocal({ containerName, status: null, error: null });
      void reg().loadLocal();
    },

    async loadLocal() {
      const containerName = reg().local.containerName;
      patchLocal({ loading: true });
      const result = await api.invoke('localRegistry.status', { containerName });
      // The panel moved on to another container meanwhile.
      if (reg().local.containerName !== containerName) return;
      if (result.ok) patchLocal({ loading: false, status: result.value, error: null });
      else patchLocal({ loading: false, error: result.error });
    },

    async deployLocal(options) {
      if (options.containerName) reg().setLocalContainer(options.containerName);
      const result = await api.invoke('localRegistry.deploy', options);
      if (result.ok) patchLocal({ deployJob: result.value.jobId, error: null });
      return result;
    },

    startLocal: () => localAction('start', 'localRegistry.start'),
    stopLocal: () => localAction('stop', 'localRegistry.stop'),
    removeLocal: () => localAction('remove', 'localRegistry.remove'),

    async browse(host) {
      const h = host.trim();
      if (h === '') return;
      const mine = ++browseSeq;
      repoSeq++;
      patch({ tab: 'browse', browser: { ...emptyBrowser(h), status: 'loading' } });
      const result = await api.invoke('registry.catalog', { host: h, n: CATALOG_PAGE });
      if (mine !== browseSeq) return;
      if (result.ok)
        patchBrowser({ status: 'done', repositories: mergeRepositories([], result.value.repositories), next: result.value.next ?? null });
      else patchBrowser({ status: 'error', error: result.error });
    },

    async moreRepositories() {
      const b = reg().browser;
      if (!b.host || !b.next || b.loadingMore) return;
      const mine = browseSeq;
      patchBrowser({ loadingMore: true });
      const result: Result<CatalogPage> = await api.invoke('registry.catalog', { host: b.host, last: b.next, n: CATALOG_PAGE });
      if (mine !== browseSeq) return;
      const now = reg().browser;
      if (result.ok) {
        patchBrowser({
          loadingMore: false,
          repositories: mergeRepositories(now.repositories, result.value.repositories),
          next: result.value.next ?? null,
          error: null,
        });
      } else {
        patchBrowser({ loadingMore: false, error: result.error });
      }
    },

    async openRepository(repository) {
      const b = reg().browser;
      const name = repository.trim();
      if (!b.host || name === '') return;
      const mine = ++repoSeq;
      patchBrowser({ repository: name, tags: [], tagsStatus: 'loading', tagsError: null, info: {} });
      const result = await api.invoke('registry.tags', { host: b.host, repository: name });
      if (mine !== repoSeq) return;
      if (!result.ok) {
        patchBrowser({ tagsStatus: 'error', tagsError: result.error });
        return;
      }
      const tags = orderTags(result.value.tags);
      patchBrowser({ tags, tagsStatus: 'done' });
      await loadInfos(tags.slice(0, AUTO_TAG_INFO), mine);
    },

    async loadTagInfo(tag) {
      const { host, repository } = reg().browser;
      if (!host || !repository) return;
      const mine = repoSeq;
      setInfo(tag, { status: 'loading' });
      const result = await api.invoke('registry.tagInfo', { host, repository, tag });
      if (mine !== repoSeq) return;
      setInfo(tag, result.ok ? { status: 'done', info: result.value } : { status: 'error', error: result.error });
    },

    async deleteTag(digest) {
      const { host, repository } = reg().browser;
      if (!host || !repository) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'No repository is open' } };
      const result = await api.invoke('registry.deleteTag', { host, repository, digest });
      // Every tag on that manifest went with it: list what is left.
      if (result.ok && reg().browser.repository === repository) void reg().openRepository(repository);
      return result;
    },

    async pullTag(tag) {
      const { host, repository } = reg().browser;
      if (!host || !repository) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'No repository is open' } };
      const reference = pullReference(host, repository, tag);
      const result = await get().pull.start(reference);
      if (result.ok) patchBrowser({ pulls: { ...reg().browser.pulls, [reference]: result.value.jobId } });
      return result;
    },

    onJob(job) {
      if (job.id !== reg().local.deployJob || job.state === 'queued' || job.state === 'running') return;
      void reg().loadLocal();
      void reg().load();
    },
  };
};
