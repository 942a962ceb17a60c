// Owns the explorer's HTTP edge for the browser (a page has no local paths): `POST
// /transfer/explore` takes a dropped archive as an upload, keeps it in a private temp file that
// its session owns (removed when the session closes; never loaded into the engine) and opens it;
// `GET /transfer/explore-save?ticket=` streams a file, or a folder as a tar, out of a session as
// a download, run as an explore job (progress, cancel), through a one-time ticket the page asked
// for on the WebSocket (`explore-download-ticket`), so the token is never in a URL.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ContractError, ExploreSaveResult, Result } from '../../shared/contract';
import { EXPLORE_ROUTES, TRANSFER_TICKET_PARAM, type DownloadTicket, type ExploreDownloadTicketFrame } from '../../shared/bridge-protocol';
import { toContractError } from '../core/engine/engine-errors';
import { saveOutName, writeSubject } from '../core/explore/explore-save';
import { receiveUpload } from '../core/explore/explore-upload';
import { saveOutSubject } from '../core/explore/explore-views';
import type { StevedoreCore } from '../core/service';
import type { DownloadTickets } from './download-tickets';
import {
  BASE_HEADERS,
  JOB_ID_HEADER,
  refusal,
  refuse,
  sendError,
  sendJson,
  uploadName,
  type TicketUse,
  type TransferRouteContext,
} from './transfer-routes';

export interface ExploreRouteContext extends TransferRouteContext {
  /** Tickets of explore downloads; each grants `[sessionId, layer as JSON, path]`. */
  exploreTickets: DownloadTickets;
}

const TicketRequest = z
  .object({
    sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    layer: z.union([z.number().int().min(0).max(4096), z.literal('merged')]),
    path: z.string().min(1).max(4096),
  })
  .strict();

/** Answers an ExploreDownloadTicketFrame: the same checks the download makes, then a ticket for exactly that entry. */
export function exploreTicketFor(core: StevedoreCore, tickets: DownloadTickets, frame: ExploreDownloadTicketFrame): Result<DownloadTicket> {
  const parsed = TicketRequest.safeParse({ sessionId: frame.sessionId, layer: frame.layer, path: frame.path });
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Give a session, a layer and a path to save out' } };
  const { sessionId, layer, path } = parsed.data;
  try {
    saveOutSubject(core.exploreSessions.ready(sessionId).index, layer, path);
  } catch (err) {
    return { ok: false, error: toContractError(err) };
  }
  const { ticket, expiresInMs } = tickets.issue([sessionId, JSON.stringify(layer), path]);
  return { ok: true, value: { url: `${EXPLORE_ROUTES.save}?${new URLSearchParams({ [TRANSFER_TICKET_PARAM]: ticket })}`, expiresInMs } };
}

/** `filename="ascii"; filename*=UTF-8''…`: a name from inside an image, quoted so it cannot break the header. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Handles the explorer's routes; false for any other path. The Host check has already passed. */
export function handleExploreRoute(req: IncomingMessage, res: ServerResponse, ctx: ExploreRouteContext): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  const isOpen = url.pathname === EXPLORE_ROUTES.open;
  const isSave = url.pathname === EXPLORE_ROUTES.save;
  if (!isOpen && !isSave) return false;
  const method = isOpen ? 'POST' : 'GET';
  if (req.method !== method) {
    res.setHeader('allow', method);
    refuse(res, 405, 'Method not allowed');
    req.resume();
    return true;
  }
  // A ticket is spent by the first request that shows it, whatever happens to that request.
  const shown = isSave ? url.searchParams.get(TRANSFER_TICKET_PARAM) : null;
  const ticket: TicketUse | undefined = isSave ? { grant: shown === null ? undefined : ctx.exploreTickets.take(shown) } : undefined;
  const denied = refusal(req, url, ctx, ticket);
  if (denied) {
    refuse(res, ...denied);
    req.resume();
    return true;
  }
  const work = isOpen ? openUpload(req, res, url, ctx) : download(res, ticket!.grant!.refs, ctx);
  work.catch((err) => sendError(res, toContractError(err)));
  return true;
}

async function openUpload(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ExploreRouteContext): Promise<void> {
  const name = uploadName(url);
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    const upload = await receiveUpload(req, name, abort.signal);
    const opened = ctx.core.exploreSessions.open({ kind: 'archive', path: upload.path }, { ownedFile: upload.dir, name });
    sendJson(res, 200, { ok: true, value: opened }, { [JOB_ID_HEADER]: opened.jobId });
  } finally {
    req.resume();
  }
}

async function download(res: ServerResponse, grant: readonly string[], ctx: ExploreRouteContext): Promise<void> {
  const [sessionId, layerJson, path] = grant;
  const layer = JSON.parse(layerJson) as number | 'merged';
  const { core } = ctx;
  const session = core.exploreSessions.ready(sessionId);
  const subject = saveOutSubject(session.index, layer, path);
  let jobId = '';
  // Registered before the job writes into `res`, so a browser that goes away counts as a cancel.
  res.once('close', () => {
    if (!res.writableFinished && jobId) core.jobs.cancel(jobId);
  });
  jobId = core.jobs.start('explore', `Save ${path} from ${session.label} (download)`, async (job): Promise<ExploreSaveResult> => {
    const name = saveOutName(subject);
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': subject.entry.kind === 'dir' ? 'application/x-tar' : 'application/octet-stream',
      'content-disposition': disposition(name),
      [JOB_ID_HEADER]: jobId,
    });
    let bytes = 0;
    const counted = (n: number) => (bytes = n);
    const { as } = await writeSubject(core.engine, session.index, subject, res, {
      signal: job.signal,
      onProgress: (n, total) => {
        counted(n);
        job.progress(n, total);
      },
    });
    return { path: name, bytes, as };
  });
  const done = await core.jobs.wait(jobId);
  // Before the first byte the error is a JSON answer; after it, a broken download.
  if (done.state !== 'succeeded' && done.error) {
    if (res.headersSent) res.destroy();
    else sendError(res, done.error as ContractError, { [JOB_ID_HEADER]: jobId });
  }
}
