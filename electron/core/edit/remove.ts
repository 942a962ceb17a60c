// Owns `docker rmi [--force] [--no-prune] image...`: every item removed on its own with the engine's
// records printed as the CLI prints them, refusals turned into structured conflicts, what undo can
// restore, and the plan shown before anything is removed.
import type Dockerode from 'dockerode';
import type { RemoveConflict, RemoveItemResult, RemovePlan, RemovePlanItem, RemoveResult } from '../../../shared/contract';
import { engineCall } from '../engine/engine-api';
import { containerPath, imagePath } from '../engine/engine-name';
import { isAbortError, isUnreachableError, toContractError } from '../engine/engine-errors';
import { layerSizes, loadImageStoreModel } from './image-store-load';
import { SimulatedError, type DeleteRecord } from './image-store-model';

export interface RemoveOptions {
  force: boolean;
  /** `--no-prune`: keep untagged parents. */
  noPrune: boolean;
}

interface DeleteResponseItem {
  Untagged?: string;
  Deleted?: string;
}

/** cli/command/image/remove.go: `Deleted: x` when the record deletes, otherwise `Untagged: x`. */
export function rmiLines(records: readonly DeleteResponseItem[]): string[] {
  return records.map((r) => (r.Deleted ? `Deleted: ${r.Deleted}` : `Untagged: ${r.Untagged ?? ''}`));
}

const DELETE_CONFLICT = /^conflict: unable to delete ([0-9a-f]+) \((must be forced|cannot be forced)\) - (.*)$/s;
const REFERENCE_CONFLICT =
  /^conflict: unable to remove repository reference "(.*)" \(must force\) - container ([0-9a-f]+) is using its referenced image ([0-9a-f]+)$/s;

/** Reads the engine's refusal of one DELETE /images/{name} into a structured conflict. */
export function classifyRemoveError(status: number | undefined, message: string): RemoveConflict | undefined {
  if (status === 404) return { kind: 'not-found', canForce: false };
  const d = DELETE_CONFLICT.exec(message);
  if (d) {
    const [, imageId, forced, what] = d;
    if (what === 'image is referenced in multiple repositories') {
      return { kind: 'multiple-repositories', canForce: true, forceEffect: 'delete', imageId };
    }
    if (what === 'image has dependent child images') return { kind: 'child-images', canForce: false, imageId };
    const c = /^image is being used by (running|stopped) container ([0-9a-f]+)$/.exec(what);
    if (c) {
      const running = c[1] === 'running';
      return {
        kind: running ? 'running-container' : 'stopped-container',
        canForce: forced === 'must be forced',
        ...(running ? {} : { forceEffect: 'delete' as const }),
        imageId,
        containerId: c[2],
      };
    }
    return undefined;
  }
  const r = REFERENCE_CONFLICT.exec(message);
  if (r) {
    // Which kind depends on the container's state, looked up by the caller.
    return { kind: 'stopped-container', canForce: true, reference: r[1], containerId: r[2], imageId: r[3] };
  }
  return undefined;
}

