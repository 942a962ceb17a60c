// The one-click local registry through the UI: deploy (host networking, a port of 5040-5049, a
// data volume of its own) as a job, its state and address, "Push to local registry" of an image in
// one step with the reference it got, stop, start, and remove (confirmed; the data volume is kept).
// Needs the `registry:2` fixture (scripts/test-stack/fixtures.sh); everything made is removed.
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { dockerCliSync } from '../support/stack';
import { cleanupEdits, makeImage } from './edit-support';
import { openRegistries, regName, registryRow } from './registries-support';
import { bridgeUrl, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const CONTAINER = regName('local');
const VOLUME = regName('data');
const SOURCE = `${regName('src')}:1`;
let port = 0;

const hasRegistryImage = dockerCliSync(['image', 'inspect', '--format', '{{.Id}}', 'registry:2']).code === 0;

function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

test.beforeAll(async () => {
  for (let p = 5040; p <= 5049 && port === 0; p++) if (await portFree(p)) port = p;
});

test.afterAll(() => {
  dockerCliSync(['rm', '-f', CONTAINER]);
  dockerCliSync(['volume', 'rm', VOLUME]);
  if (port) dockerCliSync(['rmi', `localhost:${port}/${SOURCE}`]);
  cleanupEdits();
});

test('deploy a local registry, push an image to it in one step, stop, start and remove it', async ({ page }) => {
  test.skip(!hasRegistryImage, 'no registry:2 image in the test engine (scripts/test-stack/fixtures.sh registry-image builds it)');
  test.skip(port === 0, 'no free port in 5040-5049');
  test.setTimeout(180_000);
  makeImage(SOURCE);
  const address = `localhost:${port}`;

  await page.goto(bridgeUrl());
  await openRegistries(page, 'Local registry');
  const name = page.getByRole('textbox', { name: 'Container name' });
  await name.fill(CONTAINER);
  await name.press('Enter');
  const facts = page.getByRole('definition');
  await expect(facts.filter({ hasText: 'Not deployed' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Deploy local registry' });
  await form.getByRole('textbox', { name: 'Port' }).fill(String(port));
  await form.getByRole('textbox', { name: 'Data volume' }).fill(VOLUME);
  await form.getByRole('switch', { name: /host's network/ }).check();
  await expect(form.getByText(`docker run -d --network host -e REGISTRY_HTTP_ADDR=127.0.0.1:${port} --restart=always --name ${CONTAINER} -v ${VOLUME}:/var/lib/registry registry:2`)).toBeVisible();
  await form.getByRole('button', { name: 'Deploy local registry' }).click();

  // Deploy is a job: its progress here, then the running registry and its address.
  const job = page.getByRole('list', { name: 'Deploy progress' }).getByRole('listitem', { name: `Deploy local registry on ${address}` });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(facts.filter({ hasText: 'Running' })).toBeVisible();
  await expect(facts.filter({ hasText: address })).toBeVisible();
  await expect(facts.filter({ hasText: 'Host network' })).toBeVisible();

  // The Registries list now names it, marked Local, with no login; the stack's loopback registry,
  // which Stevedore did not deploy, is not marked.
  await page.getByRole('tab', { name: 'Registries' }).click();
  const listed = registryRow(page, address);
  await expect(listed.getByText('Local', { exact: true })).toBeVisible();
  await expect(listed).toContainText('Local registry');
  await expect(page.getByRole('table', { name: 'Registries' }).getByText('Local', { exact: true })).toHaveCount(1);
  await page.getByRole('tab', { name: 'Local registry' }).click();

  // Push to local registry: tagged localhost:<port>/<name>:<tag> and pushed in one step.
  const push = page.getByRole('form', { name: 'Push to local registry' });
  await push.getByRole('textbox', { name: 'Image to push' }).fill(SOURCE);
  await push.getByRole('button', { name: 'Push to local registry' }).click();
  const dialog = page.getByRole('dialog', { name: 'Push to local registry' });
  const reference = `${address}/${SOURCE}`;
  await expect(dialog.getByRole('definition').filter({ hasText: reference })).toBeVisible();
  await expect(dialog.getByRole('listitem', { name: `Push ${reference}` }).getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toHaveCount(0);

  // Stop, start.
  const actions = page.getByRole('group', { name: 'Local registry actions' });
  await actions.getByRole('button', { name: 'Stop' }).click();
  await expect(facts.filter({ hasText: 'Stopped' })).toBeVisible({ timeout: 30_000 });
  await actions.getByRole('button', { name: 'Start' }).click();
  await expect(facts.filter({ hasText: 'Running' })).toBeVisible({ timeout: 30_000 });

  // Remove, confirmed: the container goes, its data volume stays.
  await actions.getByRole('button', { name: 'Remove…' }).click();
  const confirm = page.getByRole('dialog', { name: `Remove the local registry ${CONTAINER}?` });
  await expect(confirm).toContainText(`Its data volume ${VOLUME} is kept`);
  await confirm.getByRole('button', { name: 'Remove registry' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(facts.filter({ hasText: 'Not deployed' })).toBeVisible();
  expect(dockerCliSync(['container', 'inspect', CONTAINER]).code).not.toBe(0);
  expect(dockerCliSync(['volume', 'inspect', VOLUME]).code).toBe(0);
});
