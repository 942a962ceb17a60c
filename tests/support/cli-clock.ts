// Owns comparing relative times ("17 seconds ago") with a docker CLI run without racing the clock.
// Creation times are whole Unix seconds, so every relative time the CLI (units.HumanDuration) and
// Stevedore (shared/docker-units.ts) print changes only on a whole second of the wall clock. A CLI
// run read the clock at one unknown instant between the test's readings before and after it; one
// instant per whole second in that window (newest first: the CLI reads it late, after the engine
// answered) is therefore in the same second as the CLI's, and a formatter or page pinned to that
// instant prints what the CLI printed, however slow the machine is.

/** Instants to pin a clock to, newest first: one in each whole second of [before, after]. */
export function cliInstants(before: number, after: number): number[] {
  const instants = [before];
  for (let second = Math.floor(before / 1000) * 1000 + 1000; second <= after; second += 1000) instants.push(second);
  return instants.reverse();
}

/** Runs `cli` and returns what it printed with the instants at which it may have read the clock. */
export async function timedCliRun<T>(cli: () => Promise<T>): Promise<{ output: T; instants: number[] }> {
  const before = Date.now();
  const output = await cli();
  return { output, instants: cliInstants(before, Date.now()) };
}
