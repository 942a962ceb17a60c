// Which engine Stevedore talks to is chosen in the desktop app only. In a browser (the loopback
// bridge) the Settings dialog shows the engine read-only with the reason, and core refuses an
// engine change sent over the bridge even by a page that skips the dialog. The desktop path is
// exercised with a stand-in for Electron's preload (window.stevedore), as in
// transfer-desktop-standin.spec.ts: there the form is editable and Apply sends the endpoint.
import { expect, test } from '@playwright/test';
import { dialogNamed } from './edit-support';
import { bridgeUrl, openImages, requireEngineOrSkip } from './support';

const REFUSAL = 'The engine can be changed only in the Stevedore window (desktop app), not over the browser bridge';
const NOTE = `${REFUSAL}.`;

test.describe('in a browser, through the bridge', () => {
  requireEngineOrSkip();

  test('the Settings dialog shows the engine read-only, with the reason; theme and language stay editable', async ({ page }) => {
    await openImages(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = dialogNamed(page, 'Settings');
    const engine = dialog.getByRole('group', { name: 'Docker engine' });
    await expect(engine.getByRole('note')).toHaveText(NOTE);
    await expect(engine).toHaveAccessibleDescription(new RegExp(NOTE.replace(/[().]/g, '\\$&')));
    await expect(engine.getByRole('combobox', { name: 'Connect to' })).toBeDisabled();
    await expect(engine.getByRole('button', { name: 'Apply engine' })).toHaveCount(0);
    await expect(dialog.getByRole('combobox', { name: 'Theme' })).toBeEnabled();
    await expect(dialog.getByRole('combobox', { name: 'Language' })).toBeEnabled();
  });

  test('an engine change sent over the bridge by the page itself is refused, and the engine stays', async ({ page }) => {
    await openImages(page);
    // The page's own bridge connection (its token), skipping the dialog. A context that does not
    // exist: even if the mend were missing, nothing would change for the other tests.
    const answer = await page.evaluate(async () => {
      const g = globalThis as any;
      const token: string = g.sessionStorage.getItem('stevedore.bridgeToken') ?? '';
      // As the bridge client opens it: the token in a subprotocol, never in the URL (shared/bridge-protocol.ts).
      const carrier = `stevedore.token.${btoa(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
      const ws = new WebSocket(`ws://${g.location.host}/ws`, ['stevedore.bridge.v1', carrier]);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const call = (id: number, channel: string, request: unknown) =>
        new Promise<{ ok: boolean; value?: any; error?: { code: string; message: string } }>((resolve) => {
          ws.addEventListener('message', (e) => {
            const frame = JSON.parse(String(e.data));
            if (frame.type === 'result' && frame.id === id) resolve(frame.result);
          });
          ws.send(JSON.stringify({ type: 'invoke', id, channel, request }));
        });
      const set = await call(1, 'settings.set', { engine: { kind: 'context', name: 'stevedore-e2e-no-such-context' } });
      const after = await call(2, 'settings.get', {});
      ws.close();
      return { set, engine: after.value?.engine };
    });
    expect(answer.set).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: REFUSAL } });
    expect(answer.engine).toEqual({ kind: 'auto' });
  });
});

test.describe('in the desktop app (a stand-in for the preload)', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      const w = globalThis as any;
      const calls: { channel: string; request: any }[] = [];
      let settings = { theme: 'system', language: 'system', engine: { kind: 'auto' }, closeToTray: true, notifications: true };
      w.__calls = calls;
      const answer = (channel: string, request: any): unknown => {
        switch (channel) {
          case 'engine.status':
            return {
              reachable: true,
              host: 'unix:///stand-in.sock',
              source: 'env',
              version: '28.0.0',
              apiVersion: '1.48',
              checkedAt: Date.now(),
            };
          case 'images.list':
            return { rows: [], imageCount: 0 };
          case 'jobs.list':
            return [];
          case 'settings.get':
            return settings;
          case 'settings.set':
            settings = { ...settings, ...request };
            return settings;
          default:
            return undefined;
        }
      };
      w.stevedore = {
        invoke: async (channel: string, request: unknown) => {
          calls.push({ channel, request });
          return { ok: true, value: answer(channel, request) };
        },
        on: () => () => undefined,
        getPathForFile: () => '',
      };
    });
  });

  test('the engine form is editable and Apply sends the new endpoint to core', async ({ page }) => {
    await page.goto(bridgeUrl());
    await page.getByRole('button', { name: 'Settings' }).click();
    const engine = dialogNamed(page, 'Settings').getByRole('group', { name: 'Docker engine' });
    await expect(engine.getByRole('note')).toHaveCount(0);
    await engine.getByRole('combobox', { name: 'Connect to' }).selectOption('socket');
    await engine.getByRole('textbox', { name: 'Socket path' }).fill('/run/user/1000/docker.sock');
    await engine.getByRole('button', { name: 'Apply engine' }).click();
    await expect(engine.getByRole('status')).toHaveText('Saved; reconnecting to the engine.');
    const sets = await page.evaluate(() =>
      (globalThis as any).__calls.filter((c: any) => c.channel === 'settings.set').map((c: any) => c.request),
    );
    expect(sets).toEqual([{ engine: { kind: 'socket', path: '/run/user/1000/docker.sock' } }]);
  });
});
