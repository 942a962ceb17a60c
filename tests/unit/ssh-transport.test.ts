import Dockerode from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { contextDigest, dockerodeOptions, endpointFromSetting, resolveEngineEndpoint } from '../../electron/core/engine/engine-endpoint';
import { EngineConnection } from '../../electron/core/engine/engine';
import { parseSshUrl, SshAgent, sshArgs, sshFailure, sshWords } from '../../electron/core/engine/ssh-transport';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// ssh:// engines go through the system ssh exactly as the docker CLI's connhelper calls it:
//   ssh [-l user] [-p port] <flags> -- host 'docker system dial-stdio'
const argv = (url: string, configFile?: string) => sshArgs(parseSshUrl(url), { configFile });
const FLAGS = ['-o', 'ConnectTimeout=30', '-o', 'BatchMode=yes', '-T'];

describe('the ssh command line for an ssh:// engine', () => {
  it('user and port become -l and -p; the host comes after --, then the remote dial-stdio', () => {
    expect(argv('ssh://me@builder:2222')).toEqual(['-l', 'me', '-p', '2222', ...FLAGS, '--', 'builder', 'docker system dial-stdio']);
  });

  it('without user or port ssh decides (its config, else the login name and 22), as with the CLI', () => {
    expect(argv('ssh://builder')).toEqual([...FLAGS, '--', 'builder', 'docker system dial-stdio']);
  });

  it('an IPv6 host is given to ssh without its brackets', () => {
    expect(argv('ssh://me@[::1]:2222')).toEqual(['-l', 'me', '-p', '2222', ...FLAGS, '--', '::1', 'docker system dial-stdio']);
  });

  it('a socket path in the URL is the remote docker --host, as with the CLI', () => {
    expect(argv('ssh://me@builder/run/user/1000/docker.sock').at(-1)).toBe(
      'docker --host=unix:///run/user/1000/docker.sock system dial-stdio',
    );
    expect(argv('ssh://me@builder/').at(-1)).toBe('docker system dial-stdio');
  });

  it('STEVEDORE_SSH_CONFIG replaces ~/.ssh/config with -F (the tests use their own)', () => {
    expect(argv('ssh://builder', '/tmp/cfg').slice(0, 2)).toEqual(['-F', '/tmp/cfg']);
    const agent = (dockerodeOptions({ host: 'ssh://builder', source: 'env' }, { STEVEDORE_SSH_CONFIG: '/tmp/cfg' }) as { agent?: unknown })
      .agent as SshAgent;
    expect(agent).toBeInstanceOf(SshAgent);
    expect(agent.spec).toEqual({ host: 'builder', user: undefined, port: undefined, socketPath: undefined });
  });
});

