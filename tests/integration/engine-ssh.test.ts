import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImageListResult } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { dockerodeOptions, type EngineEndpoint } from '../../electron/core/engine/engine-endpoint';
import { StevedoreCore } from '../../electron/core/service';
import { loadImages, saveImages } from '../../electron/core/transfer/transfer';
import { fixtures, loadStackEnv, parseEnvFile, requireEngine } from '../support/stack';

// An ssh:// engine as `docker -H ssh://...` reaches it: the system ssh runs `docker system
// dial-stdio` on the host, with ssh's own host key checking. The host here is the stack's sshd on
// 127.0.0.1 (scripts/test-stack/sshd.sh), whose sessions reach the dedicated test engine.
const skipReason = requireEngine();
const stack = loadStackEnv();
const fx = fixtures(stack);

function sshEnv(): Record<string, string> {
  let file: Record<string, string> = {};
  try {
    file = parseEnvFile(readFileSync(join(stack.stackDir, 'env'), 'utf8'));
  } catch {
    // no env file: only process.env
  }
  const pick = (k: string) => process.env[k] || file[k] || '';
  return {
    host: pick('STEVEDORE_TEST_SSH_HOST'),
    config: pick('STEVEDORE_TEST_SSH_CONFIG'),
    knownHosts: pick('STEVEDORE_TEST_SSH_KNOWN_HOSTS'),
    log: pick('STEVEDORE_TEST_SSHD_LOG'),
  };
}
const ssh = sshEnv();
const sshEndpoint: EngineEndpoint = { host: ssh.host, source: 'env' };
const socketEndpoint: EngineEndpoint = { host: stack.dockerHost, source: 'env' };
const FILTER = [`reference=${fx.namespace}/busybox`];

let dir: string;
const cores: StevedoreCore[] = [];
const savedConfig = process.env.STEVEDORE_SSH_CONFIG;

/** A core on `endpoint` whose ssh reads `sshConfig` instead of ~/.ssh/config (STEVEDORE_SSH_CONFIG). */
function coreOn(endpoint: EngineEndpoint, sshConfig: string): StevedoreCore {
  process.env.STEVEDORE_SSH_CONFIG = sshConfig;
  const data = mkdtempSync(join(dir, 'core-'));
  const core = new StevedoreCore({ engine: new EngineConnection({ endpoint }), dataDir: data, dockerConfigDir: join(data, 'docker') });
  cores.push(core);
  return core;
}

/** The stack's client config with another known_hosts file (the host key ssh will expect). */
function configWithKnownHosts(knownHosts: string): string {
  const cfg = join(mkdtempSync(join(dir, 'cfg-')), 'ssh_config');
  writeFileSync(cfg, readFileSync(ssh.config, 'utf8').replace(/^(\s*UserKnownHostsFile)\s+.*$/m, `$1 ${knownHosts}`), { mode: 0o600 });
  return cfg;
}

/** What sshd logged from now on. */
function sshdLogFrom(): () => string {
  const start = readFileSync(ssh.log).length;
  return () => readFileSync(ssh.log).subarray(start).toString('utf8');
}

