// The registries slice against a scripted API: the requests it sends, the password never kept,
// tag-and-push as one request, push to the local registry said before it is done, the local registry followed through its deploy
// job, and the browser's pages, tags, digests and deletes.
import { describe, expect, it } from 'vitest';
import type { JobSnapshot, LocalRegistryStatus, RegistryEntry } from '../../../shared/contract';
import { connectStore, createAppStore } from '../../../renderer/src/store';
import { deferred, fakeApi, flush } from './fake-api';

const DIGEST = `sha256:${'e'.repeat(64)}`;
const PASSWORD = 's3cret-test-pass';

const hub: RegistryEntry = {
  host: 'docker.io',
  serverAddress: 'https://index.docker.io/v1/',
  sources: ['hub'],
  loggedIn: false,
  store: { kind: 'file' },
  isLocal: false,
};
const auth = (loggedIn: boolean): RegistryEntry => ({
  host: '127.0.0.1:5002',
  serverAddress: '127.0.0.1:5002',
  sources: ['user'],
  loggedIn,
  ...(loggedIn ? { username: 'stevedore' } : {}),
  store: { kind: 'file' },
  isLocal: false,
});
const status = (state: LocalRegistryStatus['state'], containerName = 'registry'): LocalRegistryStatus => ({
  state,
  containerName,
  port: 5000,
  hostNetwork: false,
  image: 'registry:2',
  imagePresent: true,
  ...(state !== 'absent' ? { address: 'localhost:5000' } : {}),
});

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

function setup(handlers: Record<string, (req: any) => unknown> = {}, storage = memoryStorage()) {
  const f = fakeApi({
    'images.list': () => ({ rows: [], imageCount: 0 }),
    'engine.status': () => ({ reachable: true, host: 'unix:///x', source: 'env', checkedAt: 1 }),
    'jobs.list': () => [],
    ...handlers,
  });
  const store = createAppStore({ api: f.api, storage });
  const r = () => store.getState().registries;
  return { ...f, store, r, storage };
}

const fail = (code: string, message: string) => () => {
  throw Object.assign(new Error(message), { code });
};

describe('registries list, add, forget', () => {
  it('lists what core answers and keeps the last good list when a reload fails', async () => {
    let calls = 0;
    const { r } = setup({ 'registries.list': () => (++calls === 1 ? [hub, auth(false)] : fail('INTERNAL', 'boom')()) });
    await r().load();
    expect(r().entries.map((e) => e.host)).toEqual(['docker.io', '127.0.0.1:5002']);
    expect(r().status).toBe('done');
    await r().load();
    expect(r().status).toBe('error');
    expect(r().error?.message).toBe('boom');
    expect(r().entries).toHaveLength(2);
  });

  it('add and forget send the trimmed host and show the list core answers', async () => {
    const { r, callsTo } = setup({ 'registries.add': () => [hub, auth(false)], 'registries.forget': () => [hub] });
    expect((await r().add('  127.0.0.1:5002 ')).ok).toBe(true);
    expect(callsTo('registries.add')[0].request).toEqual({ host: '127.0.0.1:5002' });
    expect(r().entries).toHaveLength(2);
    await r().forget('127.0.0.1:5002');
    expect(r().entries.map((e) => e.host)).toEqual(['docker.io']);
  });
});

describe('login and logout', () => {
  it('sends the password to core once and never keeps it in the store, whatever the answer', async () => {
    let listed = [hub, auth(false)];
    const { r, store, callsTo } = setup({
      'registries.list': () => listed,
      'registries.login': (req) => {
        if (req.password !== PASSWORD)
          fail('UNAUTHORIZED', 'login attempt to http://127.0.0.1:5002/v2/ failed with status: 401 Unauthorized')();
        listed = [hub, auth(true)];
        return { host: req.host, username: req.username, status: 'Login Succeeded', storedIn: '/tmp/cfg/config.json' };
      },
    });
    const wrong = await r().login({ host: '127.0.0.1:5002', username: 'stevedore', password: 'wrong-pass' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('401 Unauthorized') });
    expect(JSON.stringify(store.getState())).not.toContain('wrong-pass');

    const right = await r().login({ host: ' 127.0.0.1:5002 ', username: ' stevedore ', password: PASSWORD });
    expect(right.ok).toBe(true);
    expect(callsTo('registries.login')[1].request).toEqual({ host: '127.0.0.1:5002', username: 'stevedore', password: PASSWORD });
    await flush();
    // The list is reloaded: logged in, by user name only.
    expect(r().entries[1]).toMatchObject({ loggedIn: true, username: 'stevedore' });
    expect(JSON.stringify(store.getState())).not.toContain(PASSWORD);
  });

  it('logout reloads the list; the login dialog opens for a host', async () => {
    const { r, callsTo } = setup({
      'registries.list': () => [hub],
      'registries.logout': () => ({ host: '127.0.0.1:5002', removed: true }),
    });
    await r().logout('127.0.0.1:5002');
    await flush();
    expect(callsTo('registries.list')).toHaveLength(1);
    r().openLogin('127.0.0.1:5002');
    expect(r().dialog).toMatchObject({ kind: 'login', host: '127.0.0.1:5002' });
    r().closeDialog();
    expect(r().dialog).toBeNull();
  });
});

