// The benches' shared kit (scripts/bench/bench-kit.ts): the BENCH line's format and what the smoke
// accepts of it, spreads, and the "too noisy: more rounds, up to a bound" rule, driven by fake
// rounds that answer fixed times (no clock); and the registry benches' verdict on each layer
// (scripts/bench/layer-proof.ts).
import { describe, expect, it } from 'vitest';
import {
  BenchFailure,
  checkBenchOutput,
  formatBenchLine,
  median,
  NOISY_SPREAD,
  parseBenchLine,
  prove,
  roundsPlan,
  roundsUntilSteady,
  spreadOf,
  steadyRounds,
} from '../../scripts/bench/bench-kit';
import { layerStatuses, proveEveryLayer } from '../../scripts/bench/layer-proof';

/** A round function answering `times` in order, counting its calls. */
function fakeRounds(times: number[]) {
  const calls: number[] = [];
  return {
    calls,
    round: async (index: number) => {
      calls.push(index);
      if (index >= times.length) throw new Error(`round ${index} was not expected`);
      return { ms: times[index] };
    },
  };
}
const quiet = () => undefined;
const timeOf = (r: { ms: number }) => r.ms;

describe('BENCH lines', () => {
  it('formats numbers with up to 3 decimals and parses back', () => {
    const line = formatBenchLine('pull', { ratio_vs_cli: 1.0456, spread: 1, moved_mib: 209.8 });
    expect(line).toBe('BENCH pull ratio_vs_cli=1.046 spread=1 moved_mib=209.800');
    expect(parseBenchLine(line)).toEqual({ name: 'pull', fields: { ratio_vs_cli: '1.046', spread: '1', moved_mib: '209.800' } });
    expect(parseBenchLine(`  ${formatBenchLine('list-input', { p95_ms: 12 })}  `)).toEqual({
      name: 'list-input',
      fields: { p95_ms: '12' },
    });
  });

  it('refuses a value that is not a finite number', () => {
    expect(() => formatBenchLine('pull', { ratio_vs_cli: Number.NaN })).toThrow(/not a finite number/);
    expect(() => formatBenchLine('pull', { ratio_vs_cli: Number.POSITIVE_INFINITY })).toThrow(/not a finite number/);
  });

  it('parses nothing that is not a BENCH line', () => {
    for (const line of [
      '',
      'BENCH',
      'BENCH pull',
      'bench pull a=1',
      'BENCH Pull a=1',
      'BENCH pull a=',
      'BENCH pull a=1 b',
      'round 1: core 5 ms',
    ]) {
      expect(parseBenchLine(line), line).toBeNull();
    }
  });
});

describe('what the smoke accepts', () => {
  it('takes output with BENCH lines whose values are all numbers', () => {
    const out = 'building...\nBENCH list ratio_vs_api=1.05 tags=1000\nBENCH list ratio_vs_api=0.98 tags=5000\ndone\n';
    expect(checkBenchOutput(out)).toEqual({ lines: ['BENCH list ratio_vs_api=1.05 tags=1000', 'BENCH list ratio_vs_api=0.98 tags=5000'] });
  });

  it('names the problem: no line, a line that does not parse, a value that is not a number', () => {
    expect(checkBenchOutput('round 1: core 5 ms\n').problem).toBe('printed no BENCH line');
    expect(checkBenchOutput('BENCH pull ratio_vs_cli=\n').problem).toMatch(/does not parse/);
    expect(checkBenchOutput('BENCH pull ratio_vs_cli=1.02 moved_mib=NaN\n').problem).toBe('BENCH pull: moved_mib=NaN is not a number');
    expect(checkBenchOutput('BENCH pull ratio_vs_cli=1.02\nBENCH push ratio_vs_cli=fast\n').problem).toMatch(/ratio_vs_cli=fast/);
  });
});

