// Owns the handlers of the explorer channels (shared/explore.ts): sessions opened as jobs, a
// layer's or the merged entries, search, the start of a file, and saving a file or folder out.
// Paths on this machine come only from the desktop app (its open/save dialogs and drops, checked
// by transfer-edge.ts); a page over the bridge uploads an archive and downloads what it saves
// instead (bridge/explore-routes.ts), so both channels that name local paths refuse that origin.
import { basename } from 'node:path';
import { EXPLORE_READ_MAX_BYTES, type ExploreFileContent, type ExploreSaveResult } from '../../../shared/explore';
import { CoreError } from '../engine/engine-errors';
import type { Handlers } from '../support/handlers';
import { checkArchiveFiles, openSaveTarget } from '../transfer/transfer-files';
import { deliverFiles, locateFile } from './explore-content';
import { saveOut } from './explore-save';
import type { ExploreSessions } from './explore-sessions';
import type { EngineConnection } from '../engine/engine';
import type { JobManager } from '../support/jobs';
import { entryOf, ownerIn, saveOutSubject, viewOf } from './explore-views';

type ExploreChannels =
  | 'explore.open'
  | 'explore.summary'
  | 'explore.entries'
  | 'explore.search'
  | 'explore.read'
  | 'explore.saveOut'
  | 'explore.close'
  | 'dialogs.saveOut';

/** NUL, or a sequence that is not UTF-8 (a cut at the end of the read is not one). */
export function looksBinary(bytes: Buffer): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return false;
  } catch {
    return true;
  }
}

/** The handlers over the core's one session store (which the bridge's upload and download routes share). */
export function createExploreHandlers(
  engine: EngineConnection,
  jobs: JobManager,
  sessions: ExploreSessions,
): Pick<Handlers, ExploreChannels> {
  return {
    'explore.open': async ({ source }, context) => {
      if (source.kind === 'archive' && context?.origin === 'bridge') {
        throw new CoreError(
          'INVALID_ARGUMENT',
          'A page over the bridge opens an archive by uploading it (POST /transfer/explore), not by its path',
        );
      }
      // A missing file or one that is not an image archive (a text file) is the request's own error.
      if (source.kind === 'archive') await checkArchiveFiles([source.path]);
      return sessions.open(source);
    },
    'explore.summary': async ({ sessionId }) => sessions.ready(sessionId).summary,
    'explore.entries': async ({ sessionId, layer }) => ({ layer, entries: [...viewOf(sessions.ready(sessionId).index, layer)] }),
    'explore.search': async ({ sessionId, glob, limit }) => sessions.ready(sessionId).index.model.search(glob, limit),
    'explore.read': async ({ sessionId, layer, path }): Promise<ExploreFileContent> => {
      const { index } = sessions.ready(sessionId);
      entryOf(index, layer, path);
      const owner = ownerIn(index, layer, path);
      if (owner === undefined) throw new CoreError('NOT_FOUND', `No ${path} in the image`);
      const at = locateFile(index, owner, path);
      const limit = Math.min(at.raw.size, EXPLORE_READ_MAX_BYTES);
      const chunks: Buffer[] = [];
      await deliverFiles(engine, index, [
        {
          at,
          limit,
          sink: {
            data: (slice) => void chunks.push(Buffer.from(slice)),
            end: () => undefined,
          },
        },
      ]);
      const bytes = Buffer.concat(chunks);
      return {
        path,
        size: at.raw.size,
        truncated: bytes.length < at.raw.size,
        binary: looksBinary(bytes),
        base64: bytes.toString('base64'),
      };
    },
    'explore.saveOut': async ({ sessionId, layer, path, destination, overwrite }, context) => {
      if (context?.origin === 'bridge') {
        throw new CoreError(
          'INVALID_ARGUMENT',
          'A page over the bridge saves out through a download (the explore-save download ticket), not to a path',
        );
      }
      const { index, label } = sessions.ready(sessionId);
      const subject = saveOutSubject(index, layer, path);
      // Checked and created before the job: a bad destination is the request's own error.
      const target = await openSaveTarget(destination, { overwrite });
      const jobId = jobs.start(
        'explore',
        `Save ${path} from ${label} to ${basename(target.path)}`,
        async (ctx): Promise<ExploreSaveResult> => {
          const result = await saveOut(engine, index, subject, target, {
            signal: ctx.signal,
            onProgress: (bytes, total) => ctx.progress(bytes, total),
          });
          ctx.message(`Saved to ${target.path}`);
          return { path: target.path, ...result };
        },
      );
      return { jobId };
    },
    'explore.close': async ({ sessionId }) => ({ closed: await sessions.close(sessionId) }),
    // The Electron edge answers it with the native save dialog before it reaches the core.
    'dialogs.saveOut': async () => {
      throw new CoreError('INVALID_ARGUMENT', 'File dialogs exist only in the desktop app; in a browser, save out is a download');
    },
  };
}
