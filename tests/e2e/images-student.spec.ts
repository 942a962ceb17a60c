// Issue #16, a student's walk through the Images chapter at 1024x700, in Spanish and in English:
// the quick filter's `<none>` finds exactly the rows `docker images` prints untagged; `until` on
// this engine (API < 1.44, which refuses it) is said beside the filter and in Copy as, with the
// `before=` command that lists the same rows, checked with the CLI; one reference is copied as
// `docker images REF`, whose output is the CLI's; every row-menu item has an icon.
// Own images (e2e-edit-<run>-*, removed afterwards): one made untagged by re-tagging its name, one
// pushed to the loopback registry (a digest) and one pulled back by digest (a digest-only row).
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadStackEnv } from '../support/stack';
import { cli, cleanupEdits, makeImage, repo, tag } from './edit-support';
import { bridgeUrl, docker, gridLines, lines, requireEngineOrSkip, sorted } from './support';

requireEngineOrSkip();
test.use({ viewport: { width: 1024, height: 700 } });

type Lang = 'en' | 'es';
type Strings = Record<string, unknown>;
const read = (lang: Lang, area: string): Strings =>
  JSON.parse(readFileSync(new URL(`../../renderer/src/i18n/${lang}/${area}.json`, import.meta.url), 'utf8')) as Strings;
/** The UI's own words, from the translation files (helpers may still polish the wording). */
function words(lang: Lang): (key: string, vars?: Record<string, string>) => string {
  const files = [read(lang, 'images'), read(lang, 'edit'), read(lang, 'shell')];
  return (key, vars = {}) => {
    for (const file of files) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Strings | undefined)?.[k], file);
      if (typeof value === 'string') return value.replace(/\{\{(\w+)\}\}/g, (_, v: string) => vars[v]);
    }
    throw new Error(`no ${lang} string ${key}`);
  };
}

const REG = loadStackEnv().registry;
const FORMAT = '{{.Repository}}\\t{{.Tag}}\\t{{.ID}}';
const DIGEST_FORMAT = '{{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}';
const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
/** Whole seconds of an image's Created (what the engine's summary, and core's `until`, use). */
const createdSecond = (ref: string) => Math.floor(Date.parse(cli('image', 'inspect', '--format', '{{.Created}}', ref)) / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const made = { dangling: '', pushed: '', digestOnlyRepo: '', older: '', olderId: '', newer: '', api: '' };
const OLDER_REPO = `${repo('u')}-a`;
const UNTIL_GLOB = `${repo('u')}-*`;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  made.api = cli('version', '--format', '{{.Server.APIVersion}}');
  // Untagged by re-tagging: its name moves to a newer image, so the CLI prints it <none> <none>.
  made.dangling = makeImage(`${repo('moving')}:1`);
  tag(makeImage(), `${repo('moving')}:1`);
  // A digest from the registry, and a digest-only name (pushed, untagged, pulled back by digest).
  const pushed = `${REG}/${repo('pushed')}:1`;
  made.pushed = makeImage(pushed);
  cli('push', '-q', pushed);
  const donly = `${REG}/${repo('donly')}`;
  tag(made.pushed, `${donly}:x`);
  cli('push', '-q', `${donly}:x`);
  const digest = cli('image', 'inspect', '--format', '{{range .RepoDigests}}{{println .}}{{end}}', `${donly}:x`)
    .split('\n')
    .find((d) => d.startsWith(`${donly}@`));
  if (!digest) throw new Error(`no digest for ${donly}:x after its push`);
  cli('rmi', `${donly}:x`);
  cli('pull', '-q', digest);
  made.digestOnlyRepo = donly;
  // Two images a second apart at least, for `until` between them: remade until the engine's
  // clock has ticked (a wait for the fixture, not a timed assertion).
  made.older = `${OLDER_REPO}:1`;
  made.olderId = makeImage(made.older);
  made.newer = `${repo('u')}-b:1`;
  makeImage(made.newer);
  for (let i = 0; createdSecond(made.newer) <= createdSecond(made.older); i++) {
    if (i > 10) throw new Error('the engine clock did not move');
    await sleep(1100);
    makeImage(made.newer);
  }
});

test.afterAll(() => cleanupEdits());

