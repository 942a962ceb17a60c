import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextDigest, dockerodeOptions, endpointFromSetting, type ResolveEnv } from '../../electron/core/engine/engine-endpoint';
import { EngineConnection } from '../../electron/core/engine/engine';
import { sameEngineSetting, startupEndpoint } from '../../electron/core/settings/settings-handlers';
import { DEFAULT_SETTINGS } from '../../shared/shell';

const root = mkdtempSync(join(tmpdir(), 'shell-engine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const configDir = join(root, 'docker');
const env = (vars: Record<string, string> = {}): ResolveEnv => ({ env: vars, platform: 'linux', home: root });

describe('the engine endpoint a setting names', () => {
  it("auto is the CLI's order: DOCKER_HOST, then the context, then the default socket", () => {
    expect(endpointFromSetting({ kind: 'auto' }, configDir, env({ DOCKER_HOST: 'tcp://build.local:2375' }))).toMatchObject({
      host: 'tcp://build.local:2375',
      source: 'env',
    });
    expect(endpointFromSetting({ kind: 'auto' }, configDir, env())).toEqual({ host: 'unix:///var/run/docker.sock', source: 'default' });
  });

  it('a socket is unix://path (absolute only); a Windows pipe is npipe://', () => {
    expect(endpointFromSetting({ kind: 'socket', path: '/run/user/1000/docker.sock' }, configDir, env())).toEqual({
      host: 'unix:///run/user/1000/docker.sock',
      source: 'settings',
    });
    expect(endpointFromSetting({ kind: 'socket', path: '//./pipe/docker_engine' }, configDir, env()).host).toBe(
      'npipe:////./pipe/docker_engine',
    );
    expect(() => endpointFromSetting({ kind: 'socket', path: 'docker.sock' }, configDir, env())).toThrow(/absolute/);
  });

  it('tcp without TLS is plain http; with TLS it reads ca/cert/key like DOCKER_CERT_PATH', () => {
    expect(
      dockerodeOptions(endpointFromSetting({ kind: 'tcp', host: 'build.local', port: 2375, tls: false }, configDir, env())),
    ).toMatchObject({
      host: 'build.local',
      port: 2375,
      protocol: 'http',
    });
    const certs = join(root, 'certs');
    mkdirSync(certs, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, f), `-----${f}-----`);
    const ep = endpointFromSetting({ kind: 'tcp', host: 'build.local', port: 2376, tls: true, certDir: certs }, configDir, env());
    expect(ep).toEqual({
      host: 'tcp://build.local:2376',
      source: 'settings',
      tls: { ca: '-----ca.pem-----', cert: '-----cert.pem-----', key: '-----key.pem-----', verify: true },
    });
    expect(dockerodeOptions(ep)).toMatchObject({
      protocol: 'https',
      ca: '-----ca.pem-----',
      cert: '-----cert.pem-----',
      key: '-----key.pem-----',
    });
    expect(() =>
      endpointFromSetting({ kind: 'tcp', host: 'x', port: 2376, tls: true, certDir: join(root, 'empty') }, configDir, env()),
    ).toThrow(/ca.pem/);
    expect(() => endpointFromSetting({ kind: 'tcp', host: 'x', port: 2376, tls: true, certDir: 'certs' }, configDir, env())).toThrow(
      /must be absolute/,
    );
    expect(endpointFromSetting({ kind: 'tcp', host: '::1', port: 2375, tls: false }, configDir, env()).host).toBe('tcp://[::1]:2375');
  });

  it('ssh is ssh://user@host:port, reached through the system ssh like the CLI', () => {
    const ep = endpointFromSetting({ kind: 'ssh', host: 'builder', user: 'me', port: 2222 }, configDir, env());
    expect(ep).toEqual({ host: 'ssh://me@builder:2222', source: 'settings' });
    expect(dockerodeOptions(ep)).toMatchObject({ protocol: 'http', agent: { spec: { user: 'me', host: 'builder', port: '2222' } } });
    // No port: ssh takes it from ~/.ssh/config, else 22.
    expect(endpointFromSetting({ kind: 'ssh', host: 'builder' }, configDir, env()).host).toBe('ssh://builder');
  });

  it('an ssh engine that does not answer is reported as unreachable, with the reason', async () => {
    // Loopback port 1: nothing listens, the connection is refused at once.
    const engine = new EngineConnection({
      endpoint: endpointFromSetting({ kind: 'ssh', host: '127.0.0.1', user: 'me', port: 1 }, configDir, env()),
    });
    expect(await engine.check()).toMatchObject({
      reachable: false,
      host: 'ssh://me@127.0.0.1:1',
      error: expect.stringMatching(
        /^Cannot connect to the Docker engine at ssh:\/\/me@127\.0\.0\.1:1: ssh me@127\.0\.0\.1:1 failed: ssh: connect to host 127\.0\.0\.1 port 1: Connection refused/,
      ),
    });
  });

  it('a context is its docker endpoint from the context store; an unknown context is an error', () => {
    const meta = join(configDir, 'contexts', 'meta', contextDigest('remote'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'tcp://remote:2375' } } }));
    // A chosen context wins over DOCKER_HOST.
    expect(endpointFromSetting({ kind: 'context', name: 'remote' }, configDir, env({ DOCKER_HOST: 'unix:///x.sock' }))).toEqual({
      host: 'tcp://remote:2375',
      source: 'context',
      contextName: 'remote',
    });
    expect(endpointFromSetting({ kind: 'context', name: 'default' }, configDir, env()).host).toBe('unix:///var/run/docker.sock');
    expect(() => endpointFromSetting({ kind: 'context', name: 'gone' }, configDir, env())).toThrow(/context "gone" does not exist/);
  });
});

describe('starting with a stored endpoint', () => {
  it('a stored context that no longer exists is reported, not replaced by another engine', () => {
    const ep = startupEndpoint({ ...DEFAULT_SETTINGS, engine: { kind: 'context', name: 'vanished' } }, join(root, 'nothing'));
    expect(ep.source).toBe('settings');
    expect(ep.problem).toMatch(/cannot be used: context "vanished" does not exist/);
    // Requests go nowhere rather than to some default engine.
    expect(dockerodeOptions(ep)).toEqual({ protocol: 'http', socketPath: expect.stringContaining('/nonexistent/') });
  });

  it('the connection reports that problem as its status', async () => {
    const ep = startupEndpoint({ ...DEFAULT_SETTINGS, engine: { kind: 'context', name: 'vanished' } }, join(root, 'nothing'));
    const engine = new EngineConnection({ endpoint: ep });
    expect(await engine.check()).toMatchObject({ reachable: false, source: 'settings', error: ep.problem });
  });

  it('saving the same endpoint again is not a change (no reconnect)', () => {
    expect(sameEngineSetting({ kind: 'ssh', host: 'a', port: 22 }, { port: 22, kind: 'ssh', host: 'a' } as never)).toBe(true);
    expect(sameEngineSetting({ kind: 'ssh', host: 'a', port: 22 }, { kind: 'ssh', host: 'a' })).toBe(false);
  });
});
