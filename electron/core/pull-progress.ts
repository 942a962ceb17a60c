// Owns the meaning of the engine's pull progress stream (POST /images/create JSON lines): per-layer
// rows, overall bytes, the final digest and status line, in-stream errors, and the lines the docker
// CLI prints for the same stream when stdout is not a terminal. Pure: no I/O, no clock.
import type { JobLayer } from '../../shared/contract';

/** One decoded line of the stream (jsonmessage.JSONMessage). */
export interface PullMessage {
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

/**
 * Layer statuses the engine sends (distribution/pull_v2.go, distribution/xfer/download.go). Others
 * (`Retrying in 5 seconds`) still count as layer rows because they carry progressDetail.
 */
export const LAYER_STATUSES = [
  'Pulling fs layer',
  'Waiting',
  'Downloading',
  'Verifying Checksum',
  'Download complete',
  'Extracting',
  'Pull complete',
  'Already exists',
] as const;

const LAYER_STATUS_SET = new Set<string>(LAYER_STATUSES);

interface LayerBytes {
  /** Compressed size, once a Downloading line told us. */
  size: number;
  downloaded: number;
  /** Layer needs no download (Already exists). */
  present: boolean;
}

export interface PullUpdate {
  /** The layer row that changed, if any. */
  layer?: JobLayer;
  /** A line the CLI would print for this message (non-terminal mode), if any. */
  line?: string;
  /** The in-stream error text, if this message is one. */
  error?: string;
}

/** docker/go-units HumanSize-free test of JSONProgress.String() != "" (non-terminal CLI skips those lines). */
function hasProgressText(p: PullMessage['progressDetail']): boolean {
  if (!p) return false;
  return (p.current ?? 0) > 0 || (p.total ?? 0) > 0;
}

/**
 * Folds a pull stream into state. Feed every decoded message to `apply` in order; read `layers`,
 * `bytes`, `digest`, `status`, `error`, `lines` at any time.
 */
export class PullProgress {
  private readonly rows = new Map<string, JobLayer>();
  private readonly bytesOf = new Map<string, LayerBytes>();
  /** The lines `docker pull` prints (stdout, not a TTY), in order. */
  readonly lines: string[] = [];
  digest: string | undefined;
  /** The text after `Status: `. */
  status: string | undefined;
  error: string | undefined;

  /** Layer rows in the order the engine first mentioned them. */
  get layers(): JobLayer[] {
    return [...this.rows.values()].map((l) => ({ ...l }));
  }

  /** Bytes downloaded and bytes to download, over the layers whose size the engine has told us. */
  get bytes(): { current: number; total: number } {
    let current = 0;
    let total = 0;
    for (const b of this.bytesOf.values()) {
      if (b.present || b.size <= 0) continue;
      total += b.size;
      current += Math.min(b.downloaded, b.size);
    }
    return { current, total };
  }

  /** True when the stream said the image was already up to date (nothing pulled). */
  get upToDate(): boolean {
    return this.status?.startsWith('Image is up to date') ?? false;
  }

  apply(msg: PullMessage): PullUpdate {
    if (msg === null || typeof msg !== 'object') return {};
    if (msg.errorDetail || msg.error) {
      const text = msg.errorDetail?.message ?? msg.error ?? 'unknown error';
      this.error ??= text;
      return { error: text };
    }
    if (msg.aux !== undefined) return {};
    const update: PullUpdate = {};
    const line = cliLine(msg);
    if (line !== undefined) {
      this.lines.push(line);
      update.line = line;
    }
    const status = msg.status ?? '';
    if (msg.id && (msg.progressDetail !== undefined || LAYER_STATUS_SET.has(status))) {
      update.layer = this.updateLayer(msg.id, status, msg.progressDetail);
    } else if (!msg.id) {
      if (status.startsWith('Digest: ')) this.digest = status.slice('Digest: '.length).trim();
      else if (status.startsWith('Status: ')) this.status = status.slice('Status: '.length).trim();
    }
    return update;
  }

  private updateLayer(id: string, status: string, detail: PullMessage['progressDetail']): JobLayer {
    let bytes = this.bytesOf.get(id);
    if (!bytes) {
      bytes = { size: 0, downloaded: 0, present: false };
      this.bytesOf.set(id, bytes);
    }
    const row: JobLayer = { id, status };
    const current = detail?.current;
    const total = detail?.total;
    switch (status) {
      case 'Downloading':
        if (typeof total === 'number' && total > 0) bytes.size = total;
        if (typeof current === 'number') bytes.downloaded = current;
        break;
      case 'Verifying Checksum':
      case 'Download complete':
      case 'Extracting':
      case 'Pull complete':
        bytes.downloaded = bytes.size;
        break;
      case 'Already exists':
        bytes.present = true;
        break;
      default:
        break;
    }
    if (status === 'Downloading' || status === 'Extracting') {
      if (typeof current === 'number') row.current = current;
      if (typeof total === 'number' && total > 0) row.total = total;
    } else if (bytes.size > 0 && (status === 'Download complete' || status === 'Pull complete' || status === 'Verifying Checksum')) {
      row.current = bytes.size;
      row.total = bytes.size;
    }
    this.rows.set(id, row);
    return { ...row };
  }
}

/** jsonmessage.Display for a non-terminal: the line it prints, or undefined when it prints none. */
export function cliLine(msg: PullMessage): string | undefined {
  if (msg.errorDetail) return undefined;
  if (msg.aux !== undefined) return undefined;
  if (hasProgressText(msg.progressDetail)) return undefined;
  let out = '';
  // jm.Time / TimeNano are only set by `docker events`-like streams, never by pulls.
  if (msg.id) out += `${msg.id}: `;
  if (msg.from) out += `(from ${msg.from}) `;
  if (msg.progress) return `${out}${msg.status ?? ''} ${msg.progress}`;
  if (msg.stream) return (out + msg.stream).replace(/\n$/, '');
  return out + (msg.status ?? '');
}
