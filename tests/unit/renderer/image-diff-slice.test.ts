// The Compare view's store slice in Node against a scripted contract: a row's "Compare with…"
// fills the left image and shows the view, the diff job's bytes, its result, cancel, a failed
// job, the filter in the copied text, and the detail slice's lineage tab.
import { describe, expect, it } from 'vitest';
import type { ImageLineage } from '../../../shared/contract';
import type { ImageDiff } from '../../../shared/image-diff';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { fakeApi, flush, jobsOf } from './fake-api';

const diffResult: ImageDiff = {
  left: { label: 'app:1', imageId: 'sha256:1', repoTags: ['app:1'], files: 2 },
  right: { label: 'app:2', imageId: 'sha256:2', repoTags: ['app:2'], files: 2 },
  config: [
    { field: 'Env', same: true, left: ['A=1'], right: ['A=1'] },
    { field: 'Cmd', same: false, left: ['sh'], right: ['sh', '-c'] },
  ],
  layers: [
    {
      index: 0,
      status: 'shared',
      left: { diffId: 'sha256:a', createdBy: '', size: 1 },
      right: { diffId: 'sha256:a', createdBy: '', size: 1 },
    },
  ],
  files: [{ path: 'new', change: 'added', right: { kind: 'file', size: 1, mode: 0o644, uid: 0, gid: 0, digest: 'ff' } }],
  sameFiles: 1,
};

const job = jobsOf('diff', 'Compare app:1 with app:2');

function setup(handlers: Record<string, (req: any) => unknown> = {}) {
  let started = 0;
  const f = fakeApi({
    'images.list': () => ({ rows: [], imageCount: 0 }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    'images.diff': () => ({ jobId: `job-${++started}` }),
    'jobs.cancel': () => ({ cancelled: true }),
    ...handlers,
  });
  const store = createAppStore({ api: f.api });
  connectStore(store, f.transport);
  return { ...f, store, diff: () => store.getState().diff };
}

describe('diff slice', () => {
  it('opens from a row with the left image filled, runs the job, follows its bytes and keeps its result', async () => {
    const t = setup();
    t.diff().openCompare('app:1');
    expect(t.store.getState().settings.view).toBe('diff');
    expect(t.diff().left).toBe('app:1');
    await t.diff().run();
    // Nothing to compare with yet: no request.
    expect(t.callsTo('images.diff')).toHaveLength(0);
    t.diff().setRight('app:2');
    await t.diff().run();
    expect(t.callsTo('images.diff')).toEqual([{ channel: 'images.diff', request: { left: 'app:1', right: 'app:2' } }]);
    expect(t.diff().status).toBe('running');
    t.emit('job.updated', job('job-1', 'running', { current: 10, total: 40 }));
    expect(t.diff().progress).toEqual({ current: 10, total: 40 });
    t.emit('job.updated', job('job-1', 'succeeded', { result: diffResult }));
    expect(t.diff().status).toBe('ready');
    expect(t.diff().result?.files).toHaveLength(1);
    expect(t.diff().text()).toContain('same Env');
    t.diff().setOnlyChanged(true);
    expect(t.diff().text()).not.toContain('same Env');
    expect(t.diff().text()).toContain('A new\n');
    t.diff().swap();
    expect([t.diff().left, t.diff().right]).toEqual(['app:2', 'app:1']);
  });

  it('cancels the running job and says so; a failed job keeps its error; an old job is ignored', async () => {
    const t = setup();
    t.diff().setLeft('app:1');
    t.diff().setRight('app:2');
    await t.diff().run();
    await t.diff().cancel();
    expect(t.callsTo('jobs.cancel')).toEqual([{ channel: 'jobs.cancel', request: { jobId: 'job-1' } }]);
    t.emit('job.updated', job('job-1', 'cancelled', { error: { code: 'CANCELLED', message: 'Cancelled' } }));
    expect(t.diff().status).toBe('error');
    expect(t.diff().error?.code).toBe('CANCELLED');
    await t.diff().run();
    t.emit('job.updated', job('job-1', 'succeeded', { result: diffResult }));
    expect(t.diff().status).toBe('running');
    t.emit('job.updated', job('job-2', 'failed', { error: { code: 'NOT_FOUND', message: 'No such image: app:2' } }));
    expect(t.diff().error).toEqual({ code: 'NOT_FOUND', message: 'No such image: app:2' });
  });
});

describe('detail slice lineage', () => {
  it('loads the lineage with the history and the inspect, and forgets it on close', async () => {
    const lineage: ImageLineage = { imageId: 'sha256:1', repoTags: ['app:1'], repoDigests: [], parents: [], children: [], containers: [] };
    const t = setup({
      'images.history': () => ({ rows: [] }),
      'images.inspect': () => ({ Id: 'sha256:1' }),
      'images.lineage': () => lineage,
    });
    t.store.getState().detail.openImage({ image: 'sha256:1', label: 'app:1' }, 'lineage');
    await flush();
    expect(t.callsTo('images.lineage')).toEqual([{ channel: 'images.lineage', request: { image: 'sha256:1' } }]);
    expect(t.store.getState().detail.lineage).toMatchObject({ status: 'ready', value: lineage, image: 'sha256:1' });
    expect(t.store.getState().detail.open?.tab).toBe('lineage');
    t.store.getState().detail.close();
    expect(t.store.getState().detail.lineage.status).toBe('idle');
  });
});
