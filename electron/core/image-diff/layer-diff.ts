// Owns the layers half of an image diff: both images' layers by position, bottom first. A layer
// is shared only while every layer below it is too (the same chain: the engine keeps it once); the
// same diff_id over a different chain is another layer on disk, so it reads as different.
import type { DiffLayerSide, LayerDiffRow } from '../../../shared/image-diff';

export function layerDiff(left: readonly DiffLayerSide[], right: readonly DiffLayerSide[]): LayerDiffRow[] {
  const rows: LayerDiffRow[] = [];
  let chainShared = true;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    if (l && r) {
      chainShared = chainShared && l.diffId === r.diffId;
      rows.push({ index: i, status: chainShared ? 'shared' : 'different', left: l, right: r });
    } else {
      rows.push({ index: i, status: l ? 'left' : 'right', ...(l ? { left: l } : { right: r }) });
    }
  }
  return rows;
}
