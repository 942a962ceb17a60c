// Owns `docker images` output: the CLI's row expansion (tags x digests, dangling, digest-only
// repos) into contract rows, and the byte-exact rendering of every format the CLI accepts.
import type { ImageInfo } from 'dockerode';
import type { ImageRow } from '../../../../shared/contract';
import type { GoZoneResolver } from '../../../../shared/docker-units';
import { type ByteString, byteStringToBytes, fromBytes } from './go-bytes';
import {
  FormatError,
  HEADER_FUNCTIONS,
  isTableFormat,
  parseDockerTemplate,
  preFormat,
  RAW_FORMAT_KEY,
  TABLE_FORMAT_KEY,
  templateErrorMessage,
} from './docker-template';
import { familiarName, parseNormalizedNamed } from './familiar-name';
import { GoTemplateError } from './go-template';
import { imageContextValue, imageHeaderValue, type ImageRowRef } from './image-context';
import { goLocalZone } from './local-zone';
import { tabwrite } from './tabwriter';

export { FormatError };

const DEFAULT_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
const DEFAULT_TABLE_WITH_DIGEST =
  'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
const QUIET = '{{.ID}}';
const RAW_QUIET = 'image_id: {{.ID}}';
const RAW_WITH_DIGEST =
  'repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n';
const RAW = 'repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n';

/** formatter.NewImageFormat: resolve `table`/`raw`/custom plus -q/--digests into the template. */
export function imageFormat(source: string, quiet: boolean, digests: boolean): string {
  if (source === TABLE_FORMAT_KEY) return quiet ? QUIET : digests ? DEFAULT_TABLE_WITH_DIGEST : DEFAULT_TABLE;
  if (source === RAW_FORMAT_KEY) return quiet ? RAW_QUIET : digests ? RAW_WITH_DIGEST : RAW;
  // A custom table gets the digest column appended when --digests asks for it.
  if (isTableFormat(source) && digests && !source.includes('{{.Digest}}')) return source + '\t{{.Digest}}';
  return source;
}

/** Both dangling shapes the engine uses: no refs at all, or the `<none>` placeholders. */
export function isDangling(img: ImageInfo): boolean {
  const tags = img.RepoTags ?? [];
  const digests = img.RepoDigests ?? [];
  if (tags.length === 0 && digests.length === 0) return true;
  return tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>';
}

export interface ExpandOptions {
  /** `--digests`. */
  digests: boolean;
  /** The format mentions `{{.Digest}}` (so tag rows are crossed with digests even without --digests). */
  formatUsesDigest: boolean;
}

/**
 * The CLI's row expansion for one image. Go iterates maps here, so for an image tagged in
 * several repositories the CLI's repo order is random; we keep first-seen order.
 */
const TAG = /^[\w][\w.-]{0,127}$/;

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

export function expandImage(img: ImageInfo, opts: ExpandOptions): ImageRowRef[] {
  if (isDangling(img)) return [{ image: img, repository: '<none>', tag: '<none>', digest: '<none>' }];
  const repoTags = new Map<string, string[]>();
  const repoDigests = new Map<string, string[]>();
  for (const ref of img.RepoTags ?? []) {
    const split = splitReference(ref, ':');
    const repo = split && TAG.test(split.suffix) ? familiarRepository(split.name) : null;
    if (repo === null) continue;
    // Append in place: thousands of tags in one repository must stay linear.
    const tags = repoTags.get(repo);
    if (tags) tags.push(split!.suffix);
    else repoTags.set(repo, [split!.suffix]);
  }
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
  const rows: ImageRowRef[] = [];
  for (const [repo, tags] of repoTags) {
    const digests = needDigest ? (repoDigests.get(repo) ?? []) : [];
    repoDigests.delete(repo); // a tagged repo's digests never get rows of their own
    for (const tag of tags) {
      if (digests.length === 0) rows.push({ image: img, repository: repo, tag, digest: '<none>' });
      else for (const digest of digests) rows.push({ image: img, repository: repo, tag, digest });
    }
  }
  for (const [repo, digests] of repoDigests) {
    // Only --digests shows one row per digest; a {{.Digest}} format alone gets one row with "".
    if (opts.digests) for (const digest of digests) rows.push({ image: img, repository: repo, tag: '<none>', digest });
    else rows.push({ image: img, repository: repo, tag: '<none>', digest: '' });
  }
  return rows;
}

/** The UI's stable key of a row (ImageRow.key): `id|repository|tag|digest` ('|' is in none of them). */
export const imageRowKey = (r: ImageRowRef): string => `${r.image.Id}|${r.repository}|${r.tag}|${r.digest}`;

