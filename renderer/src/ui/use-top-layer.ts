// Owns keeping a notifications region above modal dialogs. A modal <dialog> sits in the browser's
// top layer, above any z-index, and dims the page with its backdrop; a toast under it could not be
// read. So the region is a manual popover (also top layer), shown again whenever a dialog opens,
// which puts it back on top of the newest dialog and its backdrop.
import { useEffect, useState } from 'react';

/** A ref for the region (it may mount later, when its first toast comes). */
export function useTopLayer(): (el: HTMLElement | null) => void {
  const [el, setEl] = useState<HTMLElement | null>(null);
  useEffect(() => {
    // A browser without popovers keeps the region's z-index, under dialogs as before.
    if (!el || typeof el.showPopover !== 'function') return;
    const raise = () => {
      if (!el.isConnected) return;
      if (el.matches(':popover-open')) el.hidePopover();
      el.showPopover();
    };
    raise();
    const watcher = new MutationObserver((records) => {
      if (records.some((r) => r.target instanceof HTMLDialogElement && r.target.open)) raise();
    });
    watcher.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['open'] });
    return () => watcher.disconnect();
  }, [el]);
  return setEl;
}
