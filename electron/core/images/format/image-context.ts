// Owns what a `docker images --format` template sees: the CLI's imageContext (its placeholders,
// JSON form and %v form) for one row, and the header map a table's header row is rendered from.
import type { ImageInfo } from 'dockerode';
import {
  createdSince,
  goTimeString,
  type GoZoneResolver,
  humanSize,
  humanSizeWithPrecision,
  truncateId,
} from '../../../../shared/docker-units';
import { rowContextValue, subHeaderContext } from './context-write';
import { type ByteString, toBytes } from './go-bytes';
import { formatValue } from './go-fmt';
import { encodeJSON } from './go-json';
import { type GoFunc, type GoValue, goString } from './go-value';

export const IMAGE_CONTEXT_TYPE = '*formatter.imageContext';

/** One expanded row: an image plus the repo/tag/digest this row shows. */
export interface ImageRowRef {
  image: ImageInfo;
  repository: string;
  tag: string;
  digest: string;
}

export interface ImageContextOptions {
  trunc: boolean;
  /** Epoch ms for `.CreatedSince`. */
  now: number;
  zone: GoZoneResolver;
}

/** Header labels (newImageContext). */
export const IMAGE_HEADERS: Readonly<Record<string, string>> = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  VirtualSize: 'SIZE',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
};

const method = (get: () => ByteString): GoFunc => ({ params: [], call: () => goString(get()) });

/** The placeholder values of one row, computed as the CLI's imageContext methods do. */
export function imagePlaceholders(row: ImageRowRef, opts: ImageContextOptions): Record<string, () => string> {
  const img = row.image;
  const size = img.Size;
  const sharedSize = img.SharedSize ?? -1;
  return {
    ID: () => (opts.trunc ? truncateId(img.Id) : img.Id),
    Repository: () => row.repository,
    Tag: () => row.tag,
    Digest: () => row.digest,
    CreatedSince: () => createdSince(img.Created, opts.now),
    CreatedAt: () => goTimeString(img.Created, opts.zone),
    Size: () => humanSizeWithPrecision(size, 3),
    Containers: () => ((img.Containers ?? -1) === -1 ? 'N/A' : String(img.Containers)),
    // Deprecated in the CLI and computed from Size since v25.
    VirtualSize: () => humanSize(size),
    SharedSize: () => (sharedSize === -1 ? 'N/A' : humanSize(sharedSize)),
    UniqueSize: () => (size === -1 || sharedSize === -1 ? 'N/A' : humanSize(size - sharedSize)),
  };
}

const NO_FLAGS = { plus: false, minus: false, sharp: false, space: false, zero: false };

const strings = (items: string[] | null | undefined): GoValue => ({
  kind: 'slice',
  type: '[]string',
  elem: 'string',
  items: (items ?? []).map((s) => goString(toBytes(s))),
  isNil: items == null,
});

/** fmt's %v of the image.Summary struct inside imageContext (field order of the Go type). */
function formatSummary(img: ImageInfo): ByteString {
  const labels: GoValue = {
    kind: 'map',
    type: 'map[string]string',
    elem: 'string',
    entries: new Map(Object.entries(img.Labels ?? {}).map(([k, v]) => [toBytes(k), goString(toBytes(v))])),
  };
  const fields = [
    String(img.Containers ?? 0),
    String(img.Created),
    toBytes(img.Id),
    formatValue(labels, 'v', NO_FLAGS, 1),
    toBytes(img.ParentId ?? ''),
    '<nil>', // Descriptor: not sent by API 1.41 engines
    '[]', // Manifests: only with ?manifests=1
    formatValue(strings(img.RepoDigests), 'v', NO_FLAGS, 1),
    formatValue(strings(img.RepoTags), 'v', NO_FLAGS, 1),
    String(img.SharedSize ?? 0),
    String(img.Size),
    String((img as { VirtualSize?: number }).VirtualSize ?? 0),
  ];
  return `{${fields.join(' ')}}`;
}

/** The *formatter.imageContext value for one row. */
export function imageContextValue(row: ImageRowRef, opts: ImageContextOptions): GoValue {
  const values = imagePlaceholders(row, opts);
  const methods: Record<string, GoFunc> = {};
  for (const [name, get] of Object.entries(values)) methods[name] = method(() => toBytes(get()));

  return rowContextValue({
    type: IMAGE_CONTEXT_TYPE,
    methods,
    unexported: ['trunc', 'i', 'repo', 'tag', 'digest'],
    format: () =>
      `{{<nil>} ${opts.trunc} ${formatSummary(row.image)} ${toBytes(row.repository)} ${toBytes(row.tag)} ${toBytes(row.digest)}}`,
    // MarshalJSON goes through json.Marshal of a map: sorted keys, HTML-escaped (<none> -> \u003cnone\u003e).
    marshalJSON: () => {
      const entries = new Map<ByteString, GoValue>(Object.entries(values).map(([k, get]) => [k, goString(toBytes(get()))]));
      return encodeJSON({ kind: 'map', type: 'map[string]interface {}', elem: 'interface {}', entries }, true);
    },
  });
}

/** The header value: formatter.SubHeaderContext (a map[string]string with a Label method). */
export function imageHeaderValue(): GoValue {
  return subHeaderContext(IMAGE_HEADERS);
}
