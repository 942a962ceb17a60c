// Owns the request/response/event contract shared by the main side, the preload, the bridge
// and the renderer. Pure TypeScript + zod: no Node, no DOM.
import { z } from 'zod';
import type { RefusedArchiveTag } from './archive-names';
import { IMAGE_FORMAT_MAX_ROWS } from './format-limits';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventNameOf } from './channels';
import type { Result } from './errors';
import { diskRequestSchemas, type DiskResponseMap } from './disk';
import { exploreRequestSchemas, type ExploreResponseMap } from './explore';
import { imageDiffRequestSchemas, type ImageDiffResponseMap } from './image-diff';
import { lineageRequestSchemas, type LineageResponseMap } from './lineage';
import { registryRequestSchemas, type RegistryResponseMap } from './registries';
import { PLATFORM_MAX, PLATFORM_RE } from './platform';
import { registryCopyRequestSchemas, type RegistryCopyResponseMap } from './registry-copy';
import { registryUpdatesRequestSchemas, type RegistryUpdatesResponseMap } from './registry-updates';
import { shellRequestSchemas, type AppSettings, type ShellResponseMap, type UiCommand } from './shell';

export type { RefusedArchiveTag } from './archive-names';
export { IMAGE_FORMAT_MAX_ROWS } from './format-limits';
export * from './channels';
export * from './errors';
export * from './editing';
export * from './registries';
export * from './registry-updates';
export * from './registry-copy';
export * from './explore';
export * from './disk';
export * from './image-diff';
export * from './lineage';
export * from './shell';
import type {
  ContainerRow,
  PrunePlan,
  PruneResult,
  RemovePlan,
  RemoveResult,
  TagResult,
  TagTargetValidation,
  UndoUntagResult,
} from './editing';

// ---------------------------------------------------------------------------------------------
// Domain types

/** How the engine endpoint was chosen, in the docker CLI's order. */
export type EngineSource = 'env' | 'context' | 'default' | 'settings';

export interface EngineStatus {
  reachable: boolean;
  /** e.g. unix:///var/run/docker.sock or tcp://host:2376 */
  host: string;
  source: EngineSource;
  contextName?: string;
  version?: string;
  apiVersion?: string;
  os?: string;
  arch?: string;
  /** The reason it is unreachable, in plain words. */
  error?: string;
  /** Epoch ms of the last check. */
  checkedAt: number;
}

/** One row of `docker images`, expanded exactly as the CLI expands RepoTags x RepoDigests. */
export interface ImageRow {
  /** Stable key for UI lists: id + repository + tag + digest. */
  key: string;
  /** Full image ID, `sha256:<64 hex>`. */
  id: string;
  /** Familiar repository name or `<none>`. */
  repository: string;
  /** Tag or `<none>`. */
  tag: string;
  /** `sha256:...`, `<none>`, or '' (digest-only repo listed without --digests). */
  digest: string;
  /** Unix seconds. */
  created: number;
  size: number;
  virtualSize: number;
  sharedSize: number;
  containers: number;
  labels: Record<string, string>;
  parentId: string;
  /** Whether this image has no tag at all (a `<none>:<none>` row). */
  dangling: boolean;
}

export interface ImageListOptions {
  /** `-a`: include intermediate images. */
  all: boolean;
  /** `--filter` values exactly as typed on the CLI, e.g. `label=a=b`, `dangling=true`. */
  filters: string[];
  /** `--digests`: one row per tag x digest. */
  digests: boolean;
}

export interface ImageListResult {
  rows: ImageRow[];
  /** Number of distinct images behind the rows. */
  imageCount: number;
}

