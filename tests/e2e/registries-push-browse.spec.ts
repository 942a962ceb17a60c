// Push and browse against the open loopback registry: an image row's "Push…" names the registry the
// name implies and the job ends with its digest; the browser then lists the repository and the tag
// with that digest; deleting the tag is confirmed by tag and digest and the tag is gone. A name with
// no registry host or user is called out as Docker Hub needing user/image, and no job starts.
// The tag table fits narrow and wide windows in English and Spanish: headers apart and over their
// columns, the digest cut short (whole in its title, copied by its button), Pull and Delete in
// sight without scrolling sideways; the repository's name is shown as it is, never upper-cased.
import { expect, test } from '@playwright/test';
import { deleteRegistryTag } from '../support/registry-images';
import { dockerCliSync, loadStackEnv } from '../support/stack';
import { cleanupEdits, makeImage } from './edit-support';
import { columnEdges, sidewaysOverflow } from './registries-layout';
import { nav, openRegistries, regName, rowMenuItem } from './registries-support';
import { grantClipboard, readClipboard } from './shell-support';
import { bridgeUrl, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const HOST = loadStackEnv().registry;
const REPO = `${regName('push')}/app`;
const IMAGE = `${HOST}/${REPO}:1`;
const HUB_NAME = regName('hub');
const LAYOUT_REPO = `${regName('layout')}/app`;
const LAYOUT_IMAGE = `${HOST}/${LAYOUT_REPO}:1`;

test.afterAll(() => cleanupEdits());

test('push an image row to the loopback registry, browse it to its digest, delete the tag', async ({ page }) => {
  makeImage(IMAGE);
  await rowMenuItem(page, IMAGE, 'Push…');
  const push = page.getByRole('dialog', { name: 'Push image' });
  await expect(push.getByRole('textbox', { name: 'Image', exact: true })).toHaveValue(IMAGE);
  await expect(push.getByText(`docker push ${IMAGE}`)).toBeVisible();
  await grantClipboard(page);
  await push.getByRole('button', { name: 'Copy command' }).click();
  expect(await readClipboard(page)).toBe(`docker push ${IMAGE}`);
  // The registry the name implies, never "Docker Hub".
  await expect(push.getByRole('button', { name: /Docker Hub/ })).toHaveCount(0);
  await push.getByRole('button', { name: `Push to ${HOST}` }).click();

  const job = push.getByRole('listitem', { name: `Push ${IMAGE}` });
  await expect(job.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });
  // Every layer ends pushed (or already there, or mounted), and the count says so.
  const layersButton = job.getByRole('button', { name: /^(\d+) of \1 layers? done$/ });
  await expect(layersButton).toBeVisible();
  // A push that ends before its row first renders shows its layers folded: unfold them.
  if ((await layersButton.getAttribute('aria-expanded')) === 'false') await layersButton.click();
  await expect(
    job
      .getByRole('table', { name: 'Layers' })
      .getByRole('row', { name: /Pushed|Layer already exists|Mounted from/ })
      .first(),
  ).toBeVisible();
  const digest = (
    await job
      .getByRole('definition')
      .filter({ hasText: /^sha256:[a-f0-9]{64}$/ })
      .innerText()
  ).trim();
  await push.getByRole('button', { name: 'Show in Jobs' }).click();
  await expect(page.getByRole('list', { name: 'Finished', exact: true }).getByRole('listitem', { name: `Push ${IMAGE}` })).toBeVisible();

  // Browse the registry: the repository is in its catalog, the tag shows that digest.
  await openRegistries(page, 'Browse');
  const pick = page.getByRole('search', { name: 'Pick a registry' });
  await pick.getByRole('combobox', { name: 'Registry' }).fill(HOST);
  await pick.getByRole('button', { name: 'Browse' }).click();
  const repos = page.getByRole('navigation', { name: 'Repositories' });
  const repoButton = repos.getByRole('button', { name: REPO, exact: true });
  // The catalog comes a page at a time.
  for (let i = 0; i < 20 && !(await repoButton.isVisible()); i++) {
    const more = repos.getByRole('button', { name: 'More' });
    if (!(await more.isVisible())) break;
    await more.click();
  }
  await repoButton.click();
  const tags = page.getByRole('table', { name: `Tags of ${REPO}` });
  const tagRow = tags.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '1', exact: true }) });
  await expect(tagRow.getByRole('cell', { name: digest })).toBeVisible();

  // Delete the tag: the confirmation names the tag and the digest.
  await tagRow.getByRole('button', { name: 'Delete tag 1' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete tag 1?' });
  await expect(confirm.getByRole('definition').filter({ hasText: digest })).toBeVisible();
  await expect(confirm).toContainText(`${REPO}:1`);
  await confirm.getByRole('button', { name: 'Delete tag', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(tagRow).toHaveCount(0);
});

test('a name without registry host or user is Docker Hub needing user/image: said before pushing, no job', async ({ page }) => {
  const name = `${HUB_NAME}:1`;
  makeImage(name);
  await rowMenuItem(page, name, 'Push…');
  const push = page.getByRole('dialog', { name: 'Push image' });
  const note = push.getByRole('note', { name: 'Docker Hub requires user/image' });
  await expect(note).toBeVisible();
  await expect(push.getByRole('term').filter({ hasText: 'Registry' }).locator('+ dd')).toHaveText('Docker Hub (docker.io)');
  // No plain push is offered, only "Tag as <user>/... and push" once a user is given.
  await expect(push.getByRole('button', { name: /^Push to/ })).toHaveCount(0);
  const offer = note.getByRole('button', { name: /^Tag as .* and push$/ });
  await expect(offer).toBeDisabled();
  await note.getByRole('textbox', { name: 'Name to tag and push' }).fill(`someone/${HUB_NAME}:1`);
  await expect(note.getByRole('button', { name: `Tag as someone/${HUB_NAME}:1 and push` })).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(push).toHaveCount(0);

  // Nothing was started.
  await nav(page, 'Jobs').click();
  await expect(page.getByRole('listitem').filter({ hasText: HUB_NAME })).toHaveCount(0);
});

/** The words the browse steps look for, per language. */
const WORDS = {
  en: {
    registries: 'Registries',
    browse: 'Browse',
    pick: 'Pick a registry',
    registry: 'Registry',
    open: 'Browse',
    openRepo: 'Open a repository by name',
    repo: 'Repository',
    openRepoSubmit: 'Open',
    tagsOf: 'Tags of',
    copyDigest: 'Copy digest of tag 1',
  },
  es: {
    registries: 'Registros',
    browse: 'Explorar',
    pick: 'Elegir un registro',
    registry: 'Registro',
    open: 'Explorar',
    openRepo: 'Abrir un repositorio por su nombre',
    repo: 'Repositorio',
    openRepoSubmit: 'Abrir',
    tagsOf: 'Etiquetas de',
    copyDigest: 'Copiar el digest de la etiqueta 1',
  },
} as const;

test.describe('the tag table fits the window', () => {
  let digest = '';
  test.beforeAll(() => {
    makeImage(LAYOUT_IMAGE);
    const push = dockerCliSync(['push', LAYOUT_IMAGE], { timeoutMs: 60_000 });
    expect(push.code, push.stderr).toBe(0);
    digest = /digest: (sha256:[a-f0-9]{64})/.exec(push.stdout)?.[1] ?? '';
    expect(digest).not.toBe('');
  });
  test.afterAll(() => deleteRegistryTag(LAYOUT_IMAGE));

  for (const [width, height] of [
    [1024, 700],
    [1280, 800],
  ] as const) {
    for (const lang of ['en', 'es'] as const) {
      test(`at ${width}x${height} in ${lang}`, async ({ page }, testInfo) => {
        const w = WORDS[lang];
        await page.setViewportSize({ width, height });
        await page.addInitScript(
          (l) =>
            (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
              'stevedore.language',
              l,
            ),
          lang,
        );
        await page.goto(bridgeUrl());
        await nav(page, w.registries).click();
        await page.getByRole('tab', { name: w.browse }).click();
        const pick = page.getByRole('search', { name: w.pick });
        await pick.getByRole('combobox', { name: w.registry }).fill(HOST);
        await pick.getByRole('button', { name: w.open }).click();
        const open = page.getByRole('form', { name: w.openRepo });
        await open.getByRole('textbox', { name: w.repo }).fill(LAYOUT_REPO);
        await open.getByRole('button', { name: w.openRepoSubmit }).click();

        // The name as it is (innerText shows what CSS makes of it).
        await expect(page.getByRole('heading', { name: LAYOUT_REPO, level: 2 })).toHaveText(LAYOUT_REPO, { useInnerText: true });
        const table = page.getByRole('table', { name: `${w.tagsOf} ${LAYOUT_REPO}` });
        const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '1', exact: true }) });
        // The digest, whole in its title; copied whole by its button.
        await expect(row.getByTitle(digest, { exact: true })).toBeVisible();
        await page.screenshot({ path: testInfo.outputPath(`browse-${width}x${height}-${lang}.png`) });

        // Nothing to scroll sideways: the panel and the table fit, Pull and Delete are in sight.
        expect(await sidewaysOverflow(page.getByRole('tabpanel'))).toBeLessThanOrEqual(0);
        const buttons = await row.getByRole('button').all();
        expect(buttons.length).toBeGreaterThanOrEqual(3); // copy, Pull, Delete
        for (const button of buttons) {
          const box = await button.boundingBox();
          expect(box && box.x + box.width).toBeLessThanOrEqual(width);
        }
        // Tag and Digest headers start over their columns (apart, not run together); Size ends over its.
        const { columns } = await columnEdges(table);
        const [tagCol, digestCol, sizeCol] = columns;
        expect(Math.abs(tagCol.head.left - (tagCol.cell?.left ?? Number.NaN))).toBeLessThanOrEqual(1);
        expect(Math.abs(digestCol.head.left - (digestCol.cell?.left ?? Number.NaN))).toBeLessThanOrEqual(1);
        expect(digestCol.head.left - tagCol.head.right).toBeGreaterThanOrEqual(12);
        expect(Math.abs(sizeCol.head.right - (sizeCol.cell?.right ?? Number.NaN))).toBeLessThanOrEqual(1);

        await grantClipboard(page);
        await row.getByRole('button', { name: w.copyDigest }).click();
        expect(await readClipboard(page)).toBe(digest);
      });
    }
  }
});
