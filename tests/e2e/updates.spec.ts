// Update detection in Chromium through the bridge, on the real stack: a two-platform tag built in
// the open registry (through its API) and pulled by the engine, then changed under the same tag
// (its linux/amd64 entry is another image). The Updates view says "Newer available" for it, the
// images grid marks its row, and "Pull newer" pulls it, after which the view says "Up to date" and
// the engine's RepoDigests name the new index. Repository `stevedore-updates/e2e-<run>`, removed at the end.
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { pushIndex, pushSyntheticImage, type PushedManifest, type RegistryTarget } from '../support/registry-fixtures';
import { loadStackEnv } from '../support/stack';
import { docker, openImages, requireEngineOrSkip, rowOf } from './support';

requireEngineOrSkip();

const RUN = randomBytes(4).toString('hex');
const stack = loadStackEnv();
const OPEN: RegistryTarget = { host: stack.registry };
const REPO = `stevedore-updates/e2e-${RUN}`;
const LOCAL_REPO = `${stack.registry}/${REPO}`;
const REF = `${LOCAL_REPO}:1`;
const put: PushedManifest[] = [];
const images = new Set<string>();

const image = async (architecture: string, content: string) => {
  const m = await pushSyntheticImage(OPEN, REPO, undefined, {
    architecture,
    ...(architecture === 'arm64' ? { variant: 'v8' } : {}),
    files: { 'updates.txt': `${RUN} ${architecture} ${content}\n` },
  });
  put.push(m);
  return m;
};

let newIndex: PushedManifest;

test.beforeAll(async () => {
  const arm64 = await image('arm64', 'one');
  put.push(await pushIndex(OPEN, REPO, '1', [await image('amd64', 'one'), arm64]));
  await docker('pull', '-q', REF);
  images.add((await docker('image', 'inspect', '--format', '{{.Id}}', REF)).trim());
  newIndex = await pushIndex(OPEN, REPO, '1', [await image('amd64', 'two'), arm64]);
  put.push(newIndex);
});

test.afterAll(async () => {
  await docker('rmi', REF).catch(() => undefined);
  for (const id of images) await docker('rmi', id).catch(() => undefined);
  for (const m of put.reverse()) {
    await fetch(`http://${OPEN.host}/v2/${REPO}/manifests/${m.digest}`, { method: 'DELETE' }).catch(() => undefined);
  }
});

async function openUpdates(page: Page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Updates' }).click();
  await expect(page.getByRole('heading', { name: 'Updates', level: 1 })).toBeVisible();
}

const rowOfTag = (page: Page) => page.getByRole('table', { name: 'Tags and their registries' }).getByRole('row').filter({ hasText: REF });

test('the Updates view shows a newer image for a changed multi-platform tag, marks its grid row, and Pull newer pulls it', async ({
  page,
}) => {
  // A check of every tag and a pull on a loaded 2-core machine: bounded, never asserted on.
  test.setTimeout(240_000);
  const grid = await openImages(page);
  await openUpdates(page);
  // Whatever core kept from earlier, ask the registries now.
  const check = page.getByRole('button', { name: 'Check now' });
  await expect(check).toBeEnabled({ timeout: 60_000 });
  await check.click();
  await expect(check).toBeEnabled({ timeout: 60_000 });

  const row = rowOfTag(page);
  await expect(row).toContainText('Newer available');
  await expect(row).toContainText('compared for linux/amd64');
  await expect(row).toContainText(/checked .* ago/);

  // The grid shows the kept answer as a mark on the row (symbol plus words for screen readers).
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Images' }).click();
  const gridRow = await rowOf(page, grid, LOCAL_REPO, '1');
  await expect(gridRow.getByTestId('update-mark')).toBeVisible();
  await expect(gridRow.getByRole('gridcell', { name: '1', exact: true })).toHaveAttribute('aria-description', /Newer image available/);

  await openUpdates(page);
  await rowOfTag(page)
    .getByRole('button', { name: `Pull the newer image of ${REF}` })
    .click();
  await expect(rowOfTag(page)).toContainText('Up to date', { timeout: 120_000 });
  const digests = await docker('image', 'inspect', '--format', '{{join .RepoDigests " "}}', REF);
  expect(digests.split(' ').map((d) => d.trim())).toContain(`${LOCAL_REPO}@${newIndex.digest}`);
  images.add((await docker('image', 'inspect', '--format', '{{.Id}}', REF)).trim());
});
