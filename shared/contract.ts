// Owns the request/response/event contract shared by the main side, the preload, the bridge
// and the renderer. Pure TypeScript + zod: no Node, no DOM.
import { z } from 'zod';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventNameOf } from './channels';
import type { Result } from './errors';

export * from './channels';
export * from './errors';

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

export type JobKind = 'pull' | 'push' | 'save' | 'load' | 'commit' | 'registry' | 'prune' | 'other';
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
  state: JobState;
  /** Bytes (or units) done and expected; total 0 when unknown. */
  current: number;
  total: number;
  layers: JobLayer[];
  /** Human-readable lines, as the CLI would print them. */
  messages: string[];
  error?: { code: string; message: string };
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

export const ImageFormatRequest = z
  .object({
    all: z.boolean().default(false),
    filters: filterList.default([]),
    digests: z.boolean().default(false),
    noTrunc: z.boolean().default(false),
    quiet: z.boolean().default(false),
    /** `--format`; absent means the CLI's default table. */
    format: shortText.optional(),
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
} as const satisfies Record<ChannelName, z.ZodType>;

export type Channel = ChannelName;
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

export interface ResponseMap extends Record<ChannelName, unknown> {
  'engine.status': EngineStatus;
  'engine.reconnect': EngineStatus;
  'images.list': ImageListResult;
  'images.format': { text: string };
  'jobs.list': JobSnapshot[];
  'jobs.cancel': { cancelled: boolean };
}

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
}
export type EventName = EventNameOf;
export const EVENTS: readonly EventName[] = EVENT_NAMES;

/** The API a transport offers the renderer; Electron's preload and the bridge client both implement it. */
export interface StevedoreApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