async function open(page: Page, lang: Lang): Promise<Locator> {
  const t = words(lang);
  await page.addInitScript(
    (l) =>
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('stevedore.language', l),
    lang,
  );
  await page.goto(bridgeUrl());
  const grid = page.getByRole('grid', { name: t('images.grid') });
  await expect(grid).toBeVisible();
  await expect(page.getByText(t('images.loading'))).toHaveCount(0);
  return grid;
}

const columns = (lang: Lang, digests: boolean) => {
  const t = words(lang);
  const c = (k: string) => t(`images.columns.${k}`);
  return digests ? [c('repository'), c('tag'), c('digest'), c('id')] : [c('repository'), c('tag'), c('id')];
};

/** The grid shows what `docker images` prints, restricted to the rows whose name passes `keep`. */
async function expectGridAsCli(grid: Locator, lang: Lang, digests: boolean, keep: (repository: string, tag: string) => boolean) {
  await expect(async () => {
    const out = await docker('images', ...(digests ? ['--digests'] : []), '--format', digests ? DIGEST_FORMAT : FORMAT);
    const want = sorted(lines(out).filter((l) => keep(...(l.split('\t') as [string, string]))));
    expect(sorted(await gridLines(grid, columns(lang, digests)))).toEqual(want);
  }).toPass({ timeout: 30_000, intervals: [250, 500, 1000] });
}

