import { describe, expect, it } from 'vitest';
import type { EngineStatus, JobSnapshot, LocalRegistryStatus } from '../../shared/contract';
import { findMenuItem, flattenMenu, type MenuItemSpec } from '../../electron/shell/menu-spec';
import { shellStrings } from '../../electron/shell/shell-strings';
import {
  buildTrayMenu,
  jobPercent,
  MAX_SHOWN_REFERENCE,
  shortReference,
  trayToolTip,
  type TrayState,
} from '../../electron/shell/tray-menu';
import { jobSnapshot } from './shell-fixtures';
import { applyJobUpdate, imageOfJob, INITIAL_TRAY_STATE, trayMenuOnOpen, TrayStateTracker } from '../../electron/shell/tray-state';
import { clipboardReferenceOffer } from '../../shared/clipboard-reference';

const en = shellStrings('en', 'en-US');
const es = shellStrings('es', 'en-US');

const up: EngineStatus = { reachable: true, host: 'unix:///var/run/docker.sock', source: 'default', version: '27.5.1', checkedAt: 1 };
const down: EngineStatus = {
  reachable: false,
  host: 'unix:///var/run/docker.sock',
  source: 'default',
  error: 'Cannot connect to the Docker engine at unix:///var/run/docker.sock: connect ENOENT /var/run/docker.sock',
  checkedAt: 1,
};
const registry = (state: LocalRegistryStatus['state']): LocalRegistryStatus => ({
  state,
  containerName: 'registry',
  port: 5000,
  hostNetwork: false,
  shared: false,
  auth: false,
  authFile: '/data/local-registry-auth/registry.htpasswd',
  image: 'registry:2',
  imagePresent: true,
  ...(state === 'running' ? { address: 'localhost:5000' } : {}),
});
const job = (over: Partial<JobSnapshot>): JobSnapshot => jobSnapshot({ id: 'j1', startedAt: 1000, ...over });
const base: TrayState = { ...INITIAL_TRAY_STATE, engine: up, localRegistry: registry('absent'), prune: { count: 0, bytes: 0 } };
const item = (menu: MenuItemSpec[], id: string) => findMenuItem(menu, id);