describe('push', () => {
  it('tag-and-push is one request: core checks both names, tags, and starts the push; a refusal starts nothing', async () => {
    const { r, callsTo } = setup({
      'images.tagAndPush': (req) =>
        req.target.includes('/')
          ? { jobId: 'p1', reference: `127.0.0.1:5002/${req.target.split('/').slice(1).join('/')}` }
          : fail('INVALID_REFERENCE', 'Docker Hub needs a user or organisation')(),
    });
    const refused = await r().tagAndPush('myapp:1', 'other');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('INVALID_REFERENCE');
    expect(r().pushes).toEqual([]);

    const started = await r().tagAndPush(' myapp:1 ', ' 127.0.0.1:5002/team/myapp:1 ');
    expect(started).toEqual({ ok: true, value: { jobId: 'p1', reference: '127.0.0.1:5002/team/myapp:1' } });
    expect(callsTo('images.tagAndPush')[1].request).toEqual({ source: 'myapp:1', target: '127.0.0.1:5002/team/myapp:1' });
    expect(callsTo('images.tag')).toHaveLength(0);
    expect(r().pushes).toEqual(['p1']);
  });

  it('push to local registry: the tag it would create is said first, nothing is done until confirmed, then one step', async () => {
    const { r, callsTo } = setup({
      'localRegistry.pushPlan': (req) => ({ reference: `localhost:5000/${req.image}` }),
      'localRegistry.push': (req) => ({ jobId: 'lp1', reference: `localhost:5000/${req.image}` }),
    });
    await r().pushToLocal('app:1');
    expect(callsTo('localRegistry.pushPlan')[0].request).toEqual({ image: 'app:1', containerName: 'registry' });
    expect(r().dialog).toMatchObject({ kind: 'localPush', state: 'confirm', reference: 'localhost:5000/app:1' });
    expect(callsTo('localRegistry.push')).toHaveLength(0);
    await r().confirmLocalPush();
    expect(callsTo('localRegistry.push')[0].request).toEqual({ image: 'app:1', containerName: 'registry' });
    expect(r().dialog).toMatchObject({ kind: 'localPush', state: 'started', jobId: 'lp1', reference: 'localhost:5000/app:1' });
    // Confirming again (a double click) does nothing more.
    await r().confirmLocalPush();
    expect(callsTo('localRegistry.push')).toHaveLength(1);

    const { r: r2, callsTo: callsTo2 } = setup({
      'localRegistry.pushPlan': fail('CONFLICT', 'The local registry "registry" is stopped. Start it first.'),
    });
    await r2().pushToLocal('app:1');
    expect(r2().dialog).toMatchObject({ kind: 'localPush', state: 'failed', error: { code: 'CONFLICT' } });
    await r2().confirmLocalPush();
    expect(callsTo2('localRegistry.push')).toHaveLength(0);
  });

  it('a push-to-local answer after the dialog was closed does not reopen it', async () => {
    const answer = deferred<{ jobId: string; reference: string }>();
    const { r } = setup({
      'localRegistry.pushPlan': () => ({ reference: 'localhost:5000/app:1' }),
      'localRegistry.push': () => answer.promise,
    });
    await r().pushToLocal('app:1');
    const pending = r().confirmLocalPush();
    r().closeDialog();
    answer.resolve({ jobId: 'lp1', reference: 'localhost:5000/app:1' });
    await pending;
    expect(r().dialog).toBeNull();
    expect(r().pushes).toEqual(['lp1']);
  });
});

describe('local registry', () => {
  it('remembers the container it manages and asks its status by that name', async () => {
    const { r, callsTo, storage } = setup({ 'localRegistry.status': (req) => status('absent', req.containerName) });
    r().setLocalContainer(' stevedore-e2e-reg ');
    await flush();
    expect(callsTo('localRegistry.status').at(-1)?.request).toEqual({ containerName: 'stevedore-e2e-reg' });
    expect(r().local.status?.containerName).toBe('stevedore-e2e-reg');
    // An invalid name is not taken.
    r().setLocalContainer('-bad');
    expect(r().local.containerName).toBe('stevedore-e2e-reg');
    // A new window starts with it.
    const { r: again } = setup({}, storage);
    expect(again().local.containerName).toBe('stevedore-e2e-reg');
  });

  it('a finished deploy job refreshes the status and the list', async () => {
    let state: LocalRegistryStatus['state'] = 'absent';
    const f = setup({
      'localRegistry.status': () => status(state),
      'localRegistry.deploy': () => ({ jobId: 'd1' }),
      'registries.list': () => [hub],
    });
    const off = connectStore(f.store, f.transport);
    const started = await f.r().deployLocal({ port: 5000, containerName: 'registry', volume: '', hostNetwork: false });
    expect(started.ok).toBe(true);
    expect(f.callsTo('localRegistry.deploy')[0].request).toEqual({ port: 5000, containerName: 'registry', volume: '', hostNetwork: false });
    const snap = (s: JobSnapshot['state']): JobSnapshot => ({
      id: 'd1',
      kind: 'registry',
      title: 'Deploy',
      state: s,
      current: 0,
      total: 0,
      layers: [],
      messages: [],
      startedAt: 1,
    });
    const before = f.callsTo('localRegistry.status').length;
    f.emit('job.updated', snap('running'));
    await flush();
    expect(f.callsTo('localRegistry.status')).toHaveLength(before);
    state = 'running';
    f.emit('job.updated', snap('succeeded'));
    await flush();
    expect(f.r().local.status?.state).toBe('running');
    expect(f.callsTo('registries.list').length).toBeGreaterThan(0);
    off();
  });

  it('start, stop and remove act on the managed container and show the engine error', async () => {
    const { r, callsTo } = setup({
      'localRegistry.stop': () => status('stopped'),
      'localRegistry.remove': fail('NOT_FOUND', 'There is no local registry named "registry". Deploy it first.'),
      'registries.list': () => [hub],
    });
    await r().stopLocal();
    expect(callsTo('localRegistry.stop')[0].request).toEqual({ containerName: 'registry' });
    expect(r().local).toMatchObject({ busy: null, status: { state: 'stopped' } });
    const removed = await r().removeLocal();
    expect(removed.ok).toBe(false);
    expect(r().local.error?.message).toContain('Deploy it first');
  });
});

