// Owns what the pull dialog works out from the text typed (pure, no store): which registry and
// repository it names (so their tags can be listed), which tag, the order the tags are shown in, the
// filter, and the platforms a picker offers.
import { isPlatform, platformString } from '../../../../shared/platform';
import { DEFAULT_DOMAIN, parseNormalizedNamed } from '../../../../shared/reference';
import type { RegistryPlatforms } from '../../../../shared/registries';

/** What the typed reference names, when it is one (a digest reference has no tag to list or pick). */
export interface TypedRepository {
  /** host[:port] as registry channels take it (`docker.io` for Docker Hub). */
  host: string;
  /** The path in that registry (`library/busybox` for `busybox`). */
  repository: string;
  /** The name as typed, without its tag: what a picked tag is appended to. */
  name: string;
  tag?: string;
  digest?: string;
}

/** The registry and repository a typed reference names; null while the text is no reference. */
export function typedRepository(text: string): TypedRepository | null {
  const s = text.trim();
  if (s === '') return null;
  try {
    const ref = parseNormalizedNamed(s);
    const at = s.indexOf('@');
    const beforeDigest = at === -1 ? s : s.slice(0, at);
    const name = ref.tag === undefined ? beforeDigest : beforeDigest.slice(0, beforeDigest.lastIndexOf(':'));
    const out: TypedRepository = { host: ref.domain || DEFAULT_DOMAIN, repository: ref.path, name };
    if (ref.tag !== undefined) out.tag = ref.tag;
    if (ref.digest !== undefined) out.digest = ref.digest;
    return out;
  } catch {
    return null;
  }
}

/** One string per question, so a debounced ask repeats only when the question changes ('' asks nothing). */
export const tagsKey = (r: TypedRepository | null): string => (r ? `${r.host}/${r.repository}` : '');
export const platformsKey = (r: TypedRepository | null): string =>
  r && r.tag !== undefined && r.digest === undefined ? `${r.host}/${r.repository}:${r.tag}` : '';

const collator = new Intl.Collator('en', { numeric: true });

/**
 * The order tags are listed in. The v2 API gives names only, no dates (newest-first would need Docker
 * Hub's own API), so: `latest` first, then by name descending with numbers compared as numbers
 * (1.10 before 1.9, 10 before 9); equal-looking names (`01`, `1`) fall back to plain text order.
 */
export function compareTags(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'latest') return -1;
  if (b === 'latest') return 1;
  return collator.compare(b, a) || (a < b ? 1 : -1);
}

export const sortTags = (tags: readonly string[]): string[] => [...new Set(tags)].sort(compareTags);

/** Tags holding the filter text (case-insensitive); a blank filter keeps all. */
export function filterTags(tags: readonly string[], filter: string): string[] {
  const f = filter.trim().toLowerCase();
  return f === '' ? [...tags] : tags.filter((t) => t.toLowerCase().includes(f));
}

/** What the tag list shows at most at once; the filter narrows the rest. */
export const SHOWN_TAGS = 200;

/** The reference once a tag is picked from the list: the typed name with that tag. */
export const withTag = (r: TypedRepository, tag: string): string => `${r.name}:${tag}`;

/** The engine's own platform (engine status), as `--platform` writes it; null when unknown. */
export function enginePlatform(status: { os?: string; arch?: string } | null | undefined): string | null {
  if (!status?.os || !status.arch) return null;
  const p = `${status.os}/${status.arch}`;
  return isPlatform(p) ? p : null;
}

/**
 * The picker's options for an index besides its first, the engine's own (what a pull without
 * `--platform` gets): the index's other entries in its order. Null when the tag is no index.
 */
export function platformChoices(answer: RegistryPlatforms | null, engine: string | null): string[] | null {
  if (!answer?.index) return null;
  return [...new Set(answer.platforms.map(platformString))].filter((v) => v !== engine);
}

/** Whether the index has an entry for the engine's own platform (os/arch, any variant). */
export function indexHasPlatform(answer: RegistryPlatforms, platform: string): boolean {
  return answer.platforms.some((p) => platformString(p) === platform || `${p.os}/${p.architecture}` === platform);
}
