// Owns the window-level commands: what Ctrl+F / Ctrl+O / Ctrl+S / Ctrl+P / Delete / F5 / Ctrl+, and
// the main side's 'ui.command' events (application menu, tray, notification clicks) do, in one
// place, so a key press and a menu item can never drift apart (load and save open the transfer
// slice's dialogs). Plus the settings dialog's open
// state and the requests the views answer with focus (the filter field, a job's row).
import type { UiCommand } from '../../../../shared/shell';
import { patcher } from '../../store/patcher';
import type { SliceCreator } from '../../store/types';

export interface FocusRequest {
  target: 'filter' | 'job';
  jobId?: string;
  nonce: number;
}

export interface UiSlice {
  settingsOpen: boolean;
  /** The last thing a command asked to be focused; the view that owns it answers. */
  focus: FocusRequest | null;
  openSettings(): void;
  closeSettings(): void;
  /** Carries out a command; false when there was nothing to do (no selection, feature absent). */
  run(command: UiCommand): boolean;
}

export const createUiSlice: SliceCreator<'ui'> = (set, get) => {
  const patch = patcher(set, get, 'ui');
  let nonce = 0;
  const focus = (target: FocusRequest['target'], jobId?: string) => patch({ focus: { target, jobId, nonce: ++nonce } });
  /** Actions on images act in the Images view; a command from the menu brings it up first. */
  const showImages = () => {
    if (get().settings.view !== 'images') get().settings.setView('images');
  };
  return {
    settingsOpen: false,
    focus: null,
    openSettings() {
      get().edit.closeMenu();
      patch({ settingsOpen: true });
    },
    closeSettings() {
      patch({ settingsOpen: false });
    },
    run(cmd) {
      const s = get();
      switch (cmd.command) {
        case 'focusFilter':
          showImages();
          focus('filter');
          return true;
        case 'load':
          void s.transfer.openLoad();
          return true;
        case 'save':
          return s.transfer.saveSelection();
        case 'pull':
          s.pull.openDialog(cmd.reference ?? '');
          return true;
        case 'remove':
          // Never from another view: Delete there means something else (or nothing).
          if (s.settings.view !== 'images') return false;
          return s.edit.openRemove();
        case 'refresh':
          void s.images.refresh();
          void s.jobs.load();
          return true;
        case 'settings':
          s.ui.openSettings();
          return true;
        case 'showJob':
          s.settings.setView('jobs');
          if (cmd.jobId) focus('job', cmd.jobId);
          return true;
        case 'showView':
          if (!cmd.view) return false;
          s.settings.setView(cmd.view);
          return true;
      }
    },
  };
};
