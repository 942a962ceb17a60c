// tests/support/cli-clock.ts: the instants a CLI run may have read the clock at, one per whole second
// of the run, so a formatter pinned to one of them prints the CLI's "N seconds ago" exactly.
import { describe, expect, it } from 'vitest';
import { createdSince } from '../../shared/docker-units';
import { cliInstants } from '../support/cli-clock';

describe('cliInstants', () => {
  it('is the start alone for a run within one second, then one per whole second, newest first', () => {
    expect(cliInstants(10_100, 10_900)).toEqual([10_100]);
    expect(cliInstants(10_900, 11_200)).toEqual([11_000, 10_900]);
    expect(cliInstants(10_900, 13_000)).toEqual([13_000, 12_000, 11_000, 10_900]);
  });

  it('whenever the CLI read the clock, one instant prints what it printed', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const created = 1_700_000_000 + Math.floor(random() * 1000);
      const before = created * 1000 + Math.floor(random() * 7_200_000);
      const after = before + Math.floor(random() * 3000);
      const cliNow = before + random() * (after - before);
      const cli = createdSince(created, cliNow);
      expect(cliInstants(before, after).map((at) => createdSince(created, at))).toContain(cli);
    }
  });
});
