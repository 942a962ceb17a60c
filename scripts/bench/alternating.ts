// The measuring loop the registry benches (pull, push) share: one unmeasured run of each side
// (page cache and registry warm for both; skipped in smoke mode), then rounds that alternate which
// side goes first, taken until the core's rounds are steady (bench-kit's steadyRounds). Each side
// returns its own elapsed milliseconds and what it moved, so per-run setup and proof (removing the
// image, a fresh repository, counting layers) stay out of the measurement.
import { median, MiB, roundsPlan, SMOKE, steadyRounds } from './bench-kit';

/** One measured run of one side: its time and the bytes it proved it moved. */
export interface SideRun {
  ms: number;
  bytes: number;
}

export interface AlternateResult {
  /** Median over the used rounds of core/cli within the same round (both saw the machine's state of the moment). */
  ratio: number;
  /** max/min of the core's used rounds. */
  spread: number;
  /** Rounds taken (including those set aside while the machine was noisy). */
  rounds: number;
  /** Median MiB the core moved per used round. */
  movedMib: number;
}

/** Runs core and cli alternately until steady; logs each round and the medians. */
export async function alternate(
  plan: { wanted: number; max?: number },
  cliName: string,
  sides: { core: () => Promise<SideRun>; cli: () => Promise<SideRun> },
): Promise<AlternateResult> {
  if (!SMOKE) {
    await sides.core();
    await sides.cli();
  }
  const result = await steadyRounds(
    roundsPlan(plan.wanted, plan.max),
    async (round) => {
      const order = round % 2 === 0 ? (['core', 'cli'] as const) : (['cli', 'core'] as const);
      const runs: Partial<Record<'core' | 'cli', SideRun>> = {};
      for (const side of order) runs[side] = await sides[side]();
      const { core, cli } = runs as Record<'core' | 'cli', SideRun>;
      console.log(`round ${round + 1}: core ${core.ms.toFixed(0)} ms, ${cliName} ${cli.ms.toFixed(0)} ms`);
      return { core, cli };
    },
    (r) => r.core.ms,
  );
  const used = result.used;
  const core = median(used.map((r) => r.core.ms));
  const cli = median(used.map((r) => r.cli.ms));
  console.log(
    `median of ${used.length} rounds: core ${core.toFixed(0)} ms, ${cliName} ${cli.toFixed(0)} ms (ratio of medians ${(core / cli).toFixed(3)})`,
  );
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  return {
    ratio: median(used.map((r) => r.core.ms / r.cli.ms)),
    spread: result.spread,
    rounds: result.all.length,
    movedMib: median(used.map((r) => r.core.bytes)) / MiB,
  };
}
