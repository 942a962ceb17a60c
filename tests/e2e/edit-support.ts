// Shared steps of the editing end-to-end tests (remove, tag, prune, commit, undo): images and
// containers of their own, namespaced `stevedore-fixture/e2e-edit-<run>-*` / `stevedore-e2e-edit-<run>-*`
// and labelled `org.stevedore.test=e2e-edit-<run>`, so the shared engine's other users never see a
// change to theirs. Everything made here is removed by `cleanupEdits()`.
import { randomBytes } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { dockerCliSync } from '../support/stack';

export const RUN = randomBytes(4).toString('hex');
export const LABEL_KEY = 'org.stevedore.test';
export const LABEL = `${LABEL_KEY}=e2e-edit-${RUN}`;
export const BASE = 'stevedore-fixture/busybox:latest';

export const repo = (what: string) => `stevedore-fixture/e2e-edit-${RUN}-${what}`;
export const containerName = (what: string) => `stevedore-e2e-edit-${RUN}-${what}`;

const madeImages = new Set<string>();
const madeContainers = new Set<string>();
const madeTags = new Set<string>();

/** The docker CLI against the test engine; throws with its stderr when it fails. */
export function cli(...args: string[]): string {
  const r = dockerCliSync(args, { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

export function imageId(ref: string): string | undefined {
  const r = dockerCliSync(['image', 'inspect', '--format', '{{.Id}}', ref]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** `docker tag`, remembered for cleanup. */
export function tag(source: string, target: string): void {
  cli('tag', source, target);
  madeTags.add(target);
}

/**
 * A new image of our own (a unique ID that shares the busybox layers), labelled with this run's
 * label: a never-started container committed, then removed. `ref` undefined makes it dangling.
 */
export function makeImage(ref?: string): string {
  const name = containerName(`mk-${randomBytes(3).toString('hex')}`);
  cli('create', '--network', 'none', '--name', name, BASE, 'true');
  try {
    const id = cli('commit', '--change', `LABEL ${LABEL_KEY}=e2e-edit-${RUN}`, name);
    madeImages.add(id);
    if (ref) tag(id, ref);
    return id;
  } finally {
    dockerCliSync(['rm', '-f', name]);
  }
}

/** A container of our own: stopped (`create`) or running (`run -d … sleep`). */
export function makeContainer(name: string, image: string, running: boolean): string {
  madeContainers.add(name);
  dockerCliSync(['rm', '-f', name]);
  return running
    ? cli('run', '-d', '--network', 'none', '--name', name, image, 'sleep', '300')
    : cli('create', '--network', 'none', '--name', name, image, 'true');
}

export function trackContainer(name: string): void {
  madeContainers.add(name);
}
export function trackImage(id: string): void {
  madeImages.add(id);
}
/** A tag the UI made on some image: cleanup removes the name only. */
export function trackTag(ref: string): void {
  madeTags.add(ref);
}

/** Removes what these helpers made: containers, our tags (never the fixtures they point at), our images. */
export function cleanupEdits(): void {
  for (const c of madeContainers) dockerCliSync(['rm', '-f', c]);
  madeContainers.clear();
  for (const t of madeTags) dockerCliSync(['rmi', t]);
  madeTags.clear();
  for (const id of madeImages) dockerCliSync(['rmi', '-f', id]);
  madeImages.clear();
}

/** Narrows the grid to rows whose names contain `text`, and waits for `count` of them. */
export async function showOnly(page: Page, grid: Locator, text: string, count: number): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Filter rows' }).fill(text);
  const rows = grid.getByRole('row').filter({ hasText: text });
  await expect(rows).toHaveCount(count);
  return rows;
}

export const dialogNamed = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });
