// Owns the bridge's compact form of an images.list answer (issue #15, cold start). As plain JSON a
// 5,000-tag list is 2.4 MB: every row repeats its image's ID, sizes, labels and parent, and its
// key repeats ID, repository, tag and digest again. The bridge stringified it, the browser received,
// decoded and parsed it, all before the first row could paint (bench:startup traced 85 + 130 ms of it
// on a loaded machine). Packed, each image's fields travel once per run of its rows, repository and
// digest texts once each, and keys not at all (they are rebuilt as core makes them): about 30 times
// smaller. Unpacking gives rows equal, field by field and in the same order, to what core answered;
// a list that does not fit these assumptions (a key made otherwise) is simply not packed.
import type { ImageListResult, ImageRow } from './contract';

/** The ImageRow fields every row of one image repeats. */
type ImageFields = Omit<ImageRow, 'key' | 'repository' | 'tag' | 'digest'>;

/** A run of consecutive rows from one image: its fields, and how many rows follow in `cells`. */
export interface PackedRun extends ImageFields {
  rows: number;
}

export interface PackedImageList {
  imageCount: number;
  runs: PackedRun[];
  /** Repository and digest texts, each once, in order of first use. */
  names: string[];
  /** Three entries per row, in row order: repository (index into names), tag, digest (index into names). */
  cells: (number | string)[];
}

/** The ResultFrame marker of a packed images.list answer (the client asked with `encoding`). */
export const PACKED_IMAGE_LIST = 'images.list/packed-v1' as const;

/** The key core gives every row (electron/core/images/format/image-rows.ts, imageRowKey). */
const keyOf = (id: string, repository: string, tag: string, digest: string): string => `${id}|${repository}|${tag}|${digest}`;

function sameImage(a: ImageFields, b: ImageRow): boolean {
  return (
    a.id === b.id &&
    a.created === b.created &&
    a.size === b.size &&
    a.virtualSize === b.virtualSize &&
    a.sharedSize === b.sharedSize &&
    a.containers === b.containers &&
    // Core gives every row of an image the same labels object; other equal labels only cost a run.
    a.labels === b.labels &&
    a.parentId === b.parentId &&
    a.dangling === b.dangling
  );
}

/** The packed form, or null when a row's key is not the one core makes (then the list travels as is). */
export function packImageList(list: ImageListResult): PackedImageList | null {
  const runs: PackedRun[] = [];
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const cells: (number | string)[] = [];
  const indexOf = (text: string): number => {
    let i = nameIndex.get(text);
    if (i === undefined) {
      i = names.length;
      names.push(text);
      nameIndex.set(text, i);
    }
    return i;
  };
  let run: PackedRun | undefined;
  for (const row of list.rows) {
    if (row.key !== keyOf(row.id, row.repository, row.tag, row.digest)) return null;
    if (run === undefined || !sameImage(run, row)) {
      const { id, created, size, virtualSize, sharedSize, containers, labels, parentId, dangling } = row;
      run = { rows: 0, id, created, size, virtualSize, sharedSize, containers, labels, parentId, dangling };
      runs.push(run);
    }
    run.rows++;
    cells.push(indexOf(row.repository), row.tag, indexOf(row.digest));
  }
  return { imageCount: list.imageCount, runs, names, cells };
}

/** The rows core answered, rebuilt: the same fields in the same order; one labels object per run. */
export function unpackImageList(packed: PackedImageList): ImageListResult {
  const { runs, names, cells } = packed;
  const total = runs.reduce((n, r) => n + r.rows, 0);
  if (cells.length !== total * 3) throw new Error(`packed images list: ${cells.length} cells for ${total} rows`);
  const rows: ImageRow[] = new Array<ImageRow>(total);
  let at = 0;
  for (const run of runs) {
    const { id, created, size, virtualSize, sharedSize, containers, labels, parentId, dangling } = run;
    for (let i = 0; i < run.rows; i++, at++) {
      const repository = names[cells[3 * at] as number];
      const tag = cells[3 * at + 1] as string;
      const digest = names[cells[3 * at + 2] as number];
      if (typeof repository !== 'string' || typeof tag !== 'string' || typeof digest !== 'string')
        throw new Error(`packed images list: row ${at} does not read as names`);
      rows[at] = {
        key: keyOf(id, repository, tag, digest),
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
        dangling,
      };
    }
  }
  return { rows, imageCount: packed.imageCount };
}
