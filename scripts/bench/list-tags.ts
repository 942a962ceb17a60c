// The tags `npm run bench:list` lists: `<repo>:t0` … `<repo>:t<n-1>`, spread over the engine's own
// tagged images (a tag costs the engine no disk), grown from one size to the next and removed at
// the end. The engine rewrites its whole reference store on every tag and untag, so making
// 20,000 of them takes minutes and grows with the count: progress is printed, and
// STEVEDORE_BENCH_KEEP_TAGS=1 keeps them for the next run (on a bench's own stack only).
import type Dockerode from 'dockerode';
import { ms } from './bench-kit';

/** Tag and untag requests in flight at once (the engine serialises them; a few hide the round trips). */
const POOL = 8;

async function pool<T>(items: readonly T[], work: (item: T) => Promise<unknown>, progress?: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(POOL, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++]);
        progress?.(++done);
      }
    }),
  );
}

/** A line every 15 s while many tags are made or removed (minutes at 20,000). */
function progress(what: string, total: number): (done: number) => void {
  const t0 = process.hrtime.bigint();
  let last = t0;
  return (done) => {
    if (total < 500 || done === total || process.hrtime.bigint() - last < 15_000_000_000n) return;
    last = process.hrtime.bigint();
    console.log(`  ${done}/${total} tags ${what} (${(ms(t0) / 1000).toFixed(0)} s)`);
  };
}

const isMissing = (err: unknown) => (err as { statusCode?: number }).statusCode === 404;

export class BenchTags {
  private sources: string[] = [];

  constructor(
    private readonly docker: Dockerode,
    /** The repository every bench tag lives in (lower case, `stevedore-bench/…`). */
    readonly repo: string,
  ) {}

  /** The bench's tags now on the engine (every `<repo>:*`). */
  async current(): Promise<string[]> {
    const images = await this.docker.listImages({
      filters: JSON.stringify({ reference: { [`${this.repo}:*`]: true } }),
    } as Dockerode.ListImagesOptions);
    return images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t.startsWith(`${this.repo}:`)));
  }

  /**
   * Tagged images of the engine that are not bench tags: what bench tags point at. The stack's
   * fixtures when there are any: on the shared stack other tests remove their own images at any time.
   */
  private async tagSources(): Promise<string[]> {
    if (this.sources.length) return this.sources;
    const images = await this.docker.listImages();
    const tagged = images.flatMap((i) =>
      (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>' && !t.startsWith('stevedore-bench/')).slice(0, 1),
    );
    const fixtures = tagged.filter((t) => t.startsWith('stevedore-fixture/'));
    this.sources = fixtures.length ? fixtures : tagged;
    if (this.sources.length === 0) throw new Error('no tagged image on the engine to tag from: run bash scripts/test-stack/up.sh');
    return this.sources;
  }

  /**
   * Makes exactly `count` numbered tags exist (and no other tag of the repository). Returns the
   * milliseconds it took; prints progress when there are many to make.
   */
  async ensure(count: number): Promise<number> {
    const t0 = process.hrtime.bigint();
    const sources = await this.tagSources();
    const existing = new Set(await this.current());
    const wanted = Array.from({ length: count }, (_, i) => `t${i}`).filter((t) => !existing.has(`${this.repo}:${t}`));
    const keep = new Set(Array.from({ length: count }, (_, i) => `${this.repo}:t${i}`));
    const extra = [...existing].filter((t) => !keep.has(t));
    if (wanted.length > 500) console.log(`making ${wanted.length} tags of ${this.repo} (the engine slows down as its tag count grows)…`);
    await pool(
      wanted,
      (tag) => {
        const i = Number(tag.slice(1));
        return this.docker.getImage(sources[i % sources.length]).tag({ repo: this.repo, tag });
      },
      progress('made', wanted.length),
    );
    if (extra.length > 500) console.log(`removing ${extra.length} tags of ${this.repo}…`);
    await this.untag(extra);
    return ms(t0);
  }

  /** Adds one tag (a change of data the engine's events deliver to the page). */
  async add(tag: string): Promise<void> {
    const [source] = await this.tagSources();
    await this.docker.getImage(source).tag({ repo: this.repo, tag });
  }

  /** Removes these references (tags only: the images stay); one already gone is fine. */
  async untag(refs: readonly string[]): Promise<void> {
    await pool(
      refs,
      (ref) =>
        this.docker
          .getImage(ref)
          .remove({ noprune: true })
          .catch((err: unknown) => {
            if (!isMissing(err)) throw err;
          }),
      progress('removed', refs.length),
    );
  }

  /** Removes every tag of the repository. */
  async removeAll(): Promise<void> {
    const refs = await this.current();
    if (refs.length > 500) console.log(`removing ${refs.length} tags of ${this.repo}…`);
    await this.untag(refs);
  }
}

/**
 * Smoke runs tag `stevedore-bench/list-smoke-<pid>` (runs on a shared stack never share tags);
 * a run killed before its cleanup leaves its tags behind: those of processes no longer alive go.
 */
export async function removeStaleSmokeTags(docker: Dockerode): Promise<void> {
  const images = await docker.listImages({
    filters: JSON.stringify({ reference: { 'stevedore-bench/list-smoke-*:*': true } }),
  } as Dockerode.ListImagesOptions);
  const stale = images
    .flatMap((i) => i.RepoTags ?? [])
    .filter((ref) => {
      const pid = Number(/^stevedore-bench\/list-smoke-(\d+):/.exec(ref)?.[1]);
      return Number.isSafeInteger(pid) && pid !== process.pid && !alive(pid);
    });
  await pool(stale, (ref) =>
    docker
      .getImage(ref)
      .remove({ noprune: true })
      .catch(() => undefined),
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