describe('medians and spreads', () => {
  it('median of odd and even counts; none is an error', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('spread is max/min, 1 for a single round', () => {
    expect(spreadOf([100])).toBe(1);
    expect(spreadOf([100, 125, 110])).toBe(1.25);
  });

  it('plans the rounds asked for, with a bound of at least as many', () => {
    expect(roundsPlan(5)).toEqual({ rounds: 5, max: 15 });
    expect(roundsPlan(5, 2)).toEqual({ rounds: 5, max: 5 });
    expect(roundsPlan(0)).toEqual({ rounds: 1, max: 1 });
  });
});

describe('rounds until steady', () => {
  it('stops after the rounds asked for when they are steady', async () => {
    const fake = fakeRounds([100, 104, 98, 200]);
    const r = await steadyRounds({ rounds: 3, max: 9 }, fake.round, timeOf, quiet);
    expect(fake.calls).toEqual([0, 1, 2]);
    expect(r.steady).toBe(true);
    expect(r.spread).toBeCloseTo(104 / 98);
  });

  it('takes more rounds while noisy, and the figures come from the last steady ones', async () => {
    const fake = fakeRounds([100, 160, 100, 101, 102, 100, 300]);
    const lines: string[] = [];
    const r = await steadyRounds({ rounds: 3, max: 9 }, fake.round, timeOf, (l) => lines.push(l));
    // Rounds 2..4 (160, 100, 101) are still noisy; 100, 101, 102 are not.
    expect(fake.calls).toEqual([0, 1, 2, 3, 4]);
    expect(r.all.map(timeOf)).toEqual([100, 160, 100, 101, 102]);
    expect(r.used.map(timeOf)).toEqual([100, 101, 102]);
    expect(r.steady).toBe(true);
    expect(r.spread).toBeLessThanOrEqual(NOISY_SPREAD);
    expect(lines[0]).toMatch(/too noisy, taking more rounds \(up to 9\)/);
  });

  it('stops at the bound when the noise never passes, and says so', async () => {
    const fake = fakeRounds([100, 200, 100, 200, 100, 200, 100, 200]);
    const lines: string[] = [];
    const r = await steadyRounds({ rounds: 2, max: 6 }, fake.round, timeOf, (l) => lines.push(l));
    expect(fake.calls).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.steady).toBe(false);
    expect(r.used).toEqual(r.all);
    expect(r.spread).toBe(2);
    expect(lines.at(-1)).toMatch(/still > 1.1 after 6 rounds/);
  });

  it('one round is always steady (smoke mode)', async () => {
    const fake = fakeRounds([100, 500]);
    expect((await roundsUntilSteady({ rounds: 1, max: 1 }, fake.round, timeOf, quiet)).map(timeOf)).toEqual([100]);
  });

  it('roundsUntilSteady answers the rounds the figures come from', async () => {
    const fake = fakeRounds([100, 160, 100, 101, 102]);
    expect((await roundsUntilSteady({ rounds: 3, max: 9 }, fake.round, timeOf, quiet)).map(timeOf)).toEqual([100, 101, 102]);
  });
});

describe('proofs', () => {
  it('prove passes silently or fails with its one-line reason', () => {
    expect(() => prove(true, 'unused')).not.toThrow();
    expect(() => prove(0, () => 'docker pull reused 5 of 5 layers')).toThrow(new BenchFailure('docker pull reused 5 of 5 layers'));
    expect(() => prove(undefined, 'x')).toThrow(BenchFailure);
  });
});

describe('layer proofs of the registry benches', () => {
  const pulled = ['1: Pulling from stevedore-bench/pull', 'aaaaaaaaaaaa: Pulling fs layer', 'bbbbbbbbbbbb: Pulling fs layer'];
  it('reads per-layer statuses from the CLI lines, in order', () => {
    const byLayer = layerStatuses([...pulled, 'aaaaaaaaaaaa: Download complete', 'aaaaaaaaaaaa: Pull complete', 'Digest: sha256:00']);
    expect([...byLayer]).toEqual([
      ['aaaaaaaaaaaa', ['Pulling fs layer', 'Download complete', 'Pull complete']],
      ['bbbbbbbbbbbb', ['Pulling fs layer']],
    ]);
  });

  it('passes a pull that completed every layer', () => {
    const lines = [...pulled, 'aaaaaaaaaaaa: Pull complete', 'bbbbbbbbbbbb: Pull complete'];
    expect(() => proveEveryLayer(layerStatuses(lines), 2, 'Pull complete', 'the pull')).not.toThrow();
  });

  it('fails a pull that found a layer already there, or completed fewer layers than the image has', () => {
    const reused = ['aaaaaaaaaaaa: Already exists', 'bbbbbbbbbbbb: Pulling fs layer', 'bbbbbbbbbbbb: Pull complete'];
    expect(() => proveEveryLayer(layerStatuses(reused), 2, 'Pull complete', 'the pull')).toThrow(
      'the pull reused 1 of 2 layers (aaaaaaaaaaaa: Already exists): it moved nothing for them',
    );
    const short = [...pulled, 'aaaaaaaaaaaa: Pull complete'];
    expect(() => proveEveryLayer(layerStatuses(short), 2, 'Pull complete', 'the pull')).toThrow(
      'the pull: 1 of 2 layers reported "Pull complete"',
    );
  });

  it('fails a push that mounted or skipped a blob', () => {
    for (const status of ['Mounted from stevedore-bench/push-1', 'Layer already exists']) {
      const lines = ['aaaaaaaaaaaa: Preparing', `aaaaaaaaaaaa: ${status}`, 'bbbbbbbbbbbb: Pushed'];
      expect(() => proveEveryLayer(layerStatuses(lines), 2, 'Pushed', 'the push'), status).toThrow(BenchFailure);
    }
  });
});
