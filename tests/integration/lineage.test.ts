// Lineage against the real engine and the docker CLI: names and digests as `docker image inspect`
// prints them, the parent chain of a `docker commit`, children, and the containers of an image
// by ID (a container whose tag moved away still belongs to the image it was created from).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageLineage } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { loadStackEnv, requireEngine } from '../support/stack';
import {
  cleanupLineage,
  commitLineage,
  createdLineageContainer,
  importBusybox,
  lcli,
  lineageContainer,
  lineageRef,
  lmust,
  LNS,
  LRUN,
  ranLineageContainer,
} from '../support/lineage-fixtures';

const skipReason = requireEngine();
const stack = loadStackEnv();
let core: StevedoreCore;
let base: string;
let child: string;
let pushedRef: string;
let grandchild: string;

async function lineage(image: string): Promise<ImageLineage> {
  const r = await core.handle('images.lineage', { image });
  if (!r.ok) throw new Error(`images.lineage: ${r.error.code} ${r.error.message}`);
  return r.value as ImageLineage;
}

async function inspectJson(ref: string): Promise<Record<string, any>> {
  return JSON.parse(await lmust(['image', 'inspect', '--format', '{{json .}}', ref]));
}

describe.skipIf(Boolean(skipReason))('lineage against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    base = await importBusybox(lineageRef('base'));
    await lmust(['tag', base, lineageRef('base', 'alias')]);
    // A digest: pushed to the stack's loopback registry.
    pushedRef = `${stack.registry}/${LNS}/base-${LRUN}:1`;
    await lmust(['tag', base, pushedRef]);
    await lmust(['push', pushedRef]);
    // A stopped container, then its commit: the child image's Parent is the base.
    await ranLineageContainer('stopped', lineageRef('base'), 'echo made > /made');
    child = await commitLineage(lineageContainer('stopped'), lineageRef('child'));
    // Created through a tag that then moves to the child: still a container of the base.
    await lmust(['tag', base, lineageRef('moving')]);
    await createdLineageContainer('moved', lineageRef('moving'));
    await lmust(['tag', child, lineageRef('moving')]);
    await ranLineageContainer('of-child', lineageRef('child'));
    // Two levels: a commit of a container of the child.
    await ranLineageContainer('of-grandchild', lineageRef('child'), 'echo again > /again');
    grandchild = await commitLineage(lineageContainer('of-grandchild'), lineageRef('grandchild'));
  });
  afterAll(async () => {
    core?.dispose();
    await lcli(['rmi', pushedRef]);
    await cleanupLineage();
  });

  it('lists every tag and digest the image carries, as docker image inspect does', async () => {
    const cli = await inspectJson(base);
    const l = await lineage(lineageRef('base', 'alias'));
    expect(l.imageId).toBe(base);
    expect([...l.repoTags].sort()).toEqual([...cli.RepoTags].sort());
    expect(l.repoTags).toEqual(expect.arrayContaining([lineageRef('base'), lineageRef('base', 'alias'), pushedRef]));
    expect([...l.repoDigests].sort()).toEqual([...cli.RepoDigests].sort());
    expect(l.repoDigests.some((d) => d.startsWith(`${stack.registry}/${LNS}/base-${LRUN}@sha256:`))).toBe(true);
  });

  it('walks the parent chain of a committed image and lists it among the base children', async () => {
    const cli = await inspectJson(child);
    expect(cli.Parent).toBe(base);
    const l = await lineage(lineageRef('child'));
    expect(l.parents.map((p) => p.id)).toEqual([base]);
    expect(l.parents[0].repoTags).toEqual(expect.arrayContaining([lineageRef('base')]));
    expect(l.repoTags).toEqual(expect.arrayContaining([lineageRef('child'), lineageRef('moving')]));
    const b = await lineage(base);
    expect(b.parents).toEqual([]);
    expect(b.children.map((c) => c.id)).toEqual([child]);
    // The whole chain, nearest first, as the CLI's Parent fields walk it.
    const g = await lineage(grandchild);
    expect(g.parents.map((p) => p.id)).toEqual([child, base]);
    expect((await inspectJson(grandchild)).Parent).toBe(child);
    expect((await lineage(child)).children.map((c) => c.id)).toEqual([grandchild]);
  });

  it('lists the containers created from the image by ID, with names and states, and when one was last used', async () => {
    const b = await lineage(base);
    const names = b.containers.map((c) => c.name).sort();
    expect(names).toEqual([lineageContainer('moved'), lineageContainer('stopped')].sort());
    // The CLI's ancestor filter lists the same ones plus those of the descendants (the child's).
    const ancestors = (await lmust(['ps', '-a', '--filter', `ancestor=${base}`, '--format', '{{.Names}}'])).split('\n').sort();
    expect(ancestors).toEqual(
      [lineageContainer('moved'), lineageContainer('of-child'), lineageContainer('of-grandchild'), lineageContainer('stopped')].sort(),
    );
    const stopped = b.containers.find((c) => c.name === lineageContainer('stopped'));
    const moved = b.containers.find((c) => c.name === lineageContainer('moved'));
    expect(stopped?.state).toBe('exited');
    expect(moved?.state).toBe('created');
    expect(moved?.startedAt).toBeUndefined();
    const inspected = JSON.parse(await lmust(['inspect', '--format', '{{json .}}', lineageContainer('stopped')]));
    expect(stopped?.startedAt).toBe(inspected.State.StartedAt);
    expect(stopped?.created).toBe(inspected.Created);
    // The moved container was created after the stopped one started: it is the last use.
    const movedCreated = JSON.parse(await lmust(['inspect', '--format', '{{json .Created}}', lineageContainer('moved')]));
    expect(b.lastUsed).toEqual({ at: movedCreated, container: lineageContainer('moved'), how: 'created' });
    const c = await lineage(child);
    // Newest created first.
    expect(c.containers.map((x) => x.name)).toEqual([lineageContainer('of-grandchild'), lineageContainer('of-child')]);
    expect(c.lastUsed?.how).toBe('started');
  });

  it('refuses a name outside the grammar before asking the engine, and says an unknown image is not found', async () => {
    const bad = await core.handle('images.lineage', { image: '../../containers/json' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toMatch(/INVALID/);
    const missing = await core.handle('images.lineage', { image: `${LNS}/absent-${LRUN}:1` });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('NOT_FOUND');
  });
});
