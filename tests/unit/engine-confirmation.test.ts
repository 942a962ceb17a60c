// The rule for which engines need the person's confirmation (engine-locality.ts), the memory of
// confirmed ones (engine-confirmation.ts, <dataDir>/confirmed-engines.json) and the native
// question's words (shell/engine-confirm-dialog.ts). The Electron wiring (the dialog really shown,
// nothing sent before the answer) is tests/integration/electron-main-engine-confirm.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEndpointSetting } from '../../shared/shell';
import { CONFIRMED_ENGINES_FILE, EngineConfirmations, type EngineQuestion } from '../../electron/core/engine/engine-confirmation';
import { endpointFromSetting, type EngineEndpoint } from '../../electron/core/engine/engine-endpoint';
import { engineLocality, isLoopbackHost } from '../../electron/core/engine/engine-locality';
import { ENGINE_CONFIRM_BUTTON, engineConfirmDialog, engineConfirmWords } from '../../electron/shell/engine-confirm-dialog';

const ep = (host: string, extra: Partial<EngineEndpoint> = {}): EngineEndpoint => ({ host, source: 'settings', ...extra });

describe('which engine endpoints are local (no confirmation) and which are remote', () => {
  it('unix sockets and named pipes are local', () => {
    expect(engineLocality(ep('unix:///var/run/docker.sock'))).toEqual({ local: true });
    expect(engineLocality(ep('unix:///home/me/.docker/run/docker.sock'))).toEqual({ local: true });
    expect(engineLocality(ep('npipe:////./pipe/docker_engine'))).toEqual({ local: true });
  });

  it('tcp to a loopback host is local, with or without TLS', () => {
    for (const host of [
      'tcp://127.0.0.1:2375',
      'tcp://127.8.9.10:2375',
      'tcp://localhost:2375',
      'tcp://LOCALHOST:2375',
      'tcp://[::1]:2375',
      'tcp://[::ffff:127.0.0.1]:2375',
      'http://127.0.0.1:2375',
    ]) {
      expect(engineLocality(ep(host)), host).toEqual({ local: true });
      expect(engineLocality(ep(host, { tls: { verify: true } })), `${host} with TLS`).toEqual({ local: true });
    }
  });

  it('tcp to any other host is remote: plain, TLS, or TLS without verification', () => {
    expect(engineLocality(ep('tcp://build.example.com:2375'))).toEqual({ local: false, machine: 'build.example.com', transport: 'plain' });
    expect(engineLocality(ep('tcp://192.168.1.20:2376', { tls: { verify: true } }))).toEqual({
      local: false,
      machine: '192.168.1.20',
      transport: 'tls',
    });
    expect(engineLocality(ep('tcp://10.0.0.1:2376', { tls: { verify: false } }))).toMatchObject({
      local: false,
      transport: 'tls-unverified',
    });
    expect(engineLocality(ep('https://[2001:db8::1]:2376'))).toEqual({ local: false, machine: '2001:db8::1', transport: 'tls' });
  });

  it('names that only look local are remote: a wrong "remote" costs one question, a wrong "local" the credentials', () => {
    for (const host of [
      'tcp://0.0.0.0:2375',
      'tcp://127.1:2375',
      'tcp://localhost.:2375',
      'tcp://localhost.evil.example:2375',
      'tcp://0x7f000001:2375',
      'tcp://127.0.0.1.nip.io:2375',
    ]) {
      expect(engineLocality(ep(host)).local, host).toBe(false);
    }
    // The host is parsed exactly as the connection parses it: userinfo is not the host.
    expect(engineLocality(ep('tcp://127.0.0.1@evil.example:2375'))).toMatchObject({ local: false, machine: 'evil.example' });
  });

  it('ssh is always remote, even to localhost (an ssh host name can stand for any machine in ~/.ssh/config)', () => {
    expect(engineLocality(ep('ssh://me@build.example.com:22'))).toEqual({
      local: false,
      machine: 'me@build.example.com',
      transport: 'ssh',
    });
    expect(engineLocality(ep('ssh://localhost:22')).local).toBe(false);
  });

  it('an unknown scheme is remote; an endpoint that cannot be used (a `problem`) connects nowhere, so it is local', () => {
    expect(engineLocality(ep('fd://3')).local).toBe(false);
    expect(engineLocality(ep('not a url')).local).toBe(false);
    expect(engineLocality(ep('tcp://build.example.com:2375', { problem: 'context "x" does not exist' }))).toEqual({ local: true });
  });

  it('askAnyway can make a loopback host count as remote (tests), and never the other way', () => {
    expect(engineLocality(ep('tcp://127.0.0.1:2375'), ['127.0.0.1'])).toEqual({ local: false, machine: '127.0.0.1', transport: 'plain' });
    expect(engineLocality(ep('tcp://build.example.com:2375'), ['127.0.0.1']).local).toBe(false);
    expect(engineLocality(ep('unix:///var/run/docker.sock'), ['127.0.0.1']).local).toBe(true);
  });

  it('isLoopbackHost: localhost, 127/8 and ::1 only', () => {
    expect(['localhost', '127.0.0.1', '127.255.255.254', '::1', '[::1]', '::ffff:7f00:1'].every(isLoopbackHost)).toBe(true);
    expect(['', '0.0.0.0', '128.0.0.1', '::', '::2', 'example.com', '10.0.0.1', 'localhost.localdomain'].some(isLoopbackHost)).toBe(false);
  });
});