describe('what is refused before ssh ever runs', () => {
  // Each would put an option (or shell syntax) into ssh's command line.
  const hostile = [
    ['a host that starts with -', 'ssh://-oProxyCommand=touch.pwned'],
    ['a host that starts with - after a user', 'ssh://me@-oProxyCommand=x:22'],
    ['a user that starts with -', 'ssh://-oProxyCommand=x@builder'],
    ['a percent-encoded option as host', 'ssh://%2DoProxyCommand=x'],
    ['a percent-encoded option as user', 'ssh://%2DoProxyCommand%3Dx@builder'],
    ['shell syntax in the user', 'ssh://me;id@builder'],
    ['shell syntax in the socket path', 'ssh://builder/run/docker.sock;id'],
    ['a quote in the socket path', "ssh://builder/run/docker'.sock"],
    ['a password', 'ssh://me:secret@builder'],
    ['a query', 'ssh://builder?x=1'],
    ['a fragment', 'ssh://builder#x'],
    ['no host', 'ssh://'],
    ['another scheme', 'tcp://builder:2375'],
  ];
  it.each(hostile)('%s (%s)', (_what, url) => {
    expect(() => parseSshUrl(url)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^invalid SSH URL /) }),
    );
  });

  it('an ssh setting with such a host or user is refused when it is set', () => {
    const configDir = mkdtempSync(join(tmpdir(), 'ssh-setting-'));
    try {
      expect(() => endpointFromSetting({ kind: 'ssh', host: '-oProxyCommand=x' }, configDir)).toThrow(/invalid SSH URL/);
      expect(() => endpointFromSetting({ kind: 'ssh', host: 'builder', user: '-oProxyCommand=x' }, configDir)).toThrow(/invalid SSH URL/);
      expect(endpointFromSetting({ kind: 'ssh', host: '::1', user: 'me', port: 2222 }, configDir).host).toBe('ssh://me@[::1]:2222');
      expect(endpointFromSetting({ kind: 'ssh', host: '::1' }, configDir).host).toBe('ssh://[::1]');
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('DOCKER_HOST or a context naming one is a problem the connection reports; no ssh is started', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ssh-home-'));
    try {
      const fromEnv = resolveEngineEndpoint({ env: { DOCKER_HOST: 'ssh://-oProxyCommand=x' }, platform: 'linux', home });
      expect(fromEnv.problem).toMatch(/^invalid SSH URL "ssh:\/\/-oProxyCommand=x": not a host name/);
      // No agent: the requests of an endpoint with a problem go to a socket that does not exist.
      expect((dockerodeOptions(fromEnv) as { agent?: unknown }).agent).toBeUndefined();
      const status = await new EngineConnection({ endpoint: fromEnv }).check();
      expect(status).toMatchObject({ reachable: false, error: fromEnv.problem });

      const meta = join(home, '.docker', 'contexts', 'meta', contextDigest('evil'));
      mkdirSync(meta, { recursive: true });
      writeFileSync(
        join(meta, 'meta.json'),
        JSON.stringify({ Name: 'evil', Endpoints: { docker: { Host: 'ssh://-oProxyCommand=x@builder' } } }),
      );
      const fromContext = resolveEngineEndpoint({ env: { DOCKER_CONTEXT: 'evil' }, platform: 'linux', home });
      expect(fromContext).toMatchObject({ source: 'context', problem: expect.stringMatching(/not a user name/) });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('no ssh2 connection remains', () => {
  const saved = process.env.DOCKER_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it("an ssh engine is plain HTTP over the ssh agent, never docker-modem's ssh2 protocol", () => {
    const modem = new Dockerode(dockerodeOptions({ host: 'ssh://me@builder:2222', source: 'settings' })).modem as unknown as Record<
      string,
      unknown
    >;
    expect(modem.protocol).toBe('http');
    expect(modem.agent).toBeInstanceOf(SshAgent);
  });

  it('an ssh:// DOCKER_HOST in the environment does not leak into another endpoint', () => {
    // docker-modem reads DOCKER_HOST itself and lays our options over it.
    process.env.DOCKER_HOST = 'ssh://me@elsewhere:22';
    const socket = new Dockerode(dockerodeOptions({ host: 'unix:///tmp/x.sock', source: 'settings' })).modem as unknown as Record<
      string,
      unknown
    >;
    expect(socket).toMatchObject({ protocol: 'http', socketPath: '/tmp/x.sock', host: undefined, username: undefined });
    const tcp = new Dockerode(dockerodeOptions({ host: 'tcp://127.0.0.1:2375', source: 'settings' })).modem as unknown as Record<
      string,
      unknown
    >;
    expect(tcp).toMatchObject({ protocol: 'http', host: '127.0.0.1', port: 2375, username: undefined });
  });
});

describe("ssh failures in ssh's own words", () => {
  const changed = [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    'Host key for [127.0.0.1]:5022 has changed and you have requested strict checking.',
    'Host key verification failed.',
    '',
  ].join('\r\n');

  it('a changed host key: ENGINE_UNREACHABLE naming the change, with how to check it', () => {
    const err = sshFailure({ user: 'root', host: '127.0.0.1', port: '5022' }, changed, { code: 255, signal: null });
    expect(err.code).toBe('ENGINE_UNREACHABLE');
    expect(err.message).toMatch(
      /^ssh root@127\.0\.0\.1:5022 failed: @ +WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! +@ IT IS POSSIBLE/,
    );
    expect(err.message).toContain('Host key verification failed.');
    expect(err.message).toContain('(ssh -p 5022 root@127.0.0.1)');
    expect(err.message).not.toMatch(/@@@@/);
  });

  it('"Permanently added" notes are left out; an ssh that said nothing is named by its exit', () => {
    expect(
      sshWords(
        "Warning: Permanently added '[h]:22' (ED25519) to the list of known hosts.\r\nssh: connect to host h port 22: Connection refused\r\n",
      ),
    ).toBe('ssh: connect to host h port 22: Connection refused');
    expect(sshFailure({ host: 'h' }, '', { code: 255, signal: null }).message).toBe('ssh h failed: ssh exited with code 255');
    expect(sshFailure({ host: 'h' }, 'bash: line 1: docker: command not found\n', { code: 127, signal: null }).message).toMatch(
      /needs Docker 18\.09 or later/,
    );
  });
});