describe('the tray menu, built from state', () => {
  it('lists, in order: engine, open, load, pull, push, registry, prune, jobs, quit', () => {
    const menu = buildTrayMenu(base, en);
    expect(menu.map((i) => i.id ?? i.type)).toEqual([
      'engine-status',
      'separator',
      'open',
      'load',
      'pull',
      'push-local',
      'registry',
      'prune',
      'separator',
      'recent-jobs',
      'separator',
      'quit',
    ]);
    expect(item(menu, 'open')).toMatchObject({ label: 'Open Stevedore', action: { kind: 'open' } });
    expect(item(menu, 'load')).toMatchObject({ label: 'Load image from tar…', enabled: true, action: { kind: 'loadTars' } });
    expect(item(menu, 'pull')).toMatchObject({ label: 'Pull image…', action: { kind: 'ui', command: { command: 'pull' } } });
    expect(item(menu, 'quit')).toMatchObject({ action: { kind: 'quit' } });
  });

  it('the first line says which engine it talks to, and is not clickable', () => {
    expect(item(buildTrayMenu(base, en), 'engine-status')).toEqual({
      id: 'engine-status',
      label: 'Docker 27.5.1 at unix:///var/run/docker.sock',
      enabled: false,
    });
    expect(item(buildTrayMenu({ ...base, engine: undefined }, en), 'engine-status')?.label).toBe('Connecting to …');
  });

  it('an unreachable engine shows why (on one short line), offers Reconnect and disables engine work', () => {
    const menu = buildTrayMenu({ ...base, engine: down, localRegistry: registry('running'), prune: { count: 2, bytes: 10 } }, en);
    const status = item(menu, 'engine-status')!;
    expect(status.label).toMatch(/^Engine unreachable: Cannot connect/);
    expect(status.label!.length).toBeLessThanOrEqual(80);
    expect(status.toolTip).toBe(down.error);
    expect(item(menu, 'reconnect')).toMatchObject({ action: { kind: 'reconnect' } });
    for (const id of ['load', 'pull', 'registry', 'prune']) expect(item(menu, id)?.enabled, id).toBe(false);
    expect(item(menu, 'open')?.enabled).not.toBe(false);
    expect(item(menu, 'quit')?.enabled).not.toBe(false);
  });

  it('the local registry item follows its state: deploy, start, stop (with its address), stop a restarting one, unknown', () => {
    expect(item(buildTrayMenu({ ...base, localRegistry: registry('absent') }, en), 'registry')).toMatchObject({
      label: 'Deploy a local registry (not deployed)',
      action: { kind: 'deployRegistry' },
    });
    expect(item(buildTrayMenu({ ...base, localRegistry: registry('stopped') }, en), 'registry')).toMatchObject({
      label: 'Start the local registry (stopped)',
      action: { kind: 'startRegistry' },
    });
    expect(item(buildTrayMenu({ ...base, localRegistry: registry('running') }, en), 'registry')).toMatchObject({
      label: 'Stop the local registry (running at localhost:5000)',
      action: { kind: 'stopRegistry' },
    });
    expect(item(buildTrayMenu({ ...base, localRegistry: { ...registry('restarting'), exitCode: 1 } }, en), 'registry')).toMatchObject({
      label: 'Stop the local registry (keeps restarting, exit code 1)',
      action: { kind: 'stopRegistry' },
    });
    const unknown = item(buildTrayMenu({ ...base, localRegistry: 'unknown' }, en), 'registry')!;
    expect(unknown).toMatchObject({ label: 'Local registry: state unknown', enabled: false });
    expect(unknown.action).toBeUndefined();
  });

  it('push to the local registry pushes the last used image, only while the registry runs', () => {
    expect(item(buildTrayMenu(base, en), 'push-local')).toMatchObject({
      enabled: false,
      label: 'Push to the local registry (no image used yet)',
    });
    expect(item(buildTrayMenu({ ...base, lastImage: 'busybox:latest' }, en), 'push-local')).toMatchObject({
      enabled: false,
      label: 'Push busybox:latest to the local registry (not running)',
    });
    expect(
      item(buildTrayMenu({ ...base, lastImage: 'busybox:latest', localRegistry: registry('running') }, en), 'push-local'),
    ).toMatchObject({
      enabled: true,
      label: 'Push busybox:latest to the local registry',
      action: { kind: 'pushLocal', image: 'busybox:latest' },
    });
  });

  it("prune says how much space it frees, in the CLI's units; nothing to free is disabled", () => {
    expect(item(buildTrayMenu({ ...base, prune: { count: 3, bytes: 12_345_678 } }, en), 'prune')).toMatchObject({
      label: 'Prune dangling images (3 images, frees 12.35MB)',
      enabled: true,
      action: { kind: 'prune' },
    });
    expect(item(buildTrayMenu({ ...base, prune: { count: 1, bytes: 999 } }, en), 'prune')?.label).toBe(
      'Prune dangling images (1 image, frees 999B)',
    );
    expect(item(buildTrayMenu(base, en), 'prune')).toMatchObject({ label: 'Prune dangling images (nothing to free)', enabled: false });
    // Unknown (the plan could not be read): still offered; the confirmation reads the plan again.
    expect(item(buildTrayMenu({ ...base, prune: 'unknown' }, en), 'prune')).toMatchObject({
      label: 'Prune dangling images…',
      enabled: true,
    });
  });

  it('active jobs show their percentage and open the job when clicked', () => {
    const menu = buildTrayMenu(
      {
        ...base,
        activeJobs: [
          job({ id: 'a', title: 'Pull alpine:3', current: 420, total: 1000 }),
          job({ id: 'b', kind: 'save', title: 'Save busybox', current: 5, total: 0 }),
          job({ id: 'c', title: 'Pull nginx', state: 'queued' }),
        ],
      },
      en,
    );
    expect(item(menu, 'job:a')).toMatchObject({
      label: 'Pull alpine:3: 42%',
      action: { kind: 'ui', command: { command: 'showJob', jobId: 'a' } },
    });
    expect(item(menu, 'job:b')?.label).toBe('Save busybox…');
    expect(item(menu, 'job:c')?.label).toBe('Pull nginx: queued');
    const ids = menu.map((i) => i.id);
    expect(ids.indexOf('job:a')).toBeLessThan(ids.indexOf('recent-jobs'));
  });

  it('at most five active jobs are listed', () => {
    const activeJobs = Array.from({ length: 8 }, (_, i) => job({ id: `j${i}`, startedAt: i }));
    expect(flattenMenu(buildTrayMenu({ ...base, activeJobs }, en)).filter((i) => i.id?.startsWith('job:'))).toHaveLength(5);
  });

  it('recent finished jobs sit in a submenu, with how they ended; an empty one says so', () => {
    const menu = buildTrayMenu(
      {
        ...base,
        recentJobs: [
          job({ id: 'f', state: 'failed', title: 'Push me/app:1', error: { code: 'UNAUTHORIZED', message: 'denied' } }),
          job({ id: 's', state: 'succeeded', title: 'Load a.tar' }),
          job({ id: 'x', state: 'cancelled', title: 'Pull big' }),
        ],
      },
      en,
    );
    const recent = item(menu, 'recent-jobs')!;
    expect(recent.type).toBe('submenu');
    expect(recent.submenu!.map((i) => i.label)).toEqual(['✗ Push me/app:1 (failed)', '✓ Load a.tar', '– Pull big (cancelled)']);
    expect(item(menu, 'recent:f')).toMatchObject({
      toolTip: 'denied',
      action: { kind: 'ui', command: { command: 'showJob', jobId: 'f' } },
    });
    expect(item(buildTrayMenu(base, en), 'recent-jobs')!.submenu).toEqual([
      { id: 'recent-none', label: 'No finished jobs yet', enabled: false },
    ]);
  });

  it('a reference on the clipboard as the menu opens is offered first for a pull', () => {
    const menu = buildTrayMenu(base, en, { clipboardReference: 'nginx:1.27' });
    const ids = menu.map((i) => i.id);
    expect(ids.indexOf('pull-clipboard')).toBe(ids.indexOf('pull') - 1);
    expect(item(menu, 'pull-clipboard')).toMatchObject({
      label: 'Pull nginx:1.27 (from the clipboard)…',
      action: { kind: 'ui', command: { command: 'pull', reference: 'nginx:1.27' } },
    });
    expect(item(buildTrayMenu(base, en), 'pull-clipboard')).toBeUndefined();
  });

  it('a long reference is shortened in the label (its middle goes); the action pulls the whole reference', () => {
    const long = `ghcr.io/some-organization/a-rather-long-project-name/with-a-deep-path/tool@sha256:${'c'.repeat(64)}`;
    const menu = buildTrayMenu(base, en, { clipboardReference: long });
    const pull = item(menu, 'pull-clipboard')!;
    const shown = shortReference(long);
    expect(shown).toHaveLength(MAX_SHOWN_REFERENCE);
    expect(shown.startsWith('ghcr.io/some-organization/')).toBe(true);
    expect(shown).toContain('…');
    expect(shown.endsWith('c'.repeat(20))).toBe(true);
    expect(pull.label).toBe(`Pull ${shown} (from the clipboard)…`);
    expect(pull.action).toEqual({ kind: 'ui', command: { command: 'pull', reference: long } });
    expect(shortReference('me/app:1')).toBe('me/app:1');
  });

  it('speaks Spanish when the language is Spanish', () => {
    const menu = buildTrayMenu({ ...base, prune: { count: 2, bytes: 2_000_000 } }, es);
    expect(item(menu, 'open')?.label).toBe('Abrir Stevedore');
    expect(item(menu, 'prune')?.label).toBe('Purgar imágenes huérfanas (2 imágenes, libera 2MB)');
    expect(item(menu, 'quit')?.label).toBe('Salir de Stevedore');
    expect(shellStrings('system', 'es-AR')).toBe(es);
    expect(shellStrings('system', 'de-DE')).toBe(en);
  });

  it('the template is plain data (no functions), ready for Menu.buildFromTemplate after main adds clicks', () => {
    const menu = buildTrayMenu({ ...base, activeJobs: [job({})] }, en, { clipboardReference: 'a/b:1' });
    expect(JSON.parse(JSON.stringify(menu))).toEqual(menu);
  });
});