describe('registry browser', () => {
  it('pages the catalog with More, lists tags latest first and loads their digests', async () => {
    const { r, callsTo } = setup({
      'registry.catalog': (req) => (req.last ? { repositories: ['c'] } : { repositories: ['a', 'b'], next: 'b' }),
      'registry.tags': () => ({ repository: 'a', tags: ['2', 'latest'] }),
      'registry.tagInfo': (req) => ({ repository: req.repository, tag: req.tag, digest: DIGEST, mediaType: 'm', size: 10, layers: 1 }),
    });
    await r().browse(' 127.0.0.1:5001 ');
    expect(r().tab).toBe('browse');
    expect(r().browser).toMatchObject({ host: '127.0.0.1:5001', repositories: ['a', 'b'], next: 'b', status: 'done' });
    await r().moreRepositories();
    expect(callsTo('registry.catalog')[1].request).toEqual({ host: '127.0.0.1:5001', last: 'b', n: 100 });
    expect(r().browser).toMatchObject({ repositories: ['a', 'b', 'c'], next: null });
    await r().openRepository('a');
    expect(r().browser.tags).toEqual(['latest', '2']);
    expect(r().browser.info.latest).toMatchObject({ status: 'done', info: { digest: DIGEST } });
    expect(callsTo('registry.tagInfo')).toHaveLength(2);
  });

  it('answers for a registry left meanwhile are dropped', async () => {
    const slow = deferred<{ repositories: string[] }>();
    const { r } = setup({ 'registry.catalog': (req) => (req.host === 'slow:5000' ? slow.promise : { repositories: ['fast'] }) });
    const first = r().browse('slow:5000');
    await r().browse('fast:5000');
    slow.resolve({ repositories: ['stale'] });
    await first;
    expect(r().browser).toMatchObject({ host: 'fast:5000', repositories: ['fast'] });
  });

  it('delete sends the digest and re-lists the tags; a refusal is returned in the registry words', async () => {
    let tags = ['1', '2'];
    const { r, callsTo } = setup({
      'registry.catalog': () => ({ repositories: ['a'] }),
      'registry.tags': () => ({ repository: 'a', tags }),
      'registry.tagInfo': (req) => ({ repository: 'a', tag: req.tag, digest: DIGEST, mediaType: 'm', size: 10, layers: 1 }),
      'registry.deleteTag': (req) => {
        if (req.repository === 'locked') fail('UNAUTHORIZED', 'The operation is unsupported.')();
        tags = ['2'];
        return { deleted: true };
      },
    });
    await r().browse('127.0.0.1:5001');
    await r().openRepository('a');
    expect((await r().deleteTag(DIGEST)).ok).toBe(true);
    expect(callsTo('registry.deleteTag')[0].request).toEqual({ host: '127.0.0.1:5001', repository: 'a', digest: DIGEST });
    await flush();
    await flush();
    expect(r().browser.tags).toEqual(['2']);
    await r().openRepository('locked');
    const refused = await r().deleteTag(DIGEST);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe('The operation is unsupported.');
  });

  it('pull starts images.pull with host/repository:tag and remembers its job', async () => {
    const { r, callsTo } = setup({
      'registry.catalog': () => ({ repositories: ['team/app'] }),
      'registry.tags': () => ({ repository: 'team/app', tags: [] }),
      'images.pull': () => ({ jobId: 'pl1' }),
    });
    await r().browse('127.0.0.1:5001');
    await r().openRepository('team/app');
    await r().pullTag('1');
    expect(callsTo('images.pull')[0].request).toEqual({ reference: '127.0.0.1:5001/team/app:1' });
    expect(r().browser.pulls).toEqual({ '127.0.0.1:5001/team/app:1': 'pl1' });
  });
});
