// Owns the connection to one Docker engine: the dockerode client, its status (reachable, version),
// recovery with backoff when it goes away, and the /events watch that tells the UI images changed.
import Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import type { EngineStatus, ImagesChangedEvent } from '../../../shared/contract';
import { dockerodeOptions, resolveEngineEndpoint, type EngineEndpoint } from './engine-endpoint';
import { engineMessage } from './engine-errors';
// Every Dockerode request then goes through the guarded transport: no redirect, no cleanable path.
import './engine-transport';
import { JsonLineSplitter } from '../support/json-lines';
import { TypedEmitter } from '../support/typed-emitter';

/** Image event actions that change what `docker images` prints (push/save do not). */
const IMAGE_CHANGING_ACTIONS = new Set(['delete', 'import', 'load', 'pull', 'tag', 'untag', 'prune', 'create']);
/** How long a check of an ssh engine may take: a new ssh connection, then the remote `docker`. */
const SSH_PING_TIMEOUT_MS = 15_000;
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
  private currentEndpoint: EngineEndpoint;
  private client: Dockerode;
  /** Bumped by reconfigure(), so a check or stream of the previous engine cannot land late. */
  private generation = 0;
  private current: EngineStatus;
  private readonly pingTimeoutMs: number;
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly coalesceMs: number;
  private retryMs: number;
  private streamRetryMs: number;
  private hadEventStream = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private coalesceTimer: NodeJS.Timeout | undefined;
  private pendingChange: ImagesChangedEvent | undefined;
  private eventStream: Readable | undefined;
  private eventAbort: AbortController | undefined;
  private lastEventTime: number | undefined;
  private checking: Promise<EngineStatus> | undefined;
  private stopped = true;
  /** Resolves when an event stream is open (or opening failed), so start() returns a watching connection. */
  private eventsOpened: Promise<void> = Promise.resolve();
  private markEventsOpened: () => void = () => undefined;

  constructor(opts: EngineConnectionOptions = {}) {
    super();
    this.currentEndpoint = opts.endpoint ?? resolveEngineEndpoint();
    this.client = new Dockerode(dockerodeOptions(this.currentEndpoint));
    this.pingTimeoutMs = opts.pingTimeoutMs ?? 3000;
    this.minRetryMs = opts.minRetryMs ?? 500;
    this.maxRetryMs = opts.maxRetryMs ?? 5000;
    this.coalesceMs = opts.coalesceMs ?? 100;
    this.retryMs = this.minRetryMs;
    this.streamRetryMs = this.minRetryMs;
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

  get endpoint(): EngineEndpoint {
    return this.currentEndpoint;
  }

  /** Handlers read this at call time, so after reconfigure() every new request goes to the new engine. */
  get docker(): Dockerode {
    return this.client;
  }

  /**
   * Points the connection at another engine (the settings' endpoint changed): drops the old event
   * stream and pending retries, then checks the new one (which reopens the stream and asks the UI
   * to re-list). Work already running keeps its own client and ends on the old engine.
   */
  reconfigure(endpoint: EngineEndpoint): Promise<EngineStatus> {
    const client = new Dockerode(dockerodeOptions(endpoint)); // throws on an unusable address, before anything changes
    this.generation++;
    clearTimeout(this.retryTimer);
    this.closeEventStream();
    this.checking = undefined;
    this.currentEndpoint = endpoint;
    this.client = client;
    this.retryMs = this.minRetryMs;
    this.streamRetryMs = this.minRetryMs;
    // Another engine: its event times mean nothing here, and the list must be re-read once it is watched.
    this.lastEventTime = undefined;
    this.hadEventStream = true;
    this.current = { reachable: false, host: endpoint.host, source: endpoint.source, contextName: endpoint.contextName, checkedAt: 0 };
    return this.stopped ? Promise.resolve(this.current) : this.check();
  }

  /** Starts watching: a first check, then the event stream (and retries while unreachable). */
  async start(): Promise<EngineStatus> {
    this.stopped = false;
    this.eventsOpened = new Promise((resolve) => {
      this.markEventsOpened = resolve;
    });
    const status = await this.check();
    if (status.reachable) await this.eventsOpened;
    return status;
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
    const generation = this.generation;
    const endpoint = this.currentEndpoint;
    const abort = new AbortController();
    // An ssh engine's first answer waits for a whole ssh handshake and the remote docker CLI.
    const timeoutMs = endpoint.host.startsWith('ssh://') ? Math.max(this.pingTimeoutMs, SSH_PING_TIMEOUT_MS) : this.pingTimeoutMs;
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let next: EngineStatus;
    try {
      // An endpoint that cannot be used (its context was removed) is reported as it is, not pinged.
      if (endpoint.problem) throw new Error(endpoint.problem);
      const client = this.client;
      const version = client.version as unknown as (o: object) => Promise<Dockerode.DockerVersion>;
      const v = await version.call(client, { abortSignal: abort.signal });
      next = {
        reachable: true,
        host: endpoint.host,
        source: endpoint.source,
        contextName: endpoint.contextName,
        version: v.Version,
        apiVersion: v.ApiVersion,
        os: v.Os,
        arch: v.Arch,
        checkedAt: Date.now(),
      };
    } catch (err) {
      next = {
        reachable: false,
        host: endpoint.host,
        source: endpoint.source,
        contextName: endpoint.contextName,
        error: abort.signal.aborted
          ? `The engine at ${endpoint.host} did not answer within ${timeoutMs} ms`
          : (endpoint.problem ?? `Cannot connect to the Docker engine at ${endpoint.host}: ${engineMessage(err)}`),
        checkedAt: Date.now(),
      };
    } finally {
      clearTimeout(timer);
    }
    // The endpoint changed while this check waited: its answer is about an engine we left.
    if (generation !== this.generation) return this.current;
    this.current = next;
    this.emit('status', next);
    if (this.stopped) return next;
    if (next.reachable) {
      this.retryMs = this.minRetryMs;
      // eventAbort is set from the moment a stream is requested: never open two.
      if (!this.eventStream && !this.eventAbort) this.openEventStream();
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

  private openEventStream(): void {
    const abort = new AbortController();
    this.eventAbort = abort;
    // A reopened stream may have missed events: ask the UI to re-list once it is open.
    const announce = this.hadEventStream;
    const opts: Record<string, unknown> = {
      filters: JSON.stringify({ type: { image: true, container: true } }),
      abortSignal: abort.signal,
      // Replay what happened while the stream was down (or since this check, the first time), so
      // the list converges even if something changed between the check and the stream opening.
      since: String(this.lastEventTime ?? Math.floor(Date.now() / 1000)),
    };
    this.docker.getEvents(opts as never, (err, stream) => {
      this.markEventsOpened();
      if (abort.signal.aborted) {
        (stream as Readable | undefined)?.destroy();
        return;
      }
      if (err || !stream) {
        this.eventAbort = undefined;
        this.scheduleStreamRetry();
        return;
      }
      const readable = stream as unknown as Readable;
      const openedAt = Date.now();
      this.eventStream = readable;
      this.hadEventStream = true;
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
        // A stream that stayed up a while resets the backoff; one that keeps dropping backs off.
        if (Date.now() - openedAt > 30_000) this.streamRetryMs = this.minRetryMs;
        this.scheduleStreamRetry();
      };
      readable.on('end', ended);
      readable.on('close', ended);
      readable.on('error', ended);
    });
  }

  /** The stream dropped or could not open: re-check the engine (which reopens it) after a backoff. */
  private scheduleStreamRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = this.streamRetryMs;
    this.streamRetryMs = Math.min(this.streamRetryMs * 2, this.maxRetryMs);
    this.retryTimer = setTimeout(() => void this.check(), delay);
    this.retryTimer.unref?.();
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
      (e.Type === 'image' && IMAGE_CHANGING_ACTIONS.has(action)) || (e.Type === 'container' && CONTAINER_IMAGE_ACTIONS.has(action));
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
