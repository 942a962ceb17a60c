import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TagResult, TagTargetValidation, UndoUntagResult } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { engineCall } from '../../electron/core/engine/engine-api';
import { imagePath } from '../../electron/core/engine/engine-name';
import { engineMessage } from '../../electron/core/engine/engine-errors';
import { StevedoreCore } from '../../electron/core/service';
import { validateTagTarget } from '../../electron/core/edit/tag';
import { cleanup, cli, imageIdOf, importImage, NS, RUN } from '../support/edit-fixtures';
import { loadStackEnv, requireEngine } from '../support/stack';
import { INVALID_TAG_TARGETS, VALID_TAG_TARGETS } from '../fixtures/tag-reference-cases';

const skipReason = requireEngine();
const stack = loadStackEnv();
let core: StevedoreCore;
let sourceId: string;
let otherId: string;
const source = `${NS}/edit-tag-src-${RUN}:1`;
const other = `${NS}/edit-tag-other-${RUN}:1`;

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await core.handle(channel, request);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * The engine's own verdict on a reference, without creating anything outside our namespace:
 * a name expected to be valid is looked up (inspect parses it and answers 404 when absent); one
 * expected to be refused is offered to POST /images/{ours}/tag?repo=<input>, which parses it with
 * the engine's copy of distribution/reference and refuses it before the tag store changes.
 */
async function engineVerdict(input: string, expectValid: boolean): Promise<{ valid: boolean; message?: string }> {
  const docker = core.engine.docker;
  if (expectValid) {
    try {
      await engineCall(docker, { method: 'GET', path: imagePath(input, '/json') });
      return { valid: true };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404) return { valid: true };
      // "no such image: <input>: <parse error>"
      return { valid: false, message: engineMessage(err).replace(`no such image: ${input}: `, '') };
    }
  }
  try {
    await engineCall(docker, { method: 'POST', path: `/images/${sourceId}/tag`, query: { repo: input } });
  } catch (err) {
    return { valid: false, message: engineMessage(err) };
  }
  // Unexpectedly accepted: undo it at once so nothing outside our namespace stays.
  await cli(['rmi', input]);
  return { valid: true };
}

