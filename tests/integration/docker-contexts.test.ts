// Docker contexts read and written exactly as the docker CLI does (issue #18), against the real
// `docker` CLI in a private DOCKER_CONFIG (never ~/.docker). Nothing here contacts an engine:
// `docker context create/use/ls/inspect` only read and write files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerContext } from '../../electron/core/engine/docker-context-create';
import { listDockerContexts, type DockerContextInfo } from '../../electron/core/engine/docker-contexts';
import { contextDigest, type ResolveEnv } from '../../electron/core/engine/engine-endpoint';
import { dockerCli, dockerCliSync } from '../support/stack';

const cliMissing = dockerCliSync(['--version'], { env: { DOCKER_HOST: undefined } }).code !== 0;
if (cliMissing) console.warn('[docker-contexts] skipping: no docker CLI on PATH');

const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `stevedore-contexts-${prefix}-`));
  dirs.push(dir);
  return dir;
};

/** The CLI in `configDir`, with neither DOCKER_HOST nor DOCKER_CONTEXT unless given. */
async function cli(configDir: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = await dockerCli(args, { configDir, env: { DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, ...env } });
  return r;
}

async function cliOk(configDir: string, args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const r = await cli(configDir, args, env);
  expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

interface CliRow {
  Name: string;
  Description: string;
  DockerEndpoint: string;
  Current: boolean;
  Error: string;
}

async function cliList(configDir: string, env: Record<string, string | undefined> = {}): Promise<CliRow[]> {
  const out = await cliOk(configDir, ['context', 'ls', '--format', '{{json .}}'], env);
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CliRow);
}

const resolveEnv = (configDir: string, env: Record<string, string> = {}): ResolveEnv => ({
  env: { DOCKER_CONFIG: configDir, ...env },
  platform: 'linux',
  home: temp('home'),
});

/** Stevedore's list in the CLI's columns (the CLI prints no error for what both accept). */
const asCliRows = (contexts: DockerContextInfo[]) =>
  contexts.map((c) => ({ Name: c.name, Description: c.description, DockerEndpoint: c.host, Current: c.current }));
const cliRows = (rows: CliRow[]) =>
  rows.map(({ Name, Description, DockerEndpoint, Current }) => ({ Name, Description, DockerEndpoint, Current }));

let config: string;
let pems: { ca: string; cert: string; key: string };

