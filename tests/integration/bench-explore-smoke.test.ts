// Specifies that the explore bench cannot rot quietly (issues #15, #17): `npm run bench:smoke`
// runs bench:explore in its tiny mode (an image of a few MiB made for the run and removed after)
// against a built renderer and prints its BENCH line; with the explorer tree's paint mark deleted
// (the string renamed in a copy of the built scripts, as a scratch change to FileTree.tsx would)
// the smoke fails, bench:explore prints no BENCH line and names the mark it waited for.
import { describeBenchSmoke } from '../support/bench-smoke';
import { requireEngine } from '../support/stack';

const skipReason = requireEngine();
if (skipReason) console.warn(`[bench-explore-smoke] skipping: ${skipReason}`);

describeBenchSmoke(
  {
    script: 'bench:explore',
    bench: 'explore',
    mark: 'stevedore:explore-tree-painted',
    markRenamedTo: 'stevedore:explore-paint-mark-deleted',
    fields: ['ratio_vs_api', 'rss_growth_mib', 'files', 'tree_paint_ms', 'spread', 'moved_mib'],
    passes: 'passes with the real renderer and prints the BENCH explore line',
    failsWithoutMark: 'fails, naming the mark, when the explorer tree no longer sets its paint mark',
  },
  skipReason !== null,
);
