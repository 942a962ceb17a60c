// Owns the image grid's editing gestures: Delete removes the selection, the Menu key / Shift+F10 /
// right-click open the row menu. Kept here so the grid itself only forwards the events.
import type { KeyboardEvent, MouseEvent } from 'react';
import type { AppStore } from '../../store/types';

const ROW_ID_PREFIX = 'image-row-';

/** Handles an editing key on the grid; true when it did (the caller then prevents the default). */
export function handleGridEditKey(e: KeyboardEvent<HTMLElement>, store: AppStore): boolean {
  const { images, edit } = store.getState();
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  if (e.key === 'Delete' && plain && !e.shiftKey) return edit.openRemove();
  if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey && plain)) {
    const key = images.cursor ?? [...images.selection][0];
    if (!key) return false;
    const index = images.view.findIndex((r) => r.key === key);
    const rect = (document.getElementById(`${ROW_ID_PREFIX}${index}`) ?? e.currentTarget).getBoundingClientRect();
    if (!images.selection.has(key)) images.select(key, 'only');
    edit.openMenu(key, rect.left + 24, rect.top + Math.min(rect.height, 32));
    return true;
  }
  return false;
}

/** Right-click on a row: select it unless it is already part of the selection, then open the menu there. */
export function handleGridContextMenu(e: MouseEvent<HTMLElement>, store: AppStore): void {
  const rowEl = (e.target as HTMLElement).closest<HTMLElement>(`[role="row"][id^="${ROW_ID_PREFIX}"]`);
  if (!rowEl) return;
  const { images, edit } = store.getState();
  const row = images.view[Number(rowEl.id.slice(ROW_ID_PREFIX.length))];
  if (!row) return;
  e.preventDefault();
  if (!images.selection.has(row.key)) images.select(row.key, 'only');
  edit.openMenu(row.key, e.clientX, e.clientY);
}
