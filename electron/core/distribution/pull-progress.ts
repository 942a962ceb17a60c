// Owns the meaning of the engine's pull progress stream (POST /images/create JSON lines): the pull's
// layer statuses and the final digest and status lines. Rows, bytes, errors and the CLI's lines
// come from layer-progress.ts, shared with push. Pure: no I/O, no clock.
import { cliLine, LayerProgress, type LayerVocabulary, type ProgressMessage, type ProgressUpdate } from './layer-progress';

export { cliLine };
/** One decoded line of the stream (jsonmessage.JSONMessage). */
export type PullMessage = ProgressMessage;
export type PullUpdate = ProgressUpdate;

/**
 * Layer statuses the engine sends (distribution/pull_v2.go, distribution/xfer/download.go) and how
 * each moves the layer's bytes.
 */
export const PULL_VOCABULARY: LayerVocabulary = {
  statuses: {
    'Pulling fs layer': {},
    Waiting: {},
    Downloading: { bytes: 'transfer', row: 'detail' },
    'Verifying Checksum': { bytes: 'complete', row: 'size' },
    'Download complete': { bytes: 'complete', row: 'size' },
    Extracting: { bytes: 'complete', row: 'detail' },
    'Pull complete': { bytes: 'complete', row: 'size' },
    'Already exists': { bytes: 'skip' },
  },
};

/** A pull stream folded: layers and bytes (downloaded / to download), plus `digest` and `status`. */
export class PullProgress extends LayerProgress {
  digest: string | undefined;
  /** The text after `Status: `. */
  status: string | undefined;

  constructor() {
    super(PULL_VOCABULARY);
  }

  /** True when the stream said the image was already up to date (nothing pulled). */
  get upToDate(): boolean {
    return this.status?.startsWith('Image is up to date') ?? false;
  }

  protected override onStatusLine(status: string): void {
    if (status.startsWith('Digest: ')) this.digest = status.slice('Digest: '.length).trim();
    else if (status.startsWith('Status: ')) this.status = status.slice('Status: '.length).trim();
  }
}
