// The fake `electron` module's native dialogs and notifications (tests/support/fake-electron.ts):
// dialogs answer what the test sets in dialogAnswers (default: cancelled), and stay open while an answer
// is a pending promise; notifications are recorded with whether they were shown.
import { EventEmitter } from 'node:events';

/**
 * What the native dialogs answer, given their options (the last argument, after an optional
 * parent window). Defaults: every dialog is cancelled (a message box answers its button 0).
 */
export interface DialogAnswers {
  save: (options: Record<string, unknown>) => unknown;
  open: (options: Record<string, unknown>) => unknown;
  message: (options: Record<string, unknown>) => unknown;
}

/** The fake's `dialog` export, recording each dialog shown into `dialogs`, and its answers. */
export function createFakeDialogs(dialogs: { kind: string; args: unknown[] }[]) {
  const dialogAnswers: DialogAnswers = {
    save: () => ({ canceled: true }),
    open: () => ({ canceled: true, filePaths: [] }),
    message: () => ({ response: 0, checkboxChecked: false }),
  };
  const dialogCall =
    (kind: keyof DialogAnswers) =>
    (...args: unknown[]) => {
      dialogs.push({ kind, args });
      // A test may answer later (a promise): the dialog stays open until then, as a real one does.
      return Promise.resolve(dialogAnswers[kind]((args[args.length - 1] ?? {}) as Record<string, unknown>));
    };

  const dialog = {
    showSaveDialog: dialogCall('save'),
    showOpenDialog: dialogCall('open'),
    showMessageBox: dialogCall('message'),
  };
  return { dialog, dialogAnswers };
}

/** The fake's Notification class, recording each one into `notifications`. */
export function fakeNotificationClass(notifications: { options: unknown; shown: boolean }[]) {
  class Notification extends EventEmitter {
    private readonly record: { options: unknown; shown: boolean };
    static isSupported() {
      return true;
    }
    constructor(options: unknown) {
      super();
      this.record = { options, shown: false };
      notifications.push(this.record);
    }
    show() {
      this.record.shown = true;
    }
  }

  return Notification;
}
