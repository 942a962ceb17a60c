// Owns the Images grid's gesture for image details: a double-click on a row opens its History.
// Kept here so the grid only forwards the event (as edit-grid.ts does for editing gestures).
import type { MouseEvent } from 'react';
import type { AppStore } from '../../store/types';

const ROW_ID_PREFIX = 'image-row-';

export function handleGridDoubleClick(e: MouseEvent<HTMLElement>, store: AppStore): void {
  const rowEl = (e.target as HTMLElement).closest<HTMLElement>(`[role="row"][id^="${ROW_ID_PREFIX}"]`);
  if (!rowEl) return;
  const row = store.getState().images.view[Number(rowEl.id.slice(ROW_ID_PREFIX.length))];
  if (!row) return;
  e.preventDefault();
  // A double-click also selected text in the row; people wanted the image, not the words.
  globalThis.getSelection?.()?.removeAllRanges();
  store.getState().detail.openRow(row.key, 'history');
}
