// The measuring loop the engine-transfer benches (pull, push) share: one unmeasured run of each
// side (page cache and registry warm for both), then rounds that alternate which side goes first,
// and the medians compared. Each side returns its own elapsed milliseconds, so per-run setup
// (removing the image, a fresh repository) stays out of the measurement.

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Milliseconds since `t0` (process.hrtime.bigint()). */
export const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Runs core and cli alternately; logs each round and the medians; returns median(core) / median(cli). */
export async function alternate(
  rounds: number,
  cliName: string,
  sides: { core: () => Promise<number>; cli: () => Promise<number> },
): Promise<number> {
  await sides.core();
  await sides.cli();
  const times = { core: [] as number[], cli: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['core', 'cli'] as const) : (['cli', 'core'] as const);
    for (const side of order) times[side].push(await sides[side]());
    console.log(`round ${round + 1}: core ${times.core[round].toFixed(0)} ms, ${cliName} ${times.cli[round].toFixed(0)} ms`);
  }
  const core = median(times.core);
  const cli = median(times.cli);
  console.log(`median: core ${core.toFixed(0)} ms, ${cliName} ${cli.toFixed(0)} ms`);
  console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  return core / cli;
}