describe('percentages and the tooltip', () => {
  it('a job without a known total has no percentage; a percentage never passes 100', () => {
    expect(jobPercent({ current: 10, total: 0 })).toBeUndefined();
    expect(jobPercent({ current: 999, total: 1000 })).toBe(99);
    expect(jobPercent({ current: 2000, total: 1000 })).toBe(100);
  });

  it('the tooltip counts running jobs and their mean progress', () => {
    expect(trayToolTip(base, en)).toBe('Stevedore');
    expect(trayToolTip({ ...base, activeJobs: [job({ current: 1, total: 2 }), job({ id: 'k', current: 0, total: 1 })] }, en)).toBe(
      'Stevedore (2 25%)',
    );
  });
});

describe('the tray state follows the core', () => {
  it('a job moves from active to recent when it ends; the newest finished comes first', () => {
    let s = applyJobUpdate(base, job({ id: 'a', startedAt: 2 }));
    s = applyJobUpdate(s, job({ id: 'b', startedAt: 1 }));
    expect(s.activeJobs.map((j) => j.id)).toEqual(['b', 'a']);
    s = applyJobUpdate(s, job({ id: 'a', state: 'succeeded', result: { reference: 'docker.io/library/busybox:latest' } }));
    s = applyJobUpdate(s, job({ id: 'b', state: 'failed' }));
    expect(s.activeJobs).toEqual([]);
    expect(s.recentJobs.map((j) => j.id)).toEqual(['b', 'a']);
    expect(s.lastImage).toBe('docker.io/library/busybox:latest');
  });

  it('only pulls and pushes that succeeded set the image to push', () => {
    expect(imageOfJob(job({ state: 'succeeded', kind: 'push', result: { reference: 'localhost:5000/x:1' } }))).toBe('localhost:5000/x:1');
    expect(imageOfJob(job({ state: 'failed', result: { reference: 'a:1' } }))).toBeUndefined();
    expect(imageOfJob(job({ state: 'succeeded', kind: 'save', result: { reference: 'a:1' } }))).toBeUndefined();
  });

  it('recent jobs are bounded', () => {
    let s = base;
    for (let i = 0; i < 12; i++) s = applyJobUpdate(s, job({ id: `d${i}`, state: 'succeeded' }));
    expect(s.recentJobs).toHaveLength(5);
    expect(s.recentJobs[0].id).toBe('d11');
  });

  it('the tracker tells main every time the state changes', () => {
    let changes = 0;
    const tracker = new TrayStateTracker(
      { handle: async () => ({ ok: false, error: { code: 'INTERNAL', message: '' } }) },
      () => changes++,
    );
    tracker.onJob(job({}));
    tracker.onEngine(down);
    expect(changes).toBe(2);
  });

  it('the tracker reads the registry and prune plan through the contract, and says unknown when a call fails', async () => {
    const calls: string[] = [];
    const tracker = new TrayStateTracker(
      {
        handle: async (channel) => {
          calls.push(channel);
          if (channel === 'images.prunePlan') return { ok: true, value: { images: [{}, {}], spaceReclaimed: 4096 } };
          return { ok: false, error: { code: 'INTERNAL', message: 'not yet' } };
        },
      },
      () => undefined,
    );
    await tracker.refresh();
    expect(calls.sort()).toEqual(['images.prunePlan', 'localRegistry.status']);
    expect(tracker.state.prune).toEqual({ count: 2, bytes: 4096 });
    expect(tracker.state.localRegistry).toBe('unknown');
  });

  it('prune plans are read one at a time: a burst of changes makes at most one more read', async () => {
    let reads = 0;
    let release: () => void = () => undefined;
    const tracker = new TrayStateTracker(
      {
        handle: async () => {
          reads++;
          await new Promise<void>((r) => (release = r));
          return { ok: true, value: { images: [], spaceReclaimed: reads } };
        },
      },
      () => undefined,
    );
    const first = tracker.refreshPrune();
    for (let i = 0; i < 5; i++) void tracker.refreshPrune();
    release();
    await new Promise((r) => setTimeout(r, 10));
    release();
    await first;
    expect(reads).toBe(2);
    expect(tracker.state.prune).toEqual({ count: 0, bytes: 2 });
  });
});