/** ssh processes started with this client config file (`ssh -F <cfg> ...`). */
function sshProcesses(cfg: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
      if (args[0] === 'ssh' && args[1] === '-F' && args[2] === cfg && state !== 'Z') pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

async function list(core: StevedoreCore) {
  return core.handle('images.list', { all: false, filters: FILTER, digests: true });
}

describe.skipIf(Boolean(skipReason))('an ssh:// engine, through the system ssh like the docker CLI', () => {
  beforeAll(() => {
    // The stack starts the sshd (up.sh): without it this suite fails rather than skips.
    expect(ssh.host, 'STEVEDORE_TEST_SSH_HOST: run scripts/test-stack/up.sh (it starts sshd.sh)').toMatch(/^ssh:\/\//);
    dir = mkdtempSync(join(tmpdir(), 'stevedore-ssh-'));
  });

  afterEach(() => {
    for (const core of cores.splice(0)) core.dispose();
    if (savedConfig === undefined) delete process.env.STEVEDORE_SSH_CONFIG;
    else process.env.STEVEDORE_SSH_CONFIG = savedConfig;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the images through `ssh ... docker system dial-stdio`: the same list as over the unix socket', async () => {
    const log = sshdLogFrom();
    const overSsh = coreOn(sshEndpoint, ssh.config);
    const status = await overSsh.start();
    expect(status).toMatchObject({ reachable: true, host: ssh.host, apiVersion: expect.any(String) });

    const viaSsh = await list(overSsh);
    const viaSocket = await list(coreOn(socketEndpoint, ssh.config));
    expect(viaSsh.ok && viaSocket.ok).toBe(true);
    const rows = (r: typeof viaSsh) => (r.ok ? (r.value as ImageListResult).rows : []);
    expect(rows(viaSsh).length).toBeGreaterThan(0);
    expect(rows(viaSsh)).toEqual(rows(viaSocket));
    // It went through sshd: a session authenticated with the stack's key ran the command.
    expect(log()).toMatch(/Accepted publickey for \S+ from 127\.0\.0\.1/);
    expect(log()).toMatch(/Starting session: command for \S+ from 127\.0\.0\.1/);
  });

  it('with a changed host key it fails clearly, and nothing reaches the host beyond the key exchange', async () => {
    // A known_hosts that pins another key for [127.0.0.1]:PORT: what ssh sees when someone sits in between.
    const keyDir = mkdtempSync(join(dir, 'otherkey-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(keyDir, 'key')]);
    const entry = readFileSync(ssh.knownHosts, 'utf8').trim().split(' ')[0];
    const knownHosts = join(keyDir, 'known_hosts');
    writeFileSync(knownHosts, `${entry} ${readFileSync(join(keyDir, 'key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const cfg = configWithKnownHosts(knownHosts);

    const log = sshdLogFrom();
    const core = coreOn(sshEndpoint, cfg);
    const status = await core.engine.check();
    expect(status.reachable).toBe(false);
    expect(status.error).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
    expect(status.error).toMatch(/Host key verification failed\./);

    const answer = await list(core);
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'ENGINE_UNREACHABLE', message: expect.stringMatching(/Host key verification failed\./) },
    });

    // sshd saw the connections, and closed them before authentication: no session, no command, no HTTP.
    await until(() => /Connection closed by 127\.0\.0\.1 port \d+ \[preauth\]/.test(log()), 2000);
    expect(log()).toMatch(/Connection from 127\.0\.0\.1/);
    expect(log()).toMatch(/Connection closed by 127\.0\.0\.1 port \d+ \[preauth\]/);
    expect(log()).not.toMatch(/Accepted publickey|Starting session/);
    expect(sshProcesses(cfg)).toEqual([]);
  });

  it("an unknown host key is refused at once (no prompt nobody could answer), in ssh's words", async () => {
    const empty = join(mkdtempSync(join(dir, 'kh-')), 'known_hosts');
    writeFileSync(empty, '');
    const log = sshdLogFrom();
    const started = Date.now();
    const status = await coreOn(sshEndpoint, configWithKnownHosts(empty)).engine.check();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(status).toMatchObject({
      reachable: false,
      error: expect.stringMatching(
        /ssh \S+@127\.0\.0\.1:\d+ failed: .*Host key verification failed\. Check the host's key and accept it in a terminal first/,
      ),
    });
    expect(log()).not.toMatch(/Accepted publickey|Starting session/);
  });

  it('save and load work over ssh (the modem streams them; the direct socket path is for sockets and tcp)', async () => {
    process.env.STEVEDORE_SSH_CONFIG = ssh.config;
    const overSsh = new Dockerode(dockerodeOptions(sshEndpoint));
    const overSocket = new Dockerode(dockerodeOptions(socketEndpoint));
    const bytes = async (s: Readable) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    const tarSsh = await bytes(await saveImages(overSsh, [fx.base]));
    const tarSocket = await bytes(await saveImages(overSocket, [fx.base]));
    expect(tarSsh.length).toBeGreaterThan(1024 * 1024);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(tarSsh)).toBe(sha(tarSocket));
    // Loading the same image again changes nothing on the shared engine, and says what it loaded.
    const loaded = await loadImages(overSsh, Readable.from([tarSsh]));
    expect(loaded.loaded).toContain(`Loaded image: ${fx.base}`);
    (overSsh.modem as unknown as { agent: { destroy(): void } }).agent.destroy();
  });

  it('a connection is kept for the next request; one whose ssh ended meanwhile is not reused', async () => {
    const cfg = configWithKnownHosts(ssh.knownHosts);
    process.env.STEVEDORE_SSH_CONFIG = cfg;
    const docker = new Dockerode(dockerodeOptions(sshEndpoint));
    expect(String(await docker.ping())).toBe('OK');
    const [first] = sshProcesses(cfg);
    expect(first).toBeGreaterThan(0);
    expect(String(await docker.ping())).toBe('OK');
    expect(sshProcesses(cfg)).toEqual([first]);
    // The connection drops while idle (a network cut, a restarted sshd): the next request opens another.
    process.kill(first, 'SIGTERM');
    expect(await until(() => sshProcesses(cfg).length === 0, 2000)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(String(await docker.ping())).toBe('OK');
    expect(sshProcesses(cfg)).toHaveLength(1);
    (docker.modem as unknown as { agent: { destroy(): void } }).agent.destroy();
    expect(await until(() => sshProcesses(cfg).length === 0, 2000)).toBe(true);
  });

  it('cancelling a request ends its ssh process', async () => {
    const cfg = configWithKnownHosts(ssh.knownHosts);
    process.env.STEVEDORE_SSH_CONFIG = cfg;
    const docker = new Dockerode(dockerodeOptions(sshEndpoint));
    const abort = new AbortController();
    // The event stream stays open until it is cancelled.
    const events = (await docker.getEvents({ abortSignal: abort.signal } as never)) as unknown as Readable;
    events.on('error', () => undefined);
    expect(sshProcesses(cfg)).toHaveLength(1);
    abort.abort();
    expect(await until(() => sshProcesses(cfg).length === 0, 2000)).toBe(true);
  });
});
