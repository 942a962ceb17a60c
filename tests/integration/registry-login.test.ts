// registries.login / logout / list and the credentials resolver, against the real engine, the
// htpasswd registry (127.0.0.1:5002) and the real docker CLI sharing each test's DOCKER_CONFIG:
// a login made on either side works for the other, and the secret never leaves the stores.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS, type JobSnapshot, type Result } from '../../shared/contract';
import type { LoginResult, LogoutResult, RegistryEntry } from '../../shared/registries';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import { MANIFEST_V2, localImageExists, removeLocal } from '../support/registry-images';
import { closedLoopbackPort } from '../support/ports';
import { dockerCli, fixtures, loadStackEnv, requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[registry-login] skipping: ${skipReason}`);
const stack = loadStackEnv();
const fx = fixtures(stack);
const REG = stack.authRegistry;
const USER = stack.user;
const PASS = stack.password;
const WRONG = `wrong-${randomBytes(6).toString('hex')}`;
const RUN = randomBytes(4).toString('hex');
const refFor = (n: string) => `${REG}/stevedore-login-${RUN}/${n}:t`;
/** The `auth` string the CLI writes for the right password: no less secret than the password. */
const AUTH_B64 = Buffer.from(`${USER}:${PASS}`).toString('base64');

const dirs: string[] = [];
const cores: StevedoreCore[] = [];
const pushed = new Set<string>();
/** Everything that left core or reached the console while these tests ran, for the leak check. */
const captured: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `stevedore-login-${prefix}-`));
  dirs.push(dir);
  return dir;
}

/** A core on the test engine with its own DOCKER_CONFIG; every event and response is recorded. */
async function makeCore(configDir: string, env?: NodeJS.ProcessEnv): Promise<StevedoreCore> {
  const core = new StevedoreCore({
    engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }),
    dockerConfigDir: configDir,
    dataDir: tempDir('data'),
    credentialHelperEnv: env,
  });
  for (const event of EVENTS) core.events.on(event, (payload) => captured.push(`event ${event} ${JSON.stringify(payload)}`));
  const handle = core.handle.bind(core);
  core.handle = async (channel, request) => {
    const result = await handle(channel, request);
    captured.push(`response ${channel} ${JSON.stringify(result)}`);
    return result;
  };
  cores.push(core);
  await core.start();
  return core;
}

async function call<T>(core: StevedoreCore, channel: string, request: unknown = {}): Promise<Result<T>> {
  return (await core.handle(channel, request)) as Result<T>;
}

async function value<T>(core: StevedoreCore, channel: string, request: unknown = {}): Promise<T> {
  const r = await call<T>(core, channel, request);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const entryFor = (list: RegistryEntry[], host: string) => list.find((e) => e.host === host);

/** `docker tag` a fixture to a fresh name in the auth registry, then `docker push` it with `configDir`. */
async function cliPush(configDir: string, name: string, env?: Record<string, string>) {
  const ref = refFor(name);
  const tag = await dockerCli(['tag', fx.tiny, ref]);
  expect(tag.code, tag.stderr).toBe(0);
  pushed.add(ref);
  return dockerCli(['push', ref], { configDir, env });
}

/** A node script that speaks the credential-helper protocol and keeps secrets in secrets-<name>.json beside it. */
const HELPER_SCRIPT = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const name = path.basename(__filename).slice('docker-credential-'.length);
const file = path.join(__dirname, 'secrets-' + name + '.json');
const load = () => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {});
const save = (d) => fs.writeFileSync(file, JSON.stringify(d));
const input = fs.readFileSync(0, 'utf8');
const notFound = () => { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); };
const d = load();
switch (process.argv[2]) {
  case 'store': { const c = JSON.parse(input); d[c.ServerURL] = { Username: c.Username, Secret: c.Secret }; save(d); break; }
  case 'get': { const u = input.trim(); if (!d[u]) notFound(); process.stdout.write(JSON.stringify({ ServerURL: u, ...d[u] })); break; }
  case 'erase': { const u = input.trim(); if (!d[u]) notFound(); delete d[u]; save(d); break; }
  case 'list': { const out = {}; for (const k of Object.keys(d)) out[k] = d[k].Username; process.stdout.write(JSON.stringify(out)); break; }
  default: process.stdout.write('unknown action'); process.exit(1);
}
`;

function helperBin(): {
  bin: string;
  env: NodeJS.ProcessEnv;
  secrets: (name: string) => Record<string, { Username: string; Secret: string }>;
} {
  const bin = tempDir('bin');
  for (const name of ['stevetest', 'stevehelper'])
    writeFileSync(path.join(bin, `docker-credential-${name}`), HELPER_SCRIPT, { mode: 0o755 });
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
  const secrets = (name: string) => {
    const file = path.join(bin, `secrets-${name}.json`);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  };
  return { bin, env, secrets };
}

/** Removes what the tests pushed from the registry (best effort: the registry may refuse deletes). */
async function deleteFromRegistry(ref: string): Promise<void> {
  const [, name, tag] = /^[^/]+\/(.+):([^:]+)$/.exec(ref) ?? [];
  const headers = { Authorization: `Basic ${AUTH_B64}`, Accept: MANIFEST_V2 };
  const head = await fetch(`http://${REG}/v2/${name}/manifests/${tag}`, { method: 'HEAD', headers }).catch(() => undefined);
  const digest = head?.headers.get('docker-content-digest');
  if (digest) await fetch(`http://${REG}/v2/${name}/manifests/${digest}`, { method: 'DELETE', headers }).catch(() => undefined);
}

describe.skipIf(skipReason !== null)('registries.login / logout / list with the docker CLI', () => {
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

  beforeAll(() => {
    for (const m of consoleMethods) {
      const original = console[m].bind(console);
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        captured.push(`console.${m} ${args.map(String).join(' ')}`);
        original(...args);
      });
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...a: unknown[]) => boolean;
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        captured.push(`stream ${String(chunk)}`);
        return write(chunk, ...rest);
      }) as typeof stream.write);
    }
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    for (const core of cores) core.dispose();
    for (const ref of pushed) await deleteFromRegistry(ref);
    await removeLocal(...pushed);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a wrong password is UNAUTHORIZED in the registry words, and nothing is stored', async () => {
    const fresh = tempDir('cfg');
    const core = await makeCore(fresh);
    const r = await call<LoginResult>(core, 'registries.login', { host: REG, username: USER, password: WRONG });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'UNAUTHORIZED',
        message: `login attempt to http://${REG}/v2/ failed with status: 401 Unauthorized`,
        detail: { status: 500 },
      },
    });
    expect(existsSync(path.join(fresh, 'config.json'))).toBe(false);

    const existing = tempDir('cfg');
    const before = '{\n\t"auths": {},\n\t"psFormat": "table {{.ID}}"\n}';
    writeFileSync(path.join(existing, 'config.json'), before);
    const again = await call(await makeCore(existing), 'registries.login', { host: `http://${REG}/`, username: USER, password: WRONG });
    expect(again.ok).toBe(false);
    expect(readFileSync(path.join(existing, 'config.json'), 'utf8')).toBe(before);
  });

  it('the right password is stored byte for byte as `docker login` stores it; the CLI then pushes without logging in, and core pulls', async () => {
    const ours = tempDir('cfg');
    const theirs = tempDir('cfg');
    const core = await makeCore(ours);
    const result = await value<LoginResult>(core, 'registries.login', { host: REG, username: USER, password: PASS });
    expect(result).toEqual({ host: REG, username: USER, status: 'Login Succeeded', storedIn: path.join(ours, 'config.json') });
    const cli = await dockerCli(['login', '-u', USER, '--password-stdin', REG], { configDir: theirs, input: PASS });
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(path.join(ours, 'config.json'), 'utf8')).toBe(readFileSync(path.join(theirs, 'config.json'), 'utf8'));
    expect(JSON.parse(readFileSync(path.join(ours, 'config.json'), 'utf8'))).toEqual({ auths: { [REG]: { auth: AUTH_B64 } } });

    const push = await cliPush(ours, 'app');
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toMatch(/: digest: sha256:[0-9a-f]{64} size: \d+/);

    // The resolver reaches images.pull: the pushed image comes back through core.
    const ref = refFor('app');
    expect((await dockerCli(['rmi', ref])).code).toBe(0);
    const { jobId } = await value<{ jobId: string }>(core, 'images.pull', { reference: ref });
    const job = await core.jobs.wait(jobId);
    expect(job.state, job.error?.message).toBe('succeeded');
    expect(await localImageExists(ref)).toBe(true);

    // The stack's registry is on the loopback but Stevedore did not deploy it: not "Local". Logged
    // in here, it is remembered; the pulled image is named after it.
    const list = await value<RegistryEntry[]>(core, 'registries.list');
    expect(entryFor(list, REG)).toEqual({
      host: REG,
      serverAddress: REG,
      sources: ['config', 'user', 'images'],
      username: USER,
      loggedIn: true,
      store: { kind: 'file' },
      isLocal: false,
    });
    expect(entryFor(list, 'docker.io')).toMatchObject({ serverAddress: 'https://index.docker.io/v1/', loggedIn: false, sources: ['hub'] });
  });

  it('a login made with the docker CLI is seen at once by registries.list and the resolver', async () => {
    const dir = tempDir('cfg');
    const core = await makeCore(dir);
    // Listed only if a local image is named after it (the test above pulled one), never logged in.
    expect(entryFor(await value<RegistryEntry[]>(core, 'registries.list'), REG)?.loggedIn ?? false).toBe(false);
    expect(await core.credentials.authFor(REG)).toBeNull();
    const cli = await dockerCli(['login', '-u', USER, '--password-stdin', REG], { configDir: dir, input: PASS });
    expect(cli.code, cli.stderr).toBe(0);
    expect(entryFor(await value<RegistryEntry[]>(core, 'registries.list'), REG)).toMatchObject({ loggedIn: true, username: USER });
    expect(await core.credentials.authFor(REG)).toEqual({ username: USER, password: PASS, serveraddress: REG });
    expect(await core.credentials.usernameFor(REG)).toBe(USER);
  });

  it('logout erases the login the CLI way; the next CLI push fails with the auth error', async () => {
    const dir = tempDir('cfg');
    const core = await makeCore(dir);
    await value<LoginResult>(core, 'registries.login', { host: REG, username: USER, password: PASS });
    // A legacy entry the CLI would also erase on logout.
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    config.auths[`https://${REG}`] = { auth: AUTH_B64 };
    config.auths['other.example.com'] = { auth: 'b3RoZXI6cHc=' };
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, '\t'));

    expect(await value<LogoutResult>(core, 'registries.logout', { host: REG })).toEqual({ host: REG, removed: true });
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({
      auths: { 'other.example.com': { auth: 'b3RoZXI6cHc=' } },
    });
    // Logged out here: still listed (remembered), not logged in, no user name.
    const after = entryFor(await value<RegistryEntry[]>(core, 'registries.list'), REG);
    expect(after).toMatchObject({ loggedIn: false, sources: expect.arrayContaining(['user']) });
    expect(after?.username).toBeUndefined();

    const push = await cliPush(dir, 'after-logout');
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain('no basic auth credentials');
    expect(await value<LogoutResult>(core, 'registries.logout', { host: REG })).toEqual({ host: REG, removed: false });
  });

  it('credential helpers: credHelpers beats credsStore, config.json holds no secret, the CLI pushes with it, logout erases it', async () => {
    const { env, secrets } = helperBin();
    const cliEnv = { PATH: env.PATH as string };

    // credHelpers[host] wins over credsStore.
    const dir = tempDir('cfg');
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ credsStore: 'stevetest', credHelpers: { [REG]: 'stevehelper' } }, null, '\t'),
    );
    const core = await makeCore(dir, env);
    const result = await value<LoginResult>(core, 'registries.login', { host: REG, username: USER, password: PASS });
    expect(result.storedIn).toBe('docker-credential-stevehelper');
    expect(secrets('stevehelper')).toEqual({ [REG]: { Username: USER, Secret: PASS } });
    expect(secrets('stevetest')).toEqual({});
    const text = readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ credsStore: 'stevetest', credHelpers: { [REG]: 'stevehelper' }, auths: { [REG]: {} } });
    expect(text).not.toContain(PASS);
    expect(text).not.toContain(AUTH_B64);
    expect(entryFor(await value<RegistryEntry[]>(core, 'registries.list'), REG)).toMatchObject({
      loggedIn: true,
      username: USER,
      store: { kind: 'helper', helper: 'stevehelper' },
    });
    const push = await cliPush(dir, 'helper', cliEnv);
    expect(push.code, push.stderr).toBe(0);

    expect(await value<LogoutResult>(core, 'registries.logout', { host: REG })).toEqual({ host: REG, removed: true });
    expect(secrets('stevehelper')).toEqual({});
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({
      credsStore: 'stevetest',
      credHelpers: { [REG]: 'stevehelper' },
      auths: {},
    });
    const denied = await cliPush(dir, 'helper-after-logout', cliEnv);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('no basic auth credentials');

    // credsStore alone; and a CLI login through the same helper is read by core.
    const storeDir = tempDir('cfg');
    writeFileSync(path.join(storeDir, 'config.json'), JSON.stringify({ credsStore: 'stevetest' }));
    const storeCore = await makeCore(storeDir, env);
    expect((await value<LoginResult>(storeCore, 'registries.login', { host: REG, username: USER, password: PASS })).storedIn).toBe(
      'docker-credential-stevetest',
    );
    expect(secrets('stevetest')).toEqual({ [REG]: { Username: USER, Secret: PASS } });
    // Byte for byte what `docker login` writes from the same starting config (auths first, no secret).
    const cliDir = tempDir('cfg');
    writeFileSync(path.join(cliDir, 'config.json'), JSON.stringify({ credsStore: 'stevetest' }));
    const cliLogin = await dockerCli(['login', '-u', USER, '--password-stdin', REG], { configDir: cliDir, input: PASS, env: cliEnv });
    expect(cliLogin.code, cliLogin.stderr).toBe(0);
    const storeText = readFileSync(path.join(storeDir, 'config.json'), 'utf8');
    expect(storeText).toBe(readFileSync(path.join(cliDir, 'config.json'), 'utf8'));
    expect(storeText).toBe(`{\n\t"auths": {\n\t\t"${REG}": {}\n\t},\n\t"credsStore": "stevetest"\n}`);
    const storePush = await cliPush(storeDir, 'store', cliEnv);
    expect(storePush.code, storePush.stderr).toBe(0);
    expect(await value<LogoutResult>(storeCore, 'registries.logout', { host: REG })).toEqual({ host: REG, removed: true });
    expect(secrets('stevetest')).toEqual({});
    const cli = await dockerCli(['login', '-u', USER, '--password-stdin', REG], { configDir: storeDir, input: PASS, env: cliEnv });
    expect(cli.code, cli.stderr).toBe(0);
    expect(secrets('stevetest')).toEqual({ [REG]: { Username: USER, Secret: PASS } });
    expect(await storeCore.credentials.authFor(REG)).toEqual({ username: USER, password: PASS, serveraddress: REG });
  });

  it('an unreachable registry is REGISTRY_UNREACHABLE and stores nothing', async () => {
    const dir = tempDir('cfg');
    const port = await closedLoopbackPort();
    const r = await call(await makeCore(dir), 'registries.login', { host: `127.0.0.1:${port}`, username: USER, password: PASS });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('REGISTRY_UNREACHABLE');
    expect(r.error.message).toContain(`dial tcp 127.0.0.1:${port}: connect: connection refused`);
    expect(existsSync(path.join(dir, 'config.json'))).toBe(false);
  });

  it('registries.add and forget keep user-added registries in the data folder, logins untouched', async () => {
    const core = await makeCore(tempDir('cfg'));
    const added = await value<RegistryEntry[]>(core, 'registries.add', { host: 'https://registry.example.com/v2/' });
    expect(entryFor(added, 'registry.example.com')).toMatchObject({ sources: ['user'], loggedIn: false, isLocal: false });
    expect(JSON.parse(readFileSync(path.join(core.dataDir, 'registries.json'), 'utf8'))).toEqual({ registries: ['registry.example.com'] });
    const forgotten = await value<RegistryEntry[]>(core, 'registries.forget', { host: 'registry.example.com' });
    expect(entryFor(forgotten, 'registry.example.com')).toBeUndefined();
    const bad = await call(core, 'registries.add', { host: 'user@registry.example.com' });
    expect(bad.ok ? undefined : bad.error.code).toBe('INVALID_ARGUMENT');
  });

  it('no password, auth string or wrong password in any event, job snapshot, response or console output', () => {
    for (const core of cores) captured.push(`jobs ${JSON.stringify(core.jobs.list() as JobSnapshot[])}`);
    expect(captured.some((c) => c.startsWith('response registries.login'))).toBe(true);
    expect(captured.some((c) => c.startsWith('event job.updated'))).toBe(true);
    for (const secret of [PASS, AUTH_B64, WRONG]) {
      expect(captured.filter((c) => c.includes(secret))).toEqual([]);
    }
  });
});
