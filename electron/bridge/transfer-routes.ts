// Owns the bridge's HTTP edge of save and load, for the browser: `GET /transfer/save` streams the
// tar as a download, `POST /transfer/load` streams an uploaded archive into the engine (never
// buffered), `POST /transfer/preview` reads an uploaded archive up to its manifest (the page reads
// plain and gzip archives itself and uses `images.describeArchive`; this is for bzip2/xz). Same token,
// Host and Origin rules as the WebSocket; the token travels in `x-stevedore-token`, never in a URL:
// a download link carries a one-time ticket (download-tickets.ts) the page asked for instead.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SaveRefs, type ContractError, type ErrorCode, type Result, type SaveJobResult } from '../../shared/contract';
import { toContractError } from '../core/engine/engine-errors';
import { defaultTarName } from '../core/support/file-paths';
import type { StevedoreCore } from '../core/service';
import { archiveKindOf, SNIFF_BYTES } from '../core/transfer/tar-format';
import { previewTar } from '../core/transfer/archive-preview';
import { checkSaveRefs, notAnArchive, readHead, saveImages } from '../core/transfer/transfer';
import { sameSecret } from './bridge-token';
import type { DownloadTickets } from './download-tickets';
import {
  TRANSFER_JOB_ID_HEADER,
  TRANSFER_ROUTES,
  TRANSFER_TICKET_PARAM,
  TRANSFER_TOKEN_HEADER,
  type DownloadTicket,
} from '../../shared/bridge-protocol';
import { saveProgress, saveTitle, startLoadStreamJob } from '../core/transfer/transfer-handlers';

export const TRANSFER_PATH_PREFIX = '/transfer/';
export const TOKEN_HEADER = TRANSFER_TOKEN_HEADER;
export const JOB_ID_HEADER = TRANSFER_JOB_ID_HEADER;

/**
 * Channels that take local file paths. Over the bridge a page could name any file, and the
 * browser has its own download/upload routes, so these are for the desktop app only.
 */
export const FILE_PATH_CHANNELS: ReadonlySet<string> = new Set(['images.save', 'images.loadPreview', 'images.load']);
export const fileChannelRefusal = (channel: string): Result<never> => ({
  ok: false,
  error: {
    code: 'INVALID_ARGUMENT',
    message: `${channel} takes local file paths and is not available over the bridge; use ${channel === 'images.save' ? 'GET /transfer/save' : 'POST /transfer/load or /transfer/preview'}`,
  },
});

export interface TransferRouteContext {
  core: StevedoreCore;
  token: string;
  /** The one-time tickets of download links. */
  tickets: DownloadTickets;
  /** Origins our page is served from. */
  allowedOrigins: ReadonlySet<string>;
}

const STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  INVALID_REFERENCE: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 403,
  ENGINE_UNREACHABLE: 503,
  REGISTRY_UNREACHABLE: 502,
  CANCELLED: 499,
  IO: 500,
  INTERNAL: 500,
};

export const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * Answers a page's DownloadTicketFrame: a ticket bound to exactly these images, after the same
 * checks the download makes (so a bad name is an answer here, not a broken download).
 */
export function downloadTicketFor(tickets: DownloadTickets, refs: unknown): Result<DownloadTicket> {
  const parsed = SaveRefs.safeParse(refs);
  if (!parsed.success) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Give the images to save (1 to 256 names)' } };
  try {
    checkSaveRefs(parsed.data);
  } catch (err) {
    return { ok: false, error: toContractError(err) };
  }
  const { ticket, expiresInMs } = tickets.issue(parsed.data);
  const query = new URLSearchParams({ [TRANSFER_TICKET_PARAM]: ticket });
  return { ok: true, value: { url: `${TRANSFER_ROUTES.save}?${query}`, expiresInMs } };
}

const sameRefs = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r, i) => r === b[i]);

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export const sendError = (res: ServerResponse, error: ContractError, extra: Record<string, string> = {}) =>
  sendJson(res, STATUS[error.code] ?? 500, { ok: false, error }, extra);

export function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text);
}

/** What a download link's ticket granted: absent when the request shows no ticket. */
export interface TicketUse {
  grant: { refs: readonly string[] } | undefined;
}

/**
 * Who may call: our own page only. A browser always sends Origin on POST, and Sec-Fetch-Site on
 * every request; a same-origin GET (a download link) may carry no Origin, so it is judged by
 * Sec-Fetch-Site. The token (or a download's ticket) is the real key; these stop a page elsewhere
 * from even trying.
 */
