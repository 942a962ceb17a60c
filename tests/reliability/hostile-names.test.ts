// HOSTILE: a corpus of hostile image names (`..` in every position, percent- and double-encoded
// forms, `?`, `#`, CR/LF, NUL, backslashes, Unicode look-alikes, overlong names, valid references
// that point at nothing) sent through every contract channel that takes an image name or reads
// names from an archive, directly to the core, over the loopback bridge (WebSocket; the HTTP upload
// preview for crafted tars; the save download's one-time tickets and its route) and through the
// Electron main process's IPC handlers (the shipped dist/electron/main.cjs under Node with the
// stand-in electron module, tests/support/fake-electron.ts: its load and save paths granted by the
// stubbed native dialogs), plus crafted tars (hostile tags, Config and Layers) through all three
// preview paths. Many names aim at a loopback probe server (`../../127.0.0.1:<probe>/x`: the
// engine's router used to answer a 301 there, and docker-modem followed it). The probe must
// receive nothing, every attempt must get an answer, each answer must be INVALID_ARGUMENT
// (INVALID_REFERENCE, its reference-grammar form) or NOT_FOUND in words, an invalid archive tag is
// listed as refused, and nothing may reach the process's last-resort handler. The Electron bundle is
// built by `npm run build:electron`'s script when the file starts (about a second).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeSubprotocols, TRANSFER_ROUTES, TRANSFER_TICKET_PARAM, type DownloadTicket } from '../../shared/bridge-protocol';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { TOKEN_HEADER } from '../../electron/bridge/transfer-routes';
import { installLastResort, lastResortCount } from '../../electron/core/support/last-resort';
import { imageName } from '../../electron/core/engine/engine-name';
import type { ContractError, JobSnapshot, RemovePlan, Result, TarPreview } from '../../shared/contract';
import { parseNormalizedNamed } from '../../shared/reference';
import { tarHeader } from './support/archives';
import { jobEnd, partialsIn, startPrivateCore, type PrivateCore } from './support/core-harness';
import { startElectronMain, type ElectronMain } from './support/electron-main';
import { PRIVATE_REGISTRY } from './support/private-stack';
import { Tally } from './support/tally';

const tally = new Tally('HOSTILE', 'names');
const ZERO = '0'.repeat(64);
const ALLOWED = new Set(['INVALID_ARGUMENT', 'INVALID_REFERENCE', 'NOT_FOUND']);

/** The corpus; `P` is the probe's `127.0.0.1:<port>`. */
function corpus(P: string): string[] {
  const names = [
    // `..` and `.` in every position
    `../../${P}/x`,
    `../${P}/x`,
    '..',
    '../x',
    'x/..',
    'x/../..',
    `x/../../${P}/y`,
    `${P}/../x`,
    `${P}/x/..`,
    `/../${P}/x`,
    'a/./b',
    './a',
    'a/.',
    '.',
    '...',
    'a/...',
    '..:latest',
    'x:..',
    'x@..',
    `rel/a/../../../${P}/x:1`,
    // percent-encoded and double-encoded
    `%2e%2e/%2e%2e/${P}/x`,
    `..%2f..%2f${P}%2fx`,
    `%2E%2E%2F${P}`,
    'x%2f..%2f..',
    `%252e%252e/%252e%252e/${P}/x`,
    `..%252f..%252f${P}`,
    '%25%32%65',
    'x%00',
    `x%3F/../../${P}`,
    '%C0%AE%C0%AE/x',
    // query and fragment
    'x?x=1',
    `x?names=../../${P}/x`,
    `../../${P}/x?`,
    'x#',
    `#/../../${P}`,
    'x/json?a',
    `busybox:1?tag=../../${P}`,
    'x&names=y',
    // CR/LF and NUL
    `x\r\nHost: ${P}`,
    'x\nGET /',
    'x\r',
    '\r\n',
    'x\u0000',
    `\u0000../../${P}/x`,
    // backslashes
    `..\\..\\${P}\\x`,
    'x\\..',
    `\\\\${P}\\x`,
    'a\\b',
    // Unicode look-alikes and invisibles
    `．．/．．/${P}/x`,
    `‥/${P}/x`,
    'x∕..∕..',
    '⁄../x',
    'busybоx',
    'ａlpine',
    'x\u200b',
    'x\u202e',
    'x\ufeff',
    'busybox\u00a0',
    // overlong
    'a'.repeat(256),
    `${'a/'.repeat(200)}a`,
    `x:${'t'.repeat(129)}`,
    `${'a'.repeat(64)}/../..`,
    `${'../'.repeat(300)}${P}`,
    // malformed otherwise
    '',
    ' ',
    'x y',
    'X',
    'x:',
    'x@',
    '@',
    ':',
    '//x',
    'x//y',
    '-x',
    'x-',
    '*',
    `sha512:${'a'.repeat(128)}`,
    // valid references that point at nothing (on loopback only)
    `${PRIVATE_REGISTRY}/rel/hostile-nothing:1`,
    `${PRIVATE_REGISTRY}/rel/nothing@sha256:${ZERO}`,
    `sha256:${ZERO}`,
    ZERO,
    'deadbeef0',
    'rel/hostile-nothing:1',
  ];
  return [...new Set(names)];
}

