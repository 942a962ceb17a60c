// Owns the renderer build: root renderer/, relative base (file:// in Electron, / on the bridge), output dist/renderer.
// Start-up is split (main.tsx): a small entry chunk sends the first images list, the app chunk
// (start-app.tsx: React, the store, the Images view) loads beside it, and the other views and most
// dialogs are chunks of their own (AppLazy.tsx). tests/unit/renderer/code-split.test.ts checks it.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The module the entry imports dynamically for the first view; its chunks load before any row. */
export const APP_MODULE = 'src/start-app.tsx';

/** A chunk and every chunk it imports statically, in load order. */
function withStaticImports(bundle: Rollup.OutputBundle, fileName: string, seen = new Set<string>()): string[] {
  const chunk = bundle[fileName];
  if (seen.has(fileName) || chunk?.type !== 'chunk') return [];
  seen.add(fileName);
  return [fileName, ...chunk.imports.flatMap((f) => withStaticImports(bundle, f, seen))];
}

/**
 * index.html preloads the app chunk and its imports, so they download while the entry runs instead
 * of after it (a dynamic import alone would fetch them one round later). Plain <link
 * rel="modulepreload"> tags: allowed by the page's `script-src 'self'`, no inline script. And the
 * entry is an `async` module script: it runs as soon as it has loaded, not after the stylesheet
 * (a deferred script waits for it), so the first images list leaves sooner (main.tsx waits for the
 * document to be parsed before the app renders).
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'stevedore:preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return;
        const app = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId === resolve(here, APP_MODULE));
        if (!app) throw new Error(`no chunk for ${APP_MODULE}: main.tsx must import it dynamically`);
        const entry = ctx.chunk ? new Set(withStaticImports(bundle, ctx.chunk.fileName)) : new Set<string>();
        const asyncEntry = html.replace(/<script type="module"(?![^>]*\basync\b)/g, '<script type="module" async');
        return {
          html: asyncEntry,
          tags: withStaticImports(bundle, app.fileName)
            .filter((f) => !entry.has(f))
            .map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
        };
      },
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), preloadAppChunk()],
  build: {
    outDir: resolve(here, '../dist/renderer'),
    emptyOutDir: true,
    // Source maps stay out of the package; CSP forbids eval, so no eval-based devtool either.
    sourcemap: false,
    // Electron's Chromium and the test Chromium are both recent.
    target: 'es2022',
    // The modulepreload polyfill would be harmless, but nothing here needs it.
    modulePreload: { polyfill: false },
    // One stylesheet, linked by index.html, in the order the modules import it: the look is whole
    // before the first paint and the cascade does not depend on which chunk loaded first.
    cssCodeSplit: false,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
