// The explorer's store slice in Node against a scripted contract: open → indexing job → summary →
// merged entries (with the bench's mark), switching layers, a search result revealing its path,
// reading a file, saving out through the native dialog, cancel, errors, and one session at a time.
import { describe, expect, it } from 'vitest';
import type { ExploreSummary, FileEntry } from '../../../shared/explore';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { ENTRIES_MARK } from '../../../renderer/src/features/explore/explore-slice';
import { desktopFiles, type BrowserFiles, type FilePort } from '../../../renderer/src/transport/file-port';
import { fakeApi, flush, jobsOf } from './fake-api';

const IMG = `sha256:${'c'.repeat(64)}`;
const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({
  path,
  kind: 'file',
  size: 3,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime: 0,
  ...extra,
});

const summary = (sessionId: string): ExploreSummary => ({
  sessionId,
  label: 'web:1',
  imageId: IMG,
  repoTags: ['web:1'],
  os: 'linux',
  architecture: 'amd64',
  source: 'engine',
  layers: [
    { index: 0, diffId: 'sha256:1', createdBy: 'ADD rootfs /', size: 100, files: 2, added: 2, modified: 0, removed: 0 },
    { index: 1, diffId: 'sha256:2', createdBy: 'RUN rm /a', size: 10, files: 1, added: 0, modified: 0, removed: 1 },
  ],
  merged: { files: 1, bytes: 3 },
  wasted: { bytes: 3, entries: [{ path: 'a', bytes: 3, layer: 0, by: 'removed', byLayer: 1 }] },
});

const job = jobsOf('explore', 'Explore web:1');

