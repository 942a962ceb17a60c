// Owns what the engine says about a pull, a push or a load in the UI's language: layer statuses
// ("Pull complete", "Pushed", "Loading layer", "Mounted from team/base"), the lines that report a
// result ("Downloaded newer image for busybox:latest", "Loaded image: x:y") and the CLI lines a running
// job shows ("a1b2c3d4e5f6: Extracting"). The engine sends moby's English; in English it is shown as
// is, otherwise each known shape is read back and said again from the `engineStatus.*` strings, the
// values it carries (a repository, a reference, a count) kept. Unknown text stays as the engine sent
// it. The Output section and Copy as… never come here: they keep the CLI's words.
import type { TFunction } from 'i18next';
import { isEnglish } from './language';

/** Statuses that carry no value: moby's words (pull, push, load) → their key under `engineStatus`. */
const FIXED: Readonly<Record<string, string>> = {
  // Pull (distribution/pull_v2.go, xfer/download.go).
  Waiting: 'waiting',
  'Pulling fs layer': 'pullingFsLayer',
  Downloading: 'downloading',
  'Verifying Checksum': 'verifyingChecksum',
  'Download complete': 'downloadComplete',
  Extracting: 'extracting',
  'Pull complete': 'pullComplete',
  'Already exists': 'alreadyExists',
  // Push (distribution/push_v2.go, xfer/upload.go).
  Preparing: 'preparing',
  Pushing: 'pushing',
  Pushed: 'pushed',
  'Layer already exists': 'layerExists',
  // Load (image/tarexport/load.go), and the row core settles a loaded layer with (core/transfer/load-layers.ts).
  'Loading layer': 'loadingLayer',
  Loaded: 'layerLoaded',
};

type Shape = { re: RegExp; key: string; values: (m: RegExpExecArray) => Record<string, string | number> };

/** Statuses and lines that carry a value. */
const SHAPES: readonly Shape[] = [
  { re: /^Mounted from (\S+)$/, key: 'mountedFrom', values: (m) => ({ repository: m[1]! }) },
  { re: /^Retrying in (\d+) seconds?$/, key: 'retrying', values: (m) => ({ count: Number(m[1]) }) },
  { re: /^Pulling from (\S+)$/, key: 'pullingFrom', values: (m) => ({ repository: m[1]! }) },
  { re: /^Downloaded newer image for (\S+)$/, key: 'downloadedNewer', values: (m) => ({ reference: m[1]! }) },
  { re: /^Image is up to date for (\S+)$/, key: 'upToDate', values: (m) => ({ reference: m[1]! }) },
  { re: /^The push refers to repository \[(\S+)\]$/, key: 'pushRefersTo', values: (m) => ({ repository: m[1]! }) },
  { re: /^Loaded image ID: (\S+)$/, key: 'loadedImageId', values: (m) => ({ id: m[1]! }) },
  { re: /^Loaded image: (\S+)$/, key: 'loadedImage', values: (m) => ({ reference: m[1]! }) },
  { re: /^(\S+): digest: (\S+) size: (\d+)$/, key: 'pushedDigest', values: (m) => ({ tag: m[1]!, digest: m[2]!, size: m[3]! }) },
];

/** A status or result line in the UI's language, or the engine's text when its shape is not a known one. */
export function engineStatusText(status: string, t: TFunction, language: string): string {
  if (isEnglish(language)) return status;
  const fixed = FIXED[status];
  if (fixed) return t(`engineStatus.${fixed}`);
  for (const shape of SHAPES) {
    const m = shape.re.exec(status);
    if (m) return t(`engineStatus.${shape.key}`, shape.values(m));
  }
  // `Status: Downloaded newer image for …` and `Digest: sha256:…` end a pull's output.
  const status_ = /^Status: (.+)$/.exec(status);
  if (status_) return t('engineStatus.status', { status: engineStatusText(status_[1]!, t, language) });
  return status;
}

/**
 * A line the CLI prints for a pull, push or load (`<layer>: <status>`, or a line of its own), in the
 * UI's language: a layer's status is said as its row says it, the layer ID kept.
 */
export function engineLineText(line: string, t: TFunction, language: string): string {
  if (isEnglish(language)) return line;
  const whole = engineStatusText(line, t, language);
  if (whole !== line) return whole;
  const m = /^([0-9a-f]{12}|[\w.-]+): (.+)$/.exec(line);
  if (!m) return line;
  const status = engineStatusText(m[2]!, t, language);
  return status === m[2] ? line : `${m[1]}: ${status}`;
}
