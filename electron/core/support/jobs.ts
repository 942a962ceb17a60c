// Owns long-running work as jobs: ids, state, progress, cancellation by id, throttled updates,
// and a bounded history of finished jobs.
import { randomUUID } from 'node:crypto';
import type { JobKind, JobLayer, JobSnapshot } from '../../../shared/contract';
import { CoreError, toContractError } from '../engine/engine-errors';
import { TypedEmitter } from './typed-emitter';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Overall progress; total 0 when unknown. */
  progress(current: number, total?: number): void;
  /** Upserts one layer row (pull/push/load). */
  layer(layer: JobLayer): void;
  /** How many layers the job goes through, before each has a row (a load's manifest); see JobSnapshot.layerCount. */
  layerCount(count: number): void;
  /** Replaces every layer row at once, in this order (a load's rows once settled, in the archive's order). */
  setLayers(layers: readonly JobLayer[]): void;
  /** Appends a human-readable line, as the CLI would print it. */
  message(line: string): void;
}

export type JobRunner<T> = (ctx: JobContext) => Promise<T>;

export interface JobEvents {
  updated: JobSnapshot;
}

export interface JobManagerOptions {
  /** Minimum interval between progress updates of one job (state changes are always sent at once). */
  throttleMs?: number;
  /** Finished jobs kept for the history. */
  historyLimit?: number;
  /** Cap on messages kept per job, so a chatty stream cannot grow memory. */
  messageLimit?: number;
}

interface JobRecord {
  snapshot: JobSnapshot;
  layers: Map<string, JobLayer>;
  abort: AbortController;
  lastSent: number;
  timer: NodeJS.Timeout | undefined;
  done: Promise<void>;
}

export class JobManager extends TypedEmitter<JobEvents> {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly throttleMs: number;
  private readonly historyLimit: number;
  private readonly messageLimit: number;

  constructor(opts: JobManagerOptions = {}) {
    super();
    this.throttleMs = opts.throttleMs ?? 100;
    this.historyLimit = opts.historyLimit ?? 200;
    this.messageLimit = opts.messageLimit ?? 500;
  }

  /** Starts a job and returns its id at once; the work runs in the background. */
  start<T>(kind: JobKind, title: string, run: JobRunner<T>, subject?: string, detail: Pick<JobSnapshot, 'platform'> = {}): string {
    const id = randomUUID();
    const abort = new AbortController();
    const record: JobRecord = {
      snapshot: {
        id,
        kind,
        title,
        ...(subject === undefined ? {} : { subject }),
        ...(detail.platform === undefined ? {} : { platform: detail.platform }),
        state: 'running',
        current: 0,
        total: 0,
        layers: [],
        messages: [],
        startedAt: Date.now(),
      },
      layers: new Map(),
      abort,
      lastSent: 0,
      timer: undefined,
      done: Promise.resolve(),
    };
    this.jobs.set(id, record);
    const ctx: JobContext = {
      signal: abort.signal,
      progress: (current, total) => {
        record.snapshot.current = current;
        if (total !== undefined) record.snapshot.total = total;
        this.touch(record);
      },
      layer: (layer) => {
        record.layers.set(layer.id, { ...layer });
        this.touch(record);
      },
      layerCount: (count) => {
        record.snapshot.layerCount = count;
        this.touch(record);
      },
      setLayers: (layers) => {
        record.layers = new Map(layers.map((l) => [l.id, { ...l }]));
        this.touch(record);
      },
      message: (line) => {
        const messages = record.snapshot.messages;
        messages.push(line);
        if (messages.length > this.messageLimit) messages.splice(0, messages.length - this.messageLimit);
        this.touch(record);
      },
    };
    this.send(record);
    record.done = (async () => {
      try {
        const result = await run(ctx);
        if (abort.signal.aborted) throw new CoreError('CANCELLED', 'Cancelled');
        this.finish(record, 'succeeded', { result });
      } catch (err) {
        const error = abort.signal.aborted ? { code: 'CANCELLED', message: 'Cancelled' } : toContractError(err);
        this.finish(record, error.code === 'CANCELLED' ? 'cancelled' : 'failed', { error });
      }
    })();
    return id;
  }

  /** Aborts a running job. Returns false when the job is unknown or already finished. */
  cancel(id: string): boolean {
    const record = this.jobs.get(id);
    if (!record || record.snapshot.state !== 'running') return false;
    record.abort.abort();
    return true;
  }

  get(id: string): JobSnapshot | undefined {
    const record = this.jobs.get(id);
    return record ? this.snapshotOf(record) : undefined;
  }

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((r) => this.snapshotOf(r));
  }

  /** Resolves when the job has finished (for tests and for callers that chain work). */
  async wait(id: string): Promise<JobSnapshot> {
    const record = this.jobs.get(id);
    if (!record) throw new CoreError('NOT_FOUND', `No such job: ${id}`);
    await record.done;
    return this.snapshotOf(record);
  }

  /** Cancels everything still running (app quit). */
  cancelAll(): void {
    for (const r of this.jobs.values()) if (r.snapshot.state === 'running') r.abort.abort();
  }

  private snapshotOf(record: JobRecord): JobSnapshot {
    return { ...record.snapshot, layers: [...record.layers.values()], messages: [...record.snapshot.messages] };
  }

  private touch(record: JobRecord): void {
    if (record.snapshot.state !== 'running' || record.timer) return;
    const wait = record.lastSent + this.throttleMs - Date.now();
    if (wait <= 0) {
      this.send(record);
      return;
    }
    record.timer = setTimeout(() => {
      record.timer = undefined;
      if (record.snapshot.state === 'running') this.send(record);
    }, wait);
  }

  private send(record: JobRecord): void {
    record.lastSent = Date.now();
    this.emit('updated', this.snapshotOf(record));
  }

  private finish(record: JobRecord, state: JobSnapshot['state'], extra: Pick<JobSnapshot, 'result' | 'error'>): void {
    clearTimeout(record.timer);
    record.timer = undefined;
    Object.assign(record.snapshot, extra, { state, endedAt: Date.now() });
    this.send(record);
    this.trimHistory();
  }

  private trimHistory(): void {
    const finished = [...this.jobs.values()].filter((r) => r.snapshot.state !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - this.historyLimit))) this.jobs.delete(r.snapshot.id);
  }
}