function setup(handlers: Record<string, (req: any) => unknown> = {}, desktop: boolean | FilePort = true) {
  let opened = 0;
  const f = fakeApi({
    'images.list': () => ({ rows: [], imageCount: 0 }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    'explore.open': () => ({ jobId: `job-${++opened}`, sessionId: `s${opened}` }),
    'explore.entries': (r: { layer: number | 'merged' }) => ({
      layer: r.layer,
      entries:
        r.layer === 'merged'
          ? [file('b')]
          : r.layer === 0
            ? [file('a', { mark: 'added' }), file('b', { mark: 'added' })]
            : [file('a', { mark: 'removed' })],
    }),
    'explore.close': () => ({ closed: true }),
    'jobs.cancel': () => ({ cancelled: true }),
    ...handlers,
  });
  const files = desktop === true ? desktopFiles(() => '') : desktop === false ? undefined : desktop;
  const store = createAppStore({ api: f.api, files });
  connectStore(store, f.transport);
  return { ...f, store, explore: () => store.getState().explore };
}

describe('explore slice', () => {
  it('opens an image: shows the view, follows the job’s bytes, then loads the summary and the merged entries', async () => {
    const t = setup();
    await t.explore().open({ kind: 'image', image: IMG }, 'web:1');
    expect(t.store.getState().settings.view).toBe('explore');
    expect(t.explore().status).toBe('indexing');
    t.emit('job.updated', job('job-1', 'running', { current: 50, total: 200 }));
    expect(t.explore().progress).toEqual({ current: 50, total: 200 });
    performance.clearMarks(ENTRIES_MARK);
    t.emit('job.updated', job('job-1', 'succeeded', { result: summary('s1') }));
    await flush();
    await flush();
    expect(t.explore().status).toBe('ready');
    expect(t.explore().summary?.layers).toHaveLength(2);
    expect(t.explore().entries).toMatchObject({ layer: 'merged', status: 'ready', entries: [{ path: 'b' }] });
    expect(performance.getEntriesByName(ENTRIES_MARK)).toHaveLength(1);
  });

  it('asks for the summary when the job’s result does not carry it', async () => {
    const t = setup({ 'explore.summary': (r: { sessionId: string }) => summary(r.sessionId) });
    await t.explore().open({ kind: 'image', image: IMG }, 'web:1');
    t.emit('job.updated', job('job-1', 'succeeded'));
    await flush();
    await flush();
    expect(t.callsTo('explore.summary')).toEqual([{ channel: 'explore.summary', request: { sessionId: 's1' } }]);
    expect(t.explore().status).toBe('ready');
  });

  it('switches layers, and a search match selects its layer and asks the tree to reveal its path', async () => {
    const t = setup({ 'explore.search': () => ({ matches: [{ layer: 1, entry: file('a', { mark: 'removed' }) }], truncated: false }) });
    await t.explore().open({ kind: 'image', image: IMG }, 'web:1');
    t.emit('job.updated', job('job-1', 'succeeded', { result: summary('s1') }));
    await flush();
    await t.explore().selectLayer(0);
    expect(t.explore().entries).toMatchObject({ layer: 0, status: 'ready' });
    expect(t.explore().entries?.entries.map((e) => e.mark)).toEqual(['added', 'added']);
    await t.explore().runSearch('  a ');
    expect(t.callsTo('explore.search')[0]!.request).toEqual({ sessionId: 's1', glob: 'a', limit: 1000 });
    const match = t.explore().search.result!.matches[0]!;
    await t.explore().showMatch(match);
    expect(t.explore().layer).toBe(1);
    expect(t.explore().reveal?.path).toBe('a');
  });

  it('reads a file of the selected layer, and drops an answer for a file no longer shown', async () => {
    const t = setup({
      'explore.read': (r: { path: string }) => ({
        path: r.path,
        size: 3,
        truncated: false,
        binary: false,
        base64: Buffer.from('hi\n').toString('base64'),
      }),
    });
    await t.explore().open({ kind: 'image', image: IMG }, 'web:1');
    t.emit('job.updated', job('job-1', 'succeeded', { result: summary('s1') }));
    await flush();
    const first = t.explore().viewFile('a');
    const second = t.explore().viewFile('b');
    await Promise.all([first, second]);
    expect(t.callsTo('explore.read').map((c) => c.request)).toEqual([
      { sessionId: 's1', layer: 'merged', path: 'a' },
      { sessionId: 's1', layer: 'merged', path: 'b' },
    ]);
    expect(t.explore().file).toMatchObject({ path: 'b', status: 'ready', content: { base64: Buffer.from('hi\n').toString('base64') } });
  });

  it('saves a folder out as a tar through the native dialog and says when the job is done', async () => {
    const t = setup({
      'dialogs.saveOut': () => ({ path: '/home/me/etc.tar' }),
      'explore.saveOut': () => ({ jobId: 'save-1' }),
    });
    await t.explore().open({ kind: 'image', image: IMG }, 'web:1');
    t.emit('job.updated', job('job-1', 'succeeded', { result: summary('s1') }));
    await flush();
    await t.explore().saveOut(file('etc', { kind: 'dir', size: 0 }));
    expect(t.callsTo('dialogs.saveOut')[0]!.request).toEqual({ suggestedName: 'etc.tar', folder: true });
    expect(t.callsTo('explore.saveOut')[0]!.request).toEqual({
      sessionId: 's1',
      layer: 'merged',
      path: 'etc',
      destination: '/home/me/etc.tar',
    });
    expect(t.store.getState().edit.notices.map((n) => n.key)).toEqual(['explore.notice.saving']);
    t.emit('job.updated', job('save-1', 'succeeded', { result: { path: '/home/me/etc.tar', bytes: 2048, as: 'tar' } }));
    expect(t.store.getState().edit.notices.map((n) => n.key)).toEqual(['explore.notice.saved']);
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const t = setup({ 'dialogs.saveOut': () => null });
    await t.explore().open({ kind: 'image', image: IMG }, 'web:1');
    t.emit('job.updated', job('job-1', 'succeeded', { result: summary('s1') }));
    await flush();
    await t.explore().saveOut(file('a'));
    expect(t.callsTo('explore.saveOut')).toHaveLength(0);
    expect(t.store.getState().edit.notices).toHaveLength(0);
  });

  it('cancels the indexing job, and shows a failed job’s error (not a tar) in its words', async () => {
    const t = setup();
    await t.explore().open({ kind: 'archive', path: '/tmp/x.txt' }, 'x.txt');
    await t.explore().cancel();
    expect(t.callsTo('jobs.cancel')[0]!.request).toEqual({ jobId: 'job-1' });
    t.emit('job.updated', job('job-1', 'failed', { error: { code: 'INVALID_ARGUMENT', message: 'x.txt is not an image archive' } }));
    expect(t.explore().status).toBe('error');
    expect(t.explore().error).toEqual({ code: 'INVALID_ARGUMENT', message: 'x.txt is not an image archive' });
  });

  it('closes the previous session when another subject opens, and a late answer of the old one is ignored', async () => {
    const t = setup();
    await t.explore().open({ kind: 'image', image: IMG }, 'web:1');
    t.emit('job.updated', job('job-1', 'succeeded', { result: summary('s1') }));
    await flush();
    await t.explore().open({ kind: 'image', image: 'web:2' }, 'web:2');
    expect(t.callsTo('explore.close').map((c) => c.request)).toEqual([{ sessionId: 's1' }]);
    expect(t.explore()).toMatchObject({ sessionId: 's2', status: 'indexing', summary: null, entries: null });
    // The old job's late events change nothing.
    t.emit('job.updated', job('job-1', 'succeeded', { result: summary('s1') }));
    expect(t.explore().status).toBe('indexing');
    await t.explore().close();
    expect(t.callsTo('explore.close').map((c) => c.request)).toEqual([{ sessionId: 's1' }, { sessionId: 's2' }]);
    expect(t.callsTo('jobs.cancel').map((c) => c.request)).toEqual([{ jobId: 'job-2' }]);
    expect(t.explore().status).toBe('idle');
  });

  it('explores a local archive by path, and says why a browser File cannot be explored', async () => {
    const t = setup();
    await t.explore().openArchive({ name: 'web.tar', path: '/tmp/web.tar' });
    expect(t.callsTo('explore.open')[0]!.request).toEqual({ source: { kind: 'archive', path: '/tmp/web.tar' } });
    await t.explore().openArchive({ name: 'up.tar', file: {} as File });
    expect(t.explore().status).toBe('error');
    expect(t.explore().error?.message).toContain('up.tar');
    expect(t.callsTo('explore.open')).toHaveLength(1);
    // The archive's session, still indexing, was ended.
    expect(t.callsTo('jobs.cancel').map((c) => c.request)).toEqual([{ jobId: 'job-1' }]);
    expect(t.callsTo('explore.close').map((c) => c.request)).toEqual([{ sessionId: 's1' }]);
  });

  it('in a browser, uploads a dropped archive through the port and saves out as a download', async () => {
    const uploads: string[] = [];
    const downloads: unknown[] = [];
    const port: BrowserFiles = {
      mode: 'browser',
      pickFiles: async () => [],
      download: async () => ({ ok: true, value: undefined }),
      preview: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'unused' } }),
      load: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'unused' } }),
      explore: async (f) => {
        uploads.push(f.name);
        return { ok: true, value: { jobId: 'up-1', sessionId: 'u1' } };
      },
      saveOut: async (request) => {
        downloads.push(request);
        return { ok: true, value: undefined };
      },
    };
    const t = setup({}, port);
    await t.explore().openArchive({ name: 'web.tar', file: { name: 'web.tar' } as File });
    expect(uploads).toEqual(['web.tar']);
    expect(t.callsTo('explore.open')).toHaveLength(0);
    expect(t.explore()).toMatchObject({ status: 'indexing', sessionId: 'u1', subject: { label: 'web.tar' } });
    t.emit('job.updated', job('up-1', 'succeeded', { result: { ...summary('u1'), source: 'archive' } }));
    await flush();
    await t.explore().saveOut(file('b'));
    expect(downloads).toEqual([{ sessionId: 'u1', layer: 'merged', path: 'b' }]);
    expect(t.callsTo('dialogs.saveOut')).toHaveLength(0);
    expect(t.store.getState().edit.notices.map((n) => n.key)).toEqual(['explore.notice.downloading']);
  });
});
