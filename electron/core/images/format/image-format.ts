// Owns `docker images` output: the byte-exact rendering of every format the CLI accepts, over the
// CLI's row expansion (image-rows.ts).
import type { ImageInfo } from 'dockerode';
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
import { GoTemplateError } from './go-template';
import { imageContextValue, imageHeaderValue, type ImageRowRef } from './image-context';
import { expandImage, type ExpandOptions, imageRowKey } from './image-rows';
import { goLocalZone } from './local-zone';
import { tabwrite } from './tabwriter';

export { FormatError };
// The row expansion lives in image-rows.ts; these names stay importable from here.
export { expandImageRows, isDangling } from './image-rows';

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
