// Owns the explorer's sessions: one per opened image or archive, holding its index (every
// layer's headers and where each file's bytes are) so the page asks for one layer at a time.
// At most MAX_SESSIONS live; opening one more closes the least recently used (its indexing job
// cancelled, its uploaded archive removed), so memory stays bounded whatever the page does.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ContractError } from '../../../shared/contract';
import type { ExploreLayer, ExploreSource, ExploreSummary } from '../../../shared/explore';
import type { EngineConnection } from '../engine/engine';
import { CoreError, toContractError } from '../engine/engine-errors';
import type { JobManager } from '../support/jobs';
import { indexImage, type ImageIndex } from './image-index';

export const MAX_SESSIONS = 8;
/** The summary lists this many wasted entries at most (largest first); the total counts all. */
export const MAX_WASTED_ENTRIES = 1000;

export interface ExploreSession {
  id: string;
  label: string;
  jobId: string;
  state: 'indexing' | 'ready' | 'failed';
  index?: ImageIndex;
  summary?: ExploreSummary;
  error?: ContractError;
  /** The private folder of an archive uploaded for this session (the bridge's drop): removed with the session. */
  ownedFile?: string;
}

export function summaryOf(sessionId: string, label: string, index: ImageIndex): ExploreSummary {
  const layers: ExploreLayer[] = index.layers.map((l, i) => {
    const m = index.model.layers[i];
    return {
      index: i,
      diffId: l.diffId,
      createdBy: l.createdBy,
      ...(l.created !== undefined ? { created: l.created } : {}),
      size: l.size,
      files: m.files,
      added: m.added,
      modified: m.modified,
      removed: m.removed,
    };
  });
  return {
    sessionId,
    label,
    imageId: index.imageId,
    repoTags: index.repoTags,
    ...(index.os !== undefined ? { os: index.os } : {}),
    ...(index.architecture !== undefined ? { architecture: index.architecture } : {}),
    source: index.source,
    ...(index.archive ? { archive: index.archive } : {}),
    layers,
    merged: { files: index.model.merged.length, bytes: index.model.mergedBytes },
    wasted: { bytes: index.model.wasted.bytes, entries: index.model.wasted.entries.slice(0, MAX_WASTED_ENTRIES) },
  };
}

/** What the person opened, in a few words: the name they gave, or the archive's file name. */
function labelOf(source: ExploreSource, uploadName?: string): string {
  if (source.kind === 'image')
    return /^(sha256:)?[0-9a-f]{64}$/.test(source.image) ? source.image.replace(/^sha256:/, '').slice(0, 12) : source.image;
  return uploadName ?? basename(source.path);
}

export class ExploreSessions {
  private readonly sessions = new Map<string, ExploreSession>();

  constructor(
    private readonly engine: EngineConnection,
    private readonly jobs: JobManager,
    private readonly max = MAX_SESSIONS,
  ) {}

  /** Starts indexing `source` as a job; the session exists at once, ready when the job succeeds. */
  open(source: ExploreSource, opts: { ownedFile?: string; name?: string } = {}): { jobId: string; sessionId: string } {
    const id = randomBytes(16).toString('base64url');
    const label = labelOf(source, opts.name);
    const session: ExploreSession = { id, label, jobId: '', state: 'indexing', ...(opts.ownedFile ? { ownedFile: opts.ownedFile } : {}) };
    this.sessions.set(id, session);
    session.jobId = this.jobs.start('explore', `Explore ${label}`, async (ctx): Promise<ExploreSummary> => {
      try {
        const index = await indexImage(this.engine, source, {
          signal: ctx.signal,
          onProgress: (bytes, total) => ctx.progress(bytes, total),
        });
        if (!this.sessions.has(id)) throw new CoreError('CANCELLED', 'Cancelled: the session was closed');
        session.index = index;
        session.summary = summaryOf(id, label, index);
        session.state = 'ready';
        ctx.message(`${index.layers.length} layers, ${index.model.merged.length} files`);
        return session.summary;
      } catch (err) {
        session.state = 'failed';
        session.error = toContractError(err);
        // A failed session holds nothing worth keeping; an uploaded archive goes at once.
        void this.drop(id);
        throw err;
      }
    });
    this.evict();
    return { jobId: session.jobId, sessionId: id };
  }

  /** The session, most recently used from now on; NOT_FOUND when closed or unknown. */
  get(id: string): ExploreSession {
    const session = this.sessions.get(id);
    if (!session)
      throw new CoreError('NOT_FOUND', 'No such explore session: it was closed, or replaced by newer ones; open the image again');
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  /** A session whose index is ready; CONFLICT while it is still being read. */
  ready(id: string): ExploreSession & { index: ImageIndex; summary: ExploreSummary } {
    const session = this.get(id);
    if (session.state === 'indexing') throw new CoreError('CONFLICT', `${session.label} is still being read; wait for its job to finish`);
    if (!session.index || !session.summary) {
      throw new CoreError(session.error?.code ?? 'INTERNAL', session.error?.message ?? 'The session could not be read');
    }
    return session as ExploreSession & { index: ImageIndex; summary: ExploreSummary };
  }

  /** Closes a session; resolves once its uploaded archive, if any, is removed. */
  async close(id: string): Promise<boolean> {
    if (!this.sessions.has(id)) return false;
    await this.drop(id);
    return true;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Ends every session (the core is going away): indexing cancelled, uploaded archives deleted. */
  dispose(): void {
    for (const id of [...this.sessions.keys()]) void this.drop(id);
  }

  private async drop(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    if (session.state === 'indexing') this.jobs.cancel(session.jobId);
    if (session.ownedFile) await rm(session.ownedFile, { recursive: true, force: true }).catch(() => undefined);
  }

  private evict(): void {
    while (this.sessions.size > this.max) void this.drop(this.sessions.keys().next().value as string);
  }
}
