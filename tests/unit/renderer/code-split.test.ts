// The renderer's build keeps start-up small (issue #15, item 6): the entry chunk only connects and
// sends the first images list (no React, no zod, no views); what index.html loads before the
// first rows holds the Images view and none of the other views or on-demand dialogs, nor the
// contract's zod schemas or react-aria (menus and dialogs load it on demand); each of those is a
// chunk of its own; and index.html has no inline script (the CSP forbids it), only module scripts
// and preloads of our own files. Builds in memory with the real config.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';

const config = resolve('renderer/vite.config.ts');
const src = resolve('renderer/src');

/** Modules that must never be in what the page loads first. */
const ON_DEMAND = [
  'features/search-pull/SearchView.tsx',
  'features/jobs/JobsPanel.tsx',
  'features/registries/RegistriesView.tsx',
  'features/registries/RegistryBrowser.tsx',
  'features/registries/LocalRegistryPanel.tsx',
  'features/edit/EditOverlays.tsx',
  'features/edit/RemoveDialog.tsx',
  'features/edit/PruneDialog.tsx',
  'features/edit/CommitDialog.tsx',
  'features/detail/DetailOverlays.tsx',
  'features/detail/DetailDialog.tsx',
  'features/detail/HistoryPanel.tsx',
  'features/registries/RegistriesOverlays.tsx',
  'features/registries/LoginDialog.tsx',
  'ui/OverflowMenuPopup.tsx',
  'ui/ContextMenu.tsx',
  'features/disk/DiskView.tsx',
  'features/disk/DiskTreemap.tsx',
  'features/explore/ExploreView.tsx',
  'features/explore/FileTree.tsx',
  'features/diff/DiffView.tsx',
  'features/detail/LineagePanel.tsx',
  'features/registry-copy/RegistryCopyOverlay.tsx',
  'features/registry-copy/CopyToRegistryDialog.tsx',
].map((m) => resolve(src, m));

/** Code the first rows do not need, too heavy to load before them: building the contract's schemas, the menus' library. */
const HEAVY_ON_DEMAND = [
  /[\\/]shared[\\/]contract\.ts$/,
  /node_modules[\\/]zod[\\/](?!v4[\\/]core[\\/](core|util)\.js$)/,
  /node_modules[\\/](@react-aria|react-aria|react-aria-components|react-stately|@react-stately)[\\/]/,
  /node_modules[\\/]d3-hierarchy[\\/]/,
];

let chunks: Rollup.OutputChunk[];
let html: string;

const byFile = (fileName: string) => chunks.find((c) => c.fileName === fileName);
/** A chunk and every chunk it imports statically. */
function withStaticImports(fileName: string, seen = new Set<string>()): Rollup.OutputChunk[] {
  const chunk = byFile(fileName);
  if (!chunk || seen.has(fileName)) return [];
  seen.add(fileName);
  return [chunk, ...chunk.imports.flatMap((f) => withStaticImports(f, seen))];
}
/** What index.html makes the page load before anything runs: its module scripts, its preloads, and their imports. */
function initialChunks(): Rollup.OutputChunk[] {
  const files = [...html.matchAll(/<(?:script type="module"[^>]*\ssrc|link rel="modulepreload"[^>]*\shref)="\.\/([^"]+)"/g)].map(
    (m) => m[1],
  );
  const seen = new Set<string>();
  return files.flatMap((f) => withStaticImports(f, seen));
}
const modulesOf = (cs: Rollup.OutputChunk[]) => new Set(cs.flatMap((c) => c.moduleIds));

beforeAll(async () => {
  const out = (await build({ configFile: config, logLevel: 'silent', build: { write: false } })) as Rollup.RollupOutput;
  chunks = out.output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  const page = out.output.find((o) => o.fileName === 'index.html');
  html = page?.type === 'asset' ? String(page.source) : '';
}, 180_000);

describe('the renderer build', () => {
  it("has an entry chunk that sends the first list without React, the contract's schemas or any view", () => {
    const entry = chunks.find((c) => c.isEntry);
    expect(entry?.moduleIds).toContain(resolve(src, 'transport/early-request.ts'));
    // Its styles (one stylesheet, vite.config.ts) are no script, and zod's configuration (set
    // before any schema is built) is not its schemas: only those are too heavy here.
    const heavy = entry!.moduleIds.filter(
      (id) =>
        /node_modules[\\/](react-dom|react|i18next)[\\/]|[\\/]features[\\/].*\.tsx?$|[\\/]shared[\\/]contract\.ts$/.test(id) ||
        (/node_modules[\\/]zod[\\/]/.test(id) && !/zod[\\/]v4[\\/]core[\\/](core|util)\.js$/.test(id)),
    );
    expect(heavy).toEqual([]);
  });

  it('loads the Images view first and none of the other views or on-demand dialogs', () => {
    const first = modulesOf(initialChunks());
    expect(first).toContain(resolve(src, 'features/images/ImagesView.tsx'));
    expect(first).toContain(resolve(src, 'start-app.tsx'));
    expect(ON_DEMAND.filter((m) => first.has(m))).toEqual([]);
  });

  it("loads neither the contract's zod schemas nor react-aria before the first rows", () => {
    // Rendered code only: a module whose exports the first chunks do not use may be listed, emptied.
    const rendered = initialChunks().flatMap((c) => Object.entries(c.modules).flatMap(([id, m]) => (m.renderedLength > 0 ? [id] : [])));
    expect(rendered.filter((id) => HEAVY_ON_DEMAND.some((re) => re.test(id)))).toEqual([]);
  });

  it('builds each on-demand module into a chunk loaded by a dynamic import', () => {
    const dynamic = new Set(chunks.flatMap((c) => c.dynamicImports));
    const lazyChunks = chunks.filter((c) => dynamic.has(c.fileName));
    const lazyModules = new Set(lazyChunks.flatMap((c) => withStaticImports(c.fileName)).flatMap((c) => c.moduleIds));
    expect(ON_DEMAND.filter((m) => !lazyModules.has(m))).toEqual([]);
  });

  it('has no inline script in index.html, only our own files', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body.trim()).toBe('');
      expect(attrs).toMatch(/\ssrc="\.\/assets\/[^"/]+\.js"/);
    }
    const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);
    expect(preloads.length).toBeGreaterThan(0);
    expect(preloads.filter((h) => !/^\.\/assets\/[^/]+\.js$/.test(h))).toEqual([]);
    expect(html).toMatch(/Content-Security-Policy[\s\S]*script-src 'self'/);
  });
});
