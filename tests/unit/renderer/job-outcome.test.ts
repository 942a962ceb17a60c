// What a finished job leaves people with: the pull/push Retry starts again, the images a load
// named (the job card and its toast), a commit's new image, and the save/load notices that end
// with their job.
import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../../shared/contract';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { commitResultOf, loadedLinesOf, loadedNames, namesSummary, retryTargetOf } from '../../../renderer/src/features/jobs/job-outcome';
import type { FilePort } from '../../../renderer/src/transport/file-port';
import { fakeApi, flush, row } from './fake-api';

const job = (over: Partial<JobSnapshot>): JobSnapshot => ({
  id: 'j1',
  kind: 'pull',
  title: 'Pull x',
  state: 'failed',
  current: 0,
  total: 0,
  layers: [],
  messages: [],
  startedAt: 1,
  endedAt: 2,
  ...over,
});

describe('retryTargetOf: the pull or push a failed job starts again', () => {
  it('is the subject core started the job with, whatever the title says', () => {
    expect(retryTargetOf(job({ kind: 'push', title: 'Subir algo', subject: '127.0.0.1:5002/app:1' }))).toEqual({
      kind: 'push',
      reference: '127.0.0.1:5002/app:1',
    });
  });

  it("keeps the platform a pull asked for, so the retry pulls the same platform (not the engine's own)", () => {
    expect(retryTargetOf(job({ kind: 'pull', subject: '127.0.0.1:5011/multi:1', platform: 'linux/arm64' }))).toEqual({
      kind: 'pull',
      reference: '127.0.0.1:5011/multi:1',
      platform: 'linux/arm64',
    });
  });

  it('without a subject (older snapshots), is the reference core titled the job with (Pull <familiar>, Push <canonical>)', () => {
    expect(retryTargetOf(job({ kind: 'pull', title: 'Pull 127.0.0.1:5002/stevedore-fixture/private:1' }))).toEqual({
      kind: 'pull',
      reference: '127.0.0.1:5002/stevedore-fixture/private:1',
    });
    expect(retryTargetOf(job({ kind: 'push', title: 'Push docker.io/me/app:1' }))).toEqual({
      kind: 'push',
      reference: 'docker.io/me/app:1',
    });
  });

  it('offers nothing for running, succeeded or cancelled jobs, nor for other kinds', () => {
    for (const state of ['queued', 'running', 'succeeded', 'cancelled'] as const) expect(retryTargetOf(job({ state }))).toBeNull();
    expect(retryTargetOf(job({ kind: 'save', title: 'Save x' }))).toBeNull();
    expect(retryTargetOf(job({ kind: 'pull', title: 'Pull a b' }))).toBeNull();
  });
});

describe('load and commit results', () => {
  const load = job({
    kind: 'load',
    state: 'succeeded',
    result: { loaded: ['Loaded image: ux-walk/loadme:1', `Loaded image ID: sha256:${'c'.repeat(64)}`] },
  });

  it('a load shows the lines docker load prints, and names what it loaded', () => {
    expect(loadedLinesOf(load)).toEqual(['Loaded image: ux-walk/loadme:1', `Loaded image ID: sha256:${'c'.repeat(64)}`]);
    expect(loadedNames(loadedLinesOf(load))).toEqual(['ux-walk/loadme:1', `sha256:${'c'.repeat(64)}`]);
    expect(namesSummary(['a:1', 'b:1', 'c:1'])).toEqual({ first: 'a:1', more: 2 });
    expect(namesSummary([])).toBeNull();
    expect(loadedLinesOf({ ...load, state: 'failed' })).toEqual([]);
  });

  it('a commit gives its new image ID and the name it got', () => {
    const id = `sha256:${'d'.repeat(64)}`;
    expect(commitResultOf(job({ kind: 'commit', state: 'succeeded', result: { id, reference: 'a:1' } }))).toEqual({ id, reference: 'a:1' });
    expect(commitResultOf(job({ kind: 'commit', state: 'failed' }))).toBeNull();
  });
});

