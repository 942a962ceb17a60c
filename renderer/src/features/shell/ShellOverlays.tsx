// Owns what the desktop shell's features add to the window: the keyboard shortcuts (installed on
// the document), answers to focus requests (Ctrl+F's filter field, a notification's job) and the
// Settings dialog.
import { useEffect } from 'react';
import { installShortcuts } from './keyboard';
import { useApp, useAppStore } from '../../store/use-app';
import { SettingsDialog } from './SettingsDialog';
import i18next from 'i18next';
import { jobTitle } from '../jobs/job-titles';

/** Frames a focus request waits for its view to render (about 5 s at 60 frames a second). */
const VIEW_WAIT_FRAMES = 300;

/** Focuses what the last command asked for, once the view that holds it has rendered. */
function useFocusRequests() {
  const store = useAppStore();
  const focus = useApp((s) => s.ui.focus);
  useEffect(() => {
    if (!focus) return;
    let frame = 0;
    let frames = 0;
    const answer = () => {
      if (focus.target === 'filter') {
        const field = document.querySelector<HTMLInputElement>('.images-view input[type="search"]');
        field?.focus();
        field?.select();
        return;
      }
      // The Jobs view's code loads on demand (AppLazy.tsx): wait for the view, a few seconds at most.
      if (!document.querySelector('.jobs-view') && ++frames < VIEW_WAIT_FRAMES) {
        frame = requestAnimationFrame(answer);
        return;
      }
      const job = focus.jobId ? store.getState().jobs.byId[focus.jobId] : undefined;
      // Job rows are named by their title in the UI's language (JobRow).
      const title = job ? jobTitle(job, i18next.t) : undefined;
      const row = title
        ? [...document.querySelectorAll<HTMLElement>('.jobs-view li.job')].find((li) => li.getAttribute('aria-label') === title)
        : undefined;
      row?.scrollIntoView({ block: 'nearest' });
      row?.classList.add('job-shown');
      setTimeout(() => row?.classList.remove('job-shown'), 2000);
    };
    frame = requestAnimationFrame(answer);
    return () => cancelAnimationFrame(frame);
  }, [focus, store]);
}

export function ShellOverlays() {
  const store = useAppStore();
  useEffect(() => installShortcuts(store), [store]);
  useFocusRequests();
  return <SettingsDialog />;
}
