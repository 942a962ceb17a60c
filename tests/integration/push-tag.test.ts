// images.tagAndPush against the real test engine and the open loopback registry: `docker tag` then
// `docker push` in one request, for a name no local image has yet (another registry or repository).
// The target passes the push's checks before anything is tagged (grammar, digest, Docker Hub's
// `user/` rule); the tag names the same image; the push job ends with the digest the registry
// serves. Every image, tag and manifest here carries a random suffix and is removed again.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushJobResult } from '../../shared/registries';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import {
  buildRandomImage,
  deleteRegistryTag,
  localImageExists,
  MANIFEST_V2,
  removeLocal,
  splitRegistryRef,
} from '../support/registry-images';
import { dockerCli, loadStackEnv, privateDockerConfig, requireEngine } from '../support/stack';

const skipReason = requireEngine();
const stack = loadStackEnv();
const SUFFIX = randomBytes(4).toString('hex');
const NS = `stevedore-pushtag-${SUFFIX}`;
const SOURCE = `${NS}/source:1`;
const TARGET = `${stack.registry}/${NS}/moved:2`;

let core: StevedoreCore;
let dataDir: string;
const localRefs = new Set<string>([SOURCE]);

const imageId = async (ref: string) => (await dockerCli(['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();

async function refusal(request: { source: string; target: string }) {
  const r = await core.handle('images.tagAndPush', request);
  expect(r.ok, JSON.stringify(r)).toBe(false);
  return (r as { ok: false; error: { code: string; message: string; detail?: Record<string, unknown> } }).error;
}

describe.skipIf(skipReason !== null)('images.tagAndPush: tag, then push, in one step', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-pushtag-data-'));
    core = new StevedoreCore({
      engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
      dataDir,
      dockerConfigDir: privateDockerConfig(),
    });
    await core.start();
    await buildRandomImage({ ref: SOURCE, layers: [50_000], label: 'org.stevedore.test=pushtag' });
  }, 120_000);

  afterAll(async () => {
    await deleteRegistryTag(TARGET).catch(() => undefined);
    await removeLocal(...localRefs);
    core?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('tags the image with the new name and pushes that name: the registry serves the digest the job reports', async () => {
    expect(await localImageExists(TARGET)).toBe(false);
    const r = await core.handle('images.tagAndPush', { source: SOURCE, target: TARGET });
    if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
    localRefs.add(TARGET);
    const { jobId, reference } = r.value as { jobId: string; reference: string };
    expect(reference).toBe(TARGET);
    expect(await imageId(TARGET)).toBe(await imageId(SOURCE));
    const job = await core.jobs.wait(jobId);
    expect(job).toMatchObject({ kind: 'push', state: 'succeeded', title: `Push ${TARGET}`, subject: TARGET });
    const pushed = job.result as PushJobResult;
    const { host, name, tag } = splitRegistryRef(TARGET);
    const head = await fetch(`http://${host}/v2/${name}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: MANIFEST_V2 } });
    expect(head.status).toBe(200);
    expect(head.headers.get('docker-content-digest')).toBe(pushed.digest);
  });

  it('a target the push would refuse is refused before anything is tagged, in the CLI’s words', async () => {
    const hub = `nouser-${SUFFIX}:1`;
    expect(await refusal({ source: SOURCE, target: hub })).toMatchObject({ code: 'INVALID_REFERENCE', detail: { needsNamespace: true } });
    expect(await localImageExists(hub)).toBe(false);

    const upper = `${stack.registry}/${NS}/Upper:1`;
    expect(await refusal({ source: SOURCE, target: upper })).toMatchObject({
      code: 'INVALID_REFERENCE',
      message: expect.stringContaining('repository name must be lowercase'),
    });
    const digest = `${stack.registry}/${NS}/x@sha256:${'a'.repeat(64)}`;
    expect(await refusal({ source: SOURCE, target: digest })).toMatchObject({
      code: 'INVALID_REFERENCE',
      message: 'cannot push a digest reference',
    });
  });

  it('a source the engine does not have: its words, no tag and no job', async () => {
    const jobsBefore = core.jobs.list().length;
    const target = `${stack.registry}/${NS}/never:1`;
    expect(await refusal({ source: `${NS}/missing:1`, target })).toMatchObject({ message: expect.stringMatching(/No such image/i) });
    expect(await localImageExists(target)).toBe(false);
    expect(core.jobs.list()).toHaveLength(jobsBefore);
  });
});
