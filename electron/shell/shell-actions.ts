// Owns what the tray's and the application menu's items do. Every action goes through the same
// contract the window uses (core.handle, through the transfer edge for the native open dialog);
// Electron's pieces (window, dialogs, shell) come in as ports, so Node tests run the real logic.
import type { PrunePlan, Result, UiCommand } from '../../shared/contract';
import { humanSize } from '../../shared/docker-units';
import { isAllowedExternalLink } from './external-links';
import type { ShellAction } from './menu-spec';
import type { ShellStrings } from './shell-strings';
import { clipboardReferenceOffer } from '../../shared/clipboard-reference';

export interface ShellPorts {
  /** core.handle behind the transfer edge (dialogs.openTars is answered there). */
  handle(channel: string, request: unknown): Promise<Result<unknown>>;
  showWindow(): void;
  /** Shows the window and sends it a ui.command. */
  sendUi(command: UiCommand): void;
  /** A native question; resolves true when the person confirmed. */
  confirm(question: { message: string; detail: string; confirm: string; cancel: string }): Promise<boolean>;
  /** A native message for a failure the person must hear about (the window may be hidden). */
  showError(message: string): void;
  showInfo(message: string): void;
  openExternal(url: string): Promise<void>;
  quit(): void;
  /** The clipboard's text now, read only when Pull image… is chosen (clipboardReferenceOffer decides what is offered). */
  readClipboardText(): string;
}

export type ShellActionRunner = (action: ShellAction) => Promise<void>;

export function createShellActions(ports: ShellPorts, strings: () => ShellStrings): ShellActionRunner {
  /** Runs a request; a failure is shown (these actions have no page to show it in) and ends the action. */
  async function call<T>(channel: string, request: unknown): Promise<T | undefined> {
    const r = await ports.handle(channel, request);
    if (r.ok) return r.value as T;
    ports.showError(strings().actionFailed(r.error.message));
    return undefined;
  }

  async function prune(): Promise<void> {
    const t = strings();
    const plan = await call<PrunePlan>('images.prunePlan', {});
    if (!plan) return;
    if (plan.images.length === 0) {
      ports.showInfo(t.nothingToPrune);
      return;
    }
    const ok = await ports.confirm({
      message: plan.warning,
      detail: t.pruneDetail(humanSize(plan.spaceReclaimed), plan.images.length),
      confirm: t.pruneConfirm,
      cancel: t.pruneCancel,
    });
    if (ok) await call('images.prune', {});
  }

  async function loadTars(): Promise<void> {
    const chosen = await call<{ paths: string[] }>('dialogs.openTars', {});
    if (!chosen || chosen.paths.length === 0) return;
    // The job's progress shows in the tray; its end, as a notification when the window is away.
    await call('images.load', { paths: chosen.paths });
  }

  return async (action) => {
    switch (action.kind) {
      case 'open':
        ports.showWindow();
        return;
      case 'ui': {
        const c = action.command;
        const offer = c.command === 'pull' && !c.reference ? clipboardReferenceOffer(ports.readClipboardText()) : undefined;
        ports.sendUi(offer ? { ...c, reference: offer } : c);
        return;
      }
      case 'loadTars':
        return loadTars();
      case 'pushLocal':
        await call('localRegistry.push', { image: action.image });
        return;
      case 'deployRegistry':
        await call('localRegistry.deploy', {});
        return;
      case 'startRegistry':
        await call('localRegistry.start', {});
        return;
      case 'stopRegistry':
        await call('localRegistry.stop', {});
        return;
      case 'prune':
        return prune();
      case 'reconnect':
        await call('engine.reconnect', {});
        return;
      case 'openExternal':
        if (isAllowedExternalLink(action.url)) await ports.openExternal(action.url);
        return;
      case 'quit':
        ports.quit();
        return;
    }
  };
}
