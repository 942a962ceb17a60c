// Owns the connection to one Docker engine: the dockerode client, its status (reachable, version),
// recovery with backoff when it goes away, and the /events watch that tells the UI images changed.
import Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import type { EngineStatus, ImagesChangedEvent } from '../../shared/contract';
import { dockerodeOptions, resolveEngineEndpoint, type EngineEndpoint } from './engine-endpoint';
import { engineMessage } from './engine-errors';
import { JsonLineSplitter } from './json-lines';
import { TypedEmitter } from './typed-emitter';

/** Image event actions that change what `docker images` prints (push/save do not). */
const IMAGE_CHANGING_ACTIONS = new Set(['delete', 'import', 'load', 'pull', 'tag', 'untag', 'prune', 'create']);
/** Container events that create images. */
const CONTAINER_IMAGE_ACTIONS = new Set(['commit']);

export interface EngineEvents {
  status: EngineStatus;
  imagesChanged: ImagesChangedEvent;
}

export interface EngineConnectionOptions {
  endpoint?: EngineEndpoint;
  /** How long a ping may take before the engine counts as unreachable. */
  pingTimeoutMs?: number;
  /** Backoff bounds while the engine is unreachable or the event stream keeps dropping. */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** Coalescing window for bursts of image events (a `docker rmi` of 50 tags is one refresh). */
  coalesceMs?: number;
}

export class EngineConnection extends TypedEmitter<EngineEvents> {
  readonly endpoint: EngineEndpoint;
  readonly docker: Dockerode;
  private current: EngineStatus;
  private readonly pingTimeoutMs: number;
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly coalesceMs: number;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private coalesceTimer: NodeJS.Timeout | undefined;
  private pendingChange: ImagesChangedEvent | undefined;
  private eventStream: Readable | undefined;
  private eventAbort: AbortController | undefined;
  private lastEventTime: number | undefined;
  private checking: Promise<EngineStatus> | undefined;
  private stopped = true;

  constructor(opts: EngineConnectionOptions = {}) {
    super();
    this.endpoint = opts.endpoint ?? resolveEngineEndpoint();
    this.docker = new Dockerode(dockerodeOptions(this.endpoint));
    this.pingTimeoutMs = opts.pingTimeoutMs ?? 3000;
    this.minRetryMs = opts.minRetryMs ?? 500;
    this.maxRetryMs = opts.maxRetryMs ?? 5000;
    this.coalesceMs = opts.coalesceMs ?? 100;
    this.retryMs = this.minRetryMs;
    this.current = {
      reachable: false,
      host: this.endpoint.host,
      source: this.endpoint.source,
      contextName: this.endpoint.contextName,
      checkedAt: 0,
    };
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** Starts watching: a first check, then the event stream (and retries while unreachable). */
  async start(): Promise<EngineStatus> {
    this.stopped = false;
    return this.check();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.coalesceTimer);
    this.closeEventStream();
  }

