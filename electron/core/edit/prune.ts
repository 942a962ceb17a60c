// Owns `docker image prune [-a] [--filter …]`: reading the filters as the engine does, a dry run
// computed here (the same rules replayed on a model of the store, with the layer sizes the engine
// would count) and the prune itself with the engine's SpaceReclaimed.
import type Dockerode from 'dockerode';
import type { PrunePlan, PruneResult } from '../../../shared/contract';
import { humanSize } from '../../../shared/docker-units';
import { engineCall } from '../engine/engine-api';
import { CoreError } from '../engine/engine-errors';
import { filtersToEngineJson, parseFilters, parseTimestamp, type FilterMap } from '../images/filters';
import { layerSizes, loadImageStoreModel } from './image-store-load';
import type { PruneSelection } from './image-store-model';

const ACCEPTED = new Set(['label', 'label!', 'until']);

export interface PruneOptions {
  /** `-a`: every image without a container, tagged or not; otherwise dangling images only. */
  all: boolean;
  /** `--filter` values as typed: `until=24h`, `label=a=b`, `label!=keep`. */
  filters: readonly string[];
}

/** The CLI's confirmation prompt (cli/command/image/prune.go). */
export function pruneWarning(all: boolean): string {
  return all
    ? 'WARNING! This will remove all images without at least one container associated to them.'
    : 'WARNING! This will remove all dangling images.';
}

/** The filters checked as the engine checks them; `dangling` is chosen with `all`, as the CLI does. */
export function readPruneFilters(opts: PruneOptions, nowSeconds = Date.now() / 1000): { map: FilterMap; selection: PruneSelection } {
  const map = parseFilters(opts.filters);
  for (const key of map.keys()) {
    if (key === 'dangling') {
      throw new CoreError('INVALID_ARGUMENT', 'choose dangling or all images with "all", not with a dangling filter');
    }
    if (!ACCEPTED.has(key)) throw new CoreError('INVALID_ARGUMENT', `Invalid filter '${key}'`);
  }
  const until = map.get('until');
  if (until && until.length > 1) throw new CoreError('INVALID_ARGUMENT', 'more than one until filter specified');
  const selection: PruneSelection = {
    all: opts.all,
    until: until ? parseTimestamp(until[0], nowSeconds) : undefined,
    labels: map.get('label') ?? [],
    notLabels: map.get('label!') ?? [],
  };
  map.set('dangling', [opts.all ? 'false' : 'true']);
  return { map, selection };
}

/** What `docker image prune -f` prints for an answer. */
export function pruneText(records: readonly { Untagged?: string; Deleted?: string }[], spaceReclaimed: number): string {
  let out = '';
  if (records.length > 0) {
    out += 'Deleted Images:\n';
    for (const r of records) {
      if (r.Untagged) out += `untagged: ${r.Untagged}\n`;
      if (r.Deleted) out += `deleted: ${r.Deleted}\n`;
    }
    out += '\n';
  }
  return `${out}Total reclaimed space: ${humanSize(spaceReclaimed)}\n`;
}

/**
 * The dry run: which images go, what the engine's answer will list and the space it will report.
 * Relative `until` values are read against now, like the engine reads them when the prune runs.
 */
export async function planPrune(docker: Dockerode, opts: PruneOptions): Promise<PrunePlan> {
  const { selection } = readPruneFilters(opts);
  const original = await loadImageStoreModel(docker);
  const model = original.clone();
  const { records, attempted } = model.prune(selection);
  const untagged: string[] = [];
  const deleted: string[] = [];
  for (const r of records) {
    if ('untagged' in r) untagged.push(r.untagged);
    else deleted.push(r.deleted);
  }
  const goneImages = deleted.filter((d) => original.images.has(d));
  const goneLayers = deleted.filter((d) => !original.images.has(d));
  const { sizes, exact } = await layerSizes(docker, model, original, goneLayers);
  const images = goneImages.map((id) => {
    const img = original.images.get(id);
    return {
      id,
      references: img?.refs.map((r) => r.familiar) ?? [],
      created: img?.created ?? 0,
      size: img?.size ?? 0,
      labels: img?.labels ?? {},
    };
  });
  const kept = [...attempted]
    .filter(([id]) => model.images.has(id))
    .map(([id, refusal]) => ({
      id,
      references: original.images.get(id)?.refs.map((r) => r.familiar) ?? [],
      reason: refusal ?? 'kept by the engine',
    }));
  return {
    all: opts.all,
    filters: [...opts.filters],
    images,
    kept,
    untagged,
    deleted,
    spaceReclaimed: goneLayers.reduce((sum, l) => sum + (sizes.get(l) ?? 0), 0),
    sizesExact: exact,
    irreversible: true,
    warning: pruneWarning(opts.all),
  };
}

interface PruneReport {
  ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null;
  SpaceReclaimed: number;
}

/** POST /images/prune with the CLI's filters; the engine's own answer. */
export async function pruneImages(docker: Dockerode, opts: PruneOptions, signal?: AbortSignal): Promise<PruneResult> {
  const { map } = readPruneFilters(opts);
  const report = await engineCall<PruneReport>(docker, {
    method: 'POST',
    path: '/images/prune',
    query: { filters: JSON.stringify(filtersToEngineJson(map)) },
    signal,
  });
  const records = report?.ImagesDeleted ?? [];
  const spaceReclaimed = report?.SpaceReclaimed ?? 0;
  return {
    untagged: records.filter((r) => r.Untagged).map((r) => r.Untagged as string),
    deleted: records.filter((r) => r.Deleted).map((r) => r.Deleted as string),
    spaceReclaimed,
    text: pruneText(records, spaceReclaimed),
  };
}
