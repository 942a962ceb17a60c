// Owns listing images from the engine with the docker CLI's options (-a, --filter ...),
// including `until`, which engines older than API 1.44 reject and core then applies itself.
import type Dockerode from 'dockerode';
import type { ImageInfo } from 'dockerode';
import { apiAtLeast, UNTIL_FILTER_API } from '../../../shared/image-filters';
import { CoreError } from '../engine/engine-errors';
import { filtersToEngineJson, parseFilters, parseTimestamp } from './filters';

export interface ListImagesOptions {
  all: boolean;
  /** `--filter` values as typed on the CLI. */
  filters: readonly string[];
  /** The engine's API version if known (saves a round trip). */
  apiVersion?: string;
  /** For tests: the clock used for relative `until` values, unix seconds. */
  nowSeconds?: number;
}

const apiVersionCache = new WeakMap<Dockerode, Promise<string>>();

async function engineApiVersion(docker: Dockerode): Promise<string> {
  let cached = apiVersionCache.get(docker);
  if (!cached) {
    cached = docker.version().then((v) => v.ApiVersion);
    apiVersionCache.set(docker, cached);
    cached.catch(() => apiVersionCache.delete(docker));
  }
  return cached;
}

/**
 * GET /images/json with the CLI's filter semantics. Engine errors (e.g. `Invalid filter 'x'`)
 * propagate as dockerode errors carrying the engine's message.
 */
export async function listImageSummaries(docker: Dockerode, opts: ListImagesOptions): Promise<ImageInfo[]> {
  const filters = parseFilters(opts.filters);
  const until = filters.get('until');
  let clientSideUntil: number | undefined;
  if (until) {
    const apiVersion = opts.apiVersion ?? (await engineApiVersion(docker));
    if (!apiAtLeast(apiVersion, UNTIL_FILTER_API)) {
      const now = opts.nowSeconds ?? Date.now() / 1000;
      // Several `until` values: every one must hold, so the earliest wins.
      clientSideUntil = Math.min(...until.map((v) => parseTimestamp(v, now)));
      filters.delete('until');
    }
  }
  const query: Record<string, unknown> = {};
  if (opts.all) query.all = true;
  if (filters.size > 0) query.filters = JSON.stringify(filtersToEngineJson(filters));
  const images = await docker.listImages(query as Dockerode.ListImagesOptions);
  if (clientSideUntil === undefined) return images;
  const limit = clientSideUntil;
  return images.filter((img) => img.Created < limit);
}

export function assertNotBlank(name: string): void {
  if (name.trim() === '') throw new CoreError('INVALID_ARGUMENT', 'image name cannot be blank');
}
