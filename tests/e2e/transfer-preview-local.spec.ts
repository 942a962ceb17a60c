// The browser previews an archive without uploading it: the page reads manifest.json from the File
// (slices of a plain tar, a gzip stream read only up to the manifest) and asks the core only what
// the engine knows (`images.describeArchive`, a small WebSocket frame). Watched from outside the
// page: no request to /transfer/preview, no frame anywhere near the archive's size; Load then
// uploads each archive once. A .tar.xz, which a page cannot decompress, still previews by upload.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cleanup, imageIdOf, importImage, mustCli, NS, RUN, TEST_LABEL } from '../support/edit-fixtures';
import { dialogNamed } from './edit-support';
import { openImages, requireEngineOrSkip } from './support';

requireEngineOrSkip();

const repo = (what: string) => `${NS}/preview-local-${RUN}-${what}`;
const labels = { [TEST_LABEL]: `preview-local-${RUN}` };
/** Present on the test engine from the start (a shared fixture; never removed here). */
const FIXTURE = `${NS}/tiny:1`;
const dir = mkdtempSync(join(tmpdir(), 'stevedore-e2e-preview-local-'));

test.afterAll(async () => {
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** `docker save -o` by the CLI, then compressed copies by the gzip and xz programs. */
async function cliSave(file: string, ...refs: string[]): Promise<{ tar: string; gz: string; xz: string }> {
  const tar = join(dir, file);
  await mustCli(['save', '-o', tar, ...refs]);
  const gz = `${tar}.gz`;
  const xz = `${tar}.xz`;
  execFileSync('sh', ['-c', 'gzip -c "$0" > "$1" && xz -c "$0" > "$2"', tar, gz, xz]);
  return { tar, gz, xz };
}

interface Frame {
  bytes: number;
  channel: string;
}

/** What leaves the page: paths of HTTP requests to the transfer routes, the bridge frames it sends. */
function watchTraffic(page: Page): { transfers: string[]; frames: Frame[] } {
  const seen = { transfers: [] as string[], frames: [] as Frame[] };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/transfer/')) seen.transfers.push(path);
  });
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      let channel = '';
      try {
        channel = String((JSON.parse(text) as { channel?: unknown }).channel ?? '');
      } catch {
        // not a contract frame
      }
      seen.frames.push({ bytes: Buffer.byteLength(text), channel });
    }),
  );
  return seen;
}
const describeFrames = (frames: Frame[]) => frames.filter((f) => f.channel === 'images.describeArchive');

async function pickArchives(page: Page, files: string[]) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('main').getByRole('button', { name: 'Load…', exact: true }).click();
  await (await chooser).setFiles(files);
  return dialogNamed(page, 'Load image archives');
}

test('a plain tar and a .tar.gz preview tags, moved tags and present images without sending the archive; Load uploads each once', async ({
  page,
}) => {
  const traffic = watchTraffic(page);
  const name = repo('moves');
  // Big enough that any upload of it would stand out among the frames.
  const archived = await importImage(`${name}:1`, { labels, bytes: 512 * 1024 });
  await mustCli(['tag', `${name}:1`, `${name}:2`]);
  const { tar, gz } = await cliSave(`local-${RUN}.tar`, `${name}:1`, `${name}:2`, FIXTURE);
  await mustCli(['rmi', `${name}:1`, `${name}:2`]);
  // Meanwhile :2 names another image here: loading would move it.
  const local = await importImage(`${name}:2`, { labels });
  // The preview lists tags in the archive's order, which the engine picks.
  const manifest = JSON.parse(execFileSync('tar', ['-xOf', tar, 'manifest.json'], { encoding: 'utf8' })) as { RepoTags: string[] }[];
  const tags = manifest.flatMap((m) => m.RepoTags);
  expect([...tags].sort()).toEqual([`${name}:1`, `${name}:2`, FIXTURE].sort());

  await openImages(page);
  const dialog = await pickArchives(page, [tar, gz]);
  for (const [file, kind] of [
    [tar, 'tar'],
    [gz, 'tar, gzip-compressed'],
  ]) {
    const item = dialog.getByRole('listitem', { name: basename(file), exact: true });
    await expect(item.getByText('Ready', { exact: true })).toBeVisible();
    await expect(item.getByRole('list', { name: `Tags in ${basename(file)}`, exact: true }).getByRole('listitem')).toHaveText(tags);
    await expect(item.getByRole('list', { name: `Local tags ${basename(file)} moves`, exact: true }).getByRole('listitem')).toHaveText([
      `${name}:2 moves from image ${local.slice(7, 19)} to ${archived.slice(7, 19)}`,
    ]);
    await expect(item).toContainText('2 images');
    await expect(item).toContainText('1 already here');
    await expect(item.getByText(kind, { exact: true })).toBeVisible();
  }

  // The previews sent no byte of either archive: no upload route, no frame near an archive's size.
  expect(traffic.transfers).toEqual([]);
  const smallest = Math.min(statSync(tar).size, statSync(gz).size);
  expect(smallest).toBeGreaterThan(256 * 1024);
  expect(describeFrames(traffic.frames)).toHaveLength(2);
  expect(Math.max(...traffic.frames.map((f) => f.bytes))).toBeLessThan(16 * 1024);

  await dialog.getByRole('button', { name: 'Load 2 archives' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => imageIdOf(`${name}:2`), { timeout: 30_000 }).toBe(archived);
  await page.getByRole('navigation').getByRole('button', { name: 'Jobs', exact: true }).click();
  for (const file of [tar, gz]) {
    await expect(
      page.getByRole('listitem', { name: `Load ${basename(file)}`, exact: true }).getByText('Done', { exact: true }),
    ).toBeVisible();
  }
  expect(await imageIdOf(`${name}:1`)).toBe(archived);
  // Load is the one upload of each archive.
  expect(traffic.transfers).toEqual(['/transfer/load', '/transfer/load']);
});

test('a .tar.xz, which a page cannot decompress, still previews through the upload', async ({ page }) => {
  const traffic = watchTraffic(page);
  const name = repo('xz');
  await importImage(`${name}:1`, { labels });
  const { xz } = await cliSave(`xz-${RUN}.tar`, `${name}:1`);

  await openImages(page);
  const dialog = await pickArchives(page, [xz]);
  const item = dialog.getByRole('listitem', { name: basename(xz) });
  await expect(item.getByText('Ready', { exact: true })).toBeVisible();
  await expect(item.getByRole('list', { name: `Tags in ${basename(xz)}` }).getByRole('listitem')).toHaveText([`${name}:1`]);
  await expect(item.getByText('tar, xz-compressed', { exact: true })).toBeVisible();
  await expect(item).toContainText('1 already here');
  expect(traffic.transfers).toEqual(['/transfer/preview']);
  expect(describeFrames(traffic.frames)).toEqual([]);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(traffic.transfers).toEqual(['/transfer/preview']);
});

test('a text file is refused by name in the page: nothing is uploaded and the core is not asked', async ({ page }) => {
  const traffic = watchTraffic(page);
  const notes = join(dir, `notes-${RUN}.txt`);
  execFileSync('sh', ['-c', 'yes "not an image archive" | head -c 100000 > "$0"', notes]);

  await openImages(page);
  const dialog = await pickArchives(page, [notes]);
  const item = dialog.getByRole('listitem', { name: basename(notes) });
  await expect(item.getByRole('alert')).toHaveText(
    `${basename(notes)} is not an image archive: expected a tar from docker save (plain, gzip, bzip2 or xz compressed)`,
  );
  expect(traffic.transfers).toEqual([]);
  expect(describeFrames(traffic.frames)).toEqual([]);
});