export function refusal(req: IncomingMessage, url: URL, ctx: TransferRouteContext, ticket: TicketUse | undefined): [number, string] | null {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (req.method === 'POST' && (origin === undefined || !ctx.allowedOrigins.has(origin))) return [403, 'Forbidden origin'];
  if (origin !== undefined && !ctx.allowedOrigins.has(origin)) return [403, 'Forbidden origin'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return [403, 'Forbidden origin'];
  // Refused even when right: a URL lands in history, the download list and logs.
  if (url.searchParams.has('token')) return [401, 'Unauthorized: the bridge token is never taken from a URL'];
  if (ticket) {
    if (!ticket.grant) return [401, 'Unauthorized: the download ticket is unknown, used or expired'];
    const named = url.searchParams.getAll('refs');
    if (named.length > 0 && !sameRefs(named, ticket.grant.refs)) return [403, 'Forbidden: the download ticket is for other images'];
    return null;
  }
  const header = req.headers[TOKEN_HEADER];
  if (typeof header !== 'string' || !sameSecret(header, ctx.token)) return [401, 'Unauthorized'];
  return null;
}

/** A file name for messages and titles: the last path element, printable, bounded. */
export function uploadName(url: URL): string {
  const raw = (url.searchParams.get('name') ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);
  return clean || 'upload';
}

function contentLength(req: IncomingMessage): number | undefined {
  const n = Number(req.headers['content-length']);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Handles `/transfer/*`; returns false for any other path. The Host check has already passed. */
export function handleTransferRoute(req: IncomingMessage, res: ServerResponse, ctx: TransferRouteContext): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  if (!url.pathname.startsWith(TRANSFER_PATH_PREFIX)) return false;
  // A ticket is spent by the first request that shows it, whatever happens to that request.
  const shown = url.pathname === TRANSFER_ROUTES.save ? url.searchParams.get(TRANSFER_TICKET_PARAM) : null;
  const ticket: TicketUse | undefined = shown === null ? undefined : { grant: ctx.tickets.take(shown) };
  const routes: Record<string, [string, () => Promise<void>]> = {
    [TRANSFER_ROUTES.save]: ['GET', () => download(res, ticket?.grant?.refs ?? url.searchParams.getAll('refs'), ctx)],
    [TRANSFER_ROUTES.load]: ['POST', () => upload(req, res, url, ctx)],
    [TRANSFER_ROUTES.preview]: ['POST', () => preview(req, res, url, ctx)],
  };
  const route = routes[url.pathname];
  if (!route) {
    refuse(res, 404, 'Not found');
    return true;
  }
  // The method first: it says nothing about the keys, and a URL with the token gets its 405.
  if (req.method !== route[0]) {
    res.setHeader('allow', route[0]);
    refuse(res, 405, 'Method not allowed');
    req.resume();
    return true;
  }
  const denied = refusal(req, url, ctx, ticket);
  if (denied) {
    refuse(res, ...denied);
    req.resume();
    return true;
  }
  route[1]().catch((err) => sendError(res, toContractError(err)));
  return true;
}

/** The tar of the ticket's images (or `?refs=a&refs=b` with the token header) as a download, run as a save job (progress, cancel). */
async function download(res: ServerResponse, named: readonly string[], ctx: TransferRouteContext): Promise<void> {
  const parsed = SaveRefs.safeParse(named);
  if (!parsed.success) {
    return sendError(res, { code: 'INVALID_ARGUMENT', message: 'Give the images to save as ?refs=name&refs=name (1 to 256)' });
  }
  const refs = parsed.data;
  checkSaveRefs(refs); // INVALID_REFERENCE before any engine call (the caller answers it)
  const { core } = ctx;
  let jobId = '';
  // Registered before the job pipes into `res`, so a browser that goes away counts as a cancel.
  res.once('close', () => {
    if (!res.writableFinished && jobId) core.jobs.cancel(jobId);
  });
  jobId = core.jobs.start('save', `${saveTitle(refs)} (download)`, async (job): Promise<SaveJobResult> => {
    const onProgress = saveProgress(job, core.engine.docker, refs);
    const tar = await saveImages(core.engine.docker, refs, job.signal);
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': 'application/x-tar',
      'content-disposition': `attachment; filename="${defaultTarName(refs)}"`,
      [JOB_ID_HEADER]: jobId,
    });
    let bytes = 0;
    tar.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      onProgress(bytes);
    });
    await pipeline(tar, res, { signal: job.signal });
    job.progress(bytes, bytes);
    return { bytes, compressed: false };
  });
  const done = await core.jobs.wait(jobId);
  // Before the first byte the error is a JSON answer; after it, a broken download.
  if (done.state !== 'succeeded' && done.error) sendError(res, done.error as ContractError, { [JOB_ID_HEADER]: jobId });
}

/** An archive in the request body, streamed into `POST /images/load` as a load job. */
async function upload(req: IncomingMessage, res: ServerResponse, url: URL, ctx: TransferRouteContext): Promise<void> {
  const name = uploadName(url);
  const { head, stream } = await readHead(req, SNIFF_BYTES);
  if (!archiveKindOf(head)) {
    // Nothing goes to the engine; the rest of the body is read and dropped so the answer arrives.
    sendError(res, toContractError(notAnArchive(name, head.length)));
    req.resume();
    return;
  }
  const { core } = ctx;
  const jobId = startLoadStreamJob(core.engine, core.jobs, stream, { name, size: contentLength(req) });
  res.once('close', () => {
    if (!res.writableFinished) core.jobs.cancel(jobId);
  });
  const done = await core.jobs.wait(jobId);
  if (done.state === 'succeeded') {
    sendJson(res, 200, { ok: true, value: { jobId, ...(done.result as object) } }, { [JOB_ID_HEADER]: jobId });
  } else {
    sendError(res, (done.error as ContractError) ?? { code: 'INTERNAL', message: 'The load failed' }, { [JOB_ID_HEADER]: jobId });
  }
  req.resume();
}

/** What loading the uploaded archive would do; reading stops at its manifest. */
async function preview(req: IncomingMessage, res: ServerResponse, url: URL, ctx: TransferRouteContext): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  // The preview destroys the stream it reads; the request must live on to carry the answer.
  const body = new PassThrough({ highWaterMark: 1024 * 1024 });
  req.pipe(body);
  try {
    const value = await previewTar(ctx.core.engine.docker, body, { name: uploadName(url), size: contentLength(req), signal: abort.signal });
    sendJson(res, 200, { ok: true, value });
  } catch (err) {
    sendError(res, toContractError(err));
  } finally {
    req.unpipe(body);
    req.resume();
  }
}