describe('confirmations: asked once per resolved endpoint, remembered only by the main side', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function setup(answers: boolean[]) {
    const dataDir = mkdtempSync(join(tmpdir(), 'stevedore-confirm-'));
    dirs.push(dataDir);
    const asked: EngineQuestion[] = [];
    const confirmations = new EngineConfirmations({
      dataDir,
      ask: async (q) => {
        asked.push(q);
        return answers.shift() ?? false;
      },
    });
    return { dataDir, asked, confirmations };
  }
  const tcp = (host: string, port = 2375, tls = false): { setting: EngineEndpointSetting; endpoint: EngineEndpoint } => {
    const setting: EngineEndpointSetting = { kind: 'tcp', host, port, tls };
    return { setting, endpoint: endpointFromSetting(setting, '/nonexistent-docker-config') };
  };

  it('a local endpoint and `auto` (DOCKER_HOST or a docker context, chosen outside the app) are never asked about', async () => {
    const { confirmations, asked } = setup([]);
    const socket: EngineEndpointSetting = { kind: 'socket', path: '/var/run/docker.sock' };
    expect(await confirmations.confirm(socket, endpointFromSetting(socket, '/x'), 'change')).toBe(true);
    expect(await confirmations.confirm({ kind: 'auto' }, ep('tcp://build.example.com:2375', { source: 'env' }), 'startup')).toBe(true);
    expect(await confirmations.confirm(tcp('localhost').setting, tcp('localhost').endpoint, 'change')).toBe(true);
    expect(asked).toEqual([]);
  });

  it('a remote endpoint is asked about with its machine and address; a no is not remembered, a yes is', async () => {
    const { confirmations, asked, dataDir } = setup([false, true]);
    const remote = tcp('build.example.com');
    expect(await confirmations.confirm(remote.setting, remote.endpoint, 'change')).toBe(false);
    expect(asked).toEqual([{ machine: 'build.example.com', address: 'tcp://build.example.com:2375', transport: 'plain', when: 'change' }]);
    expect(() => readFileSync(join(dataDir, CONFIRMED_ENGINES_FILE))).toThrow();
    expect(await confirmations.confirm(remote.setting, remote.endpoint, 'startup')).toBe(true);
    expect(asked).toHaveLength(2);
    // Remembered: neither asked again nor a question left for the startup check.
    expect(await confirmations.confirm(remote.setting, remote.endpoint, 'change')).toBe(true);
    expect(confirmations.questionFor(remote.setting, remote.endpoint, 'startup')).toBeUndefined();
    expect(asked).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(dataDir, CONFIRMED_ENGINES_FILE), 'utf8'))).toMatchObject({
      version: 1,
      confirmed: { 'tcp://build.example.com:2375 plain': { confirmedAt: expect.any(String) } },
    });
  });

  it('another host, port or transport than the one confirmed asks again', async () => {
    const { confirmations, asked } = setup([true, true, true, true]);
    await confirmations.confirm(tcp('build.example.com').setting, tcp('build.example.com').endpoint, 'change');
    for (const other of [tcp('other.example.com'), tcp('build.example.com', 2376), tcp('build.example.com', 2375, true)]) {
      expect(confirmations.questionFor(other.setting, other.endpoint, 'startup'), other.endpoint.host).toBeDefined();
    }
    const ssh: EngineEndpointSetting = { kind: 'ssh', host: 'build.example.com', user: 'me' };
    expect(confirmations.questionFor(ssh, endpointFromSetting(ssh, '/x'), 'change')).toEqual({
      machine: 'me@build.example.com',
      address: expect.stringMatching(/^ssh:\/\/me@build\.example\.com(:22)?$/),
      transport: 'ssh',
      when: 'change',
    });
    expect(asked).toHaveLength(1);
  });

  it('a damaged memory file confirms nothing (asks again); a dialog that fails is a no', async () => {
    const { confirmations, dataDir } = setup([]);
    writeFileSync(join(dataDir, CONFIRMED_ENGINES_FILE), '{"version":1,"confirmed":');
    const remote = tcp('build.example.com');
    expect(confirmations.questionFor(remote.setting, remote.endpoint, 'change')).toBeDefined();
    const failing = new EngineConfirmations({ dataDir, ask: async () => Promise.reject(new Error('no display')) });
    expect(await failing.confirm(remote.setting, remote.endpoint, 'change')).toBe(false);
  });

  it('asks one question at a time: a second one for the same engine waits and is settled by the first yes', async () => {
    let release: (yes: boolean) => void = () => undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'stevedore-confirm-'));
    dirs.push(dataDir);
    let questions = 0;
    const confirmations = new EngineConfirmations({
      dataDir,
      ask: () => {
        questions++;
        return new Promise<boolean>((resolve) => (release = resolve));
      },
    });
    const remote = tcp('build.example.com');
    const first = confirmations.confirm(remote.setting, remote.endpoint, 'startup');
    const second = confirmations.confirm(remote.setting, remote.endpoint, 'change');
    await new Promise((r) => setTimeout(r, 20));
    expect(questions).toBe(1);
    release(true);
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(questions).toBe(1);
  });
});

