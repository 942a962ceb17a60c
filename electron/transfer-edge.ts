// Owns the desktop edge of save and load: native dialogs (through the `Dialogs` port, so tests
// stub them and nothing else), and which paths the renderer may hand to images.save. No
// 'electron' import: main.ts passes Electron's dialog in.
import { isAbsolute, join, normalize } from 'node:path';
import { requestSchemas, type Result } from '../shared/contract';
import { defaultTarName } from './core/file-paths';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The part of Electron's `dialog` the edge uses (bound to the app window by main.ts). */
export interface Dialogs {
  showSaveDialog(options: {
    title?: string;
    defaultPath?: string;
    buttonLabel?: string;
    filters?: FileFilter[];
    properties?: Array<'showOverwriteConfirmation' | 'createDirectory'>;
  }): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: {
    title?: string;
    buttonLabel?: string;
    filters?: FileFilter[];
    properties?: Array<'openFile' | 'multiSelections'>;
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface CoreLike {
  handle(channel: string, request: unknown): Promise<Result<unknown>>;
}

export interface TransferEdgeOptions {
  /** Folder the save dialog opens in (Electron: app.getPath('downloads')). */
  defaultDirectory: () => string;
}

export const SAVE_FILTERS: FileFilter[] = [
  { name: 'Tar archive', extensions: ['tar'] },
  { name: 'Gzip-compressed tar', extensions: ['tar.gz', 'tgz'] },
];

export const OPEN_FILTERS: FileFilter[] = [
  { name: 'Image archives', extensions: ['tar', 'gz', 'tgz', 'bz2', 'xz'] },
  { name: 'All files', extensions: ['*'] },
];

const invalid = (message: string): Result<never> => ({ ok: false, error: { code: 'INVALID_ARGUMENT', message } });

/**
 * Wraps `core.handle` for the window's IPC: answers `dialogs.saveTar` and `dialogs.openTars`
 * with native dialogs, and lets `images.save` write only to a path the person picked in a save
 * dialog (once), so a compromised renderer cannot overwrite arbitrary files. Load paths come
 * from dialogs and drops (the preload's getPathForFile) alike; core checks them.
 */
export function createTransferEdge(core: CoreLike, dialogs: Dialogs, opts: TransferEdgeOptions) {
  const chosenSavePaths = new Set<string>();

  async function saveDialog(request: unknown): Promise<Result<unknown>> {
    const parsed = requestSchemas['dialogs.saveTar'].safeParse(request ?? {});
    if (!parsed.success) return invalid('Invalid request for dialogs.saveTar: refs must list 1 to 256 images');
    const { refs } = parsed.data;
    const choice = await dialogs.showSaveDialog({
      title: refs.length === 1 ? `Save ${refs[0]}` : `Save ${refs.length} images`,
      defaultPath: join(opts.defaultDirectory(), defaultTarName(refs)),
      buttonLabel: 'Save',
      filters: SAVE_FILTERS,
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, value: { canceled: true } };
    const path = normalize(choice.filePath);
    if (!isAbsolute(path)) return invalid(`Not an absolute path: ${choice.filePath}`);
    chosenSavePaths.add(path);
    return { ok: true, value: { path } };
  }

  async function openDialog(request: unknown): Promise<Result<unknown>> {
    const parsed = requestSchemas['dialogs.openTars'].safeParse(request ?? {});
    if (!parsed.success) return invalid('Invalid request for dialogs.openTars');
    const choice = await dialogs.showOpenDialog({
      title: 'Load images',
      buttonLabel: 'Open',
      filters: OPEN_FILTERS,
      properties: ['openFile', 'multiSelections'],
    });
    return { ok: true, value: { paths: choice.canceled ? [] : choice.filePaths } };
  }

  return {
    async handle(channel: string, request: unknown): Promise<Result<unknown>> {
      if (channel === 'dialogs.saveTar') return saveDialog(request);
      if (channel === 'dialogs.openTars') return openDialog(request);
      if (channel === 'images.save') {
        const path = (request as { path?: unknown } | null)?.path;
        if (typeof path !== 'string' || !chosenSavePaths.has(path)) {
          return invalid('Save where the save dialog says: the path must come from dialogs.saveTar');
        }
        chosenSavePaths.delete(path);
      }
      return core.handle(channel, request);
    },
  };
}

export type TransferEdge = ReturnType<typeof createTransferEdge>;
