// The native confirmation main asks before the core uses a remote engine, chosen in Settings or found
// in settings.json at start: the shipped Electron main process under plain Node, its core on the real
// test engine (tests/support/electron-main-harness.ts), with a loopback listener standing in for the
// remote engine. The rest of main's wiring is specified in electron-main-wiring.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/contract';
import { CONFIRMED_ENGINES_FILE } from '../../electron/core/engine/engine-confirmation';
import {
  engineStatus,
  launch,
  launchReady,
  pageOf,
  skipReason,
  stack,
  tempDir,
  useElectronMainHarness,
} from '../support/electron-main-harness';
import type { FakeElectron } from '../support/fake-electron';

/**
 * A loopback TCP listener standing in for a remote engine: it records every connection and the
 * first line sent on it, and answers nothing (so no traffic ever leaves the machine).
 */
async function recordingListener(): Promise<{
  server: Server;
  port: number;
  connections: number;
  firstLines: string[];
  close(): Promise<void>;
}> {
  const record = { connections: 0, firstLines: [] as string[] };
  const server = createServer((socket) => {
    record.connections++;
    socket.once('data', (chunk: Buffer) => {
      record.firstLines.push(chunk.toString('latin1').split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(record, { server, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** The options of the message boxes main has shown (dialog.showMessageBox([window,] options)). */
const messageBoxes = (electron: FakeElectron) =>
  electron.dialogs
    .filter((d) => d.kind === 'message')
    .map((d) => d.args[d.args.length - 1] as { message: string; detail: string; buttons: string[] });

/** Answers a message box with its button named `label` (the confirmation's "Use this engine"). */
const pressButton = (label: RegExp) => (options: Record<string, unknown>) => ({
  response: (options.buttons as string[]).findIndex((b) => label.test(b)),
  checkboxChecked: false,
});
const USE_ENGINE = /^Use this engine$/;
const CANCEL = /^Cancel$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

useElectronMainHarness();

describe.skipIf(skipReason)("engine switching is the person's decision, asked in a native dialog in main", () => {
  let electron: FakeElectron;
  let call: (channel: string, payload?: unknown) => Promise<Result<unknown>>;
  let remote: Awaited<ReturnType<typeof recordingListener>>;
  let dataDir: string;
  let remoteSetting: { kind: 'tcp'; host: string; port: number; tls: boolean };

  beforeAll(async () => {
    remote = await recordingListener();
    remoteSetting = { kind: 'tcp', host: '127.0.0.1', port: remote.port, tls: false };
    dataDir = tempDir();
    // 127.0.0.1 is loopback, so local; the listener stands in for a remote host only because the
    // test asks main to treat it as one (a real remote name would send traffic off the machine).
    ({ electron, call } = await launchReady({ dataDir, askAnyway: '127.0.0.1' }));
  });
  afterAll(async () => {
    electron?.app.quit();
    await remote?.close();
  });

  const settingsFile = () =>
    existsSync(join(dataDir, 'settings.json')) ? readFileSync(join(dataDir, 'settings.json'), 'utf8') : undefined;

  it('a remote engine chosen in Settings is asked about, naming the host and what will be sent there; declining changes nothing and sends nothing', async () => {
    electron.dialogAnswers.message = pressButton(CANCEL);
    const before = { file: settingsFile(), settings: await call('settings.get', {}), status: await engineStatus(call) };
    const asked = messageBoxes(electron).length;

    const answer = await call('settings.set', { engine: remoteSetting, theme: 'dark' });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'CANCELLED',
        message: `The engine was not changed: you did not confirm tcp://127.0.0.1:${remote.port}. Nothing was sent there and the settings are as they were.`,
      },
    });
    const question = messageBoxes(electron).slice(asked);
    expect(question).toHaveLength(1);
    expect(question[0].message).toBe('Use the Docker engine on 127.0.0.1?');
    expect(question[0].detail).toContain(`You chose the engine at tcp://127.0.0.1:${remote.port}.`);
    expect(question[0].detail).toMatch(
      /send your registry credentials \(for pulls and pushes\) and the image archives you load to 127\.0\.0\.1/,
    );
    expect(question[0].detail).toMatch(/not encrypted/);

    // Nothing changed: not the stored settings (the theme in the same request neither), not the file, not the connection.
    expect(await call('settings.get', {})).toEqual(before.settings);
    expect(settingsFile()).toBe(before.file);
    expect(await engineStatus(call)).toMatchObject({ reachable: true, host: stack.dockerHost });
    expect(existsSync(join(dataDir, CONFIRMED_ENGINES_FILE))).toBe(false);
    await sleep(300);
    expect(remote.connections, 'nothing was sent to the declined engine').toBe(0);
  });

  it('accepting switches the connection there and is remembered by main; the same engine later is not asked about again', async () => {
    electron.dialogAnswers.message = pressButton(USE_ENGINE);
    const asked = messageBoxes(electron).length;
    expect(await call('settings.set', { engine: remoteSetting })).toMatchObject({ ok: true, value: { engine: remoteSetting } });
    expect(messageBoxes(electron)).toHaveLength(asked + 1);
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(remote.firstLines[0]).toMatch(/^(GET|HEAD) \/\S* HTTP\/1\.1$/);
    expect((await engineStatus(call)).host).toBe(`tcp://127.0.0.1:${remote.port}`);
    // Remembered by the main side in its own file, keyed by the resolved endpoint.
    expect(Object.keys(JSON.parse(readFileSync(join(dataDir, CONFIRMED_ENGINES_FILE), 'utf8')).confirmed)).toEqual([
      `tcp://127.0.0.1:${remote.port} plain`,
    ]);
    // The renderer has no channel that writes it: settings.set takes no such field.
    expect(await call('settings.set', { confirmedEngines: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

    // Back to the CLI's choice (DOCKER_HOST here), which needs no question, then to the remembered engine again.
    expect(await call('settings.set', { engine: { kind: 'auto' } })).toMatchObject({ ok: true });
    await expect.poll(async () => (await engineStatus(call)).reachable, { timeout: 20_000 }).toBe(true);
    expect(await call('settings.set', { engine: remoteSetting })).toMatchObject({ ok: true });
    expect(messageBoxes(electron), 'auto and a remembered engine are not asked about').toHaveLength(asked + 1);
    expect(await call('settings.set', { engine: { kind: 'auto' } })).toMatchObject({ ok: true });
    await expect.poll(async () => (await engineStatus(call)).host, { timeout: 20_000 }).toBe(stack.dockerHost);
  });

  it('a local engine (a unix socket) needs no confirmation', async () => {
    electron.dialogAnswers.message = pressButton(CANCEL);
    const asked = messageBoxes(electron).length;
    const socket = stack.dockerHost.replace(/^unix:\/\//, '');
    expect(await call('settings.set', { engine: { kind: 'socket', path: socket } })).toMatchObject({ ok: true });
    await expect.poll(async () => (await engineStatus(call)).reachable, { timeout: 20_000 }).toBe(true);
    expect(messageBoxes(electron)).toHaveLength(asked);
    expect(await call('settings.set', { engine: { kind: 'auto' } })).toMatchObject({ ok: true });
  });
});

describe.skipIf(skipReason)('a remote engine found in settings.json at start (edited on disk)', () => {
  const listeners: Awaited<ReturnType<typeof recordingListener>>[] = [];
  afterAll(async () => {
    for (const l of listeners) await l.close();
  });

  /** A data folder whose settings.json names the listener's address as the engine. */
  async function remoteInSettings() {
    const remote = await recordingListener();
    listeners.push(remote);
    const dataDir = tempDir();
    const settings = `${JSON.stringify({ engine: { kind: 'tcp', host: '127.0.0.1', port: remote.port, tls: false } }, null, 2)}\n`;
    writeFileSync(join(dataDir, 'settings.json'), settings);
    return { remote, dataDir, settings };
  }

  it('is asked about before first use: no connection and no request reaches it until the person says yes; a yes connects, and is not asked again', async () => {
    const { remote, dataDir } = await remoteInSettings();
    let answer: (response: number) => void = () => undefined;
    const electron = launch({
      dataDir,
      askAnyway: '127.0.0.1',
      prepare: (e) => {
        e.dialogAnswers.message = () => new Promise((resolve) => (answer = (response) => resolve({ response, checkboxChecked: false })));
      },
    });
    await electron.ready();
    await vi.waitFor(() => expect(messageBoxes(electron)).toHaveLength(1));
    const [question] = messageBoxes(electron);
    expect(question.message).toBe('Use the Docker engine on 127.0.0.1?');
    expect(question.detail).toContain(
      `Stevedore's settings file names the engine at tcp://127.0.0.1:${remote.port}. Nothing has been sent there yet.`,
    );

    // While the question is open the page works against no engine, and says why.
    const { call } = pageOf(electron);
    expect(await engineStatus(call)).toMatchObject({
      reachable: false,
      host: `tcp://127.0.0.1:${remote.port}`,
      error: expect.stringMatching(/^Waiting for you to confirm the engine at tcp:\/\/127\.0\.0\.1:\d+ \(named in settings\.json\)/),
    });
    expect(await call('images.list', {})).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
    expect(await call('engine.reconnect', {})).toMatchObject({ ok: true, value: { reachable: false } });
    await sleep(300);
    expect(remote.connections, 'nothing reaches the engine before the answer').toBe(0);

    answer(question.buttons.indexOf('Use this engine'));
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await engineStatus(call)).host).toBe(`tcp://127.0.0.1:${remote.port}`);
    electron.app.quit();

    // The next start remembers it: no question, straight to the engine.
    const connectionsBefore = remote.connections;
    const again = launch({ dataDir, askAnyway: '127.0.0.1' });
    await again.ready();
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(connectionsBefore);
    expect(messageBoxes(again)).toHaveLength(0);
    again.app.quit();
  });

  it('declined: the app stays unconnected (no silent fallback to another engine), settings.json is untouched, nothing is sent; Reconnect asks again', async () => {
    const { remote, dataDir, settings } = await remoteInSettings();
    const electron = launch({ dataDir, askAnyway: '127.0.0.1', prepare: (e) => (e.dialogAnswers.message = pressButton(CANCEL)) });
    await electron.ready();
    const { call } = pageOf(electron);
    await expect
      .poll(async () => (await engineStatus(call)).error, { timeout: 10_000 })
      .toMatch(/^Not connected: you did not confirm the engine at tcp:\/\/127\.0\.0\.1:\d+ named in settings\.json/);
    expect(await call('images.list', {})).toMatchObject({ ok: false, error: { code: 'ENGINE_UNREACHABLE' } });
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(settings);
    expect(existsSync(join(dataDir, CONFIRMED_ENGINES_FILE))).toBe(false);
    await sleep(300);
    expect(remote.connections).toBe(0);
    expect(messageBoxes(electron)).toHaveLength(1);

    // Reconnect (the banner's or the tray's) asks again; a yes now connects.
    electron.dialogAnswers.message = pressButton(USE_ENGINE);
    await call('engine.reconnect', {});
    expect(messageBoxes(electron)).toHaveLength(2);
    await expect.poll(() => remote.connections, { timeout: 10_000 }).toBeGreaterThan(0);
    electron.app.quit();
  });
});