export type JobKind = 'pull' | 'push' | 'save' | 'load' | 'commit' | 'registry' | 'prune' | 'explore' | 'diff' | 'disk' | 'copy' | 'other';
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobLayer {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

export interface JobSnapshot {
  id: string;
  kind: JobKind;
  title: string;
  /** What the job works on, when it is one reference (a pull's or a push's): starting it again is a retry. */
  subject?: string;
  /** The platform a pull asked for (`--platform os/arch[/variant]`): a retry asks for it again. */
  platform?: string;
  state: JobState;
  /** Bytes (or units) done and expected; total 0 when unknown. */
  current: number;
  total: number;
  layers: JobLayer[];
  /**
   * Layers the job goes through, when known before each has a row: a load counts its archives'
   * manifest.json (shared layers once), while the engine reports only the layers it has to load.
   * Absent: `layers.length` is the count.
   */
  layerCount?: number;
  /** Human-readable lines, as the CLI would print them. */
  messages: string[];
  /** detail.registry names the registry to log in to when code is UNAUTHORIZED. */
  error?: { code: string; message: string; detail?: Record<string, unknown> };
  result?: unknown;
  startedAt: number;
  endedAt?: number;
}

export type ImagesChangedReason = 'event' | 'reconnected' | 'refresh';

export interface ImagesChangedEvent {
  reason: ImagesChangedReason;
  /** Engine event action (tag, untag, delete, load, pull, import, commit...) when reason is 'event'. */
  action?: string;
  id?: string;
}

/** One `docker search` result, as the engine returns it (in the index's order). */
export interface SearchResult {
  name: string;
  description: string;
  starCount: number;
  isOfficial: boolean;
  /** Deprecated by Docker Hub (always false there); still returned by 20.10 engines. */
  isAutomated: boolean;
}

export interface SearchRunResult {
  /** The index the engine asked: `docker.io`, or the host in the term (`127.0.0.1:5002`). */
  index: string;
  results: SearchResult[];
}

/** One row of `docker history` (newest layer first); `id` is `<missing>` for layers without a local image. */
export interface HistoryRow {
  id: string;
  /** Unix seconds. */
  created: number;
  createdBy: string;
  tags: string[];
  size: number;
  comment: string;
}

/** `result` of a succeeded pull job. */
export interface PullJobResult {
  /** What the CLI prints last, e.g. `docker.io/library/busybox:latest`. */
  reference: string;
  /** Manifest digest (`Digest: sha256:...`). */
  digest?: string;
  /** e.g. `Downloaded newer image for busybox:latest` or `Image is up to date for busybox:latest`. */
  status?: string;
  /** Local image ID after the pull. */
  id?: string;
}

/** A local tag that loading an archive would move from one image to another. */
export interface TarTagMove {
  tag: string;
  /** The image the tag names now (it keeps its other tags, or becomes dangling). */
  fromId: string;
  /** The image in the archive. */
  toId: string;
}

/** What loading an archive would do (`images.loadPreview`, `images.describeArchive`, bridge `POST /transfer/preview`). */
export interface TarPreview {
  /** File name, or the name given with an upload. */
  name: string;
  compression: 'tar' | 'gzip' | 'bzip2' | 'xz';
  /** Bytes of the archive as stored (compressed size); 0 when unknown. */
  size: number;
  /** RepoTags in the archive (none for images saved by ID). */
  tags: string[];
  /** Config digests, i.e. the image IDs the load creates (`sha256:...`). */
  images: string[];
  /** Distinct layers in the archive. */
  layers: number;
  /** Local tags the load would move to another image. */
  moves: TarTagMove[];
  /** Image IDs of the archive the engine already has. */
  present: string[];
  /** RepoTags the engine's load would refuse (not in `tags`, never looked up), with its reason; absent when none. */
  refused?: RefusedArchiveTag[];
}

/** `result` of a succeeded save job. */
export interface SaveJobResult {
  /** Where the archive was written (absent for a bridge download). */
  path?: string;
  /** Bytes of the tar as the engine sent it. */
  bytes: number;
  /** gzip-compressed because the file name ends in .tar.gz / .tgz. */
  compressed: boolean;
}

/** `result` of a succeeded load job: the lines `docker load` prints. */
export interface LoadJobResult {
  /** `Loaded image: x:y` / `Loaded image ID: sha256:...` */
  loaded: string[];
}

// ---------------------------------------------------------------------------------------------
// Request schemas: the renderer is untrusted input, so every request is parsed before any work.

const shortText = z.string().max(4096);
const filterList = z.array(z.string().min(1).max(1024)).max(64);

export const ImageListRequest = z
  .object({
    all: z.boolean().default(false),
    filters: filterList.default([]),
    digests: z.boolean().default(false),
  })
  .strict();

/** ImageRow.key: `<algorithm>:<hex id>|repository|tag|digest`; no part holds '|' or whitespace. */
const imageRowKey = z
  .string()
  .max(700)
  .regex(/^[a-z0-9]+:[0-9a-f]{32,128}\|[^|\s]{1,255}\|[^|\s]{1,128}\|[^|\s]{0,200}$/, 'not an image row key');

export const ImageFormatRequest = z
  .object({
    all: z.boolean().default(false),
    filters: filterList.default([]),
    digests: z.boolean().default(false),
    noTrunc: z.boolean().default(false),
    quiet: z.boolean().default(false),
    /** `--format`; absent means the CLI's default table. */
    format: shortText.optional(),
    /**
     * Only these grid rows (ImageRow keys), in this order: the rows a quick filter shows or the
     * selection. Not a docker option; absent means every row, exactly as `docker images`.
     */
    rows: z.array(imageRowKey).min(1).max(IMAGE_FORMAT_MAX_ROWS).optional(),
  })
  .strict();

/** An image reference or ID as typed; core checks the reference grammar before sending anything. */
const imageRef = z.string().min(1).max(1024);

export const SearchRunRequest = z
  .object({
    /** What `docker search TERM` takes; a leading `host[:port]/` picks another index. */
    term: z.string().min(1).max(1024),
    /** `--limit`: 1..100, default 25 (the engine's range). */
    limit: z.number().int().min(1).max(100).default(25),
    /** `--filter is-official=`, `is-automated=`, `stars=` (at least N). */
    filters: z
      .object({
        isOfficial: z.boolean().optional(),
        isAutomated: z.boolean().optional(),
        stars: z.number().int().min(0).max(1_000_000_000).optional(),
      })
      .strict()
      .default({}),
    /** How long to wait for a slow index before REGISTRY_UNREACHABLE (default 20 s). */
    timeoutMs: z.number().int().min(1000).max(120_000).optional(),
  })
  .strict();

export const SearchFormatRequest = z
  .object({
    /** The results shown (from `search.run`), in their order. */
    results: z
      .array(
        z
          .object({
            name: z.string().max(1024),
            description: z.string().max(65_536),
            starCount: z.number().int(),
            isOfficial: z.boolean(),
            isAutomated: z.boolean(),
          })
          .strict(),
      )
      .max(100),
    noTrunc: z.boolean().default(false),
    /** `--format`; absent means the CLI's default table. */
    format: shortText.optional(),
  })
  .strict();

export const ImagePullRequest = z
  .object({
    reference: imageRef,
    /** `--platform os/arch[/variant]`: the entry of a multi-platform image to pull (the engine's `platform` query). */
    platform: z.string().max(PLATFORM_MAX).regex(PLATFORM_RE, 'A platform is os/arch[/variant], e.g. linux/arm64').optional(),
  })
  .strict();
export const ImageRefRequest = z.object({ image: imageRef }).strict();

export const ImageHistoryFormatRequest = z
  .object({
    image: imageRef,
    noTrunc: z.boolean().default(false),
    /** `-H` (default true); false prints RFC 3339 dates and sizes in bytes. */
    human: z.boolean().default(true),
    quiet: z.boolean().default(false),
    /** `--format`; absent means the CLI's default table. */
    format: shortText.optional(),
  })
  .strict();

/** Images for one save, as typed: names keep their tags in the archive, IDs keep none. */
export const SaveRefs = z.array(z.string().min(1).max(1024)).min(1).max(256);
/** A local file path from a dialog or a drop; core checks it is absolute, normal and regular. */
const filePath = z.string().min(1).max(4096);

export const ImageSaveRequest = z
  .object({
    refs: SaveRefs,
    path: filePath,
    /**
     * May the save replace an existing file at `path`? Only the desktop edge sets it, when the
     * save dialog confirmed replacing that file (it overrides whatever the page sends); without it
     * an existing file is a CONFLICT and is left untouched.
     */
    overwrite: z.boolean().optional(),
  })
  .strict();
export const ImageLoadPreviewRequest = z.object({ path: filePath }).strict();
/** A path or name inside an archive's manifest.json (`<hex>.json`, `blobs/sha256/<hex>`, a tag). */
const archiveText = z.string().min(1).max(1024);
/**
 * An archive the page read itself (a browser previews without uploading): its manifest.json's
 * images as docker save writes them; the core answers only what the engine knows about them.
 */
export const ImageDescribeArchiveRequest = z
  .object({
    name: z.string().min(1).max(1024),
    compression: z.enum(['tar', 'gzip', 'bzip2', 'xz']),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    manifest: z
      .array(
        z
          .object({
            Config: archiveText,
            RepoTags: z.array(archiveText).max(1024).nullable(),
            Layers: z.array(archiveText).max(4096),
          })
          .strict(),
      )
      .max(4096)
      // Every tag costs the engine a lookup.
      .refine((images) => images.reduce((n, m) => n + (m.RepoTags?.length ?? 0), 0) <= 8192, 'at most 8192 tags in all'),
  })
  .strict();
export const ImageLoadRequest = z.object({ paths: z.array(filePath).min(1).max(64) }).strict();
export const SaveDialogRequest = z.object({ refs: SaveRefs }).strict();

// Editing: remove, prune, tag, undo of an untag, commit (types in ./editing).
const imageName = z.string().min(1).max(1024);
/** A reference as typed; may be invalid (core answers with the CLI's message), never huge. */
const typedReference = z.string().max(1024);

export const ImageRemoveRequest = z
  .object({ names: z.array(imageName).min(1).max(1000), force: z.boolean().default(false), noPrune: z.boolean().default(false) })
  .strict();
export const ImagePruneRequest = z.object({ all: z.boolean().default(false), filters: filterList.default([]) }).strict();
export const ImageTagRequest = z.object({ source: imageName, target: typedReference }).strict();
export const ImageValidateTagRequest = z.object({ target: typedReference, source: imageName.optional() }).strict();
export const ImageUndoUntagRequest = z
  .object({
    imageId: z.string().regex(/^sha256:[a-f0-9]{64}$/),
    references: z.array(imageName).min(1).max(256),
    /** Re-tag even where the tag meanwhile names another image. */
    overwrite: z.boolean().default(false),
  })
  .strict();
export const ImageCommitRequest = z
  .object({
    container: z.string().min(1).max(256),
    /** `repo[:tag]`; absent makes a dangling image. */
    reference: typedReference.optional(),
    author: z.string().max(4096).optional(),
    message: z.string().max(4096).optional(),
    changes: z.array(z.string().max(4096)).max(64).default([]),
    pause: z.boolean().default(true),
  })
  .strict();

const Empty = z.object({}).strict();
const JobId = z.object({ jobId: z.string().min(1).max(64) }).strict();

/** Channel name -> request schema. Response types are in `ResponseMap`. */
export const requestSchemas = {
  'engine.status': Empty,
  'engine.reconnect': Empty,
  'images.list': ImageListRequest,
  'images.format': ImageFormatRequest,
  'jobs.list': Empty,
  'jobs.cancel': JobId,
  'images.removePlan': ImageRemoveRequest,
  'images.remove': ImageRemoveRequest,
  'images.prunePlan': ImagePruneRequest,
  'images.prune': ImagePruneRequest,
  'images.tag': ImageTagRequest,
  'images.validateTag': ImageValidateTagRequest,
  'images.undoUntag': ImageUndoUntagRequest,
  'containers.list': Empty,
  'images.commit': ImageCommitRequest,
  'images.save': ImageSaveRequest,
  'images.loadPreview': ImageLoadPreviewRequest,
  'images.describeArchive': ImageDescribeArchiveRequest,
  'images.load': ImageLoadRequest,
  'dialogs.saveTar': SaveDialogRequest,
  'dialogs.openTars': Empty,
  'search.run': SearchRunRequest,
  'search.format': SearchFormatRequest,
  'images.pull': ImagePullRequest,
  'images.history': ImageRefRequest,
  'images.historyFormat': ImageHistoryFormatRequest,
  'images.inspect': ImageRefRequest,
  ...registryRequestSchemas,
  ...registryUpdatesRequestSchemas,
  ...registryCopyRequestSchemas,
  ...exploreRequestSchemas,
  ...diskRequestSchemas,
  ...imageDiffRequestSchemas,
  ...lineageRequestSchemas,
  ...shellRequestSchemas,
} as const satisfies Record<ChannelName, z.ZodType>;

export type Channel = ChannelName;
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

export interface ResponseMap
  extends
    RegistryResponseMap,
    RegistryUpdatesResponseMap,
    RegistryCopyResponseMap,
    ExploreResponseMap,
    DiskResponseMap,
    ImageDiffResponseMap,
    LineageResponseMap,
    ShellResponseMap {
  'engine.status': EngineStatus;
  'engine.reconnect': EngineStatus;
  'images.list': ImageListResult;
  'images.format': { text: string };
  'jobs.list': JobSnapshot[];
  'jobs.cancel': { cancelled: boolean };
  /** What `docker rmi` would do (best effort: derived from the image and container lists). */
  'images.removePlan': RemovePlan;
  /** Each name removed on its own, in order; per-item records or refusal. */
  'images.remove': RemoveResult;
  /** Dry run of `docker image prune [-a]`: what goes and the space it frees. */
  'images.prunePlan': PrunePlan;
  'images.prune': PruneResult;
  'images.tag': TagResult;
  'images.validateTag': TagTargetValidation;
  'images.undoUntag': UndoUntagResult;
  'containers.list': ContainerRow[];
  /** Starts a commit job (result: CommitResult). */
  'images.commit': { jobId: string };
  /** Starts a save job (result: SaveJobResult); the path must come from `dialogs.saveTar` in Electron. */
  'images.save': { jobId: string };
  'images.loadPreview': TarPreview;
  /** The preview of an archive whose manifest the page read (see ImageDescribeArchiveRequest). */
  'images.describeArchive': TarPreview;
  /** Starts one load job for all paths (result: LoadJobResult); every file is checked before any is sent. */
  'images.load': { jobId: string };
  /** Native save dialog (Electron only); default name from the image + `.tar`. */
  'dialogs.saveTar': { path: string } | { canceled: true };
  /** Native open dialog, several files (Electron only); empty when cancelled. */
  'dialogs.openTars': { paths: string[] };
  'search.run': SearchRunResult;
  'search.format': { text: string };
  'images.pull': { jobId: string };
  'images.history': { rows: HistoryRow[] };
  'images.historyFormat': { text: string };
  /** The engine's image inspect JSON, as returned. */
  'images.inspect': Record<string, unknown>;
}

/** Compile-time check: every channel has a response type. */
type ChannelsWithoutResponse = Exclude<ChannelName, keyof ResponseMap>;
export const everyChannelHasAResponse: [ChannelsWithoutResponse] extends [never] ? true : never = true;

/** What the caller writes (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;
/** What the handler receives after parsing. */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof requestSchemas)[C]>;
export type ResponseOf<C extends Channel> = ResponseMap[C];

// ---------------------------------------------------------------------------------------------
// Events pushed from the main side.

export interface EventMap extends Record<EventNameOf, unknown> {
  'images.changed': ImagesChangedEvent;
  'job.updated': JobSnapshot;
  'engine.status': EngineStatus;
  /** Sent by the Electron shell only (menu, tray, notification clicks). */
  'ui.command': UiCommand;
  'settings.changed': AppSettings;
}
export type EventName = EventNameOf;
export const EVENTS: readonly EventName[] = EVENT_NAMES;

/** The API a transport offers the renderer; Electron's preload and the bridge client both implement it. */
export interface StevedoreApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
