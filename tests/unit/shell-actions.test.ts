// The tray's and menu's actions with Electron's pieces replaced by recording ports (dialogs are the
// one native thing stubbed); every request they make is a real contract request, checked against
// the contract's schemas here.
import { describe, expect, it } from 'vitest';
import { requestSchemas, type Channel, type Result, type UiCommand } from '../../shared/contract';
import { createShellActions, type ShellPorts } from '../../electron/shell/shell-actions';
import { shellStrings } from '../../electron/shell/shell-strings';

function harness(answers: Partial<Record<string, Result<unknown>>>, confirmAnswer = true, clipboardText = '') {
  const requests: [string, unknown][] = [];
  const log: string[] = [];
  const ports: ShellPorts = {
    handle: async (channel, request) => {
      // Every request the shell sends must be valid for its channel.
      expect(requestSchemas[channel as Channel].safeParse(request).success, channel).toBe(true);
      requests.push([channel, request]);
      return answers[channel] ?? { ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}` } };
    },
    showWindow: () => log.push('show'),
    sendUi: (c: UiCommand) => log.push(`ui:${JSON.stringify(c)}`),
    confirm: async (q) => {
      log.push(`confirm:${q.message}|${q.detail}`);
      return confirmAnswer;
    },
    showError: (m) => log.push(`error:${m}`),
    showInfo: (m) => log.push(`info:${m}`),
    openExternal: async (u) => void log.push(`external:${u}`),
    quit: () => log.push('quit'),
    readClipboardText: () => clipboardText,
  };
  return { run: createShellActions(ports, () => shellStrings('en', 'en')), requests, log };
}

const plan = (n: number) => ({
  ok: true as const,
  value: {
    images: Array.from({ length: n }, (_, i) => ({ id: `sha256:${i}` })),
    spaceReclaimed: 5_000_000,
    warning: 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?',
  },
});

describe('tray and menu actions', () => {
  it('Load image from tar: the native open dialog, then one load job for the chosen files', async () => {
    const h = harness({
      'dialogs.openTars': { ok: true, value: { paths: ['/tmp/a.tar', '/tmp/b.tar.gz'] } },
      'images.load': { ok: true, value: { jobId: 'j1' } },
    });
    await h.run({ kind: 'loadTars' });
    expect(h.requests).toEqual([
      ['dialogs.openTars', {}],
      ['images.load', { paths: ['/tmp/a.tar', '/tmp/b.tar.gz'] }],
    ]);
    expect(h.log).toEqual([]);
  });

  it('a cancelled open dialog loads nothing', async () => {
    const h = harness({ 'dialogs.openTars': { ok: true, value: { paths: [] } } });
    await h.run({ kind: 'loadTars' });
    expect(h.requests.map(([c]) => c)).toEqual(['dialogs.openTars']);
  });

  it("Prune asks first with the CLI's warning and what it frees, and prunes only when confirmed", async () => {
    const yes = harness({ 'images.prunePlan': plan(3), 'images.prune': { ok: true, value: {} } });
    await yes.run({ kind: 'prune' });
    expect(yes.requests.map(([c]) => c)).toEqual(['images.prunePlan', 'images.prune']);
    expect(yes.log).toEqual([
      'confirm:WARNING! This will remove all dangling images.\nAre you sure you want to continue?|3 dangling images will be removed, freeing 5MB.',
    ]);

    const no = harness({ 'images.prunePlan': plan(3) }, false);
    await no.run({ kind: 'prune' });
    expect(no.requests.map(([c]) => c)).toEqual(['images.prunePlan']);
  });

  it('Prune with nothing to prune says so and asks nothing', async () => {
    const h = harness({ 'images.prunePlan': plan(0) });
    await h.run({ kind: 'prune' });
    expect(h.log).toEqual(['info:There are no dangling images to prune.']);
  });

  it("registry items call the local registry channels; a failure is shown in the engine's words", async () => {
    const h = harness({ 'localRegistry.stop': { ok: true, value: {} }, 'localRegistry.start': { ok: true, value: {} } });
    await h.run({ kind: 'deployRegistry' });
    await h.run({ kind: 'startRegistry' });
    await h.run({ kind: 'stopRegistry' });
    await h.run({ kind: 'pushLocal', image: 'busybox:latest' });
    expect(h.requests).toEqual([
      ['localRegistry.deploy', {}],
      ['localRegistry.start', {}],
      ['localRegistry.stop', {}],
      ['localRegistry.push', { image: 'busybox:latest' }],
    ]);
    expect(h.log).toEqual([
      'error:Stevedore could not do that: unexpected localRegistry.deploy',
      'error:Stevedore could not do that: unexpected localRegistry.push',
    ]);
  });

  it('window commands show the window and pass the command on; open only shows it', async () => {
    const h = harness({});
    await h.run({ kind: 'open' });
    await h.run({ kind: 'ui', command: { command: 'pull', reference: 'alpine:3' } });
    await h.run({ kind: 'ui', command: { command: 'showJob', jobId: 'j9' } });
    expect(h.log).toEqual(['show', 'ui:{"command":"pull","reference":"alpine:3"}', 'ui:{"command":"showJob","jobId":"j9"}']);
  });

  it('Pull image… offers a reference found on the clipboard at that moment; other text is not offered', async () => {
    const offered = harness({}, true, 'docker pull docker.io/library/alpine:3.20');
    await offered.run({ kind: 'ui', command: { command: 'pull' } });
    expect(offered.log).toEqual(['ui:{"command":"pull","reference":"alpine:3.20"}']);
    const plain = harness({}, true, 'some notes');
    await plain.run({ kind: 'ui', command: { command: 'pull' } });
    expect(plain.log).toEqual(['ui:{"command":"pull"}']);
  });

  // The Pull dialog shows what it is given: a password on the clipboard must not land in it.
  it.each([
    ['ghcr.io/a/b:1', 'ghcr.io/a/b:1'],
    ['localhost:5000/x', 'localhost:5000/x'],
    ['library/alpine:3', 'alpine:3'],
    [`alpine@sha256:${'e'.repeat(64)}`, `alpine@sha256:${'e'.repeat(64)}`],
    ['hunter2', undefined],
    ['s3cret:pass', undefined],
    ['alpine:3', undefined],
    ['https://user:pass@example.com/x', undefined],
    ['ghcr.io/a/b:1\nsecond line', undefined],
    [`x/${'y'.repeat(298)}`, undefined],
  ])('Pull image… with %j on the clipboard sends the reference %j', async (text, reference) => {
    const h = harness({}, true, text);
    await h.run({ kind: 'ui', command: { command: 'pull' } });
    expect(h.log).toEqual([`ui:${JSON.stringify({ command: 'pull', ...(reference ? { reference } : {}) })}`]);
  });

  it('external links outside the allow-list are not opened even if a menu named one', async () => {
    const h = harness({});
    await h.run({ kind: 'openExternal', url: 'https://docs.docker.com/' });
    await h.run({ kind: 'openExternal', url: 'https://evil.example/' });
    expect(h.log).toEqual(['external:https://docs.docker.com/']);
  });

  it('Reconnect re-checks the engine; Quit quits', async () => {
    const h = harness({ 'engine.reconnect': { ok: true, value: {} } });
    await h.run({ kind: 'reconnect' });
    await h.run({ kind: 'quit' });
    expect(h.requests.map(([c]) => c)).toEqual(['engine.reconnect']);
    expect(h.log).toEqual(['quit']);
  });
});
