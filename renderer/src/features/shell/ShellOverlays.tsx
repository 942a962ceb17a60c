// Owns what the desktop shell's features add to the window: the keyboard shortcuts (installed on
// the document), answers to focus requests (Ctrl+F's filter field, a notification's job) and the
// Settings dialog.
import { useEffect } from 'react';
import { installShortcuts } from './keyboard';
import { useApp, useAppStore } from '../../store/use-app';
import { SettingsDialog } from './SettingsDialog';
import i18next from 'i18next';
import { jobTitle } from '../jobs/job-titles';

/** Focuses what the last command asked for, once the view that holds it has rendered. */
function useFocusRequests() {
  const store = useAppStore();
  const focus = useApp((s) => s.ui.focus);
  useEffect(() => {
    if (!focus) return;
    const frame = requestAnimationFrame(() => {
      if (focus.target === 'filter') {
        const field = document.querySelector<HTMLInputElement>('.images-view input[type="search"]');
        field?.focus();
        field?.select();
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
    });
    return () => cancelAnimationFrame(frame);
  }, [focus, store]);
}

export function ShellOverlays() {
  const store = useAppStore();
  useEffect(() => installShortcuts(store), [store]);
  useFocusRequests();
  return <SettingsDialog />;
}