describe.skipIf(Boolean(skipReason))('tag against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
    sourceId = await importImage(source);
    otherId = await importImage(other);
  });
  afterAll(async () => {
    core?.dispose();
    await cleanup();
  });

  it('the engine agrees with every valid reference of the unit table', async () => {
    for (const c of VALID_TAG_TARGETS) {
      expect({ input: c.input, ...(await engineVerdict(c.input, true)) }).toEqual({ input: c.input, valid: true });
    }
  });

  it('the engine refuses every invalid reference of the unit table with the same words', async () => {
    for (const c of INVALID_TAG_TARGETS) {
      const verdict = await engineVerdict(c.input, false);
      const mine = validateTagTarget(c.input);
      expect({ input: c.input, valid: verdict.valid, message: verdict.message }).toEqual({
        input: c.input,
        valid: false,
        message: mine.error?.reason,
      });
    }
  });

  it('tags without renaming: the source keeps its name and the new name points at the same ID', async () => {
    const target = `${NS}/edit-tag-new-${RUN}`;
    const r = await call<TagResult>('images.tag', { source, target });
    expect(r).toEqual({
      source,
      target: `${target}:latest`,
      normalized: `docker.io/${target}:latest`,
      imageId: sourceId,
    });
    expect(await imageIdOf(source)).toBe(sourceId);
    expect(await imageIdOf(`${target}:latest`)).toBe(sourceId);
  });

  it('tags by ID and by ID prefix, like the CLI', async () => {
    const byId = `${NS}/edit-tag-byid-${RUN}:full`;
    const byPrefix = `${NS}/edit-tag-byid-${RUN}:prefix`;
    await call('images.tag', { source: sourceId, target: byId });
    await call('images.tag', { source: sourceId.slice(7, 19), target: byPrefix });
    expect(await imageIdOf(byId)).toBe(sourceId);
    expect(await imageIdOf(byPrefix)).toBe(sourceId);
  });

  it('warns before moving a tag that names another image, then reports the move', async () => {
    const v = await call<TagTargetValidation>('images.validateTag', { target: other, source });
    expect(v).toMatchObject({ valid: true, sourceImageId: sourceId, existing: { imageId: otherId, sameImage: false } });
    const same = await call<TagTargetValidation>('images.validateTag', { target: source, source });
    expect(same.existing).toEqual({ imageId: sourceId, sameImage: true });
    const fresh = await call<TagTargetValidation>('images.validateTag', { target: `${NS}/edit-tag-none-${RUN}:x`, source });
    expect(fresh.existing).toBeUndefined();

    const moved = await call<TagResult>('images.tag', { source, target: other });
    expect(moved).toMatchObject({ imageId: sourceId, previousImageId: otherId });
    expect(await imageIdOf(other)).toBe(sourceId);
    // The old image lost its only name: it is dangling now, still there.
    expect((await cli(['image', 'inspect', '--format', '{{len .RepoTags}}', otherId])).stdout.trim()).toBe('0');
  });

  it('refuses a bad target or a digest target before any request, with the CLI words', async () => {
    const bad = await core.handle('images.tag', { source, target: `${NS}/Edit` });
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'INVALID_REFERENCE',
        message: `Error parsing reference: "${NS}/Edit" is not a valid repository/tag: invalid reference format: repository name must be lowercase`,
        detail: { part: 'repository-lowercase', value: `${NS}/Edit` },
      },
    });
    const digest = await core.handle('images.tag', { source, target: `${NS}/edit-d@sha256:${'a'.repeat(64)}` });
    expect(digest).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REFERENCE', message: 'refusing to create a tag with a digest reference' },
    });
    const badSource = await core.handle('images.tag', { source: 'Bad Source', target: `${NS}/edit-x` });
    expect(badSource).toMatchObject({
      ok: false,
      error: {
        message:
          'Error parsing reference: "Bad Source" is not a valid repository/tag: invalid reference format: repository name must be lowercase',
      },
    });
    const missing = await core.handle('images.tag', { source: `${NS}/edit-missing-${RUN}:1`, target: `${NS}/edit-x` });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `No such image: ${NS}/edit-missing-${RUN}:1` } });
  });

  it('the same digest target refused by core is refused by the engine, which changes nothing', async () => {
    const target = `${NS}/edit-d-${RUN}@sha256:${'b'.repeat(64)}`;
    const viaEngine = await engineVerdict(target, false);
    expect(viaEngine).toEqual({ valid: false, message: 'refusing to create a tag with a digest reference' });
    expect(validateTagTarget(target).error?.message).toBe(viaEngine.message);
  });

  it('undo of an untag re-tags the same ID, and says so when it cannot', async () => {
    const a = `${NS}/edit-tag-undo-${RUN}:a`;
    const b = `${NS}/edit-tag-undo-${RUN}:b`;
    const keep = `${NS}/edit-tag-undo-${RUN}:keep`;
    for (const t of [a, b, keep]) await call('images.tag', { source: otherId, target: t });
    // The image keeps one name, so removing the other two only untags it.
    expect((await cli(['rmi', a, b])).stdout).toBe(`Untagged: ${a}\nUntagged: ${b}\n`);
    const r = await call<UndoUntagResult>('images.undoUntag', { imageId: otherId, references: [a, b] });
    expect(r).toEqual({ imageId: otherId, restored: [a, b], skipped: [] });
    expect(await imageIdOf(a)).toBe(otherId);

    // Meanwhile `a` moved to another image: left alone unless overwrite.
    await call('images.tag', { source: sourceId, target: a });
    const kept = await call<UndoUntagResult>('images.undoUntag', { imageId: otherId, references: [a] });
    expect(kept.skipped).toEqual([{ reference: a, reason: 'moved', message: `${a} now names image ${sourceId}`, imageId: sourceId }]);
    expect(await imageIdOf(a)).toBe(sourceId);
    const forced = await call<UndoUntagResult>('images.undoUntag', { imageId: otherId, references: [a], overwrite: true });
    expect(forced.restored).toEqual([a]);
    expect(await imageIdOf(a)).toBe(otherId);
  });

  it('undo is refused once the image is gone', async () => {
    const gone = await importImage(undefined);
    expect((await cli(['rmi', gone])).code).toBe(0);
    const r = await core.handle('images.undoUntag', { imageId: gone, references: [`${NS}/edit-gone-${RUN}:1`] });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `No such image: ${gone}` } });
  });
});
