import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrunePlan, PruneResult } from '../../shared/contract';
import { EngineConnection } from '../../electron/core/engine/engine';
import { StevedoreCore } from '../../electron/core/service';
import {
  cleanup,
  cli,
  cliCommit,
  containerName,
  createdContainer,
  imageExists,
  importImage,
  mustCli,
  normalizeLines,
  NS,
  ranContainer,
  removeContainer,
  RUN,
  runningContainer,
  TEST_LABEL,
  trackImage,
} from '../support/edit-fixtures';
import { loadStackEnv, requireEngine } from '../support/stack';

// CAREFUL: a prune acts on the WHOLE engine, which other test files and people share. Every prune
// here (dry run, core and CLI) carries `label=org.stevedore.test=prune-<run>-<case>`, a label only
// the images made in this file carry, so nothing else can match.
const skipReason = requireEngine();
const stack = loadStackEnv();
let core: StevedoreCore;

const label = (what: string) => `prune-${RUN}-${what}`;
const only = (what: string) => `label=${TEST_LABEL}=${label(what)}`;

async function call<T>(channel: string, request: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const r = await core.handle(channel, request);
    if (r.ok) return r.value as T;
    // Someone else's prune (with their own filter) may be running: the engine allows one at a time.
    if (attempt < 10 && /a prune operation is already running/.test(r.error.message)) {
      await new Promise((res) => setTimeout(res, 500));
      continue;
    }
    throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  }
}

function guardFilters(filters: string[]): string[] {
  // The safety net of this file: never send a prune without our own label.
  if (!filters.some((f) => f.startsWith(`label=${TEST_LABEL}=prune-${RUN}-`))) throw new Error('refusing an unscoped prune');
  return filters;
}

async function planThenPrune(all: boolean, filters: string[]): Promise<{ plan: PrunePlan; result: PruneResult }> {
  guardFilters(filters);
  const plan = await call<PrunePlan>('images.prunePlan', { all, filters });
  const result = await call<PruneResult>('images.prune', { all, filters });
  return { plan, result };
}

const sorted = (xs: readonly string[]) => [...xs].sort();