/** Adds the container's name, and for a refused untag whether force would delete or only untag. */
async function describeContainer(docker: Dockerode, conflict: RemoveConflict, byReference: boolean): Promise<void> {
  if (!conflict.containerId) return;
  try {
    const c = await engineCall<{ Name?: string; State?: { Running?: boolean } }>(docker, {
      method: 'GET',
      path: containerPath(conflict.containerId, '/json'),
    });
    if (c?.Name) conflict.containerName = c.Name.replace(/^\//, '');
    if (byReference) {
      const running = c?.State?.Running === true;
      conflict.kind = running ? 'running-container' : 'stopped-container';
      conflict.forceEffect = running ? 'untag' : 'delete';
    }
  } catch {
    // The container may be gone by now; the ID from the engine's message is still right.
  }
}

async function inspectId(docker: Dockerode, name: string): Promise<string | undefined> {
  try {
    return (await engineCall<{ Id: string }>(docker, { method: 'GET', path: imagePath(name, '/json') })).Id;
  } catch {
    return undefined;
  }
}

/** Removes one image the way `docker rmi` does for one argument. Never throws for engine refusals. */
export async function removeOne(docker: Dockerode, name: string, opts: RemoveOptions): Promise<RemoveItemResult> {
  // Known before the removal, so an untag-only result can be undone (re-tag the same ID).
  const imageId = await inspectId(docker, name);
  try {
    const records =
      (await engineCall<DeleteResponseItem[]>(docker, {
        method: 'DELETE',
        path: imagePath(name),
        query: { force: opts.force, noprune: opts.noPrune },
      })) ?? [];
    const untagged = records.filter((r) => !r.Deleted && r.Untagged).map((r) => r.Untagged as string);
    const deleted = records.filter((r) => r.Deleted).map((r) => r.Deleted as string);
    const result: RemoveItemResult = { name, ok: true, lines: rmiLines(records), untagged, deleted };
    if (imageId) result.imageId = imageId;
    if (imageId && !deleted.includes(imageId) && untagged.length > 0) {
      result.undo = {
        imageId,
        references: untagged.filter((u) => !u.includes('@')),
        lostDigests: untagged.filter((u) => u.includes('@')),
      };
    }
    return result;
  } catch (err) {
    // No engine at all is not an answer about this image: fail the whole request (the core then re-checks the engine).
    if (isUnreachableError(err) || isAbortError(err)) throw err;
    const error = toContractError(err);
    const status = (err as { statusCode?: number }).statusCode;
    const result: RemoveItemResult = {
      name,
      ok: false,
      lines: [],
      untagged: [],
      deleted: [],
      error,
      // The docker CLI prefixes every daemon answer this way, 404 included.
      errorLine: status !== undefined ? `Error response from daemon: ${error.message}` : error.message,
    };
    if (imageId) result.imageId = imageId;
    const conflict = status !== undefined ? classifyRemoveError(status, error.message) : undefined;
    if (conflict) {
      await describeContainer(docker, conflict, conflict.reference !== undefined);
      result.conflict = conflict;
      error.detail = { ...error.detail, conflict: conflict.kind, canForce: conflict.canForce };
    }
    return result;
  }
}

/** `docker rmi a b c`: in order, each on its own; one failure does not stop the rest. */
export async function removeImages(docker: Dockerode, names: readonly string[], opts: RemoveOptions): Promise<RemoveResult> {
  const items: RemoveItemResult[] = [];
  for (const name of names) items.push(await removeOne(docker, name, opts));
  const failures = items.filter((i) => !i.ok);
  const fatal = failures.some((i) => i.conflict?.kind !== 'not-found');
  const exitCode = failures.length > 0 && (!opts.force || fatal) ? 1 : 0;
  return { items, exitCode };
}

const PLAN_NOTE =
  'Derived from the image and container lists; the engine decides when it removes (a container started or an image tagged meanwhile changes the outcome).';

/**
 * What `docker rmi` would do with these arguments, replayed on a model of the engine's store:
 * for each item the names that go, the images deleted (with pruned parents), the layers freed,
 * or the refusal. Items see the effect of the ones before them, as the CLI runs them in order.
 */
export async function planRemove(docker: Dockerode, names: readonly string[], opts: RemoveOptions): Promise<RemovePlan> {
  const original = await loadImageStoreModel(docker);
  const model = original.clone();
  const items: RemovePlanItem[] = [];
  const allLayers: string[] = [];
  for (const name of names) {
    const item: RemovePlanItem = {
      name,
      untag: [],
      delete: [],
      layers: [],
      spaceFreed: 0,
      lines: [],
      irreversible: false,
      undoable: false,
    };
    try {
      item.imageId = model.resolve(name).id;
      const records: DeleteRecord[] = model.imageDelete(name, opts.force, !opts.noPrune);
      item.lines = rmiLines(records.map((r) => ('untagged' in r ? { Untagged: r.untagged } : { Deleted: r.deleted })));
      for (const r of records) {
        if ('untagged' in r) item.untag.push(r.untagged);
        else if (original.images.has(r.deleted)) item.delete.push(r.deleted);
        else item.layers.push(r.deleted);
      }
    } catch (err) {
      if (!(err instanceof SimulatedError)) throw err;
      item.message = err.message;
      if (err.conflict) item.conflict = err.conflict;
    }
    item.irreversible = item.delete.length > 0;
    item.undoable = !item.irreversible && item.untag.some((u) => !u.includes('@'));
    allLayers.push(...item.layers);
    items.push(item);
  }
  const { sizes } = await layerSizes(docker, model, original, allLayers);
  for (const item of items) item.spaceFreed = item.layers.reduce((sum, l) => sum + (sizes.get(l) ?? 0), 0);
  return {
    bestEffort: true,
    note: PLAN_NOTE,
    items,
    spaceFreed: items.reduce((sum, i) => sum + i.spaceFreed, 0),
    irreversible: items.some((i) => i.irreversible),
  };
}
