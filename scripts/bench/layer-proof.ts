// How the registry benches read what a pull or push did to each layer: the `<id>: <status>` lines
// the docker CLI prints when stdout is not a terminal, which the core's job keeps as its messages
// too. Pure, so its verdicts are unit-tested.
import { prove } from './bench-kit';

/** Per-layer statuses, in order, from the CLI's `<id>: <status>` lines (docker pull/push, stdout not a terminal). */
export function layerStatuses(lines: readonly string[]): Map<string, string[]> {
  const byLayer = new Map<string, string[]>();
  for (const line of lines) {
    const m = /^([0-9a-f]{12}): (.+)$/.exec(line.trim());
    if (!m) continue;
    const statuses = byLayer.get(m[1]) ?? [];
    statuses.push(m[2]);
    byLayer.set(m[1], statuses);
  }
  return byLayer;
}

/**
 * Fails unless exactly `count` layers reached `done` (`Pull complete`, `Pushed`) and none was
 * reused (`Already exists`, `Layer already exists`, `Mounted from …`).
 */
export function proveEveryLayer(byLayer: Map<string, readonly string[]>, count: number, done: string, what: string): void {
  const reused = [...byLayer].filter(([, s]) => s.some((x) => /Already exists|Layer already exists|^Mounted from/i.test(x)));
  prove(
    reused.length === 0,
    () =>
      `${what} reused ${reused.length} of ${count} layers (${reused.map(([id, s]) => `${id}: ${s.at(-1)}`).join('; ')}): it moved nothing for them`,
  );
  const finished = [...byLayer].filter(([, s]) => s.includes(done)).length;
  prove(finished === count, `${what}: ${finished} of ${count} layers reported "${done}"`);
}
