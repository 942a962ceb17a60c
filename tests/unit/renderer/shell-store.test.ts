// The desktop shell in the store: one set of window commands for key presses and the main side's
// 'ui.command' events, settings read from and written to core (localStorage only as a fallback),
// what the clipboard offers to Pull, and the engine endpoint form.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AppSettings } from '../../../shared/shell';
import en from '../../../renderer/src/i18n/en/index';
import es from '../../../renderer/src/i18n/es/index';
import { endpointOf } from '../../../renderer/src/features/shell/SettingsDialog';
import { clipboardReference } from '../../../renderer/src/features/shell/keyboard';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { fakeApi, flush, row } from './fake-api';

function memoryStorage(init: Record<string, string> = {}) {
  const data = new Map(Object.entries(init));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

function setup(opts: { settings?: AppSettings | null; storage?: Record<string, string>; rows?: ReturnType<typeof row>[] } = {}) {
  let stored: AppSettings = opts.settings ?? DEFAULT_SETTINGS;
  const rows = opts.rows ?? [row('busybox', '1.36'), row('web', '1.0')];
  const f = fakeApi({
    'images.list': () => ({ rows, imageCount: rows.length }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x.sock', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    ...(opts.settings === null
      ? {}
      : {
          'settings.get': () => stored,
          'settings.set': (patch: Partial<AppSettings>) => {
            if (patch.engine?.kind === 'context' && patch.engine.name === 'missing') {
              throw Object.assign(new Error('context "missing" does not exist'), { code: 'INVALID_ARGUMENT' });
            }
            stored = { ...stored, ...patch };
            return stored;
          },
        }),
  });
  const storage = memoryStorage(opts.storage);
  const store = createAppStore({ api: f.api, storage });
  const disconnect = connectStore(store, f.transport);
  return { ...f, store, storage, disconnect, stored: () => stored };
}

describe('window commands (keys, application menu, tray)', () => {
  it('a ui.command from the main side does what its key does', async () => {
    const { store, emit } = setup();
    await flush();
    emit('ui.command', { command: 'settings' });
    expect(store.getState().ui.settingsOpen).toBe(true);
    emit('ui.command', { command: 'pull', reference: 'busybox:1.37' });
    expect(store.getState().pull.dialog?.initial).toBe('busybox:1.37');
    emit('ui.command', { command: 'showView', view: 'search' });
    expect(store.getState().settings.view).toBe('search');
    emit('ui.command', { command: 'showJob', jobId: 'j1' });
    expect(store.getState().settings.view).toBe('jobs');
    expect(store.getState().ui.focus).toMatchObject({ target: 'job', jobId: 'j1' });
  });

  it('focusFilter brings up the Images view and asks for the filter field', () => {
    const { store } = setup();
    store.getState().settings.setView('jobs');
    expect(store.getState().ui.run({ command: 'focusFilter' })).toBe(true);
    expect(store.getState().settings.view).toBe('images');
    expect(store.getState().ui.focus?.target).toBe('filter');
  });

  it('remove asks first (opens the confirmation) for the selection, and only in the Images view', async () => {
    const { store } = setup();
    await flush();
    const [first] = store.getState().images.view;
    store.getState().images.select(first.key, 'only');
    store.getState().settings.setView('search');
    expect(store.getState().ui.run({ command: 'remove' })).toBe(false);
    expect(store.getState().edit.dialog).toBeNull();
    store.getState().settings.setView('images');
    expect(store.getState().ui.run({ command: 'remove' })).toBe(true);
    expect(store.getState().edit.dialog).toMatchObject({ kind: 'remove', names: ['busybox:1.36'] });
  });

  it('save with nothing selected does nothing; refresh re-lists', async () => {
    const { store, callsTo } = setup();
    await flush();
    expect(store.getState().ui.run({ command: 'save' })).toBe(false);
    const before = callsTo('images.list').length;
    store.getState().ui.run({ command: 'refresh' });
    await flush();
    expect(callsTo('images.list').length).toBe(before + 1);
  });
});

describe('settings', () => {
  it("come from core's store, and a change is applied at once and stored in core", async () => {
    const { store, callsTo, stored } = setup({ settings: { ...DEFAULT_SETTINGS, theme: 'dark', closeToTray: false } });
    await flush();
    expect(store.getState().settings).toMatchObject({ theme: 'dark', closeToTray: false, source: 'core' });
    const pending = store.getState().settings.update({ language: 'es' });
    expect(store.getState().settings.language).toBe('es');
    expect((await pending).ok).toBe(true);
    expect(callsTo('settings.set').at(-1)!.request).toEqual({ language: 'es' });
    expect(stored().language).toBe('es');
  });

  it('follow settings.changed from another window or the tray', async () => {
    const { store, emit } = setup();
    await flush();
    emit('settings.changed', { ...DEFAULT_SETTINGS, theme: 'light', notifications: false });
    expect(store.getState().settings).toMatchObject({ theme: 'light', notifications: false });
  });

  it('fall back to the look stored in this browser when core has no store, or only its defaults', async () => {
    const without = setup({ settings: null, storage: { 'stevedore.theme': 'dark', 'stevedore.language': 'es' } });
    await flush();
    expect(without.store.getState().settings).toMatchObject({ theme: 'dark', language: 'es', source: 'local' });
    const defaults = setup({ storage: { 'stevedore.language': 'es' } });
    await flush();
    expect(defaults.store.getState().settings).toMatchObject({ language: 'es', source: 'core' });
  });

  it('an engine endpoint core refuses is not left on screen as if in use', async () => {
    const { store } = setup();
    await flush();
    const r = await store.getState().settings.update({ engine: { kind: 'context', name: 'missing' } });
    expect(r.ok).toBe(false);
    expect(store.getState().settings.engine).toEqual({ kind: 'auto' });
  });
});

describe('what the clipboard offers to Pull', () => {
  it.each([
    ['library/busybox', 'busybox'],
    ['docker pull nginx', 'nginx'],
    ['docker pull busybox', 'busybox'],
    ['  127.0.0.1:5001/stevedore-fixture/remote:1\n', '127.0.0.1:5001/stevedore-fixture/remote:1'],
    ['docker pull nginx:1.27-alpine', 'nginx:1.27-alpine'],
    [`ghcr.io/org/app@sha256:${'a'.repeat(64)}`, `ghcr.io/org/app@sha256:${'a'.repeat(64)}`],
  ])('%j offers %j', (text, ref) => {
    expect(clipboardReference(text)).toBe(ref);
  });

  it.each([
    '',
    'busybox',
    'hunter2',
    's3cret:pass',
    'Passw0rd/2024',
    'MyP4ss/word',
    `a/${'b'.repeat(300)}`,
    'hello world',
    'Not/Lowercase',
    'line1\nline2',
    'https://example.com/x',
    'a:b:c',
    `x@sha256:short`,
  ])('%j offers nothing', (text) => {
    expect(clipboardReference(text)).toBeUndefined();
  });
});

describe('the engine endpoint form', () => {
  const draft = { kind: 'auto' as const, path: '', host: '', port: '', tls: true, certDir: '', user: '', context: '' };
  it('makes the endpoint core stores, trimmed, with optional parts left out', () => {
    expect(endpointOf({ ...draft, kind: 'socket', path: ' /run/docker.sock ' })).toEqual({
      ok: true,
      value: { kind: 'socket', path: '/run/docker.sock' },
    });
    expect(endpointOf({ ...draft, kind: 'tcp', host: 'h', port: '2376', certDir: '/c' })).toEqual({
      ok: true,
      value: { kind: 'tcp', host: 'h', port: 2376, tls: true, certDir: '/c' },
    });
    expect(endpointOf({ ...draft, kind: 'ssh', host: 'build' })).toEqual({ ok: true, value: { kind: 'ssh', host: 'build' } });
    expect(endpointOf({ ...draft, kind: 'context', context: 'remote' })).toEqual({ ok: true, value: { kind: 'context', name: 'remote' } });
  });

  it('names the field that is missing or wrong', () => {
    expect(endpointOf({ ...draft, kind: 'socket' })).toEqual({ ok: false, field: 'path' });
    expect(endpointOf({ ...draft, kind: 'tcp', host: 'h', port: '70000' })).toEqual({ ok: false, field: 'port' });
    expect(endpointOf({ ...draft, kind: 'ssh', host: 'h', port: 'x' })).toEqual({ ok: false, field: 'port' });
    expect(endpointOf({ ...draft, kind: 'context' })).toEqual({ ok: false, field: 'context' });
  });
});

describe('the shell strings', () => {
  type Tree = { [k: string]: string | Tree };
  const keys = (t: Tree, prefix = ''): string[] =>
    Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
  it('exist in English and Spanish alike, none left empty', () => {
    const enShell = (en as unknown as { shell: Tree }).shell;
    const esShell = (es as unknown as { shell: Tree }).shell;
    // Spanish has one plural form more (`_many`); i18n-spanish.test.ts checks every form.
    expect(
      keys(esShell)
        .filter((k) => !k.endsWith('_many'))
        .sort(),
    ).toEqual(keys(enShell).sort());
    for (const tree of [enShell, esShell]) for (const k of keys(tree)) expect(k.split('.').reduce<any>((t, p) => t[p], tree)).not.toBe('');
  });
});
