// The browser part of the reliability suite (issue #8): the real renderer in Chromium through a
// bridge that runs in the test process on the suite's PRIVATE engine (it is killed and loaded
// hard, so never the shared one). Run by tests/reliability/run.sh; not part of `npx playwright test`.
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

export default defineConfig({
  ...base,
  projects: undefined,
  globalSetup: undefined,
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  timeout: 240_000,
  outputDir: '../../test-results/e2e-reliability',
  reporter: [['list']],
});
