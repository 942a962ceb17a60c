import { describe, expect, it } from 'vitest';
import type { RemoveResult, UndoUntagResult } from '../../../shared/contract';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { MAX_UNDO } from '../../../renderer/src/features/edit/edit-slice';
import { fakeApi, flush, row } from './fake-api';

const IMG = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

function setup(handlers: Record<string, (req: any) => unknown> = {}) {
  const rows = [row('web', '1', { id: IMG }), row('web', '2', { id: IMG }), row('<none>', '<none>', { id: OTHER, digest: '<none>' })];
  const f = fakeApi({
    'images.list': () => ({ rows, imageCount: 2 }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    ...handlers,
  });
  const store = createAppStore({ api: f.api });
  connectStore(store, f.transport);
  return { ...f, store, rows, edit: () => store.getState().edit };
}

const untagResult = (name: string, references: string[], lostDigests: string[] = []): RemoveResult => ({
  exitCode: 0,
  items: [
    {
      name,
      ok: true,
      lines: [...references, ...lostDigests].map((r) => `Untagged: ${r}`),
      untagged: [...references, ...lostDigests],
      deleted: [],
      imageId: IMG,
      undo: { imageId: IMG, references, lostDigests },
    },
  ],
});

describe('edit slice: opening the dialogs', () => {
  it('Remove takes the selected rows in the order shown, one name per tag, and nothing opens without a selection', async () => {
    const { store, edit, rows } = setup();
    await flush();
    expect(edit().openRemove()).toBe(false);
    expect(edit().dialog).toBeNull();
    store.getState().images.select(rows[2].key, 'only');
    store.getState().images.select(rows[0].key, 'toggle');
    expect(edit().openRemove()).toBe(true);
    expect(edit().dialog).toMatchObject({ kind: 'remove', names: ['web:1', 'bbbbbbbbbbbb'] });
  });

  it('Tag opens on one row, naming it as a person would type it', async () => {
    const { edit, rows } = setup();
    await flush();
    expect(edit().openTag(rows[1].key)).toBe(true);
    expect(edit().dialog).toMatchObject({ kind: 'tag', source: 'web:2' });
    edit().closeDialog();
    expect(edit().dialog).toBeNull();
  });

  it('opening a dialog from the row menu closes the menu', async () => {
    const { edit, rows } = setup();
    await flush();
    edit().openMenu(rows[0].key, 10, 20);
    expect(edit().menu).toEqual({ key: rows[0].key, x: 10, y: 20 });
    edit().openTag(rows[0].key);
    expect(edit().menu).toBeNull();
  });

  it('a progress tick in the jobs slice leaves the edit slice object untouched', async () => {
    const { store } = setup();
    await flush();
    const before = store.getState().edit;
    store
      .getState()
      .jobs.upsert({ id: 'j', kind: 'commit', title: 't', state: 'running', current: 1, total: 0, layers: [], messages: [], startedAt: 1 });
    expect(store.getState().edit).toBe(before);
  });
});

describe('edit slice: undo after an untag', () => {
  it('a removal that only untagged leaves an offer, and Undo re-tags the same image', async () => {
    const { edit, callsTo } = setup({
      'images.remove': () => untagResult('web:1', ['web:1'], ['web@sha256:' + 'c'.repeat(64)]),
      'images.undoUntag': (req): UndoUntagResult => ({ imageId: req.imageId, restored: req.references, skipped: [] }),
    });
    await flush();
    const { result, offers } = await edit().remove({ names: ['web:1'] });
    expect(result.ok).toBe(true);
    expect(offers).toHaveLength(1);
    const offer = edit().undo[0];
    expect(offer).toMatchObject({ id: offers[0], name: 'web:1', imageId: IMG, references: ['web:1'], state: 'ready' });
    expect(offer.lostDigests).toEqual(['web@sha256:' + 'c'.repeat(64)]);

    await edit().undoUntag(offer.id);
    expect(callsTo('images.undoUntag')[0].request).toEqual({ imageId: IMG, references: ['web:1'], overwrite: false });
    expect(edit().undo[0]).toMatchObject({ state: 'done', restored: ['web:1'] });
  });

  it('a deleted image leaves no offer', async () => {
    const { edit } = setup({
      'images.remove': (): RemoveResult => ({
        exitCode: 0,
        items: [{ name: 'x:1', ok: true, lines: ['Untagged: x:1', `Deleted: ${IMG}`], untagged: ['x:1'], deleted: [IMG], imageId: IMG }],
      }),
    });
    await flush();
    const { offers } = await edit().remove({ names: ['x:1'] });
    expect(offers).toEqual([undefined]);
    expect(edit().undo).toEqual([]);
  });

  it('a tag that moved meanwhile is only taken back when asked, with overwrite', async () => {
    let call = 0;
    const { edit, callsTo } = setup({
      'images.remove': () => untagResult('web:1', ['web:1', 'web:latest']),
      'images.undoUntag': (req): UndoUntagResult =>
        ++call === 1
          ? {
              imageId: IMG,
              restored: ['web:latest'],
              skipped: [{ reference: 'web:1', reason: 'moved', message: `web:1 now names image ${OTHER}`, imageId: OTHER }],
            }
          : { imageId: IMG, restored: req.references, skipped: [] },
    });
    await flush();
    await edit().remove({ names: ['web:1'] });
    const id = edit().undo[0].id;
    await edit().undoUntag(id);
    expect(edit().undo[0]).toMatchObject({ state: 'moved', restored: ['web:latest'], moved: [{ reference: 'web:1', imageId: OTHER }] });
    await edit().undoUntag(id, true);
    expect(callsTo('images.undoUntag')[1].request).toEqual({ imageId: IMG, references: ['web:1'], overwrite: true });
    expect(edit().undo[0]).toMatchObject({ state: 'done', restored: ['web:latest', 'web:1'], moved: [] });
  });

  it('digest references are reported as not restorable', async () => {
    const { edit } = setup({
      'images.remove': () => untagResult('web:1', ['web:1']),
      'images.undoUntag': (): UndoUntagResult => ({
        imageId: IMG,
        restored: [],
        skipped: [{ reference: 'web@sha256:x', reason: 'digest', message: 'refusing to create a tag with a digest reference' }],
      }),
    });
    await flush();
    await edit().remove({ names: ['web:1'] });
    await edit().undoUntag(edit().undo[0].id);
    expect(edit().undo[0]).toMatchObject({
      state: 'done',
      skipped: [{ reference: 'web@sha256:x', message: 'refusing to create a tag with a digest reference' }],
    });
  });

  it('an image deleted before the undo makes the offer gone', async () => {
    const { edit } = setup({
      'images.remove': () => untagResult('web:1', ['web:1']),
      'images.undoUntag': () => {
        throw Object.assign(new Error(`No such image: ${IMG}`), { code: 'NOT_FOUND' });
      },
    });
    await flush();
    await edit().remove({ names: ['web:1'] });
    await edit().undoUntag(edit().undo[0].id);
    expect(edit().undo[0]).toMatchObject({ state: 'gone', error: `No such image: ${IMG}` });
  });

  it('offers for images no longer listed are checked with the engine, and dropped only when it has no such image', async () => {
    const missing = `sha256:${'d'.repeat(64)}`;
    const { edit, callsTo } = setup({
      'images.remove': (req): RemoveResult => ({
        exitCode: 0,
        items: req.names.map((name: string, i: number) => {
          const imageId = i === 0 ? IMG : missing;
          return {
            name,
            ok: true,
            lines: [],
            untagged: [name],
            deleted: [],
            imageId,
            undo: { imageId, references: [name], lostDigests: [] },
          };
        }),
      }),
      'images.validateTag': (req) =>
        req.source === missing
          ? { input: req.target, valid: true, sourceError: `No such image: ${missing}` }
          : { input: req.target, valid: true, sourceImageId: req.source },
    });
    await flush();
    await edit().remove({ names: ['listed:1', 'gone:1'] });
    await edit().verifyUndo();
    // The listed image is not asked about.
    expect(callsTo('images.validateTag').map((c) => c.request.source)).toEqual([missing]);
    expect(edit().undo.map((o) => o.state)).toEqual(['ready', 'gone']);
  });

  it(`keeps at most ${MAX_UNDO} offers, dropping the oldest`, async () => {
    const { edit } = setup({ 'images.remove': (req) => untagResult(req.names[0], [req.names[0]]) });
    await flush();
    for (let i = 0; i < MAX_UNDO + 2; i++) await edit().remove({ names: [`web:${i}`] });
    expect(edit().undo.map((o) => o.name)).toEqual(Array.from({ length: MAX_UNDO }, (_, i) => `web:${i + 2}`));
  });
});

describe('edit slice: tag', () => {
  it('a successful tag leaves a notice naming source and target', async () => {
    const { edit } = setup({
      'images.tag': (req) => ({ source: req.source, target: 'me/web:2', normalized: 'docker.io/me/web:2', imageId: IMG }),
    });
    await flush();
    const r = await edit().tag({ source: 'web:1', target: 'me/web:2' });
    expect(r.ok).toBe(true);
    expect(edit().notices).toMatchObject([{ key: 'tagged', values: { source: 'web:1', target: 'me/web:2' } }]);
    edit().dismissNotice(edit().notices[0].id);
    expect(edit().notices).toEqual([]);
  });

  it('a refused tag leaves no notice and hands the error back', async () => {
    const { edit } = setup({
      'images.tag': () => {
        throw Object.assign(new Error('invalid reference format'), { code: 'INVALID_REFERENCE' });
      },
    });
    await flush();
    const r = await edit().tag({ source: 'web:1', target: 'BAD' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REFERENCE' } });
    expect(edit().notices).toEqual([]);
  });
});