describe('the native question', () => {
  const question: EngineQuestion = {
    machine: 'build.example.com',
    address: 'tcp://build.example.com:2375',
    transport: 'plain',
    when: 'change',
  };

  it('names the machine and says credentials and archives go there; Cancel is the default and the Escape answer', () => {
    const options = engineConfirmDialog(question, engineConfirmWords('en', 'en-US'));
    expect(options.message).toContain('build.example.com');
    expect(options.detail).toMatch(/registry credentials/);
    expect(options.detail).toMatch(/image archives you load to build\.example\.com/);
    expect(options.detail).toMatch(/not encrypted/);
    expect(options).toMatchObject({ type: 'warning', defaultId: 0, cancelId: 0, buttons: ['Cancel', 'Use this engine'] });
    expect(options.buttons[ENGINE_CONFIRM_BUTTON]).toBe('Use this engine');
  });

  it('at start it says the settings file names the engine and nothing was sent yet; Spanish when the app or system is', () => {
    const startup = engineConfirmDialog({ ...question, when: 'startup', transport: 'tls' }, engineConfirmWords('system', 'en-GB'));
    expect(startup.detail).toMatch(/settings file names the engine at tcp:\/\/build\.example\.com:2375\. Nothing has been sent there yet/);
    expect(startup.detail).not.toMatch(/not encrypted/);
    const es = engineConfirmDialog(question, engineConfirmWords('system', 'es-ES'));
    expect(es.message).toBe('¿Usar el motor de Docker de build.example.com?');
    expect(es.detail).toMatch(/credenciales/);
    expect(engineConfirmDialog(question, engineConfirmWords('es', 'en-US')).buttons).toEqual(['Cancelar', 'Usar este motor']);
  });
});
