// Owns the meaning shared by the engine's per-layer progress streams (pull: POST /images/create,
// push: POST /images/{name}/push): jsonmessage lines folded into per-layer rows, overall bytes,
// in-stream errors, and the lines the docker CLI prints for them when stdout is not a terminal.
// Each operation supplies its vocabulary of layer statuses; pull-progress.ts and push-progress.ts
// add what only their stream says (digest/status lines, the push's aux). Pure: no I/O, no clock.
import type { JobLayer } from '../../../shared/contract';

/** One decoded line of a progress stream (jsonmessage.JSONMessage). */
export interface ProgressMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number; start?: number; units?: string; hidecounts?: boolean };
  /** Pre-rendered bar, deprecated; kept only for the CLI-lines rendering. */
  progress?: string;
  stream?: string;
  from?: string;
  time?: number;
  timeNano?: number;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: unknown;
}

export interface ProgressUpdate {
  /** The layer row that changed, if any. */
  layer?: JobLayer;
  /** A line the CLI would print for this message (non-terminal mode), if any. */
  line?: string;
  /** The in-stream error text, if this message is one. */
  error?: string;
}

/**
 * What a layer status means. `bytes`: `transfer` carries the layer's bytes so far (current/total),
 * `complete` means all of them are across, `skip` means the layer needs no transfer (it is left out
 * of the overall bytes). `row`: the row shows the message's own current/total (`detail`) or the
 * layer's full size once known (`size`).
 */
export interface StatusRule {
  bytes?: 'transfer' | 'complete' | 'skip';
  row?: 'detail' | 'size';
}

/**
 * An operation's layer statuses: exact ones, plus prefixes for statuses that carry a value
 * (`Mounted from library/busybox`). A status outside the vocabulary still makes a layer row when
 * the message has progressDetail (`Retrying in 5 seconds`), with no effect on the bytes.
 */
export interface LayerVocabulary {
  statuses: Readonly<Record<string, StatusRule>>;
  prefixes?: Readonly<Record<string, StatusRule>>;
}

interface LayerBytes {
  /** Size once a transfer line told us. */
  size: number;
  done: number;
  /** Layer needs no transfer. */
  skipped: boolean;
}

function ruleFor(vocabulary: LayerVocabulary, status: string): StatusRule | undefined {
  const exact = vocabulary.statuses[status];
  if (exact) return exact;
  for (const [prefix, rule] of Object.entries(vocabulary.prefixes ?? {})) if (status.startsWith(prefix)) return rule;
  return undefined;
}

/** docker/go-units HumanSize-free test of JSONProgress.String() != "" (non-terminal CLI skips those lines). */
function hasProgressText(p: ProgressMessage['progressDetail']): boolean {
  if (!p) return false;
  return (p.current ?? 0) > 0 || (p.total ?? 0) > 0;
}

/**
 * Folds a progress stream into state. Feed every decoded message to `apply` in order; read
 * `layers`, `bytes`, `error`, `lines` at any time. Subclasses see the messages without a layer
 * (`onStatusLine`) and the aux payloads (`onAux`).
 */
export class LayerProgress {
  private readonly rows = new Map<string, JobLayer>();
  private readonly bytesOf = new Map<string, LayerBytes>();
  /** The lines the docker CLI prints (stdout, not a TTY), in order. */
  readonly lines: string[] = [];
  error: string | undefined;

  constructor(private readonly vocabulary: LayerVocabulary) {}

  /** Layer rows in the order the engine first mentioned them. */
  get layers(): JobLayer[] {
    return [...this.rows.values()].map((l) => ({ ...l }));
  }

  /** Bytes moved and bytes to move, over the layers whose size the engine has told us. */
  get bytes(): { current: number; total: number } {
    let current = 0;
    let total = 0;
    for (const b of this.bytesOf.values()) {
      if (b.skipped || b.size <= 0) continue;
      total += b.size;
      current += Math.min(b.done, b.size);
    }
    return { current, total };
  }

  apply(msg: ProgressMessage): ProgressUpdate {
    if (msg === null || typeof msg !== 'object') return {};
    if (msg.errorDetail || msg.error) {
      const text = msg.errorDetail?.message ?? msg.error ?? 'unknown error';
      this.error ??= text;
      return { error: text };
    }
    if (msg.aux !== undefined) {
      this.onAux(msg.aux);
      return {};
    }
    const update: ProgressUpdate = {};
    const line = cliLine(msg);
    if (line !== undefined) {
      this.lines.push(line);
      update.line = line;
    }
    const status = msg.status ?? '';
    const rule = msg.id ? ruleFor(this.vocabulary, status) : undefined;
    if (msg.id && (msg.progressDetail !== undefined || rule)) {
      update.layer = this.updateLayer(msg.id, status, rule ?? {}, msg.progressDetail);
    } else if (!msg.id) {
      this.onStatusLine(status);
    }
    return update;
  }

  /** A message with no layer id (`Digest: …`, `The push refers to repository […]`). */
  protected onStatusLine(_status: string): void {}

  /** An `aux` payload (push: `{Tag, Digest, Size}`). */
  protected onAux(_aux: unknown): void {}

  private updateLayer(id: string, status: string, rule: StatusRule, detail: ProgressMessage['progressDetail']): JobLayer {
    let bytes = this.bytesOf.get(id);
    if (!bytes) {
      bytes = { size: 0, done: 0, skipped: false };
      this.bytesOf.set(id, bytes);
    }
    const row: JobLayer = { id, status };
    const current = detail?.current;
    const total = detail?.total;
    if (rule.bytes === 'transfer') {
      if (typeof total === 'number' && total > 0) bytes.size = total;
      if (typeof current === 'number') bytes.done = current;
    } else if (rule.bytes === 'complete') {
      bytes.done = bytes.size;
    } else if (rule.bytes === 'skip') {
      bytes.skipped = true;
    }
    if (rule.row === 'detail') {
      if (typeof current === 'number') row.current = current;
      if (typeof total === 'number' && total > 0) row.total = total;
    } else if (rule.row === 'size' && bytes.size > 0) {
      row.current = bytes.size;
      row.total = bytes.size;
    }
    this.rows.set(id, row);
    return { ...row };
  }
}

/** jsonmessage.Display for a non-terminal: the line it prints, or undefined when it prints none. */
export function cliLine(msg: ProgressMessage): string | undefined {
  if (msg.errorDetail) return undefined;
  if (msg.aux !== undefined) return undefined;
  if (hasProgressText(msg.progressDetail)) return undefined;
  let out = '';
  // jm.Time / TimeNano are only set by `docker events`-like streams, never by pulls or pushes.
  if (msg.id) out += `${msg.id}: `;
  if (msg.from) out += `(from ${msg.from}) `;
  if (msg.progress) return `${out}${msg.status ?? ''} ${msg.progress}`;
  if (msg.stream) return (out + msg.stream).replace(/\n$/, '');
  return out + (msg.status ?? '');
}
