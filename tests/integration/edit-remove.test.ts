import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoveItemResult, RemovePlan, RemovePlanItem, RemoveResult, UndoUntagResult } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import {
  cleanup,
  cli,
  cliCommit,
  containerName,
  createdContainer,
  imageExists,
  imageIdOf,
  importImage,
  mustCli,
  normalizeLines,
  NS,
  ranContainer,
  removeContainer,
  RUN,
  runningContainer,
} from '../support/edit-fixtures';
import { loadStackEnv, requireEngine } from '../support/stack';

// Mirrors moby's rmi tests (integration-cli/docker_cli_rmi_test.go, integration/image/remove_test.go)
// on images and containers of our own (stevedore-fixture/edit-*, stevedore-edit-*), and compares
// every result with what `docker rmi` prints for the same state.
const skipReason = requireEngine();
const stack = loadStackEnv();
let core: StevedoreCore;

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

const short = (id: string) => id.slice(7, 19);

/** Plans, removes, and checks the plan said exactly what happened. */
async function planAndRemove(names: string[], opts: { force?: boolean; noPrune?: boolean } = {}): Promise<RemoveResult> {
  const plan = await call<RemovePlan>('images.removePlan', { names, ...opts });
  const result = await call<RemoveResult>('images.remove', { names, ...opts });
  expect(plan.items.map(planView)).toEqual(result.items.map(resultView));
  return result;
}

function planView(p: RemovePlanItem) {
  return p.message !== undefined
    ? { name: p.name, message: p.message, kind: p.conflict?.kind, canForce: p.conflict?.canForce }
    : { name: p.name, lines: p.lines };
}

function resultView(r: RemoveItemResult) {
  return r.ok
    ? { name: r.name, lines: r.lines }
    : { name: r.name, message: r.error?.message, kind: r.conflict?.kind, canForce: r.conflict?.canForce };
}

/** base (busybox, tagged) -> P (commit, untagged) -> C (commit, tagged `ref`). Returns the IDs. */
async function chain(what: string, ref: string): Promise<{ base: string; parent: string; child: string }> {
  const base = await importImage(`${NS}/edit-rm-${what}-base-${RUN}:1`, { busybox: true });
  const c1 = await ranContainer(`${what}-c1`, base, ['sh', '-c', 'echo one > /one']);
  const parent = await cliCommit(c1);
  await removeContainer(containerName(`${what}-c1`));
  const c2 = await ranContainer(`${what}-c2`, parent, ['sh', '-c', 'echo two > /two']);
  const child = await cliCommit(c2, ref);
  await removeContainer(containerName(`${what}-c2`));
  return { base, parent, child };
}

