import { describe, expect, it } from 'vitest';
import { filtersToEngineJson, parseFilters, parseTimestamp } from '../../electron/core/images/filters';

describe('--filter parsing (docker/cli FilterOpt)', () => {
  it('trims and lower-cases the key and trims the value', () => {
    const f = parseFilters(['Dangling=true', ' label = a=b ', 'reference=foo*', 'reference=bar']);
    expect([...f.entries()]).toEqual([
      ['dangling', ['true']],
      ['label', ['a=b']],
      ['reference', ['foo*', 'bar']],
    ]);
  });

  it('refuses a filter without = with the CLI wording', () => {
    expect(() => parseFilters(['dangling'])).toThrow('bad format of filter (expected name=value)');
  });

  it('encodes filters as the engine expects (map of sets)', () => {
    expect(filtersToEngineJson(parseFilters(['label=a', 'label=b=c']))).toEqual({ label: { a: true, 'b=c': true } });
  });
});

describe('until timestamps (moby timetypes.GetTimestamp)', () => {
  const now = 1_700_000_000;
  it('reads Go durations relative to now', () => {
    expect(parseTimestamp('10m', now)).toBe(now - 600);
    expect(parseTimestamp('1h30m', now)).toBe(now - 5400);
    expect(parseTimestamp('1.5h', now)).toBe(now - 5400);
  });
  it('reads unix seconds and RFC 3339', () => {
    expect(parseTimestamp('1600000000', now)).toBe(1600000000);
    expect(parseTimestamp('2020-09-13T12:26:40Z', now)).toBe(1600000000);
  });
  it('says which value it could not read', () => {
    expect(() => parseTimestamp('yesterday', now)).toThrow('"yesterday"');
  });
});
