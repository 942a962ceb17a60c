// Owns the save/load channels (images.save, images.loadPreview, images.describeArchive,
// images.load) and the save and load jobs that both edges start: files here, HTTP download/upload in the bridge.
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { LoadJobResult, SaveJobResult } from '../../../shared/contract';
import type { EngineConnection } from '../engine/engine';
import { CoreError } from '../engine/engine-errors';
import type { JobContext, JobManager } from '../support/jobs';
import type { Handlers } from '../support/handlers';
import { describeArchive, previewTar } from './archive-preview';
import { LoadLayers } from './load-layers';
import { checkSaveRefs, estimateSaveBytes, loadImages } from './transfer';
import { checkArchiveFiles, loadCheckedFiles, openSaveTarget, saveToFile } from './transfer-files';

type TransferChannels =
  'images.save' | 'images.loadPreview' | 'images.describeArchive' | 'images.load' | 'dialogs.saveTar' | 'dialogs.openTars';

/**
 * Progress of a save: bytes received against the estimate, which arrives a moment later and may
 * be low (the tar adds headers), so the total never falls below what was received.
 */
export function saveProgress(ctx: JobContext, docker: EngineConnection['docker'], refs: readonly string[]) {
  let total = 0;
  let current = 0;
  void estimateSaveBytes(docker, refs, ctx.signal).then(
    (estimate) => {
      total = estimate;
      ctx.progress(current, Math.max(total, current));
    },
    () => undefined, // the save itself reports what is wrong
  );
  return (bytes: number) => {
    current = bytes;
    ctx.progress(bytes, total === 0 ? 0 : Math.max(total, bytes));
  };
}

export const saveTitle = (refs: readonly string[]) => `Save ${refs.join(', ')}`;

/**
 * Starts a job that saves `refs` into a file. The partial file is opened first, so a bad path, a
 * folder we may not write to or an existing file we may not replace fails the request itself, without a job.
 */
export async function startSaveToFileJob(
  engine: EngineConnection,
  jobs: JobManager,
  refs: readonly string[],
  target: string,
  opts: { overwrite?: boolean } = {},
): Promise<string> {
  checkSaveRefs(refs);
  const opened = await openSaveTarget(target, opts);
  return jobs.start('save', `${saveTitle(refs)} to ${basename(opened.path)}`, async (ctx): Promise<SaveJobResult> => {
    const onProgress = saveProgress(ctx, engine.docker, refs);
    const result = await saveToFile(engine.docker, refs, opened, { signal: ctx.signal, onProgress });
    ctx.progress(result.bytes, result.bytes);
    ctx.message(`Saved to ${result.path}`);
    return result;
  });
}

/** Starts one job loading the files in turn; every file is checked before the job starts. */
export async function startLoadFilesJob(engine: EngineConnection, jobs: JobManager, paths: readonly string[]): Promise<string> {
  const files = await checkArchiveFiles(paths);
  const title = `Load ${files.map((f) => basename(f.path)).join(', ')}`;
  return jobs.start('load', title, async (ctx): Promise<LoadJobResult> => {
    const result = await loadCheckedFiles(engine.docker, files, {
      signal: ctx.signal,
      onProgress: (bytes, total) => ctx.progress(bytes, total),
      layers: new LoadLayers(ctx),
      onMessage: (line) => ctx.message(line),
    });
    return { loaded: result.loaded };
  });
}

/**
 * Starts a job loading one stream (an HTTP upload). `size` is the Content-Length when known.
 * The caller has already checked the start of the stream (see `readHead`).
 */
export function startLoadStreamJob(
  engine: EngineConnection,
  jobs: JobManager,
  source: Readable,
  about: { name: string; size?: number },
): string {
  return jobs.start('load', `Load ${about.name}`, async (ctx): Promise<LoadJobResult> => {
    const total = about.size ?? 0;
    const result = await loadImages(engine.docker, source, {
      signal: ctx.signal,
      name: about.name,
      onProgress: (bytes) => ctx.progress(bytes, Math.max(total, bytes)),
      layers: new LoadLayers(ctx),
      onMessage: (line) => ctx.message(line),
    });
    return { loaded: result.loaded };
  });
}

export function createTransferHandlers(engine: EngineConnection, jobs: JobManager): Pick<Handlers, TransferChannels> {
  const desktopOnly = async (): Promise<never> => {
    throw new CoreError(
      'INVALID_ARGUMENT',
      'File dialogs exist only in the desktop app; in a browser, use the download and upload of the bridge',
    );
  };
  return {
    'images.save': async ({ refs, path, overwrite }) => ({ jobId: await startSaveToFileJob(engine, jobs, refs, path, { overwrite }) }),
    'images.loadPreview': async ({ path }) => previewTar(engine.docker, path),
    // The page read the manifest from a File it did not upload; only the engine's side is left.
    'images.describeArchive': async ({ manifest, ...about }) => describeArchive(engine.docker, manifest, about),
    'images.load': async ({ paths }) => ({ jobId: await startLoadFilesJob(engine, jobs, paths) }),
    // The Electron edge answers these with native dialogs before they reach the core.
    'dialogs.saveTar': desktopOnly,
    'dialogs.openTars': desktopOnly,
  };
}