describe.skipIf(Boolean(skipReason))('remove (docker rmi) against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
  });
  afterAll(async () => {
    core?.dispose();
    await cleanup();
  });

  it('rmi of a multi-tag image only untags it, even with a stopped container (TestRmiTag*)', async () => {
    const repo = `${NS}/edit-rm-multi-${RUN}`;
    const id = await importImage(`${repo}:t1`, { busybox: true });
    await mustCli(['tag', id, `${repo}:t2`]);
    await createdContainer('multi', id);
    const plan = await call<RemovePlan>('images.removePlan', { names: [`${repo}:t1`] });
    expect(plan).toMatchObject({ bestEffort: true, irreversible: false, items: [{ untag: [`${repo}:t1`], delete: [], undoable: true }] });
    const r = await planAndRemove([`${repo}:t1`]);
    expect(r.items[0]).toMatchObject({
      ok: true,
      lines: [`Untagged: ${repo}:t1`],
      imageId: id,
      undo: { imageId: id, references: [`${repo}:t1`], lostDigests: [] },
    });
    expect(await imageIdOf(`${repo}:t2`)).toBe(id);

    const undone = await call<UndoUntagResult>('images.undoUntag', { imageId: id, references: [`${repo}:t1`] });
    expect(undone.restored).toEqual([`${repo}:t1`]);
    expect(await imageIdOf(`${repo}:t1`)).toBe(id);
  });

  it('rmi by ID of an image in several repositories needs force, then untags all and deletes (TestRmiImgIDForce)', async () => {
    const id = await importImage(`${NS}/edit-rm-repo-a-${RUN}:1`);
    await mustCli(['tag', id, `${NS}/edit-rm-repo-b-${RUN}:1`]);
    const refused = await planAndRemove([short(id)]);
    expect(refused.exitCode).toBe(1);
    expect(refused.items[0]).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `conflict: unable to delete ${short(id)} (must be forced) - image is referenced in multiple repositories`,
      },
      conflict: { kind: 'multiple-repositories', canForce: true, forceEffect: 'delete', imageId: short(id) },
      errorLine: `Error response from daemon: conflict: unable to delete ${short(id)} (must be forced) - image is referenced in multiple repositories`,
    });
    const forced = await planAndRemove([short(id)], { force: true });
    expect(forced.items[0].lines.slice(0, 3)).toEqual([
      `Untagged: ${NS}/edit-rm-repo-a-${RUN}:1`,
      `Untagged: ${NS}/edit-rm-repo-b-${RUN}:1`,
      `Deleted: ${id}`,
    ]);
    expect(forced.items[0].undo).toBeUndefined();
    expect(await imageExists(id)).toBe(false);
  });

  it('an image used by a running container cannot be deleted even forced, but force untags it by name (TestRmiImageIDForceWithRunningContainers)', async () => {
    const ref = `${NS}/edit-rm-running-${RUN}:1`;
    const id = await importImage(ref, { busybox: true });
    const ctr = await runningContainer('running', ref);
    const byId = await planAndRemove([id], { force: true });
    expect(byId.items[0]).toMatchObject({
      ok: false,
      error: {
        message: `conflict: unable to delete ${short(id)} (cannot be forced) - image is being used by running container ${ctr.slice(0, 12)}`,
      },
      conflict: {
        kind: 'running-container',
        canForce: false,
        containerId: ctr.slice(0, 12),
        containerName: containerName('running'),
      },
    });
    const byName = await planAndRemove([ref]);
    expect(byName.items[0]).toMatchObject({
      ok: false,
      error: {
        message: `conflict: unable to remove repository reference "${ref}" (must force) - container ${ctr.slice(0, 12)} is using its referenced image ${short(id)}`,
      },
      conflict: { kind: 'running-container', canForce: true, forceEffect: 'untag', containerName: containerName('running') },
    });
    const forced = await planAndRemove([ref], { force: true });
    expect(forced.items[0]).toMatchObject({ ok: true, lines: [`Untagged: ${ref}`], undo: { imageId: id, references: [ref] } });
    expect(await imageExists(id)).toBe(true);
    const undone = await call<UndoUntagResult>('images.undoUntag', { imageId: id, references: [ref] });
    expect(undone.restored).toEqual([ref]);
  });

  it('an image used by a stopped container needs force and is then deleted (TestRmiForceWithExistingContainers)', async () => {
    const ref = `${NS}/edit-rm-stopped-${RUN}:1`;
    const id = await importImage(ref, { busybox: true });
    const ctr = await createdContainer('stopped', ref);
    const byId = await planAndRemove([id]);
    expect(byId.items[0]).toMatchObject({
      error: {
        message: `conflict: unable to delete ${short(id)} (must be forced) - image is being used by stopped container ${ctr.slice(0, 12)}`,
      },
      conflict: { kind: 'stopped-container', canForce: true, forceEffect: 'delete', containerName: containerName('stopped') },
    });
    const byName = await planAndRemove([ref]);
    expect(byName.items[0].conflict).toMatchObject({ kind: 'stopped-container', canForce: true, forceEffect: 'delete' });
    const forced = await planAndRemove([id], { force: true });
    // The container still holds the layers: only the image record goes.
    expect(forced.items[0].lines).toEqual([`Untagged: ${ref}`, `Deleted: ${id}`]);
    expect(await imageExists(id)).toBe(false);
  });

  it('--no-prune keeps the untagged parent; without it the parent goes too (TestRmiUntagHistoryLayer)', async () => {
    const kept = await chain('noprune', `${NS}/edit-rm-noprune-${RUN}:1`);
    const r1 = await planAndRemove([`${NS}/edit-rm-noprune-${RUN}:1`], { noPrune: true });
    expect(r1.items[0].lines.filter((l) => l.startsWith('Deleted: ')).slice(0, 1)).toEqual([`Deleted: ${kept.child}`]);
    expect(r1.items[0].deleted).not.toContain(kept.parent);
    expect(await imageExists(kept.parent)).toBe(true);

    const pruned = await chain('prune', `${NS}/edit-rm-prune-${RUN}:1`);
    const r2 = await planAndRemove([`${NS}/edit-rm-prune-${RUN}:1`]);
    expect(r2.items[0].deleted).toEqual(expect.arrayContaining([pruned.child, pruned.parent]));
    expect(r2.items[0].deleted).not.toContain(pruned.base);
    expect(await imageExists(pruned.parent)).toBe(false);
    expect(await imageExists(pruned.base)).toBe(true);
  });

  it('a parent with children cannot be deleted, and a failed rmi by ID keeps the tag (TestRmiParentImageFail, TestRmiByIDHardConflict)', async () => {
    const c = await chain('parent', `${NS}/edit-rm-parent-${RUN}:1`);
    const r = await planAndRemove([c.parent, c.base], { force: true });
    for (const [item, id] of [
      [r.items[0], c.parent],
      [r.items[1], c.base],
    ] as const) {
      expect(item).toMatchObject({
        ok: false,
        error: { message: `conflict: unable to delete ${short(id)} (cannot be forced) - image has dependent child images` },
        conflict: { kind: 'child-images', canForce: false },
      });
    }
    expect(await imageIdOf(`${NS}/edit-rm-parent-base-${RUN}:1`)).toBe(c.base);
  });

  it('removing the last tag of a repository drops its digest references (TestDeleteImageWithDigestAndMultiRepoTag)', async () => {
    // One repository for every run (the registry cannot delete repositories, only manifests),
    // tags of this run only.
    const repo = `${stack.registry}/${NS}/edit-rm-digest`;
    const [t1, t2] = [`${RUN}-1`, `${RUN}-2`];
    const id = await importImage(`${repo}:${t1}`);
    await mustCli(['tag', id, `${repo}:${t2}`]);
    await mustCli(['tag', id, `${NS}/edit-rm-digest-keep-${RUN}:1`]);
    await mustCli(['push', `${repo}:${t1}`]);
    const digestRef = (await mustCli(['image', 'inspect', '--format', '{{index .RepoDigests 0}}', id])).trim();
    expect(digestRef).toMatch(new RegExp(`^${repo.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
    try {
      // Another tag of the same repository remains: the digest stays.
      const first = await planAndRemove([`${repo}:${t2}`]);
      expect(first.items[0].lines).toEqual([`Untagged: ${repo}:${t2}`]);
      const last = await planAndRemove([`${repo}:${t1}`]);
      expect(last.items[0].lines).toEqual([`Untagged: ${repo}:${t1}`, `Untagged: ${digestRef}`]);
      expect(last.items[0].undo).toEqual({ imageId: id, references: [`${repo}:${t1}`], lostDigests: [digestRef] });
      expect(await imageExists(id)).toBe(true);
    } finally {
      // Leave the loopback registry as we found it.
      const digest = digestRef.split('@')[1];
      await fetch(`http://${stack.registry}/v2/${NS}/edit-rm-digest/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);
    }
  });

  it('each item is removed on its own: a missing one does not stop the rest, and exit codes follow the CLI', async () => {
    const ref = `${NS}/edit-rm-each-${RUN}:1`;
    await importImage(ref);
    const missing = `${NS}/edit-rm-missing-${RUN}:1`;
    const r = await planAndRemove([missing, ref]);
    expect(r.exitCode).toBe(1);
    expect(r.items[0]).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: `No such image: ${missing}` },
      conflict: { kind: 'not-found', canForce: false },
      errorLine: `Error response from daemon: No such image: ${missing}`,
    });
    // Untagged, the image, its one layer.
    expect(r.items[1]).toMatchObject({
      ok: true,
      lines: [`Untagged: ${ref}`, expect.stringMatching(/^Deleted: sha256:/), expect.stringMatching(/^Deleted: sha256:/)],
    });
    const cliMissing = await cli(['rmi', missing]);
    expect({ code: cliMissing.code, stderr: cliMissing.stderr.trim() }).toEqual({ code: 1, stderr: r.items[0].errorLine });
    const forced = await call<RemoveResult>('images.remove', { names: [missing], force: true });
    expect(forced.exitCode).toBe(0);
    expect((await cli(['rmi', '-f', missing])).code).toBe(0);
  });

  it('each result equals what `docker rmi` prints for the same state (differential)', async () => {
    type Side = { p: string; base: string; multi: string; used: string; stopped: string };
    const build = async (side: 'a' | 'b'): Promise<Side> => {
      const p = `${NS}/edit-diff-${side}-${RUN}`;
      const base = await importImage(`${p}-base:1`, { busybox: true });
      const multi = await importImage(`${p}-multi:1`);
      await mustCli(['tag', multi, `${p}-multi:2`]);
      await mustCli(['tag', multi, `${p}-other:1`]);
      const c1 = await ranContainer(`diff-${side}-c1`, base, ['sh', '-c', 'echo one > /one']);
      const parent = await cliCommit(c1);
      await removeContainer(containerName(`diff-${side}-c1`));
      const c2 = await ranContainer(`diff-${side}-c2`, parent, ['sh', '-c', 'echo two > /two']);
      await cliCommit(c2, `${p}-chain:1`);
      await removeContainer(containerName(`diff-${side}-c2`));
      const used = await importImage(`${p}-used:1`, { busybox: true });
      await runningContainer(`diff-${side}-used`, used);
      const stopped = await importImage(`${p}-stopped:1`, { busybox: true });
      await createdContainer(`diff-${side}-stopped`, stopped);
      return { p, base, multi, used, stopped };
    };
    const steps = (s: Side): string[][] => [
      [`${s.p}-multi:1`],
      [short(s.multi)],
      ['-f', short(s.multi)],
      [`${s.p}-chain:1`],
      ['-f', short(s.used)],
      [`${s.p}-used:1`],
      ['-f', `${s.p}-used:1`],
      [short(s.stopped)],
      ['-f', short(s.stopped)],
      [`${s.p}-nope:1`, `${s.p}-base:1`],
      ['-f', `${s.p}-nope:2`],
    ];
    const a = await build('a');
    const b = await build('b');
    const cliOut: string[] = [];
    for (const args of steps(a)) {
      const r = await cli(['rmi', ...args]);
      cliOut.push(`$ rmi ${args.join(' ')} -> ${r.code}`, ...r.stdout.split('\n').filter(Boolean), ...r.stderr.split('\n').filter(Boolean));
    }
    const coreOut: string[] = [];
    for (const args of steps(b)) {
      const force = args[0] === '-f';
      const names = force ? args.slice(1) : args;
      const r = await call<RemoveResult>('images.remove', { names, force });
      coreOut.push(
        `$ rmi ${args.join(' ')} -> ${r.exitCode}`,
        ...r.items.flatMap((i) => i.lines),
        ...r.items.flatMap((i) => (i.errorLine ? [i.errorLine] : [])),
      );
    }
    const cliNorm = normalizeLines(cliOut, { [`edit-diff-a-${RUN}`]: 'edit-diff-X' });
    const coreNorm = normalizeLines(coreOut, { [`edit-diff-b-${RUN}`]: 'edit-diff-X' });
    expect(coreNorm).toEqual(cliNorm);
    // The story really exercised every kind of line.
    const text = cliNorm.join('\n');
    for (const needle of ['Untagged: ', 'Deleted: ', 'must be forced', 'cannot be forced', 'must force', 'No such image']) {
      expect(text).toContain(needle);
    }
  });
});
