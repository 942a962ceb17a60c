// What the HOSTILE cases (tests/reliability/hostile-names.test.ts) run against: a loopback probe server
// that must receive nothing, the suite's private core, the loopback bridge in front of it (WebSocket,
// the upload preview, the save download with its one-time tickets) and the shipped Electron main
// process's IPC, with a folder for the crafted tars and the saves.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { bridgeSubprotocols, type DownloadTicket } from '../../../shared/bridge-protocol';
import { startBridge, type Bridge } from '../../../electron/bridge/server';
import { TOKEN_HEADER } from '../../../electron/bridge/transfer-routes';
import type { JobSnapshot, Result, TarPreview } from '../../../shared/contract';
import { jobEnd, startPrivateCore, type PrivateCore } from './core-harness';
import { startElectronMain, type ElectronMain } from './electron-main';
import type { JobEnd } from './hostile-checks';

export type Invoke = (channel: string, request: unknown) => Promise<Result<unknown>>;

export class HostileRig {
  probe: Server | undefined;
  probePort = 0;
  /** Every request and connection the probe received (there must be none). */
  readonly probeHits: string[] = [];
  pc!: PrivateCore;
  bridge!: Bridge;
  main!: ElectronMain;
  ws!: WebSocket;
  dir!: string;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Result<unknown>) => void>();

  /** Starts, in this order: the probe, the folder, the private core, the bridge, Electron's main, the page's WebSocket. */
  async start(): Promise<void> {
    this.probe = createServer((req, res) => {
      this.probeHits.push(`${req.method} ${req.url}`);
      res.end();
    });
    this.probe.on('connection', (s: Socket) => {
      this.probeHits.push(`connection from ${s.remotePort}`);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => this.probe!.listen(0, '127.0.0.1', r));
    this.probePort = (this.probe.address() as AddressInfo).port;
    this.dir = mkdtempSync(join(tmpdir(), 'stevedore-hostile-'));
    this.pc = await startPrivateCore();
    this.bridge = await startBridge({ core: this.pc.core, staticDir: resolve(import.meta.dirname, '../../../dist/renderer') });
    this.main = await startElectronMain();
    const ws = new WebSocket(`ws://127.0.0.1:${this.bridge.port}/ws`, bridgeSubprotocols(this.bridge.token), {
      headers: { origin: this.bridge.origin },
    });
    this.ws = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id: number; result: Result<unknown> };
      if (frame.type !== 'result') return;
      this.waiting.get(frame.id)?.(frame.result);
      this.waiting.delete(frame.id);
    });
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
  }

  /** Stops what start() started (as far as it got), the WebSocket first, and removes the folder. */
  async close(): Promise<void> {
    this.ws?.terminate();
    await this.bridge?.close();
    this.main?.quit();
    this.pc?.dispose();
    await new Promise((r) => this.probe?.close(r));
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private wsSend(frame: Record<string, unknown>, what: string): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no answer to ${what} within 20 s`)), 20_000);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        res(r);
      });
      this.ws.send(JSON.stringify({ ...frame, id }));
    });
  }

  /** The page invokes a channel over the bridge's WebSocket. */
  readonly wsInvoke: Invoke = (channel, request) => this.wsSend({ type: 'invoke', channel, request }, channel);
  /** The page asks the bridge for a one-time download link of `refs` (DownloadTicketFrame). */
  readonly wsTicket = (refs: unknown) =>
    this.wsSend({ type: 'download-ticket', refs }, 'download-ticket') as Promise<Result<DownloadTicket>>;
  /** A request straight to the core. */
  readonly coreInvoke: Invoke = (channel, request) => this.pc.core.handle(channel, request) as Promise<Result<unknown>>;
  /** The app page's top frame invokes a channel over Electron's IPC. */
  readonly ipcInvoke: Invoke = (channel, request) => this.main.call(channel, request);
  /** The end of a job the core runs (jobs started over IPC run in the Electron bundle's core: main.jobEnd). */
  readonly coreJobEnd: JobEnd = (jobId, ms) => jobEnd(this.pc.core, jobId, ms);

  /** `GET <path>` on the bridge as a download link (no token unless `withToken`): status and body. */
  bridgeGet(path: string, withToken: boolean): Promise<{ status: number; body: string }> {
    const bridge = this.bridge;
    return new Promise((res, rej) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: bridge.port,
          method: 'GET',
          path,
          headers: { host: `127.0.0.1:${bridge.port}`, ...(withToken ? { [TOKEN_HEADER]: bridge.token } : {}) },
        },
        (r) => {
          const parts: Buffer[] = [];
          r.on('data', (b: Buffer) => parts.push(b));
          r.on('end', () => res({ status: r.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
          r.on('error', rej);
        },
      );
      req.on('error', rej);
      req.end();
    });
  }

  /** The bridge's upload preview (POST /transfer/preview) of `tar`. */
  uploadPreview(tar: Buffer): Promise<Result<TarPreview>> {
    const bridge = this.bridge;
    return new Promise((res, rej) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: bridge.port,
          method: 'POST',
          path: '/transfer/preview?name=hostile.tar',
          headers: {
            host: `127.0.0.1:${bridge.port}`,
            origin: bridge.origin,
            [TOKEN_HEADER]: bridge.token,
            'content-type': 'application/x-tar',
            'content-length': tar.length,
          },
        },
        (r) => {
          const parts: Buffer[] = [];
          r.on('data', (b: Buffer) => parts.push(b));
          r.on('end', () => {
            try {
              res(JSON.parse(Buffer.concat(parts).toString()) as Result<TarPreview>);
            } catch (err) {
              rej(new Error(`HTTP ${r.statusCode}: ${Buffer.concat(parts).toString().slice(0, 200)} (${String(err)})`));
            }
          });
        },
      );
      req.on('error', rej);
      req.end(tar);
    });
  }

  /** The bridge's jobs (a refused download link must start none: nothing reached the engine). */
  async jobCount(): Promise<number> {
    const r = await this.coreInvoke('jobs.list', {});
    if (!r.ok) throw new Error(`jobs.list: ${r.error.message}`);
    return (r.value as JobSnapshot[]).length;
  }
}

/** A download's JSON answer (an error before the first byte); a tar or anything else fails the case. */
export function downloadAnswer(got: { status: number; body: string }, what: string): Result<unknown> {
  try {
    return JSON.parse(got.body) as Result<unknown>;
  } catch {
    throw new Error(`${what}: HTTP ${got.status} answered ${JSON.stringify(got.body.slice(0, 200))}, not a refusal`);
  }
}
