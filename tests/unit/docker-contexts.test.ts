// The pure parts of docker contexts (issue #18): the CLI's name rule and order, meta.json's shapes,
// the bytes written, engine addresses through the settings' door, and the file rules of reading and
// writing a store someone else controls. The CLI itself is compared in tests/integration/docker-contexts.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDockerContext } from '../../electron/core/engine/docker-context-create';
import {
  checkContextName,
  checkEngineHost,
  contextMetaJson,
  naturalCompare,
  parseContextMeta,
  readBounded,
} from '../../electron/core/engine/docker-context-files';
import { listDockerContexts } from '../../electron/core/engine/docker-contexts';
import { contextDigest, type ResolveEnv } from '../../electron/core/engine/engine-endpoint';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-ctx-unit-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const envFor = (configDir: string, env: Record<string, string> = {}): ResolveEnv => ({
  env: { DOCKER_CONFIG: configDir, ...env },
  platform: 'linux',
  home: temp(),
});

describe('context names', () => {
  it('takes what the CLI takes and refuses the rest in its words', () => {
    for (const ok of ['ab', 'ctx-1', 'a.b_c+d-e', '9x']) expect(() => checkContextName(ok), ok).not.toThrow();
    expect(() => checkContextName('c')).toThrow(
      'context name "c" is invalid, names are validated against regexp "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"',
    );
    expect(() => checkContextName('default')).toThrow('"default" is a reserved context name');
    expect(() => checkContextName('')).toThrow('context name cannot be empty');
    for (const bad of ['-x', '.x', 'a/b', '../x', 'a b', 'a\nb', 'é1', 'x'.repeat(256)]) {
      expect(() => checkContextName(bad), bad).toThrow(/is invalid/);
    }
  });

  it('sorts as the CLI: digits by value, the rest byte by byte', () => {
    const names = ['ctx-10', 'default', 'ctx-2', 'B', 'a', 'ctx-02', 'ctx-1a', '', 'a!', 'a1'];
    expect([...names].sort(naturalCompare)).toEqual(['', 'B', 'a', 'a1', 'a!', 'ctx-1a', 'ctx-2', 'ctx-02', 'ctx-10', 'default']);
  });
});

describe('meta.json', () => {
  it('reads what the CLI writes, and writes it byte for byte', () => {
    const text = contextMetaJson('ctx-b', 'hi there', 'tcp://127.0.0.1:2376', false);
    expect(text).toBe(
      '{"Name":"ctx-b","Metadata":{"Description":"hi there"},"Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2376","SkipTLSVerify":false}}}',
    );
    expect(contextMetaJson('ctx-a', '', 'unix:///x.sock', true)).toBe(
      '{"Name":"ctx-a","Metadata":{},"Endpoints":{"docker":{"Host":"unix:///x.sock","SkipTLSVerify":true}}}',
    );
    expect(parseContextMeta(text)).toEqual({ name: 'ctx-b', description: 'hi there', host: 'tcp://127.0.0.1:2376', skipTlsVerify: false });
  });

  it('turns every wrong shape into a reason', () => {
    const cases: [string, RegExp][] = [
      ['{"Name":"x', /not valid JSON/],
      ['[]', /not hold a JSON object/],
      ['"str"', /not hold a JSON object/],
      ['null', /cannot find docker endpoint/],
      ['{"Name":5}', /Name is not a string/],
      ['{"Name":"x","Metadata":[]}', /Metadata is not an object/],
      ['{"Name":"x","Metadata":{"Description":5}}', /Description is not a string/],
      ['{"Name":"x","Endpoints":"e"}', /Endpoints is not an object/],
      ['{"Name":"x","Endpoints":{}}', /cannot find docker endpoint in context/],
      ['{"Name":"x","Endpoints":{"docker":"x"}}', /Endpoints.docker is not an object/],
      ['{"Name":"x","Endpoints":{"docker":{"Host":1}}}', /Host is not a string/],
      ['{"Name":"x","Endpoints":{"docker":{"Host":"unix:///a","SkipTLSVerify":"yes"}}}', /SkipTLSVerify is not true or false/],
      ['{"__proto__":{"Name":"x"},"Endpoints":{"docker":{}}}', /^$/],
    ];
    for (const [text, reason] of cases) expect(parseContextMeta(text).error ?? '', text).toMatch(reason);
    expect(parseContextMeta('{"__proto__":{"Name":"x"},"Endpoints":{"docker":{}}}').name).toBe('');
  });
});

