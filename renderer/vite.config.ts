// Owns the renderer build: root renderer/, relative base (file:// in Electron, / on the bridge), output dist/renderer.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(here, '../dist/renderer'),
    emptyOutDir: true,
    // Source maps stay out of the package; CSP forbids eval, so no eval-based devtool either.
    sourcemap: false,
    // Electron's Chromium and the test Chromium are both recent.
    target: 'es2022',
    // The modulepreload polyfill would be harmless, but nothing here needs it.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: false },
});
