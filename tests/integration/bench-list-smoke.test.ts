// Specifies that the list bench cannot rot quietly (issue #15): `npm run bench:smoke` runs
// bench:list in its tiny mode against a built renderer; with the grid's paint mark deleted (the
// string renamed in a copy of the built scripts, as a scratch change to ImageGrid.tsx would) the
// smoke fails, bench:list prints no final BENCH line and says which mark it waited for; with the
// real renderer the same smoke passes and prints the line. A few hundred tags of the bench's own
// repository on the shared test stack, removed again by the bench.
import { describeBenchSmoke } from '../support/bench-smoke';
import { requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[bench-list-smoke] skipping: ${skipReason}`);

describeBenchSmoke(
  {
    script: 'bench:list',
    bench: 'list',
    mark: 'stevedore:images-painted',
    markRenamedTo: 'stevedore:images-paint-mark-deleted',
    fields: ['ratio_vs_api', 'ratio_vs_api_20k', 'paint_ms_5000', 'paint_ms_20000'],
    passes: 'passes with the real renderer and prints the final BENCH list line',
    failsWithoutMark: 'fails, naming the mark, when the grid no longer sets its paint mark',
  },
  skipReason !== null,
);