/** Valid references whose registry is not the private one: never pulled or pushed (no traffic off loopback, none to the probe). */
function reachesOtherRegistry(name: string): boolean {
  try {
    return parseNormalizedNamed(name).domain !== PRIVATE_REGISTRY;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The probe, the core, the bridge

let probe: Server;
let probePort = 0;
const probeHits: string[] = [];
let pc: PrivateCore;
let bridge: Bridge;
let main: ElectronMain;
let ws: WebSocket;
let dir: string;
let nextId = 1;
const waiting = new Map<number, (r: Result<unknown>) => void>();

function wsSend(frame: Record<string, unknown>, what: string): Promise<Result<unknown>> {
  const id = nextId++;
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no answer to ${what} within 20 s`)), 20_000);
    waiting.set(id, (r) => {
      clearTimeout(timer);
      res(r);
    });
    ws.send(JSON.stringify({ ...frame, id }));
  });
}

const wsInvoke = (channel: string, request: unknown) => wsSend({ type: 'invoke', channel, request }, channel);
/** The page asks the bridge for a one-time download link of `refs` (DownloadTicketFrame). */
const wsTicket = (refs: unknown) => wsSend({ type: 'download-ticket', refs }, 'download-ticket') as Promise<Result<DownloadTicket>>;

const coreInvoke = (channel: string, request: unknown) => pc.core.handle(channel, request) as Promise<Result<unknown>>;
const ipcInvoke = (channel: string, request: unknown) => main.call(channel, request);

/** A docker save style tar holding only manifest.json. */
function craftedTar(manifest: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(manifest));
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([tarHeader('manifest.json', body.length), body, pad, Buffer.alloc(1024)]);
}

/** `GET <path>` on the bridge as a download link (no token unless `withToken`): status and body. */
function bridgeGet(path: string, withToken: boolean): Promise<{ status: number; body: string }> {
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

/** A download's JSON answer (an error before the first byte); a tar or anything else fails the case. */
function downloadAnswer(got: { status: number; body: string }, what: string): Result<unknown> {
  try {
    return JSON.parse(got.body) as Result<unknown>;
  } catch {
    throw new Error(`${what}: HTTP ${got.status} answered ${JSON.stringify(got.body.slice(0, 200))}, not a refusal`);
  }
}

function uploadPreview(tar: Buffer): Promise<Result<TarPreview>> {
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

// ---------------------------------------------------------------------------------------------
// What counts as a survived attempt

/** A refusal people can read: an allowed code and a short message in words (no stack, no empty text). */
function expectClearRefusal(error: ContractError | undefined, what: string): void {
  expect(error, `${what}: an error`).toBeDefined();
  expect(ALLOWED.has(error!.code), `${what}: ${error!.code} ${error!.message}`).toBe(true);
  expect(error!.message, what).toMatch(/[a-z]{2,}/i);
  expect(error!.message.length, what).toBeLessThan(2000);
  expect(error!.message, what).not.toMatch(/\n\s+at /);
}

/** Every `error` in a value (remove and plan results carry one per item). */
function nestedErrors(value: unknown, out: ContractError[] = []): ContractError[] {
  if (Array.isArray(value)) value.forEach((v) => nestedErrors(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'error' && v && typeof v === 'object' && 'code' in v) out.push(v as ContractError);
      else nestedErrors(v, out);
    }
  }
  return out;
}

type JobEnd = (jobId: string, ms: number) => Promise<JobSnapshot>;
const coreJobEnd: JobEnd = (jobId, ms) => jobEnd(pc.core, jobId, ms);

/** The answer to one attempt: refused at once, or a job that ends refused, or a result item refused. */
async function expectRefused(answer: Result<unknown>, what: string, endOf: JobEnd = coreJobEnd): Promise<void> {
  if (!answer.ok) return expectClearRefusal(answer.error, what);
  const value = answer.value as { jobId?: string; exists?: boolean };
  if (typeof value?.jobId === 'string') {
    const end: JobSnapshot = await endOf(value.jobId, 30_000);
    expect(end.state, `${what}: the job`).toBe('failed');
    return expectClearRefusal(end.error as ContractError | undefined, `${what} (job)`);
  }
  // images.pushTarget describes a push before it is made: an image that is not there says so.
  if (value && value.exists === false) return;
  const errors = nestedErrors(value);
  expect(errors.length, `${what}: answered ${JSON.stringify(value).slice(0, 300)}`).toBeGreaterThan(0);
  errors.forEach((e) => expectClearRefusal(e, what));
}

/** A preview of an archive naming `tag`: an invalid tag is listed as refused with a reason, a valid one as a tag. */
function expectTagSorted(answer: Result<unknown>, tag: string, what: string): void {
  if (!answer.ok) return expectClearRefusal(answer.error, what);
  const preview = answer.value as TarPreview;
  const refused = preview.refused?.find((r) => r.tag === tag);
  if (refused) {
    expect(refused.reason, what).toMatch(/[a-z]{2,}/);
    expect(preview.tags, what).not.toContain(tag);
  } else {
    expect(preview.tags, `${what}: ${tag} neither refused nor a tag`).toContain(tag);
  }
  expect(
    preview.moves.find((m) => m.tag === tag),
    what,
  ).toBeUndefined();
}

// ---------------------------------------------------------------------------------------------
// The channels

type Invoke = (channel: string, request: unknown) => Promise<Result<unknown>>;
interface Channel {
  channel: string;
  request: (name: string) => unknown;
  /** Names this channel is not given (valid names that would pull or push from a registry off loopback). */
  skip?: (name: string) => boolean;
  check?: (answer: Result<unknown>, name: string, what: string, endOf: JobEnd) => Promise<void> | void;
}

const archiveOf = (manifest: unknown) => ({ name: 'hostile.tar', compression: 'tar', size: 0, manifest });
const CONFIG = `${'c'.repeat(64)}.json`;

const CHANNELS: Channel[] = [
  { channel: 'images.pull', request: (n) => ({ reference: n }), skip: reachesOtherRegistry },
  { channel: 'images.history', request: (n) => ({ image: n }) },
  { channel: 'images.historyFormat', request: (n) => ({ image: n }) },
  { channel: 'images.inspect', request: (n) => ({ image: n }) },
  {
    channel: 'images.removePlan',
    request: (n) => ({ names: [n] }),
    // A plan is replayed on the image list (no name reaches an engine path); each item says why it would fail.
    check: (answer, _n, what) => {
      if (!answer.ok) return expectClearRefusal(answer.error, what);
      for (const item of (answer.value as RemovePlan).items) {
        expect(item.message, `${what}: ${JSON.stringify(item).slice(0, 300)}`).toMatch(
          /invalid reference format|repository name|No such image|unsupported digest|checksum digest|cannot specify 64-byte/,
        );
        expect([item.untag, item.delete], what).toEqual([[], []]);
      }
    },
  },
  { channel: 'images.remove', request: (n) => ({ names: [n] }) },
  { channel: 'images.tag', request: (n) => ({ source: n, target: 'rel/hostile-target:1' }) },
  { channel: 'images.undoUntag', request: (n) => ({ imageId: `sha256:${ZERO}`, references: [n] }) },
  { channel: 'images.commit', request: (n) => ({ container: 'rel-hostile-no-such-container', reference: n }) },
  { channel: 'images.pushTarget', request: (n) => ({ reference: n }) },
  { channel: 'images.push', request: (n) => ({ reference: n }), skip: reachesOtherRegistry },
  { channel: 'localRegistry.push', request: (n) => ({ image: n, containerName: 'rel-hostile-no-registry' }) },
  {
    channel: 'images.describeArchive',
    request: (n) => archiveOf([{ Config: CONFIG, RepoTags: [n], Layers: ['a/layer.tar'] }]),
    check: (answer, n, what) => expectTagSorted(answer, n, what),
  },
  {
    channel: 'images.describeArchive',
    request: (n) => archiveOf([{ Config: n, RepoTags: null, Layers: [n] }]),
    // A Config or layer that is a plain relative path previews (never looked up unless it is sha256:<hex>); any other is refused.
    check: (answer, _n, what) => {
      if (!answer.ok) expectClearRefusal(answer.error, what);
    },
  },
];

// The schema's own limits (min 1, max 1024) refuse some names before any handler: they are refusals too.
// Jobs started over IPC run in the Electron bundle's own core: their end is read over IPC.
const TRANSPORTS: [string, () => Invoke, () => JobEnd][] = [
  ['core', () => coreInvoke, () => coreJobEnd],
  ['bridge', () => wsInvoke, () => coreJobEnd],
  ['ipc', () => ipcInvoke, () => main.jobEnd],
];

/** A preview of a tar whose Config and Layers are `name`: a plain relative path previews, anything else is refused in words. */
function expectConfigSorted(answer: Result<unknown>, what: string): void {
  if (!answer.ok) expectClearRefusal(answer.error, what);
}

/** The bridge's jobs (a refused download link must start none: nothing reached the engine). */
async function jobCount(): Promise<number> {
  const r = await coreInvoke('jobs.list', {});
  if (!r.ok) throw new Error(`jobs.list: ${r.error.message}`);
  return (r.value as JobSnapshot[]).length;
}

interface Attempt {
  key: string;
  run: () => Promise<void>;
}

function attemptsOf(P: string): Map<string, Attempt[]> {
  const names = corpus(P);
  const batches = new Map<string, Attempt[]>();
  for (const [transport, invoker, ender] of TRANSPORTS) {
    CHANNELS.forEach((c, ci) => {
      const batch: Attempt[] = [];
      for (const name of names) {
        if (c.skip?.(name)) continue;
        const what = `${transport} ${c.channel}#${ci} ${JSON.stringify(name.slice(0, 80))}${name.length > 80 ? `…(${name.length})` : ''}`;
        batch.push({
          key: `${transport} ${c.channel}#${ci} ${names.indexOf(name)}`,
          run: async () => {
            const answer = await invoker()(c.channel, c.request(name));
            await (c.check ?? ((a, _n, w, e) => expectRefused(a, w, e)))(answer, name, what, ender());
          },
        });
      }
      batches.set(`${transport} ${c.channel}#${ci}`, batch);
    });
  }
  // Crafted tars through the two other preview paths: a file (images.loadPreview, from the core and
  // over IPC with the path picked in the Load dialog) and an upload. One tar names `name` as a tag,
  // the other as its Config and layer.
  const tars: Attempt[] = [];
  const files: Attempt[] = [];
  const ipcFiles: Attempt[] = [];
  names.forEach((name, i) => {
    const label = JSON.stringify(name.slice(0, 80));
    const tagTar = craftedTar([{ Config: CONFIG, RepoTags: [name], Layers: ['a/layer.tar'] }]);
    const configTar = craftedTar([{ Config: name, RepoTags: null, Layers: [name] }]);
    tars.push({
      key: `upload preview ${i}`,
      run: async () => expectTagSorted(await uploadPreview(tagTar), name, `upload preview ${label}`),
    });
    tars.push({
      key: `upload preview config ${i}`,
      run: async () => expectConfigSorted(await uploadPreview(configTar), `upload preview config ${label}`),
    });
    const file = (kind: string, tar: Buffer) => {
      const path = join(dir, `hostile-${kind}-${i}.tar`);
      writeFileSync(path, tar);
      return path;
    };
    files.push({
      key: `path preview ${i}`,
      run: async () =>
        expectTagSorted(await coreInvoke('images.loadPreview', { path: file('tag', tagTar) }), name, `path preview ${label}`),
    });
    files.push({
      key: `path preview config ${i}`,
      run: async () =>
        expectConfigSorted(await coreInvoke('images.loadPreview', { path: file('config', configTar) }), `path preview config ${label}`),
    });
    for (const [kind, tar] of [
      ['tag', tagTar],
      ['config', configTar],
    ] as const) {
      ipcFiles.push({
        key: `ipc path preview ${kind} ${i}`,
        run: async () => {
          const path = file(`ipc-${kind}`, tar);
          await main.pickToLoad(path);
          const answer = await ipcInvoke('images.loadPreview', { path });
          if (kind === 'tag') expectTagSorted(answer, name, `ipc path preview ${label}`);
          else expectConfigSorted(answer, `ipc path preview config ${label}`);
        },
      });
    }
  });
  batches.set('bridge POST /transfer/preview', tars);
  batches.set('core images.loadPreview', files);
  batches.set('ipc images.loadPreview (picked in the Load dialog)', ipcFiles);

  // Saves: over IPC to a path picked in the Save dialog, and the bridge's download link (its
  // one-time ticket, the ticket's route, and the token-header route). A name that is not a valid
  // reference is refused before any ticket or job; a valid one that points at nothing ends NOT_FOUND.
  const saves: Attempt[] = [];
  const tickets: Attempt[] = [];
  const ticketUrls: Attempt[] = [];
  const tokenUrls: Attempt[] = [];
  names.forEach((name, i) => {
    if (reachesOtherRegistry(name)) return;
    const label = JSON.stringify(name.slice(0, 80));
    saves.push({
      key: `ipc images.save ${i}`,
      run: async () => {
        const path = join(dir, `hostile-save-${i}.tar`);
        await main.pickToSave(path);
        await expectRefused(await ipcInvoke('images.save', { refs: [name], path }), `ipc images.save ${label}`, main.jobEnd);
        expect(existsSync(path), `ipc images.save ${label}: nothing written`).toBe(false);
        expect(partialsIn(dir), `ipc images.save ${label}: no partial file`).toEqual([]);
      },
    });
    tickets.push({
      key: `bridge download-ticket ${i}`,
      run: async () => {
        const what = `bridge download-ticket ${label}`;
        const answer = await wsTicket([name]);
        if (!answer.ok) return expectClearRefusal(answer.error, what);
        // Only a name the engine door accepts gets a ticket: its download then ends in a refusal, not a tar.
        expect(() => imageName(name), `${what}: a ticket for a name the door refuses`).not.toThrow();
        await expectRefused(downloadAnswer(await bridgeGet(answer.value.url, false), what), `${what} (download)`);
      },
    });
    ticketUrls.push({
      key: `bridge ticket url refs ${i}`,
      run: async () => {
        const what = `bridge ${TRANSFER_ROUTES.save}?${TRANSFER_TICKET_PARAM}=…&refs=${label}`;
        const granted = await wsTicket(['rel/hostile-nothing:1']);
        if (!granted.ok) throw new Error(`${what}: no ticket for a valid name: ${granted.error.message}`);
        const before = await jobCount();
        const got = await bridgeGet(`${granted.value.url}&${new URLSearchParams({ refs: name })}`, false);
        if (got.status === 403) {
          // A ticket saves what it was asked for: other names are refused before any job or engine call.
          expect(got.body, what).toMatch(/ticket is for other images/);
          expect(await jobCount(), `${what}: a job started`).toBe(before);
        } else {
          await expectRefused(downloadAnswer(got, what), what);
        }
      },
    });
    tokenUrls.push({
      key: `bridge token url refs ${i}`,
      run: async () => {
        const what = `bridge ${TRANSFER_ROUTES.save}?refs=${label} (token header)`;
        await expectRefused(
          downloadAnswer(await bridgeGet(`${TRANSFER_ROUTES.save}?${new URLSearchParams({ refs: name })}`, true), what),
          what,
        );
      },
    });
  });
  batches.set('ipc images.save (path picked in the Save dialog)', saves);
  batches.set('bridge download-ticket', tickets);
  batches.set('bridge GET /transfer/save with a ticket and other refs', ticketUrls);
  batches.set('bridge GET /transfer/save?refs= with the token header', tokenUrls);
  return batches;
}

