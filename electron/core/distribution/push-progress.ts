// Owns the meaning of the engine's push progress stream (POST /images/{name}/push JSON lines): the
// push's layer statuses (distribution/push_v2.go, distribution/xfer/upload.go), the repository
// line that opens every push, and the result the engine reports last (`aux` {Tag, Digest, Size}).
// Rows, bytes, errors and the CLI's lines come from layer-progress.ts, shared with pull. Pure.
import { LayerProgress, type LayerVocabulary } from './layer-progress';

export const PUSH_VOCABULARY: LayerVocabulary = {
  statuses: {
    Preparing: {},
    Waiting: {},
    // `total` is the layer's DiffSize and `current` the tar bytes read so far, so current can
    // pass total on tiny layers (tar headers); the bytes clamp it.
    Pushing: { bytes: 'transfer', row: 'detail' },
    Pushed: { bytes: 'complete', row: 'size' },
    'Layer already exists': { bytes: 'skip' },
  },
  // `Mounted from <repository>`: the registry linked the blob from another repository.
  prefixes: { 'Mounted from ': { bytes: 'skip' } },
};

/** The engine's final `aux` of a push (types.PushResult). */
export interface PushAux {
  tag: string;
  digest: string;
  size: number;
}

const REPOSITORY_LINE = /^The push refers to repository \[(.+)\]$/;
const DIGEST_LINE = /^(.+): digest: (sha256:[a-f0-9]{64}) size: (\d+)$/;

/** A push stream folded: layers and bytes (pushed / to push), the repository and the result. */
export class PushProgress extends LayerProgress {
  /** From `The push refers to repository [...]`. */
  repository: string | undefined;
  result: PushAux | undefined;

  constructor() {
    super(PUSH_VOCABULARY);
  }

  protected override onStatusLine(status: string): void {
    const repo = REPOSITORY_LINE.exec(status);
    if (repo) {
      this.repository = repo[1];
      return;
    }
    // The aux follows this line; the line alone still tells the result (older engines send no aux).
    const done = DIGEST_LINE.exec(status);
    if (done && !this.result) this.result = { tag: done[1], digest: done[2], size: Number(done[3]) };
  }

  protected override onAux(aux: unknown): void {
    const a = aux as { Tag?: unknown; Digest?: unknown; Size?: unknown } | null;
    if (a && typeof a.Digest === 'string' && typeof a.Tag === 'string') {
      this.result = { tag: a.Tag, digest: a.Digest, size: typeof a.Size === 'number' ? a.Size : 0 };
    }
  }
}
