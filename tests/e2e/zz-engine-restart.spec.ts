// When the engine goes away the window says so (with Retry), and it recovers by itself when the
// engine is back. Stops and starts the shared test engine, so this file runs last (name order, 1 worker).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { dockerCliSync, isCI, loadStackEnv } from '../support/stack';
import { expectGridMatchesCli, openImages, requireEngineOrSkip, ROW_COLUMNS, ROW_FORMAT } from './support';

const run = promisify(execFile);
const script = resolve(import.meta.dirname, '../../scripts/test-stack/engine.sh');

requireEngineOrSkip();
const why = !existsSync(script)
  ? `${script} is missing`
  : loadStackEnv().externalEngine
    ? 'the engine is external (STEVEDORE_TEST_DOCKER_HOST): not ours to stop'
    : process.getuid?.() !== 0
      ? 'engine.sh needs root to stop/start the dedicated engine'
      : null;
if (why && isCI()) throw new Error(`CI=true and ${why}`);
test.skip(!!why, why ?? '');

const engine = (action: 'stop' | 'start') =>
  run('bash', [script, action], { env: process.env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });

const engineAnswers = () => dockerCliSync(['version', '--format', '{{.Server.APIVersion}}'], { timeoutMs: 15_000 }).code === 0;

test.describe.configure({ timeout: 420_000 });

test.afterAll(async () => {
  // Never leave the shared engine stopped, whatever happened above.
  if (!engineAnswers()) await engine('start');
});

test('stopping the engine shows a banner with Retry; starting it again recovers by itself', async ({ page }, testInfo) => {
  const grid = await openImages(page);
  await expectGridMatchesCli(grid, ROW_COLUMNS, [], ROW_FORMAT);
  const banner = page.getByRole('alert').filter({ hasText: 'The Docker engine is unreachable' });
  await expect(banner).toHaveCount(0);

  await engine('stop');
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toContainText(loadStackEnv().dockerHost);
  await expect(page.getByRole('contentinfo', { name: 'Engine status' })).toContainText('Unreachable');
  const shot = testInfo.outputPath('engine-down.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('engine-down', { path: shot, contentType: 'image/png' });

  // Retry while it is still down: the banner stays, with the engine's reason.
  const retry = banner.getByRole('button', { name: 'Retry' });
  await retry.click();
  await expect(retry).toBeEnabled({ timeout: 30_000 });
  await expect(banner).toBeVisible();

  await engine('start');
  // No click: a later engine.status event says reachable and the list comes back.
  await expect(banner).toBeHidden({ timeout: 90_000 });
  await expect(page.getByRole('contentinfo', { name: 'Engine status' })).toContainText('Connected');
  await expectGridMatchesCli(grid, ROW_COLUMNS, [], ROW_FORMAT);
});
