// Registry addresses, config.json and the credential-helper protocol, as the docker CLI has them
// (cli/config/configfile, cli/config/credentials, docker-credential-helpers/client). No engine:
// config folders are temp dirs and helpers are scripted runners.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type HelperAction,
  type HelperOutput,
  type HelperRunner,
  helperErase,
  helperGet,
  helperList,
  helperStore,
  NOT_FOUND_MESSAGE,
  sanitizeHelperOutput,
  spawnHelper,
} from '../../electron/core/credentials/credential-helper';
import { DockerCredentials, helperEnv } from '../../electron/core/credentials/credential-store';
import { decodeAuth, encodeAuth, serializeDockerConfig } from '../../electron/core/credentials/docker-config';
import { CoreError } from '../../electron/core/engine/engine-errors';
import { managedRegistryHosts } from '../../electron/core/registries/local-registry-settings';
import { convertToHostname, HUB_SERVER_ADDRESS, registryAddress } from '../../electron/core/credentials/registry-host';
import { loginError, maskSecret } from '../../electron/core/credentials/registry-login';
import { addUserRegistry, forgetUserRegistry, listRegistries, readUserRegistries } from '../../electron/core/registries/registries';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-creds-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const configFile = (dir: string) => path.join(dir, 'config.json');
const readConfig = (dir: string) => JSON.parse(readFileSync(configFile(dir), 'utf8'));
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A helper that keeps credentials in memory and records every call, speaking the real protocol. */
function memoryHelpers() {
  const stores = new Map<string, Map<string, { Username: string; Secret: string }>>();
  const calls: { helper: string; action: HelperAction; input: string }[] = [];
  const run: HelperRunner = async (helper, action, input): Promise<HelperOutput> => {
    calls.push({ helper, action, input });
    if (!stores.has(helper)) stores.set(helper, new Map());
    const store = stores.get(helper) as Map<string, { Username: string; Secret: string }>;
    if (action === 'store') {
      const c = JSON.parse(input) as { ServerURL: string; Username: string; Secret: string };
      store.set(c.ServerURL, { Username: c.Username, Secret: c.Secret });
      return { code: 0, stdout: '' };
    }
    if (action === 'list') return { code: 0, stdout: JSON.stringify(Object.fromEntries([...store].map(([k, v]) => [k, v.Username]))) };
    const found = store.get(input);
    if (!found) return { code: 1, stdout: `${NOT_FOUND_MESSAGE}\n` };
    if (action === 'erase') {
      store.delete(input);
      return { code: 0, stdout: '' };
    }
    return { code: 0, stdout: JSON.stringify({ ServerURL: input, ...found }) };
  };
  return { run, stores, calls };
}

