// The explorer over the loopback bridge (a browser has no local paths), against the real engine:
// a dropped archive is uploaded to `POST /transfer/explore`, read in place from a private temp
// file (no image appears in the engine) that closing the session removes; save out is a download
// through a one-time ticket, byte for byte what `docker cp` gives, a folder as its tar.
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bridgeSubprotocols, EXPLORE_ROUTES, TRANSFER_TOKEN_HEADER } from '../../shared/bridge-protocol';
import type { ExploreSummary } from '../../shared/contract';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import {
  buildFixtures,
  cleanupExplore,
  compressed,
  createdContainer,
  dockerCp,
  savedArchive,
  tempDir,
  type Fixtures,
} from '../support/explore-fixtures';
import { bridgeHttp, type BridgeRequest } from '../support/bridge-http';
import { dockerCli, loadStackEnv, requireEngine } from '../support/stack';
import { readTar } from '../support/tar-bytes';

const skipReason = requireEngine();
if (skipReason) console.warn(`[explore-bridge] skipping: ${skipReason}`);
const stack = loadStackEnv();
const TOKEN = 'explore-bridge-token-0123456789abcdef';

let core: StevedoreCore;
let bridge: Bridge;
let fx: Fixtures;
let archive: string;
let container: string;

/** A request to this test's bridge. */
const http = (path: string, opts?: BridgeRequest) => bridgeHttp(bridge.port, path, opts);

async function frame(payload: Record<string, unknown>): Promise<{ ok: boolean; value?: { url: string }; error?: { code: string } }> {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, bridgeSubprotocols(TOKEN), { origin: bridge.origin });
  await new Promise((r) => ws.on('open', r));
  const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
  ws.send(JSON.stringify({ id: 1, ...payload }));
  const answer = JSON.parse(await reply);
  ws.close();
  return answer.result;
}

const upload = (body: Buffer, name: string) =>
  http(`${EXPLORE_ROUTES.open}?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { [TRANSFER_TOKEN_HEADER]: TOKEN, origin: bridge.origin, 'content-type': 'application/octet-stream' },
    body,
  });

const imageCount = async () => (await dockerCli(['images', '-aq', '--no-trunc'])).stdout.split('\n').filter(Boolean).length;

describe.skipIf(skipReason !== null)('the explorer over the bridge', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    bridge = await startBridge({ core, staticDir: tempDir(), token: TOKEN });
    fx = await buildFixtures();
    archive = compressed(await savedArchive(fx.commit2, tempDir()), 'gzip');
    container = await createdContainer(fx.commit2);
  }, 300_000);

  afterAll(async () => {
    await bridge?.close();
    core?.dispose();
    await cleanupExplore();
  });

  it('opens an uploaded archive in place, without loading it, and removes it with the session', async () => {
    // Not an exact image count of the shared engine: only that this upload added none.
    const before = await imageCount();
    const answer = await upload(readFileSync(archive), 'commit2.tar.gz');
    expect(answer.status).toBe(200);
    const { value } = JSON.parse(answer.body.toString()) as { value: { jobId: string; sessionId: string } };
    const job = await core.jobs.wait(value.jobId);
    expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
    const summary = job.result as ExploreSummary;
    expect(summary).toMatchObject({ label: 'commit2.tar.gz', source: 'archive', archive: { format: 'docker', compression: 'gzip' } });
    expect(summary.repoTags).toEqual([fx.commit2]);
    expect(await imageCount()).toBe(before);

    const session = core.exploreSessions.get(value.sessionId);
    const kept = session.ownedFile!;
    expect(existsSync(kept)).toBe(true);
    expect(dirname(session.index!.content.kind === 'file' ? session.index!.content.path : '')).toBe(kept);

    // Save out: a ticket over the WebSocket, then a plain download link.
    const ticket = await frame({ type: 'explore-download-ticket', sessionId: value.sessionId, layer: 'merged', path: 'bin/busybox' });
    expect(ticket.ok).toBe(true);
    expect(ticket.value!.url).not.toMatch(/token/);
    const file = await http(ticket.value!.url, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/filename="busybox"/);
    const cp = await readTar(dockerCp(container, '/bin/busybox'), true);
    expect(file.body.equals(cp[0].data!)).toBe(true);
    // Spent by its first use.
    expect((await http(ticket.value!.url, { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(401);

    const folder = await frame({ type: 'explore-download-ticket', sessionId: value.sessionId, layer: 'merged', path: 'data' });
    const tar = await http(folder.value!.url, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(tar.headers['content-disposition']).toMatch(/filename="data\.tar"/);
    const names = (entries: Awaited<ReturnType<typeof readTar>>) => entries.map((e) => e.name.replace(/\/$/, '')).sort();
    expect(names(await readTar(tar.body))).toEqual(names(await readTar(dockerCp(container, '/data'))));

    const closed = await frame({ type: 'invoke', channel: 'explore.close', request: { sessionId: value.sessionId } });
    expect(closed).toEqual({ ok: true, value: { closed: true } });
    expect(existsSync(kept)).toBe(false);
  });

  it('refuses an upload that is not an image archive, a ticket for nothing, and paths over the WebSocket', async () => {
    const text = await upload(Buffer.from('not a tar at all\n'.repeat(50)), 'notes.txt');
    expect(text.status).toBe(400);
    expect(text.body.toString()).toMatch(/not an image archive/);
    const none = await frame({ type: 'explore-download-ticket', sessionId: 'nosuchsession', layer: 'merged', path: 'etc' });
    expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const byPath = await frame({ type: 'invoke', channel: 'explore.open', request: { source: { kind: 'archive', path: archive } } });
    expect(byPath).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const noToken = await http(`${EXPLORE_ROUTES.open}?name=x.tar`, {
      method: 'POST',
      headers: { origin: bridge.origin },
      body: readFileSync(archive),
    });
    expect(noToken.status).toBe(401);
  });
});