describe.skipIf(Boolean(skipReason))('prune, scoped to our own label, against the real engine', () => {
  beforeAll(async () => {
    core = new StevedoreCore({ engine: new EngineConnection({ endpoint: { host: stack.dockerHost, source: 'env' } }) });
    await core.start();
  });
  afterAll(async () => {
    core?.dispose();
    await cleanup();
  });

  it('dangling prune: the dry run lists exactly what the engine removes, and the bytes it reports', async () => {
    const L = { [TEST_LABEL]: label('d') };
    const d1 = await importImage(undefined, { labels: L, bytes: 3000 });
    const d2 = await importImage(undefined, { labels: L, bytes: 5000 });
    // An untagged parent with an untagged child: only the child is a head; the parent goes after it.
    const b0 = await importImage(undefined, { labels: L, busybox: true });
    const c1 = await ranContainer('prune-c1', b0, ['sh', '-c', 'dd if=/dev/zero of=/blob bs=1000 count=7 2>/dev/null']);
    const child = await cliCommit(c1);
    await removeContainer(containerName('prune-c1'));
    // Used by a (stopped) container: the engine keeps it.
    const used = await importImage(undefined, { labels: L, busybox: true });
    await createdContainer('prune-used', used);
    // Tagged: not dangling. Marked keep: excluded by label!. Newer than `until`: excluded.
    const tagged = await importImage(`${NS}/edit-prune-tagged-${RUN}:1`, { labels: L });
    const marked = await importImage(undefined, { labels: { ...L, 'org.stevedore.keep': '1' } });
    await new Promise((r) => setTimeout(r, 1500));
    const cut = Math.floor(Date.now() / 1000);
    await new Promise((r) => setTimeout(r, 1100));
    const newer = await importImage(undefined, { labels: L });

    const { plan, result } = await planThenPrune(false, [only('d'), 'label!=org.stevedore.keep', `until=${cut}`]);
    expect(plan.warning).toBe('WARNING! This will remove all dangling images.');
    expect(sorted(plan.images.map((i) => i.id))).toEqual(sorted([d1, d2, child, b0]));
    expect(plan.kept).toEqual([
      {
        id: used,
        references: [],
        reason: expect.stringMatching(
          /^conflict: unable to delete [0-9a-f]{12} \(must be forced\) - image is being used by stopped container [0-9a-f]{12}$/,
        ),
      },
    ]);
    // What the engine did is what the dry run said, record for record, byte for byte.
    expect(sorted(result.deleted)).toEqual(sorted(plan.deleted));
    expect(sorted(result.untagged)).toEqual(sorted(plan.untagged));
    expect(plan.sizesExact).toBe(true);
    expect(result.spaceReclaimed).toBe(plan.spaceReclaimed);
    expect(result.spaceReclaimed).toBeGreaterThan(15_000);
    for (const id of [d1, d2, child, b0]) expect(await imageExists(id)).toBe(false);
    for (const id of [used, tagged, marked, newer]) expect(await imageExists(id)).toBe(true);
  });

  it('prune -a: tagged images without containers go too; images used by containers stay', async () => {
    const L = { [TEST_LABEL]: label('a') };
    const one = await importImage(`${NS}/edit-prune-all-${RUN}:1`, { labels: L, bytes: 2000 });
    const two = await importImage(`${NS}/edit-prune-all-a-${RUN}:1`, { labels: L });
    await mustCli(['tag', two, `${NS}/edit-prune-all-b-${RUN}:1`]);
    const dangling = await importImage(undefined, { labels: L });
    const busy = await importImage(`${NS}/edit-prune-busy-${RUN}:1`, { labels: L, busybox: true });
    await runningContainer('prune-busy', busy);
    // Two names and a stopped container: the engine drops the first name, then refuses the last one.
    const twice = await importImage(`${NS}/edit-prune-twice-a-${RUN}:1`, { labels: L, busybox: true });
    await mustCli(['tag', twice, `${NS}/edit-prune-twice-b-${RUN}:1`]);
    await createdContainer('prune-twice', twice);

    const { plan, result } = await planThenPrune(true, [only('a')]);
    expect(plan.warning).toBe('WARNING! This will remove all images without at least one container associated to them.');
    expect(sorted(plan.images.map((i) => i.id))).toEqual(sorted([one, two, dangling]));
    expect(plan.untagged).toEqual(expect.arrayContaining([`${NS}/edit-prune-twice-a-${RUN}:1`, `${NS}/edit-prune-all-${RUN}:1`]));
    expect(sorted(plan.kept.map((k) => k.id))).toEqual(sorted([busy, twice]));
    expect(sorted(result.deleted)).toEqual(sorted(plan.deleted));
    expect(sorted(result.untagged)).toEqual(sorted(plan.untagged));
    expect(result.spaceReclaimed).toBe(plan.spaceReclaimed);
    expect(await imageExists(busy)).toBe(true);
    expect(await imageExists(`${NS}/edit-prune-twice-a-${RUN}:1`)).toBe(false);
    expect(await imageExists(`${NS}/edit-prune-twice-b-${RUN}:1`)).toBe(true);
  });

  it('prints what `docker image prune -f` prints for the same state', async () => {
    const a = await importImage(undefined, { labels: { [TEST_LABEL]: label('cli-a') }, bytes: 4096 });
    const b = await importImage(undefined, { labels: { [TEST_LABEL]: label('cli-b') }, bytes: 4096 });
    trackImage(a);
    trackImage(b);
    const viaCli = await cli(['image', 'prune', '-f', '--filter', only('cli-a')]);
    expect(viaCli.code).toBe(0);
    const viaCore = await call<PruneResult>('images.prune', { all: false, filters: guardFilters([only('cli-b')]) });
    expect(normalizeLines(viaCore.text.split('\n'), {})).toEqual(normalizeLines(viaCli.stdout.split('\n'), {}));
    expect(viaCore.text).toMatch(
      /^Deleted Images:\ndeleted: sha256:[0-9a-f]{64}\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: \d/,
    );
  });

  it('refuses filters the engine would refuse, before anything is sent', async () => {
    const r = await core.handle('images.prunePlan', { filters: ['foo=bar'] });
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: "Invalid filter 'foo'" } });
    const two = await core.handle('images.prune', { filters: [only('x'), 'until=1h', 'until=2h'] });
    expect(two).toMatchObject({ ok: false, error: { message: 'more than one until filter specified' } });
  });
});
