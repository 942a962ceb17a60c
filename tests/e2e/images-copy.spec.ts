// "Copy IDs" and "Copy as..." produce the docker CLI's own text (read from the dialog's output area).
import { expect, test, type Page } from '@playwright/test';
import { dockerCli } from '../support/stack';
import { docker, lines, openImages, requireEngineOrSkip, sorted } from './support';

requireEngineOrSkip();

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Copy as…' });
const output = (page: Page) => dialog(page).getByRole('textbox', { name: 'Output' });

/** Header line first (for tables), then the rows as a multiset. */
const shape = (text: string, table: boolean) => {
  const ls = lines(text);
  return table ? [ls[0], ...sorted(ls.slice(1))] : sorted(ls);
};

async function render(page: Page, template: string): Promise<string> {
  const field = dialog(page).getByRole('textbox', { name: 'Template (--format)' });
  await field.fill(template);
  await field.press('Enter');
  await expect(dialog(page).getByRole('status')).not.toHaveText('Rendering…');
  return output(page).inputValue();
}

/**
 * Renders again until the text equals the CLI's: other tests may be changing the same engine meanwhile.
 * The core renders CREATED ("N seconds ago") by the bridge's clock, which a test cannot pin: the CLI
 * runs before and after the render, and the render must equal one of the two (a tick falls on one side).
 */
async function expectSameAsCli(page: Page, template: string, cliArgs: string[], table: boolean): Promise<void> {
  const cli = () => docker('images', ...cliArgs, ...(template ? ['--format', template] : []));
  await expect(async () => {
    const before = await cli();
    const got = await render(page, template);
    const after = await cli();
    expect([shape(before, table), shape(after, table)], template).toContainEqual(shape(got, table));
  }).toPass({ timeout: 30_000 });
}

async function expectIdsAsCli(page: Page, cliArgs: string[]): Promise<void> {
  await expect(output(page)).not.toHaveValue('');
  await expect(async () => {
    const want = sorted(lines(await docker('images', '-q', ...cliArgs)));
    const got = sorted(lines(await output(page).inputValue()));
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      await dialog(page).getByRole('button', { name: 'Render' }).click();
      await expect(dialog(page).getByRole('status')).not.toHaveText('Rendering…');
    }
    expect(sorted(lines(await output(page).inputValue()))).toEqual(want);
  }).toPass({ timeout: 30_000 });
}

test('Copy IDs gives what docker images -q prints', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openImages(page);
  await page.getByRole('button', { name: 'Copy IDs' }).click();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByRole('checkbox', { name: 'Only IDs (-q)' })).toBeChecked();
  await expect(dialog(page).getByRole('status')).toHaveText('Copied to the clipboard.');
  await expectIdsAsCli(page, []);
});

test('Copy IDs follows the toggles: -a and --no-trunc', async ({ page }) => {
  await openImages(page);
  await page.getByRole('switch', { name: 'All images (-a)' }).check();
  await page.getByRole('switch', { name: 'Full IDs (--no-trunc)' }).check();
  await page.getByRole('button', { name: 'Copy IDs' }).click();
  await expectIdsAsCli(page, ['-a', '--no-trunc']);
});

test('Copy as renders --format templates exactly as the CLI, including table and json', async ({ page }) => {
  await openImages(page);
  await page.getByRole('button', { name: 'Copy as…' }).click();
  await expect(dialog(page)).toBeVisible();
  for (const template of [
    '{{.Repository}}:{{.Tag}}',
    '{{.ID}}\\t{{.Size}}\\t{{.Digest}}',
    'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}',
    '{{json .Repository}}',
  ]) {
    // No shell in between: both get the same backslash-t, which the formatter turns into a tab.
    await expectSameAsCli(page, template, [], template.startsWith('table'));
  }
});

test("Copy as uses the view's filters and options", async ({ page }) => {
  await openImages(page);
  const label = page.getByRole('textbox', { name: 'Label', exact: true });
  await label.fill('org.stevedore.fixture');
  await label.press('Enter');
  await page.getByRole('switch', { name: 'Digests (--digests)' }).check();
  await page.getByRole('button', { name: 'Copy as…' }).click();
  await expectSameAsCli(page, '', ['--digests', '--filter', 'label=org.stevedore.fixture'], true);
  await expect(dialog(page)).toContainText('docker images --digests --filter label=org.stevedore.fixture');
});

test('a template error is shown verbatim, as the CLI reports it', async ({ page }) => {
  await openImages(page);
  await page.getByRole('button', { name: 'Copy as…' }).click();
  for (const template of ['{{.Repository', '{{.NoSuchField}}']) {
    await render(page, template);
    const cli = await dockerCli(['images', '--format', template]);
    expect(cli.code).not.toBe(0);
    const alert = dialog(page).getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(output(page)).toHaveValue('');
    // Same words as the CLI's stderr, minus its "Error: "-style prefix if any.
    const words = lines(cli.stderr)[0].replace(/^Error: /, '');
    await expect(alert).toHaveText(words);
  }
  await dialog(page).getByRole('button', { name: 'Close' }).first().click();
  await expect(dialog(page)).toBeHidden();
});