/** Rows for the UI, in the engine's image order, one per (image, repo, tag, digest). */
export function expandImageRows(images: ImageInfo[], opts: ExpandOptions): ImageRow[] {
  const out: ImageRow[] = [];
  for (const img of images) {
    const rows = expandImage(img, opts);
    const untagged = rows.every((r) => r.tag === '<none>');
    for (const r of rows) {
      out.push({
        key: imageRowKey(r),
        id: img.Id,
        repository: r.repository,
        tag: r.tag,
        digest: r.digest,
        created: img.Created,
        size: img.Size,
        virtualSize: (img as { VirtualSize?: number }).VirtualSize ?? img.Size,
        sharedSize: img.SharedSize ?? -1,
        containers: img.Containers ?? -1,
        labels: img.Labels ?? {},
        parentId: img.ParentId ?? '',
        dangling: untagged,
      });
    }
  }
  return out;
}

export interface FormatImagesOptions {
  /** `--format`; empty or absent means the default table (or `imagesFormat`). */
  format?: string;
  quiet: boolean;
  noTrunc: boolean;
  digests: boolean;
  /** `imagesFormat` from the CLI config, used when no --format and no -q. */
  configFormat?: string;
  /**
   * Only these UI rows (ImageRow keys from a list with the same options), in this order: what the
   * grid shows or has selected. Absent: every row, in the CLI's order.
   */
  only?: readonly string[];
  /** Epoch ms used for `.CreatedSince` (default: now). */
  now?: number;
  /** The zone for `.CreatedAt` (default: Go's time.Local for this process). */
  zone?: GoZoneResolver;
}

/**
 * `docker images` stdout as bytes. Throws FormatError carrying the CLI's error text
 * (`template parsing error: ...`) for a template that fails to parse or execute.
 */
export function formatImagesBytes(images: ImageInfo[], opts: FormatImagesOptions): Uint8Array {
  return byteStringToBytes(renderImages(images, opts));
}

/** `docker images` stdout as text (see formatImagesBytes for the exact bytes). */
export function formatImages(images: ImageInfo[], opts: FormatImagesOptions): string {
  return fromBytes(renderImages(images, opts));
}

/** Throws FormatError with the CLI's text for a template that does not parse. */
export function checkImageFormat(format: string, opts: { quiet: boolean; digests: boolean }): void {
  parseDockerTemplate(preFormat(imageFormat(format || TABLE_FORMAT_KEY, opts.quiet, opts.digests)));
}

/** The CLI's error text for a template that does not parse, or null when it parses. */
export function imageFormatError(format: string, opts: { quiet: boolean; digests: boolean }): string | null {
  try {
    checkImageFormat(format, opts);
    return null;
  } catch (e) {
    if (e instanceof FormatError) return e.message;
    throw e;
  }
}

function renderImages(images: ImageInfo[], opts: FormatImagesOptions): ByteString {
  let source = opts.format ?? '';
  if (source === '') source = opts.configFormat && !opts.quiet ? opts.configFormat : TABLE_FORMAT_KEY;
  const format = imageFormat(source, opts.quiet, opts.digests);
  const tmpl = parseDockerTemplate(preFormat(format));
  const ctx = { trunc: !opts.noTrunc, now: opts.now ?? Date.now(), zone: opts.zone ?? goLocalZone() };
  const expand: ExpandOptions = { digests: opts.digests, formatUsesDigest: format.includes('{{.Digest}}') };

  const all = images.flatMap((img) => expandImage(img, expand));
  let body = '';
  for (const row of opts.only ? rowsByKeys(all, opts.only, opts.digests) : all) {
    try {
      body += tmpl.execute(imageContextValue(row, ctx)) + '\n';
    } catch (e) {
      // Nothing reaches stdout: the CLI buffers rows and fails before printing any.
      if (e instanceof GoTemplateError) throw new FormatError(templateErrorMessage(e));
      throw e;
    }
  }
  if (!isTableFormat(format)) return body;

  // The header row runs the same template on the header map with identity functions; Go
  // ignores its error and keeps whatever it wrote before failing.
  let header: ByteString;
  try {
    header = tmpl.execute(imageHeaderValue(), HEADER_FUNCTIONS);
  } catch (e) {
    if (!(e instanceof GoTemplateError)) throw e;
    header = e.partial;
  }
  return tabwrite(header + '\n' + body);
}

/**
 * The rendered rows behind the UI rows `keys`, in the keys' order. Without --digests the UI lists a
 * tag once (digest `<none>`) while a `{{.Digest}}` format crosses it with the image's digests, so
 * keys then match on id, repository and tag: every rendered row of that UI row. With --digests both
 * expand alike and the whole key matches. Keys of rows gone since the list match nothing.
 */
function rowsByKeys(rows: ImageRowRef[], keys: readonly string[], digests: boolean): ImageRowRef[] {
  const match = (key: string) => (digests ? key : key.slice(0, key.lastIndexOf('|')));
  const byMatch = new Map<string, ImageRowRef[]>();
  for (const r of rows) {
    const m = match(imageRowKey(r));
    const same = byMatch.get(m);
    if (same) same.push(r);
    else byMatch.set(m, [r]);
  }
  const out: ImageRowRef[] = [];
  for (const key of keys) {
    const m = match(key);
    out.push(...(byMatch.get(m) ?? []));
    // A key given twice renders once.
    byMatch.delete(m);
  }
  return out;
}
