// Owns the loopback bridge: serves the built renderer and speaks the contract over WebSocket,
// so the real UI runs in a browser against the real core. Binds 127.0.0.1 only, requires a random
// token and checks Host and Origin, so no web page can reach the Docker socket through it. The
// token travels in the page URL's fragment and a WebSocket subprotocol, never in a request URL.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENTS, type ImageListResult } from '../../shared/contract';
import { PACKED_IMAGE_LIST, packImageList } from '../../shared/image-list-packing';
import type { StevedoreCore } from '../core/service';
import { bridgeTokenProblem, newBridgeToken, sameSecret } from './bridge-token';
import { DownloadTickets } from './download-tickets';
import {
  BRIDGE_MAX_FRAME_BYTES,
  BRIDGE_SUBPROTOCOL,
  BRIDGE_TOKEN_SUBPROTOCOL_PREFIX,
  BRIDGE_WS_PATH,
  type DownloadTicketFrame,
  type ExploreDownloadTicketFrame,
  type EventFrame,
  type InvokeFrame,
  type ResultFrame,
} from '../../shared/bridge-protocol';
import { exploreTicketFor, handleExploreRoute } from './explore-routes';
import { createFirstListHeadStart } from './first-list';
import { downloadTicketFor, FILE_PATH_CHANNELS, fileChannelRefusal, handleTransferRoute } from './transfer-routes';

export interface BridgeOptions {
  core: StevedoreCore;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Supplied by tests and STEVEDORE_BRIDGE_TOKEN (32 characters at least); otherwise 32 random bytes. */
  token?: string;
  /** Clock of the download tickets; injected by tests. */
  now?: () => number;
  /** How long a download ticket lives (60 s by default). */
  ticketTtlMs?: number;
}

export interface Bridge {
  port: number;
  token: string;
  /** Origin the page must be served from. */
  origin: string;
  /** What a person opens: the token travels in the fragment, never in a request line. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The token a WebSocket upgrade offers as a `stevedore.token.<base64url>` subprotocol; '' when none. */
function offeredToken(req: IncomingMessage): string {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const carrier = offered.find((p) => p.startsWith(BRIDGE_TOKEN_SUBPROTOCOL_PREFIX));
  const encoded = carrier?.slice(BRIDGE_TOKEN_SUBPROTOCOL_PREFIX.length) ?? '';
  return /^[A-Za-z0-9_-]+$/.test(encoded) ? Buffer.from(encoded, 'base64url').toString('utf8') : '';
}

/** An HTML page without its `<meta http-equiv="Content-Security-Policy">` element(s). */
export function withoutMetaCsp(html: string): string {
  return html.replace(/<meta\s[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi, '');
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  if (opts.token !== undefined) {
    const problem = bridgeTokenProblem(opts.token);
    if (problem) throw new Error(problem);
  }
  const token = opts.token ?? newBridgeToken();
  const tickets = new DownloadTickets({ now: opts.now, ttlMs: opts.ticketTtlMs });
  const exploreTickets = new DownloadTickets({ now: opts.now, ttlMs: opts.ticketTtlMs });
  const root = resolve(opts.staticDir);
  const firstList = createFirstListHeadStart(opts.core);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const rel = normalize(pathname === '/' ? '/index.html' : pathname);
    const file = join(root, rel);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return refuse(res, 404, 'Not found');
    }
    const headers: Record<string, string> = {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    };
    if (extname(file) === '.html') {
      headers['content-security-policy'] = contentSecurityPolicy(port);
      headers['x-frame-options'] = 'DENY';
    }
    // The page will ask for the images list once its first script runs: core starts on it now.
    if (rel === `${sep}index.html` && req.method === 'GET') firstList.start();
    if (extname(file) === '.html') {
      // The page's meta policy is Electron's (no WebSocket at all); several policies all apply, so
      // it would block the bridge's WebSocket. Served here without it: the header is the policy.
      const html = withoutMetaCsp(readFileSync(file, 'utf8'));
      headers['content-length'] = String(Buffer.byteLength(html));
      res.writeHead(200, headers);
      return res.end(req.method === 'HEAD' ? undefined : html);
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };

  const server = createServer((req, res) => {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still sends its own Host.
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'Forbidden host');
    const routeContext = { core: opts.core, token, tickets, exploreTickets, allowedOrigins: allowedOrigins() };
    if (handleExploreRoute(req, res, routeContext)) return;
    if (handleTransferRoute(req, res, routeContext)) return;
    try {
      serveStatic(req, res);
    } catch {
      refuse(res, 400, 'Bad request');
    }
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: BRIDGE_MAX_FRAME_BYTES,
    // Selects the plain subprotocol, so the token one is never echoed back.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_SUBPROTOCOL) ? BRIDGE_SUBPROTOCOL : false),
  });

  const reject = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== BRIDGE_WS_PATH) return reject(socket, 404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return reject(socket, 403, 'Forbidden');
    if (!allowedOrigins().has(req.headers.origin ?? '')) return reject(socket, 403, 'Forbidden');
    // A token in the URL is refused even when right: URLs end up in logs and histories.
    if (url.searchParams.has('token')) return reject(socket, 401, 'Unauthorized');
    if (!sameSecret(offeredToken(req), token)) return reject(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const clients = new Set<WebSocket>();
  const send = (ws: WebSocket, frame: ResultFrame | EventFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const unsubscribers = EVENTS.map((event) =>
    opts.core.events.on(event, (payload) => {
      for (const ws of clients) send(ws, { type: 'event', event, payload });
    }),
  );

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', async (data, isBinary) => {
      let frame: InvokeFrame | DownloadTicketFrame | ExploreDownloadTicketFrame;
      try {
        if (isBinary) throw new Error('binary');
        frame = JSON.parse(data.toString()) as InvokeFrame | DownloadTicketFrame | ExploreDownloadTicketFrame;
        if (
          frame === null ||
          typeof frame !== 'object' ||
          (frame.type !== 'invoke' && frame.type !== 'download-ticket' && frame.type !== 'explore-download-ticket') ||
          !Number.isSafeInteger(frame.id)
        ) {
          throw new Error('shape');
        }
      } catch {
        send(ws, {
          type: 'result',
          id: null,
          result: { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Malformed bridge frame' } },
        });
        return;
      }
      if (frame.type === 'explore-download-ticket') {
        send(ws, { type: 'result', id: frame.id, result: exploreTicketFor(opts.core, exploreTickets, frame) });
        return;
      }
      if (frame.type === 'download-ticket') {
        send(ws, { type: 'result', id: frame.id, result: downloadTicketFor(tickets, frame.refs) });
        return;
      }
      const result = FILE_PATH_CHANNELS.has(frame.channel)
        ? fileChannelRefusal(frame.channel)
        : await (firstList.take(frame.channel, frame.request) ?? opts.core.handle(frame.channel, frame.request, 'bridge'));
      // A client that reads it gets the list packed: a 30th of the JSON to write, send and parse.
      const packed =
        frame.channel === 'images.list' && frame.encoding === PACKED_IMAGE_LIST && result.ok
          ? packImageList(result.value as ImageListResult)
          : null;
      if (packed) send(ws, { type: 'result', id: frame.id, result: { ok: true, value: packed }, packed: PACKED_IMAGE_LIST });
      else send(ws, { type: 'result', id: frame.id, result });
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    token,
    origin,
    url: `${origin}/#token=${encodeURIComponent(token)}`,
    server,
    close: async () => {
      for (const u of unsubscribers) u();
      firstList.dispose();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