  /** Pings and reads the version; updates status; (re)opens the event stream when reachable. */
  check(): Promise<EngineStatus> {
    // Concurrent callers (a failed request, the retry timer, the UI's retry) share one check.
    this.checking ??= this.doCheck().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** Called by request handlers when a call failed with a socket error: re-check now. */
  noteUnreachable(): void {
    if (this.current.reachable) void this.check();
  }

  private async doCheck(): Promise<EngineStatus> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.pingTimeoutMs);
    let next: EngineStatus;
    try {
      const version = this.docker.version as unknown as (o: object) => Promise<Dockerode.DockerVersion>;
      const v = await version.call(this.docker, { abortSignal: abort.signal });
      next = {
        reachable: true,
        host: this.endpoint.host,
        source: this.endpoint.source,
        contextName: this.endpoint.contextName,
        version: v.Version,
        apiVersion: v.ApiVersion,
        os: v.Os,
        arch: v.Arch,
        checkedAt: Date.now(),
      };
    } catch (err) {
      next = {
        reachable: false,
        host: this.endpoint.host,
        source: this.endpoint.source,
        contextName: this.endpoint.contextName,
        error: abort.signal.aborted
          ? `The engine at ${this.endpoint.host} did not answer within ${this.pingTimeoutMs} ms`
          : `Cannot connect to the Docker engine at ${this.endpoint.host}: ${engineMessage(err)}`,
        checkedAt: Date.now(),
      };
    } finally {
      clearTimeout(timer);
    }
    const wasReachable = this.current.reachable;
    this.current = next;
    this.emit('status', next);
    if (this.stopped) return next;
    if (next.reachable) {
      this.retryMs = this.minRetryMs;
      if (!this.eventStream) this.openEventStream(wasReachable ? undefined : 'reconnected');
    } else {
      this.closeEventStream();
      this.scheduleRetry();
    }
    return next;
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
    this.retryTimer = setTimeout(() => void this.check(), delay);
    this.retryTimer.unref?.();
  }

  private openEventStream(announce: 'reconnected' | undefined): void {
    const abort = new AbortController();
    this.eventAbort = abort;
    const opts: Record<string, unknown> = {
      filters: JSON.stringify({ type: { image: true, container: true } }),
      abortSignal: abort.signal,
    };
    // Replay what happened while the stream was down, so the list converges.
    if (this.lastEventTime !== undefined) opts.since = String(this.lastEventTime);
    this.docker.getEvents(opts as never, (err, stream) => {
      if (abort.signal.aborted) {
        (stream as Readable | undefined)?.destroy();
        return;
      }
      if (err || !stream) {
        this.eventAbort = undefined;
        void this.check();
        return;
      }
      const readable = stream as unknown as Readable;
      this.eventStream = readable;
      if (announce) this.queueChange({ reason: 'reconnected' });
      const splitter = new JsonLineSplitter();
      readable.on('data', (chunk: Buffer) => {
        for (const value of splitter.push(chunk).values) this.onEngineEvent(value);
      });
      const ended = () => {
        if (this.eventStream !== readable) return;
        this.eventStream = undefined;
        this.eventAbort = undefined;
        if (this.stopped) return;
        // The stream dropped: either the engine went away or the connection broke. Check, then reopen.
        this.queueChange({ reason: 'reconnected' });
        void this.check().then((s) => {
          if (s.reachable && !this.eventStream && !this.stopped) {
            clearTimeout(this.retryTimer);
            const delay = this.retryMs;
            this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
            this.retryTimer = setTimeout(() => {
              if (!this.eventStream && !this.stopped) this.openEventStream('reconnected');
            }, delay);
          }
        });
      };
      readable.on('end', ended);
      readable.on('close', ended);
      readable.on('error', ended);
    });
  }

  private closeEventStream(): void {
    const stream = this.eventStream;
    this.eventStream = undefined;
    this.eventAbort?.abort();
    this.eventAbort = undefined;
    stream?.destroy();
  }

  private onEngineEvent(value: unknown): void {
    const e = value as { Type?: string; Action?: string; Actor?: { ID?: string }; time?: number; id?: string };
    if (typeof e?.time === 'number') this.lastEventTime = e.time;
    const action = (e.Action ?? '').split(':')[0];
    const relevant =
      (e.Type === 'image' && IMAGE_CHANGING_ACTIONS.has(action)) ||
      (e.Type === 'container' && CONTAINER_IMAGE_ACTIONS.has(action));
    if (relevant) this.queueChange({ reason: 'event', action, id: e.Actor?.ID ?? e.id });
  }

  /** Coalesces bursts: the first change in a window is delivered at its end, carrying the last details. */
  private queueChange(change: ImagesChangedEvent): void {
    this.pendingChange = change;
    if (this.coalesceTimer) return;
    this.coalesceTimer = setTimeout(() => {
      this.coalesceTimer = undefined;
      const pending = this.pendingChange;
      this.pendingChange = undefined;
      if (pending) this.emit('imagesChanged', pending);
    }, this.coalesceMs);
  }
}
