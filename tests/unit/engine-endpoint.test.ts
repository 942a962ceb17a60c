import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextDigest, dockerodeOptions, resolveEngineEndpoint } from '../../electron/core/engine/engine-endpoint';

function home(config?: object, contexts: Record<string, object> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-home-'));
  const docker = join(dir, '.docker');
  mkdirSync(docker, { recursive: true });
  if (config) writeFileSync(join(docker, 'config.json'), JSON.stringify(config));
  for (const [name, meta] of Object.entries(contexts)) {
    const metaDir = join(docker, 'contexts', 'meta', contextDigest(name));
    mkdirSync(metaDir, { recursive: true });
    writeFileSync(join(metaDir, 'meta.json'), JSON.stringify(meta));
  }
  return dir;
}

describe('engine endpoint, resolved like the docker CLI', () => {
  it('DOCKER_HOST wins over everything', () => {
    const h = home({ currentContext: 'remote' }, { remote: { Endpoints: { docker: { Host: 'tcp://remote:2375' } } } });
    expect(resolveEngineEndpoint({ env: { DOCKER_HOST: 'unix:///tmp/x.sock' }, platform: 'linux', home: h })).toMatchObject({
      host: 'unix:///tmp/x.sock',
      source: 'env',
    });
  });

  it('then the current context of config.json', () => {
    const h = home({ currentContext: 'remote' }, { remote: { Name: 'remote', Endpoints: { docker: { Host: 'tcp://remote:2375' } } } });
    expect(resolveEngineEndpoint({ env: {}, platform: 'linux', home: h })).toMatchObject({
      host: 'tcp://remote:2375',
      source: 'context',
      contextName: 'remote',
    });
  });

  it('DOCKER_CONTEXT overrides config.json currentContext', () => {
    const h = home(
      { currentContext: 'a' },
      {
        a: { Endpoints: { docker: { Host: 'tcp://a:2375' } } },
        b: { Endpoints: { docker: { Host: 'unix:///b.sock' } } },
      },
    );
    expect(resolveEngineEndpoint({ env: { DOCKER_CONTEXT: 'b' }, platform: 'linux', home: h }).host).toBe('unix:///b.sock');
  });

  it('a missing context is a clear error naming it', () => {
    const h = home({ currentContext: 'ghost' });
    expect(() => resolveEngineEndpoint({ env: {}, platform: 'linux', home: h })).toThrow('context "ghost" does not exist');
  });

  it('falls back to the default socket (named pipe on Windows)', () => {
    const h = home();
    expect(resolveEngineEndpoint({ env: {}, platform: 'linux', home: h })).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default',
    });
    expect(resolveEngineEndpoint({ env: {}, platform: 'win32', home: h }).host).toBe('npipe:////./pipe/docker_engine');
  });

  it('translates addresses to dockerode options', () => {
    expect(dockerodeOptions({ host: 'unix:///run/d.sock', source: 'env' })).toEqual({ protocol: 'http', socketPath: '/run/d.sock' });
    expect(dockerodeOptions({ host: 'tcp://127.0.0.1:2375', source: 'env' })).toMatchObject({
      host: '127.0.0.1',
      port: 2375,
      protocol: 'http',
    });
    expect(dockerodeOptions({ host: 'tcp://h:2376', source: 'env', tls: { verify: true, ca: 'C' } })).toMatchObject({
      protocol: 'https',
      ca: 'C',
    });
  });
});