for (const lang of ['es', 'en'] as const) {
  test.describe(`in ${lang === 'es' ? 'Spanish' : 'English'} at 1024x700`, () => {
    test('the quick filter <none> shows exactly the rows docker images prints untagged, digests or not', async ({ page }) => {
      const t = words(lang);
      const grid = await open(page, lang);
      const filter = page.getByRole('searchbox', { name: t('toolbar.textFilter') });
      // The rule is in the field's tooltip.
      await expect(filter).toHaveAttribute('title', t('toolbar.textFilterHelp'));
      expect(t('toolbar.textFilterHelp')).toContain('<none>');
      await filter.fill('<none>');
      const untagged = (r: string, tg: string) => r === '<none>' || tg === '<none>';
      await expectGridAsCli(grid, lang, false, untagged);
      const shown = await gridLines(grid, columns(lang, false));
      expect(shown).toContain(`<none>\t<none>\t${short(made.dangling)}`);
      expect(shown).toContain(`${made.digestOnlyRepo}\t<none>\t${short(made.pushed)}`);
      expect(shown.filter((l) => l.includes(repo('pushed')))).toEqual([]);

      // With --digests most rows print DIGEST <none>: that is not "untagged", they stay hidden.
      await page.getByRole('switch', { name: t('toolbar.digests') }).check();
      await expectGridAsCli(grid, lang, true, untagged);
      // `none` is a word like any other: also the names containing it.
      await filter.fill('none');
      await expectGridAsCli(grid, lang, true, (r, tg) => `${r}:${tg}`.toLowerCase().includes('none'));
    });

    test('until on this engine: the note beside the filter, and Copy as gives the refusal and the same rows with before=', async ({
      page,
    }) => {
      test.skip(!/^1\.(\d|[1-3]\d|4[0-3])$/.test(made.api), `the engine's API ${made.api} takes --filter until`);
      const t = words(lang);
      const grid = await open(page, lang);
      const until = String(createdSecond(made.newer));
      // The engine itself refuses what the command line would send.
      const refused = await docker('images', '--filter', `until=${until}`, UNTIL_GLOB).then(
        () => '',
        (err: Error) => err.message,
      );
      expect(refused).toContain("Invalid filter 'until'");

      await addReference(page, t, UNTIL_GLOB);
      const field = page.getByRole('textbox', { name: t('filters.until'), exact: true });
      await field.fill(until);
      await field.press('Enter');
      const note = t('filters.untilRefused', { api: made.api });
      await expect(page.getByRole('note').filter({ hasText: note })).toBeVisible();
      await expect(field).toHaveAccessibleDescription(note);
      // The list honours until all the same: the older image only.
      await expect(async () =>
        expect(await gridLines(grid, columns(lang, false))).toEqual([`${OLDER_REPO}\t1\t${short(made.olderId)}`]),
      ).toPass();

      await page.getByRole('button', { name: t('toolbar.copyAs') }).click();
      const dialog = page.getByRole('dialog', { name: t('formatDialog.title') });
      const output = await renderTemplate(dialog, t, FORMAT);
      await expect(dialog.locator('.scope .command-line')).toHaveText(
        `docker images --filter until=${until} --format '${FORMAT}' '${UNTIL_GLOB}'`,
      );
      const copyNote = dialog.getByRole('note');
      await expect(copyNote).toContainText(t('copyAs.untilRefused', { api: made.api }));
      await expect(copyNote).toContainText(t('copyAs.untilBefore'));
      const equivalent = `docker images --filter before=${made.newer} --format '${FORMAT}' '${UNTIL_GLOB}'`;
      await expect(copyNote.locator('code')).toHaveText(equivalent);
      // What Copy as offers really lists the rows it copied, on this engine.
      expect(lines(await docker('images', '--filter', `before=${made.newer}`, '--format', FORMAT, UNTIL_GLOB))).toEqual(lines(output));
      expect(lines(output)).toEqual([`${OLDER_REPO}\t1\t${short(made.olderId)}`]);
    });

    test('one reference is copied as docker images REPOSITORY[:TAG], and prints what the CLI prints', async ({ page }) => {
      const t = words(lang);
      await open(page, lang);
      await addReference(page, t, made.older);
      await page.getByRole('button', { name: t('toolbar.copyAs') }).click();
      const dialog = page.getByRole('dialog', { name: t('formatDialog.title') });
      const output = await renderTemplate(dialog, t, FORMAT);
      await expect(dialog.locator('.scope .command-line')).toHaveText(`docker images --format '${FORMAT}' ${made.older}`);
      const positional = await docker('images', '--format', FORMAT, made.older);
      expect(lines(positional)).toHaveLength(1);
      expect(lines(output)).toEqual(lines(positional));
      // The CLI makes the positional argument a reference filter: the same text.
      expect(lines(await docker('images', '--format', FORMAT, '--filter', `reference=${made.older}`))).toEqual(lines(positional));
    });

    test('every item of the row menu and of its docker-command submenu has an icon, the same for an action and its command', async ({
      page,
    }) => {
      const t = words(lang);
      const grid = await open(page, lang);
      await page.getByRole('searchbox', { name: t('toolbar.textFilter') }).fill(made.older);
      const row = grid.getByRole('row').filter({ hasText: OLDER_REPO });
      await expect(row).toHaveCount(1);
      await row.click({ button: 'right' });
      const menu = page.getByRole('menu', { name: t('edit.menu.label') });
      await expect(menu).toBeVisible();
      const items = menu.getByRole('menuitem');
      expect(await items.count()).toBeGreaterThanOrEqual(11);
      expect(await items.evaluateAll((els) => els.filter((e) => !e.querySelector(':scope > svg')).map((e) => e.textContent))).toEqual([]);

      await items.filter({ hasText: t('shell.menu.copyCommand') }).click();
      const commands = page.getByRole('menuitem').filter({ hasText: /^docker / });
      await expect(commands.first()).toBeVisible();
      expect(await commands.count()).toBeGreaterThanOrEqual(5);
      expect(await commands.evaluateAll((els) => els.filter((e) => !e.querySelector(':scope > svg')).map((e) => e.textContent))).toEqual(
        [],
      );
      const icon = (l: Locator) => l.locator(':scope > svg').innerHTML();
      expect(await icon(commands.filter({ hasText: /^docker tag / }))).toBe(await icon(items.filter({ hasText: t('edit.menu.tag') })));
      expect(await icon(commands.filter({ hasText: /^docker rmi / }))).toBe(await icon(items.filter({ hasText: t('edit.menu.remove') })));
      await page.keyboard.press('Escape');
    });
  });
}

async function addReference(page: Page, t: ReturnType<typeof words>, value: string) {
  const field = page.getByRole('textbox', { name: t('filters.reference'), exact: true });
  await field.fill(value);
  await field.press('Enter');
  await expect(page.getByRole('button', { name: t('filters.remove', { filter: `reference=${value}` }) })).toBeVisible();
}

/** Renders a template in the open Copy as dialog and returns its output. */
async function renderTemplate(dialog: Locator, t: ReturnType<typeof words>, template: string): Promise<string> {
  const field = dialog.getByRole('textbox', { name: t('formatDialog.template') });
  await field.fill(template);
  await field.press('Enter');
  await expect(dialog.getByRole('status')).not.toHaveText(t('formatDialog.rendering'));
  const output = dialog.getByRole('textbox', { name: t('formatDialog.output') });
  await expect(output).not.toHaveValue('');
  return output.inputValue();
}