describe('engine addresses through the settings door', () => {
  const dir = temp();
  it('keeps good addresses in the form the endpoint prints', () => {
    expect(checkEngineHost('unix:///var/run/docker.sock', false, dir)).toBe('unix:///var/run/docker.sock');
    expect(checkEngineHost('npipe:////./pipe/docker_engine', false, dir)).toBe('npipe:////./pipe/docker_engine');
    expect(checkEngineHost('tcp://127.0.0.1:2376', false, dir)).toBe('tcp://127.0.0.1:2376');
    expect(checkEngineHost('tcp://[::1]:2376', false, dir)).toBe('tcp://[::1]:2376');
    expect(checkEngineHost('tcp://build.example', false, dir)).toBe('tcp://build.example:2375');
    expect(checkEngineHost('tcp://build.example', true, dir)).toBe('tcp://build.example:2376');
    expect(checkEngineHost('ssh://me@build.example:2222', false, dir)).toBe('ssh://me@build.example:2222');
  });

  it('refuses what the doors refuse', () => {
    for (const bad of [
      '',
      'unix://relative.sock',
      'tcp://u:p@host:1',
      'tcp://host:1/path',
      'tcp://host:1?x=1',
      'tcp://host:99999',
      'ssh://-oProxyCommand=sh@host',
      'ssh://host?x',
      'npipe://pipe',
      'http://host:1',
      'unix:///a\nb',
      `unix:///${'a'.repeat(5000)}`,
    ]) {
      expect(() => checkEngineHost(bad, false, dir), bad).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('bounded reads', () => {
  it('reads a small file and refuses links, FIFOs and big files without reading them', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'ok'), 'hello');
    writeFileSync(join(dir, 'big'), Buffer.alloc(2048));
    symlinkSync(join(dir, 'ok'), join(dir, 'link'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(await readBounded(join(dir, 'ok'), 1024)).toEqual({ ok: true, text: 'hello' });
    expect(await readBounded(join(dir, 'big'), 1024)).toMatchObject({ ok: false, error: expect.stringMatching(/2048 bytes/) });
    expect(await readBounded(join(dir, 'link'), 1024)).toMatchObject({ ok: false, error: expect.stringMatching(/symbolic link/) });
    expect(await readBounded(join(dir, 'link'), 1024, true)).toEqual({ ok: true, text: 'hello' });
    expect(await readBounded(join(dir, 'fifo'), 1024)).toMatchObject({ ok: false, error: 'is not a regular file' });
    expect(await readBounded(join(dir, 'none'), 1024)).toMatchObject({ ok: false, missing: true });
  });
});

describe('listing and writing in a store someone else controls', () => {
  it('lists an empty or absent store as the default context alone', async () => {
    const list = await listDockerContexts(envFor(join(temp(), 'absent')));
    expect(list.contexts).toEqual([
      expect.objectContaining({ name: 'default', host: 'unix:///var/run/docker.sock', current: true, origin: 'default' }),
    ]);
  });

  it('flags a stored context named default and a current name no file has', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'contexts', 'meta', contextDigest('default')), { recursive: true });
    writeFileSync(join(dir, 'contexts', 'meta', contextDigest('default'), 'meta.json'), contextMetaJson('default', '', 'unix:///x', false));
    writeFileSync(join(dir, 'config.json'), '{"currentContext":"ctx-gone"}');
    const list = await listDockerContexts(envFor(dir));
    expect(list.contexts.filter((c) => c.name === 'default').map((c) => [c.origin, Boolean(c.error)])).toEqual([
      ['default', false],
      ['store', true],
    ]);
    expect(list.contexts.find((c) => c.current)).toMatchObject({ name: 'ctx-gone', origin: 'missing' });
  });

  it('keeps a broken config.json to a warning', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'config.json'), '{"currentContext":');
    const list = await listDockerContexts(envFor(dir));
    expect(list.current).toBe('default');
    expect(list.warnings).toEqual([expect.stringMatching(/config.json is not valid JSON/)]);
  });

  it('never writes through a link planted in the new name’s folders, and leaves nothing behind', async () => {
    const dir = temp();
    const outside = temp();
    const pem = join(temp(), 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n');
    writeFileSync(join(outside, 'ca.pem'), 'keep me');
    mkdirSync(join(dir, 'contexts', 'tls'), { recursive: true });
    symlinkSync(outside, join(dir, 'contexts', 'tls', contextDigest('ctx-x')));
    await expect(createDockerContext({ name: 'ctx-x', host: 'tcp://127.0.0.1:2376', tls: { ca: pem } }, envFor(dir))).rejects.toMatchObject(
      {
        code: 'IO',
      },
    );
    expect(readFileSync(join(outside, 'ca.pem'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'contexts', 'meta', contextDigest('ctx-x')))).toBe(false);

    mkdirSync(join(dir, 'contexts', 'meta'), { recursive: true });
    symlinkSync(outside, join(dir, 'contexts', 'meta', contextDigest('ctx-y')));
    await expect(createDockerContext({ name: 'ctx-y', host: 'unix:///x.sock' }, envFor(dir))).rejects.toMatchObject({ code: 'IO' });
    expect(readdirSync(outside)).toEqual(['ca.pem']);
  });

  it('never follows a link planted at contexts, contexts/meta or contexts/tls', async () => {
    const pem = join(temp(), 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n');
    const planted: [link: string[], made: string[]][] = [
      [['contexts'], []],
      [['contexts', 'meta'], ['contexts']],
      [['contexts', 'tls'], ['contexts']],
    ];
    for (const [at, parents] of planted) {
      const dir = temp();
      const outside = temp();
      // What a stale context under the new name would have left there: the reset must not unlink it.
      mkdirSync(join(outside, contextDigest('ctx-l'), 'docker'), { recursive: true });
      writeFileSync(join(outside, contextDigest('ctx-l'), 'docker', 'ca.pem'), 'keep me');
      if (parents.length > 0) mkdirSync(join(dir, ...parents), { recursive: true });
      symlinkSync(outside, join(dir, ...at));
      await expect(
        createDockerContext({ name: 'ctx-l', host: 'tcp://127.0.0.1:2376', tls: { ca: pem } }, envFor(dir)),
        at.join('/'),
      ).rejects.toMatchObject({ code: 'IO', message: expect.stringContaining('is not a folder') });
      expect(readdirSync(outside), at.join('/')).toEqual([contextDigest('ctx-l')]);
      expect(readdirSync(join(outside, contextDigest('ctx-l'), 'docker')), at.join('/')).toEqual(['ca.pem']);
      expect(readFileSync(join(outside, contextDigest('ctx-l'), 'docker', 'ca.pem'), 'utf8')).toBe('keep me');
    }
  });

  it('checks every input before writing: a bad PEM, a lone cert, a bad description leave no folder', async () => {
    const dir = temp();
    const notPem = join(temp(), 'ca.pem');
    writeFileSync(notPem, 'not a certificate');
    const attempts = [
      { name: 'ctx-p', host: 'tcp://127.0.0.1:2376', tls: { ca: notPem } },
      { name: 'ctx-p', host: 'tcp://127.0.0.1:2376', tls: { cert: notPem } },
      { name: 'ctx-p', host: 'tcp://127.0.0.1:2376', tls: { ca: 'relative/ca.pem' } },
      { name: 'ctx-p', host: 'unix:///x.sock', description: 'two\nlines' },
    ];
    for (const spec of attempts) await expect(createDockerContext(spec, envFor(dir))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(existsSync(join(dir, 'contexts'))).toBe(false);
  });

  it('resets TLS material a removed context left under the same name, as the CLI does', async () => {
    const dir = temp();
    const stale = join(dir, 'contexts', 'tls', contextDigest('ctx-s'), 'docker');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'key.pem'), 'old key');
    const made = await createDockerContext({ name: 'ctx-s', host: 'tcp://127.0.0.1:2375' }, envFor(dir));
    expect(made.tls).toEqual({ ca: false, cert: false, key: false });
    expect(existsSync(join(stale, 'key.pem'))).toBe(false);
    const listed = (await listDockerContexts(envFor(dir))).contexts.find((c) => c.name === 'ctx-s');
    expect(listed).toMatchObject({ host: 'tcp://127.0.0.1:2375', tls: { ca: false, cert: false, key: false } });
    expect(listed?.error).toBeUndefined();
    expect(readdirSync(join(dir, 'contexts', 'meta', contextDigest('ctx-s')))).toEqual(['meta.json']);
  });
});
