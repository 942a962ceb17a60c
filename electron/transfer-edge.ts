// Owns the desktop edge of save and load: native dialogs (through the `Dialogs` port, so tests
// stub them and nothing else), which paths the renderer may hand to images.save and whether that
// save may replace a file (only when the dialog confirmed it), and which paths images.load may
// read (picked in the open dialog or dropped this session). No
// 'electron' import: main.ts passes Electron's dialog in.
import { lstat } from 'node:fs/promises';
import { basename, isAbsolute, join, normalize } from 'node:path';
import { requestSchemas, type Result } from '../shared/contract';
import { defaultTarName } from './core/support/file-paths';

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

/** How many given load paths a session keeps (the oldest go first; a person drops far fewer). */
const MAX_GIVEN_LOAD_PATHS = 4096;

/** The refusal of a load path the person did not give this session. */
export const loadPathRefusal = (path: string) =>
  `Load only what you picked in the Load dialog or dropped on the window: ${path.slice(0, 512)} was not given to Stevedore in this session`;

/** The string paths a load request names (anything else is left to the contract's schema). */
function loadPathsOf(channel: string, request: unknown): string[] | undefined {
  const r = request as { path?: unknown; paths?: unknown } | null | undefined;
  if (channel === 'images.loadPreview') return typeof r?.path === 'string' ? [r.path] : [];
  if (channel === 'images.load') return Array.isArray(r?.paths) ? r.paths.filter((p): p is string => typeof p === 'string') : [];
  // The explorer opens an archive without loading it: the same rule, read only what was given.
  if (channel === 'explore.open') {
    const source = (request as { source?: { kind?: unknown; path?: unknown } } | null)?.source;
    return source?.kind === 'archive' && typeof source.path === 'string' ? [source.path] : [];
  }
  return undefined;
}

/**
 * Wraps `core.handle` for the window's IPC: answers `dialogs.saveTar` and `dialogs.openTars`
 * with native dialogs, and lets `images.save` write only to a path the person picked in a save
 * dialog (once), so a compromised renderer cannot overwrite arbitrary files; and lets
 * images.load / images.loadPreview read only paths given this session (open dialog or drop), so
 * it cannot send arbitrary local files to the engine either. Core then checks the files themselves.
 */
export function createTransferEdge(core: CoreLike, dialogs: Dialogs, opts: TransferEdgeOptions) {
  /**
   * Paths picked in a save dialog, each with whether the dialog confirmed replacing a file that was
   * already there (the only permission to overwrite a save ever gets).
   */
  const chosenSavePaths = new Map<string, boolean>();

  /**
   * Asks where to save and remembers the answer in chosenSavePaths; the path, or null when the
   * person cancelled.
   */
  async function chooseSavePath(title: string, name: string, filters: FileFilter[]): Promise<Result<string | null>> {
    const choice = await dialogs.showSaveDialog({
      title,
      defaultPath: join(opts.defaultDirectory(), name),
      buttonLabel: 'Save',
      filters,
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, value: null };
    const path = normalize(choice.filePath);
    if (!isAbsolute(path)) return invalid(`Not an absolute path: ${choice.filePath}`);
    // The dialog asks before it returns a name that exists (showOverwriteConfirmation on Linux,
    // always on macOS and Windows): a file there now was confirmed; one that appears later was not.
    const confirmedReplace = await lstat(path).then(
      () => true,
      () => false,
    );
    chosenSavePaths.set(path, confirmedReplace);
    return { ok: true, value: path };
  }

  async function saveDialog(request: unknown): Promise<Result<unknown>> {
    const parsed = requestSchemas['dialogs.saveTar'].safeParse(request ?? {});
    if (!parsed.success) return invalid('Invalid request for dialogs.saveTar: refs must list 1 to 256 images');
    const { refs } = parsed.data;
    const title = refs.length === 1 ? `Save ${refs[0]}` : `Save ${refs.length} images`;
    const chosen = await chooseSavePath(title, defaultTarName(refs), SAVE_FILTERS);
    if (!chosen.ok) return chosen;
    return { ok: true, value: chosen.value === null ? { canceled: true } : { path: chosen.value } };
  }

  /**
   * Paths the person gave this session: picked in the open dialog, or dropped (the preload reports
   * what webUtils.getPathForFile produced, see grantLoadPath). images.load and images.loadPreview
   * read nothing else, so a compromised page cannot stream any local file to the engine.
   */
  const givenLoadPaths = new Set<string>();
  function grantLoadPath(path: unknown): void {
    if (typeof path !== 'string' || path.length === 0 || path.length > 4096) return;
    givenLoadPaths.delete(path);
    givenLoadPaths.add(path);
    if (givenLoadPaths.size > MAX_GIVEN_LOAD_PATHS) givenLoadPaths.delete(givenLoadPaths.values().next().value as string);
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
    const paths = choice.canceled ? [] : choice.filePaths;
    for (const path of paths) grantLoadPath(path);
    return { ok: true, value: { paths } };
  }

  /** The save dialog of the explorer's save out (a file, or a folder as a tar); null when cancelled. */
  async function saveOutDialog(request: unknown): Promise<Result<unknown>> {
    const parsed = requestSchemas['dialogs.saveOut'].safeParse(request ?? {});
    if (!parsed.success) return invalid('Invalid request for dialogs.saveOut');
    const { suggestedName, folder } = parsed.data;
    // A name from inside an image: only its last part, nothing that reads as a folder or a hidden dot-path.
    const name = basename(suggestedName.replace(/\\/g, '/')).replace(/^\.+/, '') || (folder ? 'folder.tar' : 'file');
    const chosen = await chooseSavePath(`Save ${name}`, name, folder ? [SAVE_FILTERS[0]] : []);
    if (!chosen.ok) return chosen;
    return { ok: true, value: chosen.value === null ? null : { path: chosen.value } };
  }

  return {
    /** A path webUtils.getPathForFile gave the preload for a File the person dropped or picked. */
    grantLoadPath,
    async handle(channel: string, request: unknown): Promise<Result<unknown>> {
      if (channel === 'dialogs.saveTar') return saveDialog(request);
      if (channel === 'dialogs.openTars') return openDialog(request);
      if (channel === 'dialogs.saveOut') return saveOutDialog(request);
      const stranger = loadPathsOf(channel, request)?.find((path) => !givenLoadPaths.has(path));
      if (stranger !== undefined) return invalid(loadPathRefusal(stranger));
      if (channel === 'images.save') {
        const path = (request as { path?: unknown } | null)?.path;
        if (typeof path !== 'string' || !chosenSavePaths.has(path)) {
          return invalid('Save where the save dialog says: the path must come from dialogs.saveTar');
        }
        const overwrite = chosenSavePaths.get(path) === true;
        chosenSavePaths.delete(path);
        // The permission to replace a file is the dialog's, never the page's.
        return core.handle(channel, { ...(request as object), overwrite });
      }
      if (channel === 'explore.saveOut') {
        const destination = (request as { destination?: unknown } | null)?.destination;
        if (typeof destination !== 'string' || !chosenSavePaths.has(destination)) {
          return invalid('Save out where the save dialog says: the destination must come from dialogs.saveOut');
        }
        const overwrite = chosenSavePaths.get(destination) === true;
        chosenSavePaths.delete(destination);
        return core.handle(channel, { ...(request as object), overwrite });
      }
      return core.handle(channel, request);
    },
  };
}

export type TransferEdge = ReturnType<typeof createTransferEdge>;
