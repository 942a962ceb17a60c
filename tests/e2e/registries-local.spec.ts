// The one-click local registry through the UI: deploy (host networking, a port of 5040-5049, a
// data volume of its own) as a job, its state and address, "Push to local registry" of an image in
// one step once the reference it will get is confirmed, stop, start, and remove (confirmed; the data volume is kept,
// with how to delete it, and the registry is no longer listed as Local); and a registry that keeps
// restarting, shown as such with why; a deploy that fails gives back the form as it was typed, its
// docker run line copied with one button; and "Share on my network", which says who can then push
// and delete, takes a user and password, and once deployed offers the login that makes pushes work
// (all traffic to 127.0.0.1). Needs the `registry:2` fixture (scripts/test-stack/fixtures.sh);
// everything made is removed.
import { createServer } from 'node:net';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { dockerCliSync } from '../support/stack';
import { cleanupEdits, makeImage } from './edit-support';
import { sidewaysOverflow } from './registries-layout';
import { bridgeDockerConfig, dropBridgeLogin, openRegistries, regName, registryRow } from './registries-support';
import { grantClipboard, readClipboard } from './shell-support';
import { bridgeUrl, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const CONTAINER = regName('local');
const RESTARTING = regName('restarting');
const FAILING = regName('failing');
const VOLUME = regName('data');
const FAILING_VOLUME = regName('failing-data');
const SHARED = regName('shared');
const SHARED_VOLUME = regName('shared-data');
const SOURCE = `${regName('src')}:1`;
let port = 0;
let sharedPort = 0;

const hasRegistryImage = dockerCliSync(['image', 'inspect', '--format', '{{.Id}}', 'registry:2']).code === 0;

function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Opens the Local registry tab on the registry container `container`; returns its status facts. */
async function openLocalPanel(page: Page, container: string): Promise<Locator> {
  await page.goto(bridgeUrl());
  await openRegistries(page, 'Local registry');
  const name = page.getByRole('textbox', { name: 'Container name' });
  await name.fill(container);
  await name.press('Enter');
  return page.getByRole('definition');
}

test.beforeAll(async () => {
  for (let p = 5040; p <= 5049 && port === 0; p++) if (await portFree(p)) port = p;
  for (let p = 5049; p > port && sharedPort === 0; p--) if (await portFree(p)) sharedPort = p;
});

test.afterAll(() => {
  dockerCliSync(['rm', '-f', CONTAINER]);
  dockerCliSync(['rm', '-f', RESTARTING]);
  dockerCliSync(['rm', '-f', FAILING]);
  dockerCliSync(['rm', '-f', SHARED]);
  dockerCliSync(['volume', 'rm', SHARED_VOLUME]);
  if (sharedPort) {
    dockerCliSync(['rmi', `localhost:${sharedPort}/${SOURCE}`]);
    dropBridgeLogin(`localhost:${sharedPort}`);
  }
  dockerCliSync(['volume', 'rm', VOLUME]);
  dockerCliSync(['volume', 'rm', FAILING_VOLUME]);
  if (port) dockerCliSync(['rmi', `localhost:${port}/${SOURCE}`]);
  cleanupEdits();
});

test('deploy a local registry, push an image to it in one step, stop, start and remove it', async ({ page }) => {
  test.skip(!hasRegistryImage, 'no registry:2 image in the test engine (scripts/test-stack/fixtures.sh registry-image builds it)');
  test.skip(port === 0, 'no free port in 5040-5049');
  test.setTimeout(180_000);
  makeImage(SOURCE);
  const address = `localhost:${port}`;

  const facts = await openLocalPanel(page, CONTAINER);
  await expect(facts.filter({ hasText: 'Not deployed' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Deploy local registry' });
  await form.getByRole('textbox', { name: 'Port' }).fill(String(port));
  await form.getByRole('textbox', { name: 'Data volume' }).fill(VOLUME);
  await form.getByRole('switch', { name: /host's network/ }).check();
  // Not shared unless asked: this computer only, said so beside the choice.
  await expect(form.getByRole('switch', { name: 'Share on my network' })).not.toBeChecked();
  await expect(form.getByText('Off: only this computer can push to it, pull from it or delete from it.')).toBeVisible();
  await expect(
    form.getByText(
      `docker run -d --network host -e REGISTRY_HTTP_ADDR=127.0.0.1:${port} --restart=always --name ${CONTAINER} -v ${VOLUME}:/var/lib/registry --label org.stevedore.local-registry=true registry:2`,
    ),
  ).toBeVisible();
  await form.getByRole('button', { name: 'Deploy local registry' }).click();

  // Deploy is a job: its progress here, then the running registry and its address.
  const job = page.getByRole('list', { name: 'Deploy progress' }).getByRole('listitem', { name: `Deploy local registry on ${address}` });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(facts.filter({ hasText: 'Running' })).toBeVisible();
  await expect(facts.filter({ hasText: address })).toBeVisible();
  await expect(facts.filter({ hasText: 'Host network' })).toBeVisible();
  await expect(facts.filter({ hasText: `This computer only (127.0.0.1:${port})` })).toBeVisible();

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
  // The summary names the target first; the progress list may show it again once the push starts.
  await expect(dialog.getByRole('definition').filter({ hasText: reference }).first()).toBeVisible();
  // Said before it is done (the tag it will create): nothing happens until confirmed.
  await dialog.getByRole('button', { name: 'Tag and push', exact: true }).click();
  await expect(dialog.getByRole('listitem', { name: `Push ${reference}` }).getByText('Done', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
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
  await expect(page.getByRole('status').filter({ hasText: `Its data volume ${VOLUME} is kept` })).toContainText(
    `docker volume rm ${VOLUME}`,
  );
  expect(dockerCliSync(['container', 'inspect', CONTAINER]).code).not.toBe(0);
  expect(dockerCliSync(['volume', 'inspect', VOLUME]).code).toBe(0);

  // Removed is forgotten: nothing is marked Local; the address stays listed only because the image
  // pushed to it is still named after it.
  await page.getByRole('tab', { name: 'Registries' }).click();
  await expect(registryRow(page, 'Docker Hub')).toBeVisible();
  await expect(listed).toContainText('Image names');
  await expect(listed).not.toContainText('Local registry');
  await expect(page.getByRole('table', { name: 'Registries' }).getByText('Local', { exact: true })).toHaveCount(0);
});

test('a registry that keeps restarting shows why, with Stop and Remove', async ({ page }) => {
  test.skip(!hasRegistryImage, 'no registry:2 image in the test engine (scripts/test-stack/fixtures.sh registry-image builds it)');
  test.setTimeout(90_000);
  // Its port is taken by this listener, so registry:2 exits at once and --restart=always runs it again.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const taken = (server.address() as { port: number }).port;
  try {
    const run = [
      'run',
      '-d',
      '--restart=always',
      '--network',
      'host',
      '-e',
      `REGISTRY_HTTP_ADDR=127.0.0.1:${taken}`,
      '--name',
      RESTARTING,
      'registry:2',
    ];
    expect(dockerCliSync(run).code).toBe(0);
    // From the 5th restart on, the engine waits seconds between runs: the panel reads it restarting.
    await expect
      .poll(() => dockerCliSync(['inspect', '--format', '{{.RestartCount}} {{.State.Restarting}}', RESTARTING]).stdout.trim(), {
        timeout: 30_000,
      })
      .toMatch(/^([5-9]|\d\d+) true$/);

    // Between two restarts the container runs for a moment (longer on a loaded machine), and a
    // status read then says Running, as `docker ps` would: open the panel again until it reads a wait.
    let facts = page.getByRole('definition');
    await expect(async () => {
      facts = await openLocalPanel(page, RESTARTING);
      await expect(facts.filter({ hasText: 'Restarting' })).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 45_000 });
    const why = page.getByRole('alert').filter({ hasText: 'Keeps restarting' });
    await expect(why).toContainText(`Keeps restarting: exit code 1; see docker logs ${RESTARTING}.`);
    await expect(why).toContainText('bind: address already in use');

    // Stop and Remove; no Start (it is not stopped), no Browse or Push (nothing answers).
    const actions = page.getByRole('group', { name: 'Local registry actions' });
    await expect(actions.getByRole('button', { name: 'Start' })).toHaveCount(0);
    await expect(actions.getByRole('button', { name: 'Browse it' })).toHaveCount(0);
    await expect(page.getByRole('form', { name: 'Push to local registry' })).toHaveCount(0);
    await expect(actions.getByRole('button', { name: 'Remove…' })).toBeVisible();
    await actions.getByRole('button', { name: 'Stop' }).click();
    await expect(facts.filter({ hasText: 'Stopped' })).toBeVisible({ timeout: 30_000 });
    await expect(why).toHaveCount(0);
  } finally {
    server.close();
  }
});

test('a deploy that fails gives the form back as typed; its docker run line is copied with one button', async ({ page }, testInfo) => {
  test.skip(!hasRegistryImage, 'no registry:2 image in the test engine (scripts/test-stack/fixtures.sh registry-image builds it)');
  // The port is taken by this listener: the deploy fails before anything is made.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const taken = String((server.address() as { port: number }).port);
  try {
    await openLocalPanel(page, FAILING);
    const form = page.getByRole('form', { name: 'Deploy local registry' });
    const portField = form.getByRole('textbox', { name: 'Port' });
    const volume = form.getByRole('textbox', { name: 'Data volume' });
    // The default volume name is shown whole, not clipped.
    await expect(volume).toHaveValue('stevedore-registry-data');
    expect(await sidewaysOverflow(volume)).toBeLessThanOrEqual(0);

    await portField.fill(taken);
    await volume.fill(FAILING_VOLUME);
    const command = `docker run -d -p 127.0.0.1:${taken}:5000 --restart=always --name ${FAILING} -v ${FAILING_VOLUME}:/var/lib/registry --label org.stevedore.local-registry=true registry:2`;
    await expect(form.getByText(command)).toBeVisible();
    await grantClipboard(page);
    await form.getByRole('button', { name: 'Copy command' }).click();
    expect(await readClipboard(page)).toBe(command);

    await form.getByRole('button', { name: 'Deploy local registry' }).click();
    const job = page
      .getByRole('list', { name: 'Deploy progress' })
      .getByRole('listitem', { name: `Deploy local registry on localhost:${taken}` });
    await expect(job.getByText('Failed', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(job).toContainText(taken);

    // The form is back with what was typed, ready to correct and try again.
    await expect(portField).toHaveValue(taken);
    await expect(volume).toHaveValue(FAILING_VOLUME);
    await expect(form.getByText(command)).toBeVisible();
    expect(dockerCliSync(['container', 'inspect', FAILING]).code).not.toBe(0);
    await page.screenshot({ path: testInfo.outputPath('deploy-failed.png') });
  } finally {
    server.close();
  }
});

test('"Share on my network" says who can push and delete, takes a user and password, and offers the login pushes need', async ({
  page,
}) => {
  test.skip(!hasRegistryImage, 'no registry:2 image in the test engine (scripts/test-stack/fixtures.sh registry-image builds it)');
  test.skip(sharedPort === 0, 'no second free port in 5040-5049');
  test.setTimeout(180_000);
  makeImage(SOURCE);
  const address = `localhost:${sharedPort}`;
  const user = 'e2e-pusher';
  const password = `e2e-${regName('pw')}`;

  const facts = await openLocalPanel(page, SHARED);
  const form = page.getByRole('form', { name: 'Deploy local registry' });
  await form.getByRole('textbox', { name: 'Port' }).fill(String(sharedPort));
  await form.getByRole('textbox', { name: 'Data volume' }).fill(SHARED_VOLUME);
  await form.getByRole('switch', { name: /host's network/ }).check();
  const share = form.getByRole('switch', { name: 'Share on my network' });
  await share.check();
  // Who can then push and delete, in plain words, tied to the switch.
  await expect(share).toHaveAccessibleDescription(
    /Anyone on your network who has this user and password can push images to it, overwrite them and delete them/,
  );

  // Sharing without a user and password is not sent.
  await form.getByRole('button', { name: 'Deploy local registry' }).click();
  await expect(form.getByText('Letters, digits, _ . @ and -, starting with a letter or digit.')).toBeVisible();
  await expect(form.getByText('At least 8 characters and at most 72 bytes, on one line.')).toBeVisible();

  await form.getByRole('textbox', { name: 'User' }).fill(user);
  const passwordField = form.getByLabel('Password');
  await expect(passwordField).toHaveAttribute('type', 'password');
  await passwordField.fill(password);
  // The command names the password file and the auth variables, never the password.
  const command = form.locator('code').filter({ hasText: 'docker run' });
  await expect(command).toContainText(
    `docker run -d --network host -e REGISTRY_HTTP_ADDR=:${sharedPort} --restart=always --name ${SHARED} -v ${SHARED_VOLUME}:/var/lib/registry -v `,
  );
  await expect(command).toContainText(`local-registry-auth/${SHARED}.htpasswd:/auth/htpasswd:ro -e REGISTRY_AUTH=htpasswd`);
  await expect(command).not.toContainText(password);
  await form.getByRole('button', { name: 'Deploy local registry' }).click();

  const job = page.getByRole('list', { name: 'Deploy progress' }).getByRole('listitem', { name: `Deploy local registry on ${address}` });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(facts.filter({ hasText: `Your network, port ${sharedPort}, with user ${user} and its password` })).toBeVisible();
  expect(await page.content()).not.toContain(password);

  // Pushes need the login: offered here, through the usual login dialog.
  const offer = page.getByRole('status').filter({ hasText: 'Pushes to this registry need its user and password' });
  await offer.getByRole('button', { name: `Log in to ${address}` }).click();
  const login = page.getByRole('dialog', { name: `Log in to ${address}` });
  await login.getByRole('textbox', { name: 'User name' }).fill(user);
  await login.getByLabel('Password or access token').fill(password);
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  // The dialog closes and the offer goes: the registry is logged in to.
  await expect(login).toHaveCount(0);
  await expect(offer).toHaveCount(0);
  expect(bridgeDockerConfig().auths?.[address]?.auth).toBeTruthy();

  const push = page.getByRole('form', { name: 'Push to local registry' });
  await push.getByRole('textbox', { name: 'Image to push' }).fill(SOURCE);
  await push.getByRole('button', { name: 'Push to local registry' }).click();
  const dialog = page.getByRole('dialog', { name: 'Push to local registry' });
  await dialog.getByRole('button', { name: 'Tag and push', exact: true }).click();
  await expect(dialog.getByRole('listitem', { name: `Push ${address}/${SOURCE}` }).getByText('Done', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

  const actions = page.getByRole('group', { name: 'Local registry actions' });
  await actions.getByRole('button', { name: 'Remove…' }).click();
  await page
    .getByRole('dialog', { name: `Remove the local registry ${SHARED}?` })
    .getByRole('button', { name: 'Remove registry' })
    .click();
  await expect(facts.filter({ hasText: 'Not deployed' })).toBeVisible();
  // Deploying again starts with sharing off, and no password is ever prefilled.
  await expect(form.getByRole('switch', { name: 'Share on my network' })).not.toBeChecked();
});
