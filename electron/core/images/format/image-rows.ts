// Owns the docker CLI's row expansion of `docker images` (tags x digests, dangling images,
// digest-only repositories), written once for both of its consumers: the grid's contract rows
// (images.list) and the rows a --format template renders (Copy as…). It runs once per tag on every
// list, and a list of 20,000 tags is 20,000 rows: `npm run bench:list` profiled it as nearly all
// of the core's time over the raw API, so the hot path avoids per-tag parsing, maps and
// intermediate objects (see eachImageRow).
import type { ImageInfo } from 'dockerode';
import type { ImageRow } from '../../../../shared/contract';
import { familiarName, parseNormalizedNamed } from './familiar-name';
import type { ImageRowRef } from './image-context';

export interface ExpandOptions {
  /** `--digests`. */
  digests: boolean;
  /** The format mentions `{{.Digest}}` (so tag rows are crossed with digests even without --digests). */
  formatUsesDigest: boolean;
}

/** Both dangling shapes the engine uses: no refs at all, or the `<none>` placeholders. */
export function isDangling(img: ImageInfo): boolean {
  const tags = img.RepoTags ?? [];
  const digests = img.RepoDigests ?? [];
  if (tags.length === 0 && digests.length === 0) return true;
  return tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>';
}

/**
 * distribution/reference's tag grammar, `[\w][\w.-]{0,127}`, which holds no ':', '/' or '@' (the
 * fast path below relies on it). A loop over char codes: it runs once per tag, and the regular
 * expression was a quarter of the expansion's time.
 */
export function isTag(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 128) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
    if (!word && (i === 0 || (c !== 46 && c !== 45))) return false;
  }
  return true;
}

/**
 * Splits `name:tag` (at the last ':' after the last '/') or `name@digest`. Returns null when the
 * separator is absent, or for a RepoTags entry that also carries a digest.
 */
function splitReference(ref: string, separator: ':' | '@'): { name: string; suffix: string } | null {
  if (separator === ':' && ref.includes('@')) return null;
  const at = ref.lastIndexOf(separator);
  if (at <= 0 || (separator === ':' && at < ref.lastIndexOf('/'))) return null;
  return { name: ref.slice(0, at), suffix: ref.slice(at + 1) };
}

/**
 * FamiliarName of a repository name, or null where ParseNormalizedNamed would fail. Parsed once per
 * distinct name: an image with 5,000 tags in one repository parses the name once, not 5,000 times.
 */
const familiarCache = new Map<string, string | null>();
function familiarRepository(name: string): string | null {
  let familiar = familiarCache.get(name);
  if (familiar === undefined) {
    const parsed = parseNormalizedNamed(name);
    familiar = parsed && parsed.tag === undefined && parsed.digest === undefined ? familiarName(parsed) : null;
    if (familiarCache.size > 10_000) familiarCache.clear();
    familiarCache.set(name, familiar);
  }
  return familiar;
}

/** Receives one row: its repository, tag and digest, and whether its image has no tag row at all. */
export type RowSink = (repository: string, tag: string, digest: string, untagged: boolean) => void;

/**
 * The CLI's rows for one image, in its order, handed to `row` one by one. Go iterates maps here, so
 * for an image tagged in several repositories the CLI's repo order is random; we keep first-seen order.
 */
export function eachImageRow(img: ImageInfo, opts: ExpandOptions, row: RowSink): void {
  if (isDangling(img)) {
    row('<none>', '<none>', '<none>', true);
    return;
  }
  const repoTags = new Map<string, string[]>();
  // The hot path: a ref in the same repository as the one before it (`<name>:` as written) is that
  // name plus a tag; with the tag grammar holding no ':', '/' or '@', splitting it afresh would find
  // the same name, so its familiar name and group are those of the ref before.
  let prefix = '';
  let group: string[] | undefined;
  for (const ref of img.RepoTags ?? []) {
    // lastIndexOf(prefix, 0) is startsWith, measurably quicker here.
    if (group !== undefined && ref.lastIndexOf(prefix, 0) === 0) {
      const tag = ref.slice(prefix.length);
      if (isTag(tag)) {
        group.push(tag);
        continue;
      }
    }
    const split = splitReference(ref, ':');
    const repo = split && isTag(split.suffix) ? familiarRepository(split.name) : null;
    if (repo === null) continue;
    group = repoTags.get(repo);
    if (group) group.push(split!.suffix);
    else repoTags.set(repo, (group = [split!.suffix]));
    prefix = `${split!.name}:`;
  }
  const repoDigests = new Map<string, string[]>();
  for (const ref of img.RepoDigests ?? []) {
    const split = splitReference(ref, '@');
    const parsed = split ? parseNormalizedNamed(ref) : null;
    if (!split || !parsed || parsed.digest === undefined || parsed.tag !== undefined) continue;
    const repo = familiarName(parsed);
    const digests = repoDigests.get(repo);
    if (digests) digests.push(parsed.digest);
    else repoDigests.set(repo, [parsed.digest]);
  }
  const needDigest = opts.digests || opts.formatUsesDigest;
  const untagged = repoTags.size === 0;
  for (const [repo, tags] of repoTags) {
    const digests = needDigest ? repoDigests.get(repo) : undefined;
    repoDigests.delete(repo); // a tagged repo's digests never get rows of their own
    if (digests === undefined || digests.length === 0) for (const tag of tags) row(repo, tag, '<none>', untagged);
    else for (const tag of tags) for (const digest of digests) row(repo, tag, digest, untagged);
  }
  for (const [repo, digests] of repoDigests) {
    // Only --digests shows one row per digest; a {{.Digest}} format alone gets one row with "".
    if (opts.digests) for (const digest of digests) row(repo, '<none>', digest, untagged);
    else row(repo, '<none>', '', untagged);
  }
}

