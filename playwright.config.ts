// Browser end-to-end tests: the real renderer in Chromium, through the loopback bridge, against the
// real test engine (scripts/test-stack/up.sh). The global setup builds the renderer and starts the bridge.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const isCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
// The system Chromium; Playwright's own download is never used here.
const chromium = process.env.STEVEDORE_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testMatch: '*.spec.ts',
  // browser: the real UI in Debian's Chromium through the loopback bridge; electron: the real app
  // (skipped with a printed reason where the Electron binary is not installed).
  projects: [
    { name: 'browser', testDir: 'tests/e2e' },
    { name: 'electron', testDir: 'tests/electron' },
  ],
  globalSetup: './tests/e2e/global-setup.ts',
  // One engine, shared state: files run one after another, in name order, so zz-engine-restart runs last.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: isCI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  outputDir: 'test-results/e2e',
  use: {
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1360, height: 860 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
