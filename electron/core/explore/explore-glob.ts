// Owns the explorer's glob search over every layer's entries (shared/explore.ts 'explore.search'),
// with picomatch (the matcher behind most Node tools' globs) rather than a hand-written one.
import picomatch from 'picomatch';
import type { ExploreSearchResult } from '../../../shared/explore';
import type { ModelEntry } from './model-types';

/**
 * Compiles a pattern the way .gitignore reads one: `**` crosses folders, `*` does not, a pattern
 * without `/` matches the base name anywhere (`*.conf` finds `etc/nginx/nginx.conf`), and dot files
 * match like any other (an image's `.bashrc` is a file people look for). A leading `/` or `./`
 * anchors at the image root (`/lib` is the top-level one only); a trailing `/` is dropped (the
 * explorer's paths have none). picomatch's own `basename` option is set only for patterns without
 * `/` (it applies to the others too, where a pattern such as etc/<globstar>/*.conf would then
 * match nothing).
 * Extglobs (`+(a|b)`) are off: nested ones compile to regular expressions that backtrack badly, and
 * a search runs in the app's core over every path of the image; braces and classes stay.
 */
export function compileGlob(glob: string): (path: string) => boolean {
  const anchored = /^\.?\//.test(glob);
  const pattern = glob.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
  if (pattern === '') return () => true;
  const basename = !anchored && !pattern.includes('/');
  try {
    return picomatch(pattern, { dot: true, basename, noextglob: true });
  } catch {
    // picomatch refuses a few patterns it cannot compile: look for the text as written instead.
    return basename ? (path) => path === pattern || path.endsWith(`/${pattern}`) : (path) => path === pattern;
  }
}

/** Matches in layer order, each layer's in path order (the layers' entries are sorted); `limit` of them at most. */
export function searchLayers(layers: readonly { entries: readonly ModelEntry[] }[], glob: string, limit: number): ExploreSearchResult {
  const isMatch = compileGlob(glob);
  const matches: ExploreSearchResult['matches'] = [];
  for (let layer = 0; layer < layers.length; layer++) {
    for (const entry of layers[layer].entries) {
      if (!isMatch(entry.path)) continue;
      if (matches.length >= limit) return { matches, truncated: true };
      matches.push({ layer, entry });
    }
  }
  return { matches, truncated: false };
}
