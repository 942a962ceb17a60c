// Owns e2e comparisons of what the page shows with what a docker CLI run prints when the text holds
// relative times: the page's clock is pinned (Playwright's page.clock.setFixedTime) to an instant at
// which the CLI ran (tests/support/cli-clock.ts), so "17 seconds ago" on the page and "18 seconds ago"
// from the CLI cannot both be right. Timers keep running, so the page's one-second tick re-renders.
import { expect, type Page } from '@playwright/test';
import { timedCliRun } from '../support/cli-clock';

/**
 * Waits until `shown()` equals `cli()` with the page's clock pinned to the CLI run's instant.
 * Each try runs the CLI again (other tests may change the engine); the page keeps the last pinned
 * time afterwards, so later relative times in the same test read as of that instant.
 */
export async function expectPageMatchesCliRun<T>(
  page: Page,
  shown: () => Promise<T>,
  cli: () => Promise<T>,
  timeout = 45_000,
): Promise<void> {
  await expect(async () => {
    const { output, instants } = await timedCliRun(cli);
    for (const [i, at] of instants.entries()) {
      await page.clock.setFixedTime(at);
      const last = i === instants.length - 1;
      // The page picks the pinned time up on its next tick (1 s); a loaded machine may be slower.
      const settled = expect.poll(shown, { timeout: 5_000 }).toEqual(output);
      if (last) await settled;
      else if (
        await settled.then(
          () => true,
          () => false,
        )
      )
        return;
    }
  }).toPass({ timeout });
}
