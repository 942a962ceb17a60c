// The save/load flows of the renderer store, in Node: the Electron side against a scripted contract
// (dialogs, path channels), the browser side against a scripted file port (download, uploads).
import { describe, expect, it } from 'vitest';
import type { LoadJobResult, Result, TarPreview } from '../../../shared/contract';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import type { BrowserFiles, FilePort } from '../../../renderer/src/transport/file-port';
import { deferred, fakeApi, flush, row } from './fake-api';

const IMG = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

const preview = (name: string, over: Partial<TarPreview> = {}): TarPreview => ({
  name,
  compression: 'tar',
  size: 2048,
  tags: ['web:1'],
  images: [IMG],
  layers: 1,
  moves: [],
  present: [],
  ...over,
});

const notATar = (name: string) => ({
  code: 'INVALID_ARGUMENT',
  message: `${name} is not an image archive: expected a tar from docker save (plain, gzip, bzip2 or xz compressed)`,
});

function setup(handlers: Record<string, (req: any) => unknown> = {}, files?: FilePort) {
  const rows = [row('web', '1', { id: IMG }), row('web', '2', { id: IMG }), row('<none>', '<none>', { id: OTHER, digest: '<none>' })];
  const f = fakeApi({
    'images.list': () => ({ rows, imageCount: 2 }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    ...handlers,
  });
  const store = createAppStore({ api: f.api, files });
  connectStore(store, f.transport);
  return { ...f, store, rows, transfer: () => store.getState().transfer };
}

const desktop = (paths: Record<string, string> = {}): FilePort => ({ mode: 'desktop', pathOf: (file) => paths[file.name] ?? '' });

function browser(over: Partial<BrowserFiles> = {}) {
  const log: string[] = [];
  const port: BrowserFiles = {
    mode: 'browser',
    pickFiles: async () => [],
    download: async (refs) => {
      log.push(`download ${refs.join(' ')}`);
      return { ok: true, value: undefined };
    },
    preview: async (file) => {
      log.push(`preview ${file.name}`);
      return file.name.endsWith('.tar') ? { ok: true, value: preview(file.name) } : { ok: false, error: notATar(file.name) as never };
    },
    load: async (file): Promise<Result<LoadJobResult & { jobId: string }>> => {
      log.push(`load ${file.name}`);
      return { ok: true, value: { jobId: 'j1', loaded: ['Loaded image: web:1'] } };
    },
    ...over,
  };
  return { port, log };
}

const file = (name: string, text = 'x') => new File([text], name);

describe('transfer slice: Save…', () => {
  it('saves the selected rows as typed, each name once: tags keep their tags, a <none> row goes by ID', async () => {
    const { store, rows, transfer } = setup({}, desktop());
    await flush();
    expect(transfer().saveSelection()).toBe(false);
    expect(transfer().save).toBeNull();
    store.getState().images.select(rows[2].key, 'only');
    store.getState().images.select(rows[0].key, 'toggle');
    expect(transfer().saveSelection()).toBe(true);
    expect(transfer().save).toMatchObject({ refs: ['web:1', 'bbbbbbbbbbbb'], busy: false, error: null });
  });

  it('in Electron asks the native dialog for a file, then starts a save job to it and says where progress is', async () => {
    const { store, transfer, rows, callsTo } = setup(
      { 'dialogs.saveTar': () => ({ path: '/home/me/web_1.tar' }), 'images.save': () => ({ jobId: 'save-1' }) },
      desktop(),
    );
    await flush();
    transfer().saveSelection([rows[0].key]);
    await transfer().confirmSave();
    expect(callsTo('dialogs.saveTar')[0].request).toEqual({ refs: ['web:1'] });
    expect(callsTo('images.save')[0].request).toEqual({ refs: ['web:1'], path: '/home/me/web_1.tar' });
    expect(transfer().save).toBeNull();
    expect(store.getState().edit.notices).toMatchObject([{ key: 'transfer.notice.saving', values: { refs: 'web:1', file: 'web_1.tar' } }]);
  });

  it('a cancelled native dialog writes nothing and leaves our dialog open', async () => {
    const { transfer, rows, callsTo } = setup({ 'dialogs.saveTar': () => ({ canceled: true }) }, desktop());
    await flush();
    transfer().saveSelection([rows[0].key]);
    await transfer().confirmSave();
    expect(callsTo('images.save')).toHaveLength(0);
    expect(transfer().save).toMatchObject({ refs: ['web:1'], busy: false, error: null });
  });

  it('a save the core refuses (a folder without permission) keeps the dialog open with the error', async () => {
    const { transfer, rows } = setup(
      {
        'dialogs.saveTar': () => ({ path: '/root/x.tar' }),
        'images.save': () => {
          throw { code: 'IO', message: 'Cannot write /root/x.tar: permission denied' };
        },
      },
      desktop(),
    );
    await flush();
    transfer().saveSelection([rows[0].key]);
    await transfer().confirmSave();
    expect(transfer().save?.error).toEqual({ code: 'IO', message: 'Cannot write /root/x.tar: permission denied' });
    expect(transfer().save?.busy).toBe(false);
  });

  it('in a browser downloads through the bridge and sends nothing over the contract', async () => {
    const { port, log } = browser();
    const { transfer, rows, calls } = setup({}, port);
    await flush();
    const before = calls.length;
    transfer().saveSelection([rows[0].key, rows[1].key]);
    await transfer().confirmSave();
    expect(log).toEqual(['download web:1 web:2']);
    expect(calls.slice(before)).toEqual([]);
    expect(transfer().save).toBeNull();
  });

  it('in a browser keeps the dialog open with the reason when the bridge gives no download ticket', async () => {
    const refused = { code: 'INVALID_REFERENCE' as const, message: 'invalid reference format: repository name must be lowercase' };
    const { port } = browser({ download: async () => ({ ok: false, error: refused }) });
    const { transfer, rows } = setup({}, port);
    await flush();
    transfer().saveSelection([rows[0].key]);
    await transfer().confirmSave();
    expect(transfer().save?.error).toEqual(refused);
    expect(transfer().save?.busy).toBe(false);
  });

  it('without any file transport says why instead of failing silently', async () => {
    const { transfer, rows } = setup();
    await flush();
    expect(transfer().mode).toBe('none');
    transfer().saveSelection([rows[0].key]);
    await transfer().confirmSave();
    expect(transfer().save?.error?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('transfer slice: Load… in Electron', () => {
  it('previews every file the open dialog returned, then loads the readable ones in one job', async () => {
    const { store, transfer, callsTo } = setup(
      {
        'dialogs.openTars': () => ({ paths: ['/d/a.tar', '/d/notes.txt'] }),
        'images.loadPreview': ({ path }: { path: string }) => {
          if (path.endsWith('.txt')) throw notATar('notes.txt');
          return preview('a.tar', { moves: [{ tag: 'web:1', fromId: OTHER, toId: IMG }] });
        },
        'images.load': () => ({ jobId: 'load-1' }),
      },
      desktop(),
    );
    await flush();
    await transfer().openLoad();
    const items = transfer().load!.items;
    expect(items.map((i) => [i.source.name, i.state])).toEqual([
      ['a.tar', 'ready'],
      ['notes.txt', 'failed'],
    ]);
    expect(items[0].preview?.moves).toEqual([{ tag: 'web:1', fromId: OTHER, toId: IMG }]);
    expect(items[1].error?.message).toMatch(/^notes\.txt is not an image archive/);
    await transfer().confirmLoad();
    expect(callsTo('images.load').map((c) => c.request)).toEqual([{ paths: ['/d/a.tar'] }]);
    expect(transfer().load).toBeNull();
    expect(store.getState().edit.notices).toMatchObject([{ key: 'transfer.notice.loading', values: { names: 'a.tar' } }]);
  });

  it('a cancelled open dialog opens nothing', async () => {
    const { transfer } = setup({ 'dialogs.openTars': () => ({ paths: [] }) }, desktop());
    await flush();
    await transfer().openLoad();
    expect(transfer().load).toBeNull();
  });

  it('a dropped file is read from its local path; one without a path is refused by name, nothing sent', async () => {
    const { transfer, callsTo } = setup({ 'images.loadPreview': () => preview('a.tar') }, desktop({ 'a.tar': '/d/a.tar' }));
    await flush();
    transfer().dropFiles([file('a.tar'), file('clip.tar')]);
    await flush();
    await flush();
    expect(callsTo('images.loadPreview').map((c) => c.request)).toEqual([{ path: '/d/a.tar' }]);
    const clip = transfer().load!.items.find((i) => i.source.name === 'clip.tar')!;
    expect(clip.state).toBe('failed');
    expect(clip.error?.message).toMatch(/^clip\.tar has no local file/);
  });

  it('a load the core refuses keeps the preview open with the reason', async () => {
    const { transfer } = setup(
      {
        'images.loadPreview': () => preview('a.tar'),
        'images.load': () => {
          throw { code: 'NOT_FOUND', message: 'a.tar: no such file' };
        },
      },
      desktop({ 'a.tar': '/d/a.tar' }),
    );
    await flush();
    transfer().dropFiles([file('a.tar')]);
    await flush();
    await flush();
    await transfer().confirmLoad();
    expect(transfer().load?.error?.message).toBe('a.tar: no such file');
    expect(transfer().load?.busy).toBe(false);
  });

  it('a second drop while the preview is open adds to it, and the same file is listed once', async () => {
    const { transfer } = setup(
      { 'images.loadPreview': ({ path }: { path: string }) => preview(path) },
      desktop({ 'a.tar': '/d/a.tar', 'b.tar': '/d/b.tar' }),
    );
    await flush();
    transfer().dropFiles([file('a.tar')]);
    await flush();
    transfer().dropFiles([file('a.tar'), file('b.tar')]);
    await flush();
    await flush();
    expect(transfer().load!.items.map((i) => i.source.path)).toEqual(['/d/a.tar', '/d/b.tar']);
  });
});

describe('transfer slice: Load… in a browser', () => {
  it('uploads each picked file for its preview, then uploads the readable ones one after another', async () => {
    const { port, log } = browser({ pickFiles: async () => [file('a.tar'), file('notes.txt'), file('b.tar')] });
    const { transfer, calls } = setup({}, port);
    await flush();
    const before = calls.length;
    await transfer().openLoad();
    expect(transfer().load!.items.map((i) => i.state)).toEqual(['ready', 'failed', 'ready']);
    expect(transfer().load!.items[1].error?.message).toMatch(/^notes\.txt is not an image archive/);
    await transfer().confirmLoad();
    expect(log).toEqual(['preview a.tar', 'preview notes.txt', 'preview b.tar', 'load a.tar', 'load b.tar']);
    // The path channels are never used in a browser.
    expect(calls.slice(before)).toEqual([]);
    expect(transfer().load).toBeNull();
  });

  it('a dropped text file shows its error by name and nothing can be loaded', async () => {
    const { port, log } = browser();
    const { transfer } = setup({}, port);
    await flush();
    transfer().dropFiles([file('notes.txt', 'hello')]);
    await flush();
    expect(transfer().load!.items).toMatchObject([{ state: 'failed', source: { name: 'notes.txt' } }]);
    await transfer().confirmLoad();
    expect(log).toEqual(['preview notes.txt']);
    expect(transfer().load).not.toBeNull();
  });

  it('an upload that fails after the preview closed leaves an alert naming the file', async () => {
    const { port } = browser({
      load: async () => ({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'unexpected EOF' } }),
    });
    const { transfer } = setup({}, port);
    await flush();
    transfer().dropFiles([file('a.tar')]);
    await flush();
    await transfer().confirmLoad();
    expect(transfer().alerts.map((a) => a.message)).toEqual(['a.tar: unexpected EOF']);
    transfer().dismissAlert(transfer().alerts[0].id);
    expect(transfer().alerts).toEqual([]);
  });

  it('closing the preview cancels the upload that is still reading', async () => {
    const gate = deferred<void>();
    let aborted = false;
    const { port } = browser({
      preview: async (_file, signal) => {
        signal?.addEventListener('abort', () => (aborted = true));
        await gate.promise;
        return { ok: false, error: { code: 'CANCELLED', message: 'cancelled' } };
      },
    });
    const { transfer } = setup({}, port);
    await flush();
    transfer().dropFiles([file('big.tar')]);
    await flush();
    expect(transfer().load!.items[0].state).toBe('reading');
    transfer().closeLoad();
    expect(aborted).toBe(true);
    gate.resolve();
    await flush();
    expect(transfer().load).toBeNull();
  });
});