/** The CLI's rows for one image, as the --format templates see them. */
export function expandImage(img: ImageInfo, opts: ExpandOptions): ImageRowRef[] {
  const rows: ImageRowRef[] = [];
  eachImageRow(img, opts, (repository, tag, digest) => rows.push({ image: img, repository, tag, digest }));
  return rows;
}

/** The UI's stable key of a row (ImageRow.key): `id|repository|tag|digest` ('|' is in none of them). */
export const imageRowKey = (r: ImageRowRef): string => `${r.image.Id}|${r.repository}|${r.tag}|${r.digest}`;

/** Element by element: the same strings in the same order (null and undefined only equal themselves). */
function sameStrings(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameLabels(a: Record<string, string> | null | undefined, b: Record<string, string> | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k] || !Object.hasOwn(b, k)) return false;
  return true;
}

/** Every field a grid row is made from: equal summaries give equal rows. */
function sameSummary(a: ImageInfo, b: ImageInfo): boolean {
  return (
    a.Created === b.Created &&
    a.Size === b.Size &&
    (a as { VirtualSize?: number }).VirtualSize === (b as { VirtualSize?: number }).VirtualSize &&
    a.SharedSize === b.SharedSize &&
    a.Containers === b.Containers &&
    a.ParentId === b.ParentId &&
    sameStrings(a.RepoTags, b.RepoTags) &&
    sameStrings(a.RepoDigests, b.RepoDigests) &&
    sameLabels(a.Labels, b.Labels)
  );
}

/**
 * The last list's images and their rows, by image ID, for the options they were made with. A
 * re-list (every engine event brings one) mostly finds its images as they were: comparing a
 * summary's strings costs far less than making its rows again (20,000 objects, which then live on
 * until a full garbage collection). Rows are never changed after they are made, so giving the
 * same objects again is safe.
 */
let lastList: { options: string; images: Map<string, { summary: ImageInfo; rows: ImageRow[] }> } = { options: '', images: new Map() };

/** Rows for the UI, in the engine's image order, one per (image, repo, tag, digest). */
export function expandImageRows(images: ImageInfo[], opts: ExpandOptions): ImageRow[] {
  const options = `${opts.digests}|${opts.formatUsesDigest}`;
  const previous = lastList.options === options ? lastList.images : undefined;
  const made = new Map<string, { summary: ImageInfo; rows: ImageRow[] }>();
  const out: ImageRow[] = [];
  for (const img of images) {
    const kept = previous?.get(img.Id);
    if (kept && sameSummary(kept.summary, img)) {
      for (const row of kept.rows) out.push(row);
      made.set(img.Id, kept);
      continue;
    }
    const first = out.length;
    expandInto(out, img, opts);
    made.set(img.Id, { summary: img, rows: out.slice(first) });
  }
  lastList = { options, images: made };
  return out;
}

/** The rows of one image, appended to `out`. */
function expandInto(out: ImageRow[], img: ImageInfo, opts: ExpandOptions): void {
  // Everything but repository, tag and digest is the image's: read once, not once per row.
  const id = img.Id;
  const created = img.Created;
  const size = img.Size;
  const virtualSize = (img as { VirtualSize?: number }).VirtualSize ?? size;
  const sharedSize = img.SharedSize ?? -1;
  const containers = img.Containers ?? -1;
  const labels = img.Labels ?? {};
  const parentId = img.ParentId ?? '';
  // The key's `id|repository|` part, made again only when the repository changes.
  let keyRepo: string | undefined;
  let keyPrefix = '';
  eachImageRow(img, opts, (repository, tag, digest, untagged) => {
    if (repository !== keyRepo) {
      keyRepo = repository;
      keyPrefix = `${id}|${repository}|`;
    }
    out.push({
      key: `${keyPrefix}${tag}|${digest}`,
      id,
      repository,
      tag,
      digest,
      created,
      size,
      virtualSize,
      sharedSize,
      containers,
      labels,
      parentId,
      dangling: untagged,
    });
  });
}
