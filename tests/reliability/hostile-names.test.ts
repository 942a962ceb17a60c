// HOSTILE: a corpus of hostile image names (`..` in every position, percent- and double-encoded
// forms, `?`, `#`, CR/LF, NUL, backslashes, Unicode look-alikes, overlong names, valid references
// that point at nothing) sent through every contract channel that takes an image name or reads
// names from an archive, directly to the core (what main's IPC handlers call) and over the
// loopback bridge (WebSocket; the HTTP upload preview for crafted tars), plus crafted tars through
// the path preview. Many names aim at a loopback probe server (`../../127.0.0.1:<probe>/x`: the
// engine's router used to answer a 301 there, and docker-modem followed it). The probe must
// receive nothing, every attempt must get an answer, each answer must be INVALID_ARGUMENT
// (INVALID_REFERENCE, its reference-grammar form) or NOT_FOUND in words, an invalid archive tag is
// listed as refused, and nothing may reach the process's last-resort handler.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeSubprotocols } from '../../shared/bridge-protocol';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { TOKEN_HEADER } from '../../electron/bridge/transfer-routes';
import { installLastResort, lastResortCount } from '../../electron/core/support/last-resort';
import type { ContractError, JobSnapshot, RemovePlan, Result, TarPreview } from '../../shared/contract';
import { parseNormalizedNamed } from '../../shared/reference';
import { tarHeader } from './support/archives';
import { jobEnd, startPrivateCore, type PrivateCore } from './support/core-harness';
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
let ws: WebSocket;
let dir: string;
let nextId = 1;
const waiting = new Map<number, (r: Result<unknown>) => void>();

function wsInvoke(channel: string, request: unknown): Promise<Result<unknown>> {
  const id = nextId++;
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no answer to ${channel} within 20 s`)), 20_000);
    waiting.set(id, (r) => {
      clearTimeout(timer);
      res(r);
    });
    ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
  });
}

const coreInvoke = (channel: string, request: unknown) => pc.core.handle(channel, request) as Promise<Result<unknown>>;

/** A docker save style tar holding only manifest.json. */
function craftedTar(manifest: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(manifest));
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([tarHeader('manifest.json', body.length), body, pad, Buffer.alloc(1024)]);
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

/** The answer to one attempt: refused at once, or a job that ends refused, or a result item refused. */
async function expectRefused(answer: Result<unknown>, what: string): Promise<void> {
  if (!answer.ok) return expectClearRefusal(answer.error, what);
  const value = answer.value as { jobId?: string; exists?: boolean };
  if (typeof value?.jobId === 'string') {
    const end: JobSnapshot = await jobEnd(pc.core, value.jobId, 30_000);
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
  check?: (answer: Result<unknown>, name: string, what: string) => Promise<void> | void;
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
const TRANSPORTS: [string, () => Invoke][] = [
  ['core', () => coreInvoke],
  ['bridge', () => wsInvoke],
];

interface Attempt {
  key: string;
  run: () => Promise<void>;
}

function attemptsOf(P: string): Map<string, Attempt[]> {
  const names = corpus(P);
  const batches = new Map<string, Attempt[]>();
  for (const [transport, invoker] of TRANSPORTS) {
    CHANNELS.forEach((c, ci) => {
      const batch: Attempt[] = [];
      for (const name of names) {
        if (c.skip?.(name)) continue;
        const what = `${transport} ${c.channel}#${ci} ${JSON.stringify(name.slice(0, 80))}${name.length > 80 ? `…(${name.length})` : ''}`;
        batch.push({
          key: `${transport} ${c.channel}#${ci} ${names.indexOf(name)}`,
          run: async () => {
            const answer = await invoker()(c.channel, c.request(name));
            await (c.check ?? ((a, _n, w) => expectRefused(a, w)))(answer, name, what);
          },
        });
      }
      batches.set(`${transport} ${c.channel}#${ci}`, batch);
    });
  }
  // Crafted tars through the two other preview paths: a file (images.loadPreview) and an upload.
  const tars: Attempt[] = [];
  const files: Attempt[] = [];
  names.forEach((name, i) => {
    const tar = craftedTar([{ Config: CONFIG, RepoTags: [name], Layers: ['a/layer.tar'] }]);
    tars.push({
      key: `upload preview ${i}`,
      run: async () => expectTagSorted(await uploadPreview(tar), name, `upload preview ${JSON.stringify(name.slice(0, 80))}`),
    });
    files.push({
      key: `path preview ${i}`,
      run: async () => {
        const path = join(dir, `hostile-${i}.tar`);
        writeFileSync(path, tar);
        expectTagSorted(await coreInvoke('images.loadPreview', { path }), name, `path preview ${JSON.stringify(name.slice(0, 80))}`);
      },
    });
  });
  batches.set('bridge POST /transfer/preview', tars);
  batches.set('core images.loadPreview', files);
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
            tally.record(attempt.key, true);
          } catch (err) {
            tally.record(attempt.key, false);
            failures.push(String((err as Error).message).split('\n')[0]);
          }
        }
        expect(failures).toEqual([]);
        // The process still answers a valid request after the batch.
        expect(await coreInvoke('images.list', {})).toMatchObject({ ok: true });
      },
      300_000,
    );
  }

  it('the probe received nothing and nothing reached the last-resort handler', async () => {
    await new Promise((r) => setTimeout(r, 300));
    expect(probeHits).toEqual([]);
    expect(lastResortCount()).toBe(0);
  });
});