function setup(handlers: Record<string, (req: any) => unknown> = {}, files?: FilePort) {
  const rows = [row('web', '1')];
  const f = fakeApi({
    'images.list': () => ({ rows, imageCount: 1 }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    ...handlers,
  });
  const store = createAppStore({ api: f.api, files });
  connectStore(store, f.transport);
  return { ...f, store, rows };
}

describe('jobs.retry', () => {
  it('starts a failed pull again with the same reference, and a failed push as a push', async () => {
    const { store, emit, callsTo } = setup({ 'images.pull': () => ({ jobId: 'p2' }), 'images.push': () => ({ jobId: 'u2' }) });
    await flush();
    emit('job.updated', job({ id: 'p1', kind: 'pull', title: 'Pull 127.0.0.1:5002/x/y:1' }));
    emit('job.updated', job({ id: 'u1', kind: 'push', title: 'Push 127.0.0.1:5002/x/y:1' }));
    expect(await store.getState().jobs.retry('p1')).toEqual({ ok: true, value: { jobId: 'p2' } });
    expect(await store.getState().jobs.retry('u1')).toEqual({ ok: true, value: { jobId: 'u2' } });
    expect(callsTo('images.pull').map((c) => c.request)).toEqual([{ reference: '127.0.0.1:5002/x/y:1' }]);
    expect(callsTo('images.push').map((c) => c.request)).toEqual([{ reference: '127.0.0.1:5002/x/y:1' }]);
    expect(store.getState().pull.started).toContain('p2');
    const refused = await store.getState().jobs.retry('nope');
    expect(refused.ok).toBe(false);
  });

  it('a login opened from a failed job remembers it, to offer it again', async () => {
    const { store } = setup();
    store.getState().registries.openLogin('127.0.0.1:5002', 'p1');
    expect(store.getState().registries.dialog).toMatchObject({ kind: 'login', host: '127.0.0.1:5002', retryJob: 'p1' });
  });
});

describe('save and load notices end with their job', () => {
  const desktop: FilePort = { mode: 'desktop', pathOf: () => '' };
  const texts = (store: ReturnType<typeof setup>['store']) =>
    store.getState().edit.notices.map((n) => `${n.key} ${JSON.stringify(n.values)}`);

  it('"Saving…" gives way to "Saved …" when the save job succeeds', async () => {
    const { store, emit } = setup(
      { 'dialogs.saveTar': () => ({ path: '/home/me/web_1.tar' }), 'images.save': () => ({ jobId: 's1' }) },
      desktop,
    );
    await flush();
    store.getState().images.select(store.getState().images.rows[0]!.key, 'only');
    store.getState().transfer.saveSelection();
    await store.getState().transfer.confirmSave();
    expect(texts(store)).toEqual(['transfer.notice.saving {"refs":"web:1","file":"web_1.tar"}']);
    emit('job.updated', job({ id: 's1', kind: 'save', title: 'Save web:1 to web_1.tar', state: 'running' }));
    expect(texts(store)).toHaveLength(1);
    emit('job.updated', job({ id: 's1', kind: 'save', title: 'Save web:1 to web_1.tar', state: 'succeeded' }));
    expect(texts(store)).toEqual(['transfer.notice.saved {"refs":"web:1","file":"web_1.tar"}']);
  });

  it("a browser download's notice ends with the bridge's download job; a failure becomes an alert", async () => {
    const port: FilePort = {
      mode: 'browser',
      pickFiles: async () => [],
      download: async () => ({ ok: true, value: undefined }),
      preview: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'x' } }),
      load: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'x' } }),
    };
    const { store, emit } = setup({}, port);
    await flush();
    // An earlier download of the same image is not this one.
    emit('job.updated', job({ id: 'old', kind: 'save', title: 'Save web:1 (download)', state: 'succeeded' }));
    store.getState().images.select(store.getState().images.rows[0]!.key, 'only');
    store.getState().transfer.saveSelection();
    await store.getState().transfer.confirmSave();
    emit('job.updated', job({ id: 'old', kind: 'save', title: 'Save web:1 (download)', state: 'succeeded' }));
    expect(texts(store)).toEqual(['transfer.notice.downloading {"refs":"web:1"}']);
    emit(
      'job.updated',
      job({ id: 'd2', kind: 'save', title: 'Save web:1 (download)', state: 'failed', error: { code: 'INTERNAL', message: 'disk full' } }),
    );
    expect(texts(store)).toEqual([]);
    expect(store.getState().transfer.alerts.map((a) => a.message)).toEqual(['disk full']);
  });

  it('"Loading…" gives way to the loaded names: the first one and how many more', async () => {
    const { store, emit } = setup(
      {
        'dialogs.openTars': () => ({ paths: ['/a.tar'] }),
        'images.loadPreview': () => ({
          name: 'a.tar',
          compression: 'tar',
          size: 1,
          tags: ['a:1'],
          images: [],
          layers: 1,
          moves: [],
          present: [],
        }),
        'images.load': () => ({ jobId: 'l1' }),
      },
      desktop,
    );
    await flush();
    await store.getState().transfer.openLoad();
    await flush();
    await store.getState().transfer.confirmLoad();
    expect(texts(store)).toEqual(['transfer.notice.loading {"names":"a.tar"}']);
    emit(
      'job.updated',
      job({
        id: 'l1',
        kind: 'load',
        title: 'Load a.tar',
        state: 'succeeded',
        result: { loaded: ['Loaded image: a:1', 'Loaded image: b:1', 'Loaded image: c:1'] },
      }),
    );
    // A number, so that the notice says it through the language's plural rule.
    expect(texts(store)).toEqual(['transfer.notice.loadedMore {"name":"a:1","count":2}']);
  });
});