// The clipboard may hold a password or a token, and the tray shows what it offers: only text that
// is deliberately an image reference is offered, and only while the menu is open.
describe('what the clipboard offers to the tray', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  it.each([
    ['library/alpine:3', 'alpine:3'],
    ['docker.io/alpine:3', 'alpine:3'],
    ['docker.io/library/busybox:latest', 'busybox:latest'],
    ['localhost:5000/x', 'localhost:5000/x'],
    ['ghcr.io/a/b:1', 'ghcr.io/a/b:1'],
    ['me/app', 'me/app'],
    ['  docker pull ghcr.io/org/tool:v2\n', 'ghcr.io/org/tool:v2'],
    ['docker pull nginx', 'nginx'],
    ['docker pull alpine:3', 'alpine:3'],
    ['docker image pull 127.0.0.1:5001/stevedore-fixture/remote:1', '127.0.0.1:5001/stevedore-fixture/remote:1'],
    [`alpine@${digest}`, `alpine@${digest}`],
    [`ghcr.io/org/app:1@${digest}`, `ghcr.io/org/app:1@${digest}`],
  ])('%j is offered as %j', (text, offered) => {
    expect(clipboardReferenceOffer(text)).toBe(offered);
  });

  it.each([
    ['a password', 'hunter2'],
    ['a password with a colon', 's3cret:pass'],
    ['a password with a colon and a tag-like end', 'correct:horse-battery'],
    ['an official image without a path (a word:word, like any password)', 'alpine:3'],
    ['a bare word', 'hello'],
    ['a GitHub token', 'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ['a base64 secret with a slash', 'Zm9v/YmFy+cXV4=='],
    ['credentials in a URL', 'https://user:pass@registry.example.com/v2/'],
    ['a URL', 'https://example.com/x'],
    ['a URL of another scheme', 'ssh://git@github.com/org/repo'],
    ['user:password@host', 'admin:pa55@registry.example.com/app'],
    ['two lines', 'ghcr.io/a/b:1\nghcr.io/a/c:1'],
    ['a reference with a second line of secret', 'ghcr.io/a/b:1\nhunter2'],
    ['words', 'two words:1'],
    ['uppercase', 'Nginx/latest'],
    ['a password with a slash', 'Passw0rd/2024'],
    ['a digest that is not one', 'alpine@sha256:short'],
    ['a 300-character path', `a/${'b'.repeat(298)}`],
    ['a 256-character path', `a/${'b'.repeat(254)}`],
    ['a screenful of text', `ghcr.io/a/b:1${' '.repeat(2000)}`],
    ['nothing', ''],
    ['no text', undefined],
  ])('%s is not offered', (_what, text) => {
    expect(clipboardReferenceOffer(text)).toBeUndefined();
  });

  it('255 characters is the longest offered', () => {
    const longest = `ghcr.io/${'b'.repeat(247)}`;
    expect(longest).toHaveLength(255);
    expect(clipboardReferenceOffer(longest)).toBe(longest);
    expect(clipboardReferenceOffer(`${longest}b`)).toBeUndefined();
  });

  it('the clipboard is read once as the menu opens; the offer is in that menu and never in the tracked state', () => {
    const tracker = new TrayStateTracker(
      { handle: async () => ({ ok: false, error: { code: 'INTERNAL', message: '' } }) },
      () => undefined,
    );
    tracker.onEngine(up);
    let reads = 0;
    const menu = trayMenuOnOpen(tracker.state, () => (reads++, 'ghcr.io/org/tool:v2'), en);
    expect(reads).toBe(1);
    expect(item(menu, 'pull-clipboard')?.action).toEqual({ kind: 'ui', command: { command: 'pull', reference: 'ghcr.io/org/tool:v2' } });
    expect(JSON.stringify(tracker.state)).not.toContain('ghcr.io/org/tool');
    // The next opening shows the clipboard as it is then: a password is not shown at all.
    const next = trayMenuOnOpen(tracker.state, () => 's3cret:pass', en);
    expect(item(next, 'pull-clipboard')).toBeUndefined();
    expect(JSON.stringify(next)).not.toContain('s3cret');
  });
});