describe('registry addresses (ConvertToHostname and Docker Hub)', () => {
  it('strips an http(s) scheme and any path, and nothing else', () => {
    expect(convertToHostname('https://index.docker.io/v1/')).toBe('index.docker.io');
    expect(convertToHostname('http://localhost:5000/v2/')).toBe('localhost:5000');
    expect(convertToHostname('127.0.0.1:5002')).toBe('127.0.0.1:5002');
    expect(convertToHostname('registry.example.com/team/app')).toBe('registry.example.com');
  });

  it('stores Docker Hub under the engine IndexServerAddress whatever alias is typed', () => {
    for (const input of [
      '',
      'docker.io',
      'index.docker.io',
      'registry-1.docker.io',
      'https://index.docker.io/v1/',
      'https://registry-1.docker.io',
    ]) {
      expect(registryAddress(input)).toEqual({ host: 'docker.io', key: HUB_SERVER_ADDRESS, hub: true });
    }
  });

  it('stores any other registry under its host[:port]', () => {
    expect(registryAddress('http://127.0.0.1:5002/')).toEqual({ host: '127.0.0.1:5002', key: '127.0.0.1:5002', hub: false });
    expect(registryAddress(' registry.example.com ')).toEqual({ host: 'registry.example.com', key: 'registry.example.com', hub: false });
    expect(registryAddress('[::1]:5000').host).toBe('[::1]:5000');
  });

  it('refuses what is not host[:port] with INVALID_ARGUMENT', () => {
    for (const bad of ['user@example.com', 'exa mple.com', 'ftp://example.com', 'example.com:port', '-bad.example']) {
      expect(() => registryAddress(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('config.json encoding', () => {
  it('auth is standard base64 of user:password and decodes back (NULs trimmed, empty user refused)', () => {
    expect(encodeAuth('stevedore', 's3cret')).toBe(b64('stevedore:s3cret'));
    expect(encodeAuth('', '')).toBe('');
    expect(decodeAuth(b64('me:pa:ss'))).toEqual({ username: 'me', password: 'pa:ss' });
    expect(decodeAuth(b64('me:pass\0\0'))).toEqual({ username: 'me', password: 'pass' });
    expect(decodeAuth(b64(':nouser'))).toBeNull();
    expect(decodeAuth('not base64!')).toBeNull();
  });

  it('is written tab-indented without a trailing newline, with Go escapes for <, > and &', () => {
    const text = serializeDockerConfig({ auths: {}, psFormat: 'table {{.ID}} <&>' });
    expect(text).toBe('{\n\t"auths": {},\n\t"psFormat": "table {{.ID}} \\u003c\\u0026\\u003e"\n}');
    expect(JSON.parse(text).psFormat).toBe('table {{.ID}} <&>');
  });
});

describe('file store (no credsStore, no credHelpers)', () => {
  it('login adds the auths entry and keeps every other field, its order and the legacy entries', async () => {
    const dir = tempDir();
    const original = {
      auths: { 'registry.example.com': { auth: b64('other:pw') } },
      HttpHeaders: { 'X-Meta': 'kept' },
      currentContext: 'default',
      somethingNew: { nested: [1, 2, 3] },
    };
    writeFileSync(configFile(dir), JSON.stringify(original, null, 2));
    chmodSync(configFile(dir), 0o640);
    const creds = new DockerCredentials({ configDir: dir, env: { PATH: '' }, platform: 'linux' });
    expect(await creds.store('127.0.0.1:5002', { username: 'stevedore', password: 's3cret' })).toBe(configFile(dir));
    const text = readFileSync(configFile(dir), 'utf8');
    expect(text.startsWith('{\n\t"auths": {\n\t\t"registry.example.com"')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      ...original,
      auths: { 'registry.example.com': { auth: b64('other:pw') }, '127.0.0.1:5002': { auth: b64('stevedore:s3cret') } },
    });
    expect(Object.keys(JSON.parse(text))).toEqual(['auths', 'HttpHeaders', 'currentContext', 'somethingNew']);
    // It now holds a password: 0600 whatever it was (the CLI would keep 0640).
    expect(statSync(configFile(dir)).mode & 0o777).toBe(0o600);
  });

  it('a new config.json is 0600 with auths first; clear-text fields of an old entry are dropped, email kept', async () => {
    const dir = path.join(tempDir(), 'fresh');
    const creds = new DockerCredentials({ configDir: dir, env: { PATH: '' }, platform: 'linux' });
    await creds.store(HUB_SERVER_ADDRESS, { username: 'me', password: 'pw' });
    expect(statSync(configFile(dir)).mode & 0o777).toBe(0o600);
    expect(readConfig(dir)).toEqual({ auths: { [HUB_SERVER_ADDRESS]: { auth: b64('me:pw') } } });

    writeFileSync(
      configFile(dir),
      JSON.stringify({ credsStore: '', auths: { 'h:1': { username: 'u', password: 'p', email: 'e@x', identitytoken: 'old' } } }),
    );
    await creds.store('h:1', { username: 'me', identityToken: 'tok' });
    expect(readConfig(dir).auths['h:1']).toEqual({ auth: b64('me:'), email: 'e@x', identitytoken: 'tok' });
    expect(await creds.authFor('h:1')).toEqual({ username: 'me', identitytoken: 'tok', email: 'e@x', serveraddress: 'h:1' });
  });

  it('writes through a symlinked config.json and leaves the link in place', async () => {
    const dir = tempDir();
    const real = path.join(dir, 'real', 'docker.json');
    mkdirSync(path.dirname(real));
    writeFileSync(real, '{"auths":{}}');
    symlinkSync(real, configFile(dir));
    await new DockerCredentials({ configDir: dir, env: { PATH: '' }, platform: 'linux' }).store('h:1', { username: 'u', password: 'p' });
    expect(lstatSync(configFile(dir)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).auths['h:1']).toEqual({ auth: b64('u:p') });
  });

  it('resolves Docker Hub, plain hosts and legacy https://host/ keys like ResolveAuthConfig', async () => {
    const dir = tempDir();
    writeFileSync(
      configFile(dir),
      JSON.stringify({
        auths: {
          [HUB_SERVER_ADDRESS]: { auth: b64('hubuser:hubpw') },
          'https://legacy.example.com/v1/': { auth: b64('old:pw') },
          'empty.example.com': {},
        },
      }),
    );
    const creds = new DockerCredentials({ configDir: dir, env: { PATH: '' }, platform: 'linux' });
    expect(await creds.authFor('docker.io')).toEqual({ username: 'hubuser', password: 'hubpw', serveraddress: HUB_SERVER_ADDRESS });
    expect(await creds.authFor('legacy.example.com')).toEqual({
      username: 'old',
      password: 'pw',
      serveraddress: 'https://legacy.example.com/v1/',
    });
    expect(await creds.authFor('empty.example.com')).toBeNull();
    expect(await creds.authFor('127.0.0.1:5002')).toBeNull();
    expect(await creds.usernameFor('index.docker.io')).toBe('hubuser');
  });

  it('logout erases host, http://host and https://host, and says when nothing was there', async () => {
    const dir = tempDir();
    const auth = { auth: b64('u:p') };
    writeFileSync(
      configFile(dir),
      JSON.stringify({ auths: { 'h:1': auth, 'http://h:1': auth, 'https://h:1': auth, 'other:2': auth }, psFormat: 'x' }),
    );
    const creds = new DockerCredentials({ configDir: dir, env: { PATH: '' }, platform: 'linux' });
    expect(await creds.erase('h:1')).toEqual({ host: 'h:1', removed: true });
    expect(readConfig(dir)).toEqual({ auths: { 'other:2': auth }, psFormat: 'x' });
    const before = readFileSync(configFile(dir), 'utf8');
    expect(await creds.erase('h:1')).toEqual({ host: 'h:1', removed: false });
    expect(readFileSync(configFile(dir), 'utf8')).toBe(before);
  });

  it('a config.json that is not JSON is never overwritten, and the error does not quote it', async () => {
    const dir = tempDir();
    writeFileSync(configFile(dir), '{"auths": {"h:1": {"auth": "c2VjcmV0"}');
    const creds = new DockerCredentials({ configDir: dir, env: { PATH: '' }, platform: 'linux' });
    const err = await creds.store('h:1', { username: 'u', password: 'p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('IO');
    expect((err as CoreError).message).toContain(configFile(dir));
    expect((err as CoreError).message).not.toContain('c2VjcmV0');
    expect(readFileSync(configFile(dir), 'utf8')).toBe('{"auths": {"h:1": {"auth": "c2VjcmV0"}');
  });
});

describe('store choice: credHelpers[host] > credsStore > file', () => {
  it('a credHelpers entry beats credsStore; config.json keeps an empty auths entry and no secret', async () => {
    const dir = tempDir();
    writeFileSync(configFile(dir), JSON.stringify({ credsStore: 'desktop', credHelpers: { 'h:1': 'pass' } }));
    const helpers = memoryHelpers();
    const creds = new DockerCredentials({ configDir: dir, runHelper: helpers.run, env: { PATH: '' }, platform: 'linux' });
    expect(await creds.store('h:1', { username: 'u', password: 'pw-1' })).toBe('docker-credential-pass');
    expect(await creds.store('h:2', { username: 'v', password: 'pw-2' })).toBe('docker-credential-desktop');
    expect(helpers.stores.get('pass')?.get('h:1')).toEqual({ Username: 'u', Secret: 'pw-1' });
    expect(helpers.stores.get('desktop')?.get('h:2')).toEqual({ Username: 'v', Secret: 'pw-2' });
    expect(readConfig(dir)).toEqual({ credsStore: 'desktop', credHelpers: { 'h:1': 'pass' }, auths: { 'h:1': {}, 'h:2': {} } });
    expect(await creds.authFor('h:1')).toEqual({ username: 'u', password: 'pw-1', serveraddress: 'h:1' });
    expect(helpers.calls.at(-1)).toEqual({ helper: 'pass', action: 'get', input: 'h:1' });
  });

  it('identity tokens go to the helper as <token> and come back as identitytoken', async () => {
    const dir = tempDir();
    writeFileSync(configFile(dir), JSON.stringify({ credsStore: 'desktop' }));
    const helpers = memoryHelpers();
    const creds = new DockerCredentials({ configDir: dir, runHelper: helpers.run, env: { PATH: '' }, platform: 'linux' });
    await creds.store(HUB_SERVER_ADDRESS, { username: 'me', identityToken: 'tok-123' });
    expect(helpers.stores.get('desktop')?.get(HUB_SERVER_ADDRESS)).toEqual({ Username: '<token>', Secret: 'tok-123' });
    expect(await creds.authFor('docker.io')).toEqual({ identitytoken: 'tok-123', serveraddress: HUB_SERVER_ADDRESS });
    expect(await creds.usernameFor('docker.io')).toBeUndefined();
  });

  it('logout erases through the helper and only then the empty auths entry', async () => {
    const dir = tempDir();
    writeFileSync(configFile(dir), JSON.stringify({ credsStore: 'desktop', auths: { 'h:1': {}, 'h:9': {} } }));
    const helpers = memoryHelpers();
    const creds = new DockerCredentials({ configDir: dir, runHelper: helpers.run, env: { PATH: '' }, platform: 'linux' });
    await creds.store('h:1', { username: 'u', password: 'p' });
    expect(await creds.erase('h:1')).toEqual({ host: 'h:1', removed: true });
    expect(helpers.stores.get('desktop')?.size).toBe(0);
    expect(helpers.calls.filter((c) => c.action === 'erase').map((c) => c.input)).toEqual(['h:1', 'http://h:1', 'https://h:1']);
    // The helper has nothing for h:9, so (as in the CLI) its empty entry stays.
    expect(await creds.erase('h:9')).toEqual({ host: 'h:9', removed: false });
    expect(readConfig(dir)).toEqual({ credsStore: 'desktop', auths: { 'h:9': {} } });
  });

  it('with no store named and no login, the platform helper is used when installed, and written as credsStore', async () => {
    const dir = tempDir();
    const bin = tempDir();
    writeFileSync(path.join(bin, 'docker-credential-secretservice'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const helpers = memoryHelpers();
    const creds = new DockerCredentials({ configDir: dir, runHelper: helpers.run, env: { PATH: bin }, platform: 'linux' });
    expect(await creds.store('h:1', { username: 'u', password: 'p' })).toBe('docker-credential-secretservice');
    expect(readConfig(dir)).toEqual({ auths: { 'h:1': {} }, credsStore: 'secretservice' });
    // Without the program on PATH, the file store.
    const other = tempDir();
    await new DockerCredentials({ configDir: other, runHelper: helpers.run, env: { PATH: '' }, platform: 'linux' }).store('h:1', {
      username: 'u',
      password: 'p',
    });
    expect(readConfig(other)).toEqual({ auths: { 'h:1': { auth: b64('u:p') } } });
    // macOS and Windows have their own defaults.
    writeFileSync(path.join(bin, 'docker-credential-osxkeychain'), '', { mode: 0o755 });
    const mac = new DockerCredentials({ configDir: tempDir(), runHelper: helpers.run, env: { PATH: bin }, platform: 'darwin' });
    expect(await mac.storeFor({}, 'h:1')).toEqual({ kind: 'helper', helper: 'osxkeychain', detected: true });
    expect(await mac.storeFor({ auths: { x: {} } }, 'h:1')).toEqual({ kind: 'file' });
  });

  it('on macOS, helpers are also looked for where Docker Desktop and Homebrew install them', () => {
    expect(helperEnv({ PATH: '/usr/bin:/bin' }, 'darwin').PATH).toBe(
      '/usr/bin:/bin:/usr/local/bin:/opt/homebrew/bin:/Applications/Docker.app/Contents/Resources/bin',
    );
    const linux = { PATH: '/usr/bin' };
    expect(helperEnv(linux, 'linux')).toBe(linux);
  });

  it('refuses a helper name that would be a path', async () => {
    const creds = new DockerCredentials({ configDir: tempDir(), env: { PATH: '' }, platform: 'linux' });
    await expect(creds.storeFor({ credsStore: '../../bin/sh' }, 'h:1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('credential helper protocol', () => {
  const scripted = (reply: HelperOutput) => {
    const seen: { action: HelperAction; input: string }[] = [];
    const run: HelperRunner = async (_h, action, input) => {
      seen.push({ action, input });
      return reply;
    };
    return { run, seen };
  };

  it('store sends one JSON line; get and erase send the bare server URL; list sends "unused"', async () => {
    const s = scripted({ code: 0, stdout: '{"ServerURL":"h:1","Username":"u","Secret":"p"}' });
    await helperStore(s.run, 'x', { ServerURL: 'h:1', Username: 'u', Secret: 'p' });
    expect(await helperGet(s.run, 'x', 'h:1')).toEqual({ ServerURL: 'h:1', Username: 'u', Secret: 'p' });
    expect(await helperErase(s.run, 'x', 'h:1')).toBe(true);
    expect(s.seen.map((c) => c.input)).toEqual(['{"ServerURL":"h:1","Username":"u","Secret":"p"}\n', 'h:1', 'h:1']);
    const l = scripted({ code: 0, stdout: '{"h:1":"u","h:2":"v","bad":3}\n' });
    expect(await helperList(l.run, 'x')).toEqual({ 'h:1': 'u', 'h:2': 'v' });
    expect(l.seen).toEqual([{ action: 'list', input: 'unused' }]);
  });

  it('"credentials not found in native keychain" is no credentials, not an error', async () => {
    const s = scripted({ code: 1, stdout: `${NOT_FOUND_MESSAGE}\n` });
    expect(await helperGet(s.run, 'x', 'h:1')).toBeNull();
    expect(await helperErase(s.run, 'x', 'h:1')).toBe(false);
  });

  it('get fills a missing ServerURL and refuses output without a Secret, without quoting it', async () => {
    expect(await helperGet(scripted({ code: 0, stdout: '{"Username":"u","Secret":"p"}' }).run, 'x', 'h:1')).toEqual({
      ServerURL: 'h:1',
      Username: 'u',
      Secret: 'p',
    });
    const err = await helperGet(scripted({ code: 0, stdout: 'Secret=hunter2' }).run, 'x', 'h:1').catch((e: unknown) => e);
    expect((err as CoreError).message).toBe('error getting credentials - docker-credential-x printed something that is not JSON');
  });

  it('a failing helper gives the CLI-style error with its output sanitised', async () => {
    const echo = scripted({ code: 3, stdout: 'cannot store {"ServerURL":"h:1","Username":"u","Secret":"hunter2"}\nmore' });
    const err = (await helperStore(echo.run, 'x', { ServerURL: 'h:1', Username: 'u', Secret: 'hunter2' }).catch(
      (e: unknown) => e,
    )) as CoreError;
    expect(err.code).toBe('IO');
    expect(err.message).toBe(
      'error storing credentials - err: exit status 3, out: `cannot store {"ServerURL":"h:1","Username":"u","Secret":"********"}`',
    );
    const other = scripted({ code: 1, stdout: '{"Secret": "leaked-value"}' });
    const getErr = (await helperGet(other.run, 'x', 'h:1').catch((e: unknown) => e)) as CoreError;
    expect(getErr.message).not.toContain('leaked-value');
    expect(sanitizeHelperOutput('x'.repeat(400)).length).toBe(301);
  });

  it('a helper that is not installed says so in Go words', async () => {
    const run = spawnHelper({ env: { PATH: tempDir() } });
    const err = (await helperGet(run, 'stevedore-missing', 'h:1').catch((e: unknown) => e)) as CoreError;
    expect(err.message).toBe(
      'error getting credentials - err: exec: "docker-credential-stevedore-missing": executable file not found in $PATH, out: ``',
    );
  });
});

describe('login errors', () => {
  it('maps the engine words for a refused login to UNAUTHORIZED and masks the password', () => {
    const refused = Object.assign(new Error('(HTTP code 500) server error - x'), {
      statusCode: 500,
      json: { message: 'login attempt to http://127.0.0.1:5002/v2/ failed with status: 401 Unauthorized' },
    });
    expect(loginError(refused, 'pw')).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'login attempt to http://127.0.0.1:5002/v2/ failed with status: 401 Unauthorized',
    });
    const unreachable = Object.assign(new Error('x'), {
      statusCode: 500,
      json: { message: 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused' },
    });
    expect(loginError(unreachable, 'pw').code).toBe('REGISTRY_UNREACHABLE');
    const echoing = Object.assign(new Error('x'), { statusCode: 400, json: { message: 'bad password "p@ss w"' } });
    expect(loginError(echoing, 'p@ss w').message).toBe('bad password "********"');
    // URL-escaped (as in a URL the engine quotes) and JSON-escaped forms are masked too.
    expect(maskSecret('a%20b a b', 'a b')).toBe('******** ********');
    expect(maskSecret('{"password":"x\\"y"}', 'x"y')).toBe('{"password":"********"}');
  });
});

describe('registries list (no engine)', () => {
  it('lists Docker Hub, config.json hosts, user-added hosts, with login state; a loopback host is not "local" by itself', async () => {
    const dir = tempDir();
    const data = tempDir();
    writeFileSync(
      configFile(dir),
      JSON.stringify({
        auths: { [HUB_SERVER_ADDRESS]: { auth: b64('hubby:pw') }, 'https://legacy.example.com/': { auth: b64('old:pw') }, 'h:2': {} },
        credHelpers: { 'helped.example.com': 'pass' },
      }),
    );
    const helpers = memoryHelpers();
    const creds = new DockerCredentials({ configDir: dir, runHelper: helpers.run, env: { PATH: '' }, platform: 'linux' });
    await addUserRegistry(data, 'http://localhost:5000/');
    await addUserRegistry(data, 'localhost:5000');
    await addUserRegistry(data, 'docker.io');
    expect(await readUserRegistries(data)).toEqual(['localhost:5000']);
    const list = await listRegistries(creds, data);
    expect(list.map((e) => e.host)).toEqual(['docker.io', 'h:2', 'helped.example.com', 'legacy.example.com', 'localhost:5000']);
    expect(list[0]).toEqual({
      host: 'docker.io',
      serverAddress: HUB_SERVER_ADDRESS,
      sources: ['hub', 'config'],
      username: 'hubby',
      loggedIn: true,
      store: { kind: 'file' },
      isLocal: false,
    });
    expect(list.find((e) => e.host === 'legacy.example.com')).toMatchObject({ loggedIn: true, username: 'old' });
    expect(list.find((e) => e.host === 'h:2')).toMatchObject({ loggedIn: false, sources: ['config'] });
    expect(list.find((e) => e.host === 'helped.example.com')).toMatchObject({ loggedIn: false, store: { kind: 'helper', helper: 'pass' } });
    expect(list.find((e) => e.host === 'localhost:5000')).toMatchObject({ sources: ['user'], isLocal: false, loggedIn: false });
    await forgetUserRegistry(data, 'localhost:5000');
    expect((await listRegistries(creds, data)).map((e) => e.host)).not.toContain('localhost:5000');
  });
});

describe('the local registry in the list (no engine)', () => {
  /** <dataDir>/local-registry.json as a deploy leaves it. */
  const remember = (data: string, registries: Record<string, { port: number; containerName: string }>) =>
    writeFileSync(path.join(data, 'local-registry.json'), JSON.stringify({ registries }));

  it('names the deployed registries by localhost:<port> and 127.0.0.1:<port>, and nothing when none was deployed', async () => {
    const data = tempDir();
    expect(await managedRegistryHosts(data)).toEqual({ listed: [], all: new Set() });
    remember(data, { registry: { port: 5041, containerName: 'registry' }, other: { port: 5042, containerName: 'other' } });
    expect(await managedRegistryHosts(data)).toEqual({
      listed: ['localhost:5041', 'localhost:5042'],
      all: new Set(['localhost:5041', 'localhost:5042', '127.0.0.1:5041', '127.0.0.1:5042']),
    });
  });

  it('lists the deployed registry without a login, and calls only it local, by either loopback name', async () => {
    const dir = tempDir();
    const data = tempDir();
    writeFileSync(configFile(dir), JSON.stringify({ auths: { '127.0.0.1:5041': {}, '127.0.0.1:5002': {} } }));
    const creds = new DockerCredentials({ configDir: dir, runHelper: memoryHelpers().run, env: { PATH: '' }, platform: 'linux' });
    await addUserRegistry(data, 'localhost:5000');
    expect((await listRegistries(creds, data)).filter((e) => e.isLocal)).toEqual([]);

    remember(data, { registry: { port: 5041, containerName: 'registry' } });
    const list = await listRegistries(creds, data);
    expect(list.find((e) => e.host === 'localhost:5041')).toMatchObject({ sources: ['local'], isLocal: true, loggedIn: false });
    expect(list.find((e) => e.host === '127.0.0.1:5041')).toMatchObject({ sources: ['config', 'local'], isLocal: true });
    expect(list.find((e) => e.host === '127.0.0.1:5002')).toMatchObject({ sources: ['config'], isLocal: false });
    expect(list.find((e) => e.host === 'localhost:5000')).toMatchObject({ sources: ['user'], isLocal: false });
  });
});