// The probe's port is known only once it listens, but every case is declared at collection: the
// corpus is built with a placeholder port to declare the cases, and built again with the real one.
for (const batch of attemptsOf('127.0.0.1:1').values()) for (const a of batch) tally.declare(a.key);
tally.set('probe_hits', 'unknown');

describe('hostile names reach nothing but a refusal', () => {
  let batches: Map<string, Attempt[]>;

  beforeAll(async () => {
    tally.write();
    installLastResort(() => undefined);
    probe = createServer((req, res) => {
      probeHits.push(`${req.method} ${req.url}`);
      res.end();
    });
    probe.on('connection', (s: Socket) => {
      probeHits.push(`connection from ${s.remotePort}`);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    probePort = (probe.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'stevedore-hostile-'));
    pc = await startPrivateCore();
    bridge = await startBridge({ core: pc.core, staticDir: resolve(import.meta.dirname, '../../dist/renderer') });
    main = await startElectronMain();
    ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(bridge.token), { headers: { origin: bridge.origin } });
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id: number; result: Result<unknown> };
      if (frame.type !== 'result') return;
      waiting.get(frame.id)?.(frame.result);
      waiting.delete(frame.id);
    });
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
    batches = attemptsOf(`127.0.0.1:${probePort}`);
  }, 120_000);

  afterAll(async () => {
    tally.set('probe_hits', probeHits.length);
    tally.write();
    ws?.terminate();
    await bridge?.close();
    main?.quit();
    pc?.dispose();
    await new Promise((r) => probe?.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const label of attemptsOf('127.0.0.1:1').keys()) {
    it(
      label,
      async () => {
        const failures: string[] = [];
        for (const attempt of batches.get(label)!) {
          try {
            await attempt.run();
            // The process answers after every attempt: the core, the bridge and main's IPC.
            await alive();
            tally.record(attempt.key, true);
          } catch (err) {
            tally.record(attempt.key, false);
            failures.push(String((err as Error).message).split('\n')[0]);
          }
        }
        expect(failures).toEqual([]);
        // The process still answers a valid engine request after the batch, through each door.
        expect(await coreInvoke('images.list', {})).toMatchObject({ ok: true });
        expect(await ipcInvoke('images.list', {})).toMatchObject({ ok: true });
      },
      300_000,
    );
  }

  /** A cheap request through each door answers (a hang or a dead handler fails the attempt). */
  async function alive(): Promise<void> {
    for (const [what, answer] of [
      ['core', coreInvoke('jobs.list', {})],
      ['bridge', wsInvoke('settings.get', {})],
      ['ipc', ipcInvoke('settings.get', {})],
    ] as const) {
      expect(await answer, `${what} answers after the attempt`).toMatchObject({ ok: true });
    }
  }

  it('the probe received nothing and nothing reached the last-resort handler', async () => {
    await new Promise((r) => setTimeout(r, 300));
    expect(probeHits).toEqual([]);
    expect(lastResortCount()).toBe(0);
  });
});
