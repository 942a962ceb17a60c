// Owns the pure parts of "Copy to registry…": what a local image row copies from (its tagged name,
// a Docker Hub one included), the dialog's fields checked and turned into exactly the `registry.copy`
// request of shared/registry-copy.ts, and what a finished copy job reports. Type-only imports of the
// contract: the store loads this slice's module with the first view, and the contract's zod must not come with it.
import type { ImageRow, JobSnapshot } from '../../../../shared/contract';
import type { RegistryCopyJobResult, RegistryCopyRequest } from '../../../../shared/registry-copy';
import { InvalidReferenceError, parseNormalizedNamed } from '../../../../shared/reference';

/** What a copy reads from: a registry's repository and the tags asked for (absent: every tag). */
export interface CopySource {
  host: string;
  repository: string;
  tags?: string[];
}

/** The dialog's fields as typed. */
export interface CopyDraft {
  targetHost: string;
  targetRepository: string;
  /** Empty: the index whole, every platform kept. */
  platform: string;
}

/** What is wrong with a field, as an i18n key under `registryCopy.invalid`. */
export type CopyFieldErrors = Partial<
  Record<'tags' | 'targetHost' | 'targetRepository' | 'platform', 'tags' | 'host' | 'repository' | 'platform' | 'same'>
>;

/** Platforms offered in the field's list (any other `os/arch[/variant]` can be typed). */
export const COMMON_PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'linux/ppc64le', 'linux/s390x'];

// The contract's bounds (shared/registry-copy.ts), checked here so a mistake is said beside its field.
const HOST_MAX = 512;
const REPOSITORY_MAX = 1024;
/** host[:port]: a DNS name or IPv4 address, or a bracketed IPv6 one, as docker names registries. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::[0-9]{1,5})?$/i;
/** The reference grammar's path: lower-case components joined by `/` (shared/reference.ts). */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
/** `os/arch[/variant]`, the contract's pattern. */
const PLATFORM = /^[a-z0-9_.-]+\/[a-z0-9_.-]+(\/[a-z0-9_.-]+)?$/;

/**
 * Where a local image row's name says it came from, read as the CLI reads it (ParseNormalizedNamed):
 * `host/path:tag`, and a Docker Hub name in full (`nginx` is docker.io's `library/nginx`; mirroring
 * Hub images into a private registry is the copy's main use); null for an untagged row, one with no
 * name, or a name the grammar refuses.
 */
export function sourceOfRow(row: Pick<ImageRow, 'repository' | 'tag'>): CopySource | null {
  if (row.repository === '<none>' || row.tag === '<none>' || row.tag === '') return null;
  try {
    const ref = parseNormalizedNamed(`${row.repository}:${row.tag}`);
    if (ref.tag !== row.tag || ref.digest !== undefined) return null;
    return { host: ref.domain, repository: ref.path, tags: [row.tag] };
  } catch (err) {
    if (err instanceof InvalidReferenceError) return null;
    throw err;
  }
}

/**
 * The fields filled in when the dialog opens: the registry the last copy went to (unless the tags
 * are read from there now), the same repository path.
 */
export const initialDraft = (source: CopySource, lastTargetHost: string | null = null): CopyDraft => ({
  targetHost: lastTargetHost !== null && lastTargetHost !== source.host ? lastTargetHost : '',
  targetRepository: source.repository,
  platform: '',
});

/**
 * The request the dialog sends, exactly the contract's (`tags` only when some were named, `platform`
 * only when one was typed), or what is wrong with the fields.
 */
export function copyRequest(
  source: CopySource,
  draft: CopyDraft,
): { ok: true; request: RegistryCopyRequest } | { ok: false; errors: CopyFieldErrors } {
  const errors: CopyFieldErrors = {};
  const host = draft.targetHost.trim().replace(/\/+$/, '');
  const repository = draft.targetRepository.trim().replace(/^\/+|\/+$/g, '');
  const platform = draft.platform.trim();
  if (!HOST.test(host) || host.length > HOST_MAX) errors.targetHost = 'host';
  if (!REPOSITORY.test(repository) || repository.length > REPOSITORY_MAX) errors.targetRepository = 'repository';
  else if (!errors.targetHost && host === source.host && repository === source.repository) errors.targetRepository = 'same';
  if (platform !== '' && (!PLATFORM.test(platform) || platform.length > 64)) errors.platform = 'platform';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const request: RegistryCopyRequest = {
    source: { host: source.host, repository: source.repository, ...(source.tags ? { tags: [...source.tags] } : {}) },
    target: { host, repository },
  };
  if (platform !== '') request.platform = platform;
  return { ok: true, request };
}

/**
 * A whole repository's copy narrowed to the tags ticked among those the browser listed: while every
 * one is, the copy stays "every tag" (no `tags`: core lists them again, new ones included); null
 * when none is. A copy of named tags stays as it is.
 */
export function narrowSource(source: CopySource, knownTags: readonly string[] | undefined, chosen: ReadonlySet<string>): CopySource | null {
  if (source.tags || !knownTags || knownTags.every((t) => chosen.has(t))) return source;
  const tags = knownTags.filter((t) => chosen.has(t));
  return tags.length === 0 ? null : { ...source, tags };
}

/** The tags the Copy as lines name: those asked for, or every tag the browser listed for a whole repository. */
export const tagsOfCopy = (source: CopySource, knownTags: readonly string[] = []): string[] => source.tags ?? [...knownTags];

/** A succeeded copy job's result, when the job is one and carries it. */
export function copyResultOf(job: Pick<JobSnapshot, 'kind' | 'state' | 'result'>): RegistryCopyJobResult | null {
  if (job.kind !== 'copy' || job.state !== 'succeeded' || !job.result || typeof job.result !== 'object') return null;
  const r = job.result as Partial<RegistryCopyJobResult>;
  const b = r.blobs;
  if (!Array.isArray(r.tags) || !b || typeof b.uploaded !== 'number' || typeof b.skipped !== 'number' || typeof b.mounted !== 'number')
    return null;
  return r as RegistryCopyJobResult;
}

/** The counts the summary line says ("2 tags copied, 3 blobs uploaded, 1 skipped, 0 mounted"). */
export function copyCounts(result: RegistryCopyJobResult): { tags: number; uploaded: number; skipped: number; mounted: number } {
  return { tags: result.tags.length, uploaded: result.blobs.uploaded, skipped: result.blobs.skipped, mounted: result.blobs.mounted };
}