beforeAll(async () => {
  if (cliMissing) return;
  config = temp('config');
  const pemDir = temp('pem');
  pems = { ca: join(pemDir, 'ca.pem'), cert: join(pemDir, 'cert.pem'), key: join(pemDir, 'key.pem') };
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pems.key, '-out', pems.cert, '-days', '2', '-subj', '/CN=stevedore-ctx'],
    {
      stdio: 'ignore',
    },
  );
  writeFileSync(pems.ca, readFileSync(pems.cert));
  await cliOk(config, ['context', 'create', 'ctx-a', '--docker', 'host=unix:///run/stevedore-ctx-a.sock']);
  await cliOk(config, ['context', 'create', 'ctx-b', '--description', 'build box', '--docker', 'host=tcp://127.0.0.1:2376']);
  await cliOk(config, ['context', 'create', 'ctx-10', '--docker', 'host=ssh://builder@127.0.0.1:2222']);
  await cliOk(config, [
    'context',
    'create',
    'ctx-2',
    '--docker',
    `host=tcp://127.0.0.1:2377,ca=${pems.ca},cert=${pems.cert},key=${pems.key}`,
  ]);
  await cliOk(config, ['context', 'use', 'ctx-b']);
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(cliMissing)('docker contexts, as the docker CLI', () => {
  it('lists what `docker context ls` lists: names, endpoints, descriptions, the current one, in its order', async () => {
    const list = await listDockerContexts(resolveEnv(config));
    expect(asCliRows(list.contexts)).toEqual(cliRows(await cliList(config)));
    expect(list.current).toBe('ctx-b');
    expect(list.contexts.map((c) => c.name)).toEqual(['ctx-2', 'ctx-10', 'ctx-a', 'ctx-b', 'default']);
    expect(list.contexts.every((c) => c.error === undefined)).toBe(true);
    expect(list.contexts.find((c) => c.name === 'ctx-2')?.tls).toEqual({ ca: true, cert: true, key: true });
    expect(list.contexts.find((c) => c.name === 'ctx-b')?.tls).toEqual({ ca: false, cert: false, key: false });
    expect(list.warnings).toEqual([]);
  });

  it('orders names as the CLI does (digits by value, then bytes)', async () => {
    const dir = temp('order');
    const names = ['x_1', 'x1', 'x+2', 'x01', 'X9', 'x.10', 'x.9', 'xx', 'x001', 'x10b', 'x10a'];
    for (const name of names) await cliOk(dir, ['context', 'create', name, '--docker', 'host=unix:///run/x.sock']);
    const theirs = (await cliList(dir)).map((r) => r.Name);
    expect((await listDockerContexts(resolveEnv(dir))).contexts.map((c) => c.name)).toEqual(theirs);
  });

  it('resolves the current context as the CLI does: DOCKER_CONTEXT, DOCKER_HOST over everything, a missing name', async () => {
    const envs: Record<string, string>[] = [
      { DOCKER_CONTEXT: 'ctx-a' },
      { DOCKER_HOST: 'unix:///run/stevedore-other.sock' },
      { DOCKER_CONTEXT: 'ctx-gone' },
    ];
    for (const env of envs) {
      const list = await listDockerContexts(resolveEnv(config, env));
      expect(asCliRows(list.contexts), JSON.stringify(env)).toEqual(cliRows(await cliList(config, env)));
    }
    const overridden = await listDockerContexts(resolveEnv(config, { DOCKER_HOST: 'unix:///run/stevedore-other.sock' }));
    expect(overridden.warnings[0]).toMatch(/^DOCKER_HOST environment variable overrides the active context/);
    const missing = await listDockerContexts(resolveEnv(config, { DOCKER_CONTEXT: 'ctx-gone' }));
    expect(missing.contexts.find((c) => c.current)).toMatchObject({ name: 'ctx-gone', origin: 'missing' });
    expect(missing.contexts.find((c) => c.current)?.error).toMatch(/^context "ctx-gone": context not found/);
  });

  it('writes a context the CLI then lists and inspects with the same endpoint and TLS material', async () => {
    const before = readFileSync(join(config, 'contexts', 'meta', contextDigest('ctx-a'), 'meta.json'));
    const made = await createDockerContext(
      { name: 'ctx-c', description: 'from Stevedore', host: 'tcp://127.0.0.1:2378', tls: { ca: pems.ca, cert: pems.cert, key: pems.key } },
      resolveEnv(config),
    );
    expect(made).toMatchObject({ name: 'ctx-c', host: 'tcp://127.0.0.1:2378', tls: { ca: true, cert: true, key: true } });

    const rows = await cliList(config);
    expect(rows.find((r) => r.Name === 'ctx-c')).toEqual({
      Name: 'ctx-c',
      Description: 'from Stevedore',
      DockerEndpoint: 'tcp://127.0.0.1:2378',
      Current: false,
      Error: '',
    });
    const [inspect] = JSON.parse(await cliOk(config, ['context', 'inspect', 'ctx-c'])) as {
      Endpoints: unknown;
      Metadata: unknown;
      TLSMaterial: unknown;
    }[];
    expect(inspect.Endpoints).toEqual({ docker: { Host: 'tcp://127.0.0.1:2378', SkipTLSVerify: false } });
    expect(inspect.Metadata).toEqual({ Description: 'from Stevedore' });
    expect(inspect.TLSMaterial).toEqual({ docker: ['ca.pem', 'cert.pem', 'key.pem'] });

    // Byte for byte what the CLI writes for the same options under another name.
    await cliOk(config, [
      'context',
      'create',
      'ctx-d',
      '--description',
      'from Stevedore',
      '--docker',
      `host=tcp://127.0.0.1:2378,ca=${pems.ca},cert=${pems.cert},key=${pems.key}`,
    ]);
    const ours = readFileSync(join(config, 'contexts', 'meta', contextDigest('ctx-c'), 'meta.json'), 'utf8');
    const theirs = readFileSync(join(config, 'contexts', 'meta', contextDigest('ctx-d'), 'meta.json'), 'utf8');
    expect(ours).toBe(theirs.replace('"Name":"ctx-d"', '"Name":"ctx-c"'));
    for (const pem of ['ca.pem', 'cert.pem', 'key.pem']) {
      const file = (name: string) => readFileSync(join(config, 'contexts', 'tls', contextDigest(name), 'docker', pem));
      expect(file('ctx-c').equals(file('ctx-d')), pem).toBe(true);
    }
    // The CLI can use it as it uses its own (a context switch is a file write, no engine needed).
    await cliOk(config, ['context', 'use', 'ctx-c']);
    expect((await listDockerContexts(resolveEnv(config))).current).toBe('ctx-c');
    await cliOk(config, ['context', 'use', 'ctx-b']);
    // Nothing else was touched.
    expect(readFileSync(join(config, 'contexts', 'meta', contextDigest('ctx-a'), 'meta.json')).equals(before)).toBe(true);
  });

  it('refuses what `docker context create` refuses, in its words, and writes nothing', async () => {
    const snapshot = () => readdirSync(join(config, 'contexts', 'meta')).sort();
    const was = snapshot();
    for (const name of ['c', 'default', 'ctx-a', '-ctx']) {
      const theirs = await cli(config, ['context', 'create', '--docker', 'host=unix:///run/x.sock', '--', name]);
      expect(theirs.code).not.toBe(0);
      const ours = createDockerContext({ name, host: 'unix:///run/x.sock' }, resolveEnv(config));
      await expect(ours, name).rejects.toMatchObject({ message: theirs.stderr.trim().split('\n').pop() });
    }
    await expect(createDockerContext({ name: 'ctx-a', host: 'unix:///run/x.sock' }, resolveEnv(config))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Addresses go through the settings' engine door: relative sockets, options in ssh, other schemes.
    for (const host of ['unix://run/x.sock', 'ssh://-oProxyCommand=x@host', 'foo://x', 'tcp://user@127.0.0.1:2375', '']) {
      await expect(createDockerContext({ name: 'ctx-bad', host }, resolveEnv(config)), host).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
    expect(snapshot()).toEqual(was);
  });

  it('lists hostile files with a reason and never fails the whole list', async () => {
    const hostile = temp('hostile');
    execFileSync('cp', ['-a', `${config}/.`, hostile]);
    const meta = join(hostile, 'contexts', 'meta');
    const plant = (folder: string, body: string | Buffer) => {
      mkdirSync(join(meta, folder), { recursive: true });
      writeFileSync(join(meta, folder, 'meta.json'), body);
    };
    plant(contextDigest('ctx-truncated'), '{"Name":"ctx-truncated","Endpoi');
    plant(contextDigest('ctx-huge'), Buffer.alloc(10 * 1024 * 1024, 0x20));
    plant('0'.repeat(64), JSON.stringify({ Name: 'ctx-wrong', Metadata: {}, Endpoints: { docker: { Host: 'unix:///run/w.sock' } } }));
    plant(contextDigest('ctx-panic'), JSON.stringify({ Name: 'ctx-panic', Metadata: { Description: 5 }, Endpoints: {} }));
    const outside = join(temp('outside'), 'meta.json');
    writeFileSync(outside, JSON.stringify({ Name: 'ctx-link', Metadata: {}, Endpoints: { docker: { Host: 'unix:///run/l.sock' } } }));
    mkdirSync(join(meta, contextDigest('ctx-link')));
    symlinkSync(outside, join(meta, contextDigest('ctx-link'), 'meta.json'));

    const list = await listDockerContexts(resolveEnv(hostile));
    const byFolder = (name: string) => list.contexts.find((c) => c.folder === name);
    expect(byFolder(contextDigest('ctx-truncated'))?.error).toMatch(/not valid JSON/);
    expect(byFolder(contextDigest('ctx-huge'))?.error).toMatch(/10485760 bytes, more than/);
    expect(byFolder('0'.repeat(64))).toMatchObject({ name: 'ctx-wrong', error: expect.stringMatching(/not the sha256 of its name/) });
    expect(byFolder(contextDigest('ctx-panic'))?.error).toMatch(/Description is not a string/);
    expect(byFolder(contextDigest('ctx-link'))?.error).toMatch(/symbolic link/);
    // The good ones are still there, as before; the current one too.
    const good = list.contexts.filter((c) => !c.error).map((c) => c.name);
    expect(good).toEqual(['ctx-2', 'ctx-10', 'ctx-a', 'ctx-b', 'ctx-c', 'ctx-d', 'default']);
    expect(list.current).toBe('ctx-b');
    // Stevedore still writes beside them, and refuses a name whose folder holds a planted file.
    await createDockerContext({ name: 'ctx-e', host: 'unix:///run/e.sock' }, resolveEnv(hostile));
    await expect(createDockerContext({ name: 'ctx-link', host: 'unix:///run/e.sock' }, resolveEnv(hostile))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(readFileSync(outside, 'utf8')).toContain('"ctx-link"');
  });
});
