// Update detection is never on the images list's path: a core on a fake engine (an HTTP server on
// a unix socket) whose one image came from a loopback fake registry lists images, and the registry
// hears nothing and the engine is asked nothing a check would ask (image inspect, containers);
// only updates.check reaches the registry, and the kept answer comes back from updates.list.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TagUpdate } from '../../shared/registry-updates';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const IMAGE_ID = `sha256:${'1'.repeat(64)}`;
let dir: string;
let engine: Server;
let registry: Server;
let core: StevedoreCore;
let ref = '';
const engineSaw: string[] = [];
const registrySaw: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stevedore-updates-unit-'));
  registry = createServer((req, res) => {
    registrySaw.push(`${req.method} ${req.url}`);
    res.writeHead(200, {
      'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json',
      'Docker-Content-Digest': DIGEST,
      'Docker-Distribution-Api-Version': 'registry/2.0',
    });
    res.end();
  });
  await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  ref = `${host}/team/app:1`;
  engine = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/v[0-9.]+/, '').split('?')[0];
    engineSaw.push(path);
    res.setHeader('Content-Type', 'application/json');
    if (path === '/images/json') {
      res.end(
        JSON.stringify([
          {
            Id: IMAGE_ID,
            RepoTags: [ref],
            RepoDigests: [`${host}/team/app@${DIGEST}`],
            Created: 0,
            Size: 1,
            Labels: null,
            Containers: -1,
            ParentId: '',
            SharedSize: -1,
            VirtualSize: 1,
          },
        ]),
      );
    } else if (path === '/info') {
      res.end(JSON.stringify({ RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ['127.0.0.0/8'] } }));
    } else if (path === '/containers/json') {
      res.end('[]');
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: `not in this fake: ${path}` }));
    }
  });
  const socketPath = join(dir, 'engine.sock');
  await new Promise<void>((r) => engine.listen(socketPath, r));
  core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: `unix://${socketPath}`, source: 'env' } }),
    dataDir: join(dir, 'data'),
    dockerConfigDir: join(dir, 'docker-config'),
  });
});

afterAll(async () => {
  core?.dispose();
  await new Promise((r) => engine?.close(r));
  await new Promise((r) => registry?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('update detection stays off the images list', () => {
  it('images.list asks no registry and nothing a check asks; updates.list answers from memory only', async () => {
    const listed = await core.handle('images.list', {});
    expect(listed).toMatchObject({ ok: true, value: { imageCount: 1 } });
    expect(await core.handle('updates.list', {})).toEqual({ ok: true, value: { results: [] } });
    expect(registrySaw).toEqual([]);
    expect(engineSaw.filter((p) => p !== '/images/json')).toEqual([]);
  });

  it('updates.check is what reaches the registry (so the test above could fail), and its answer is kept', async () => {
    const checked = await core.handle('updates.check', {});
    expect(checked.ok).toBe(true);
    const results = (checked as { value: { results: TagUpdate[] } }).value.results;
    expect(results).toEqual([expect.objectContaining({ reference: ref, status: 'upToDate', remoteDigest: DIGEST, containers: [] })]);
    expect(registrySaw).toContain('HEAD /v2/team/app/manifests/1');

    const before = registrySaw.length;
    await core.handle('images.list', {});
    expect(registrySaw.length).toBe(before);
    expect(await core.handle('updates.list', {})).toEqual({ ok: true, value: { results } });
  });
});
