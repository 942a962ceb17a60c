// Owns reading one image's layer history (GET /images/{name}/history) and its inspect JSON
// (GET /images/{name}/json), with the name checked against the reference grammar first so nothing
// malformed (or URL-breaking) reaches the engine.
import type Dockerode from 'dockerode';
import type { HistoryRow } from '../../../shared/contract';
import { CoreError } from '../engine/engine-errors';
import { engineImage } from '../engine/engine-name';
import { InvalidReferenceError, parseAnyReference } from '../../../shared/reference';

/** An image as `docker history` / `docker image inspect` take it: name[:tag][@digest], ID or ID prefix. */
export function checkImageArgument(image: string): void {
  try {
    parseAnyReference(image);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new CoreError('INVALID_REFERENCE', e.message);
    throw e;
  }
}

interface EngineHistoryItem {
  Id?: string;
  Created?: number;
  CreatedBy?: string;
  Tags?: string[] | null;
  Size?: number;
  Comment?: string;
}

export function toHistoryRow(h: EngineHistoryItem): HistoryRow {
  return {
    id: h.Id ?? '',
    created: h.Created ?? 0,
    createdBy: h.CreatedBy ?? '',
    tags: h.Tags ?? [],
    size: h.Size ?? 0,
    comment: h.Comment ?? '',
  };
}

/** The engine's history rows, newest layer first; `<missing>` for layers without a local image. */
export async function imageHistory(docker: Dockerode, image: string): Promise<HistoryRow[]> {
  checkImageArgument(image);
  const items = (await engineImage(docker, image).history()) as EngineHistoryItem[];
  return (Array.isArray(items) ? items : []).map(toHistoryRow);
}

/** The engine's inspect JSON for one image, unchanged. */
export async function inspectImage(docker: Dockerode, image: string): Promise<Record<string, unknown>> {
  checkImageArgument(image);
  return (await engineImage(docker, image).inspect()) as unknown as Record<string, unknown>;
}
