// Loading the shipped CommonJS bundles with a fake `electron` (tests/support/fake-electron.ts): the
// strict module object whose missing exports throw, and the loader that hands it to require('electron').
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { runInThisContext } from 'node:vm';

/** A module object whose missing exports throw when read (see the header). */
export function strictModule(exports: Record<string, unknown>, name: string): Record<string, unknown> {
  return new Proxy(exports, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target || key === '__esModule' || key === 'default' || key === 'then') {
        return target[key as string];
      }
      throw new Error(`The fake ${name} module has no export "${key}": add a faithful stand-in to tests/support/fake-electron.ts`);
    },
  });
}

/**
 * Runs a CommonJS bundle as Node would, except that require('electron') returns `electron`.
 * `allowOthers: false` is the sandboxed-preload rule: a sandboxed preload may require nothing else.
 * A fresh copy every call (module state such as main.ts's window is per load).
 */
export function runBundle(
  file: string,
  electron: Record<string, unknown>,
  opts: { allowOthers: boolean },
): { exports: unknown; required: string[] } {
  const realRequire = createRequire(file);
  const required: string[] = [];
  const require = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    if (!opts.allowOthers) throw new Error(`module not found: ${id} (a sandboxed preload can require only 'electron')`);
    return realRequire(id);
  };
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, {
    filename: file,
  }) as (...args: unknown[]) => void;
  wrapper(module.exports, Object.assign(require, { resolve: realRequire.resolve, cache: realRequire.cache }), module, file, dirname(file));
  return { exports: module.exports, required };
}
