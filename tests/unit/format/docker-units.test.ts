// Specifies the docker CLI's human units (go-units, stringid, time.Time.String, Ellipsis).
import { describe, expect, it } from 'vitest';
import {
  createdSince,
  ellipsis,
  GO_ZERO_TIME_UNIX,
  goFormatFloat,
  goTimeString,
  humanDuration,
  humanSize,
  humanSizeWithPrecision,
  truncateId,
  UTC_ZONE,
} from '../../../shared/docker-units';

describe('humanSizeWithPrecision / humanSize (go-units, base 1000, %.*g)', () => {
  // docker-semantics.md 1.5: `.Size` uses precision 3, `.VirtualSize` precision 4.
  const table: [number, string, string][] = [
    [0, '0B', '0B'],
    [10, '10B', '10B'],
    [999, '999B', '999B'],
    [1000, '1kB', '1kB'],
    [1024, '1.02kB', '1.024kB'],
    [1500, '1.5kB', '1.5kB'],
    [10000, '10kB', '10kB'],
    [999500, '1e+03kB', '999.5kB'],
    [1234567, '1.23MB', '1.235MB'],
    [72800000, '72.8MB', '72.8MB'],
    [182964289, '183MB', '183MB'],
    [1073741824, '1.07GB', '1.074GB'],
  ];
  it.each(table)('%d bytes prints %s at precision 3 and %s at precision 4', (bytes, p3, p4) => {
    expect(humanSizeWithPrecision(bytes, 3)).toBe(p3);
    expect(humanSize(bytes)).toBe(p4);
  });

  it('keeps the 1e+03 quirk of %g for values that round up to 1000 of a unit', () => {
    expect(humanSizeWithPrecision(999969339, 3)).toBe('1e+03MB');
    expect(humanSize(999969339)).toBe('1000MB');
  });

  it('rounds exact ties to even like strconv, not half-up like toPrecision', () => {
    // 12250 / 1000 = 12.25 exactly; Go's %.3g gives 12.2
    expect(humanSizeWithPrecision(12250, 3)).toBe('12.2kB');
    expect(humanSizeWithPrecision(12350, 3)).toBe('12.3kB'); // 12.35 is not exact in binary (12.3499…)
  });

  it('matches the pinned UniqueSize and history sizes', () => {
    expect(humanSize(20000 - 5000)).toBe('15kB');
    expect(humanSizeWithPrecision(182964289, 3)).toBe('183MB');
  });

  it('goes up to YB and stays there', () => {
    expect(humanSize(1e24)).toBe('1YB');
    expect(humanSize(1e27)).toBe('1000YB');
    expect(humanSizeWithPrecision(1e28, 3)).toBe('1e+04YB');
  });
});

describe("goFormatFloat follows Go's fmt", () => {
  it('prints %v with the shortest digits, in exponent form from exponent 6 up or below -4', () => {
    expect(goFormatFloat(123456, 'v')).toBe('123456');
    expect(goFormatFloat(1234567, 'v')).toBe('1.234567e+06');
    expect(goFormatFloat(0.0001, 'v')).toBe('0.0001');
    expect(goFormatFloat(0.00001, 'v')).toBe('1e-05');
    expect(goFormatFloat(1.5, 'v')).toBe('1.5');
    expect(goFormatFloat(0, 'v')).toBe('0');
  });
  it('prints %e and %f with a default precision of 6 and a two-digit exponent', () => {
    expect(goFormatFloat(1234.5678, 'e', 6)).toBe('1.234568e+03');
    expect(goFormatFloat(3.14159, 'f', 2)).toBe('3.14');
    expect(goFormatFloat(2.5, 'f', 0)).toBe('2');
    expect(goFormatFloat(1e-7, 'e', 3)).toBe('1.000e-07');
    expect(goFormatFloat(-5000, 'g', 4)).toBe('-5000');
  });
});

describe('humanDuration (go-units HumanDuration)', () => {
  const cases: [number, string][] = [
    [-5, 'Less than a second'],
    [0.9, 'Less than a second'],
    [1, '1 second'],
    [59, '59 seconds'],
    [60, 'About a minute'],
    [119, 'About a minute'],
    [120, '2 minutes'],
    [59 * 60 + 59, '59 minutes'],
    [3600, 'About an hour'],
    [3600 * 1.49, 'About an hour'],
    [3600 * 1.5, '2 hours'], // hours round half up
    [24 * 3600, '24 hours'],
    [47 * 3600, '47 hours'],
    [48 * 3600, '2 days'],
    [7 * 24 * 3600, '7 days'],
    [14 * 24 * 3600, '2 weeks'],
    [59 * 24 * 3600, '8 weeks'],
    [60 * 24 * 3600, '2 months'],
    [729 * 24 * 3600, '24 months'],
    [730 * 24 * 3600, '2 years'],
    [3650 * 24 * 3600, '10 years'],
  ];
  it.each(cases)('%d seconds reads "%s"', (secs, text) => {
    expect(humanDuration(secs)).toBe(text);
  });
});

describe('createdSince', () => {
  it('says "N ... ago" relative to the given clock', () => {
    const now = Date.UTC(2024, 0, 2);
    expect(createdSince(now / 1000 - 86400, now)).toBe('24 hours ago');
    expect(createdSince(now / 1000 - 7 * 86400, now)).toBe('7 days ago');
  });
  it('is empty for the Go zero time, which the default table shows as N/A', () => {
    expect(createdSince(GO_ZERO_TIME_UNIX, Date.now())).toBe('');
  });
});

describe('truncateId (stringid.TruncateID)', () => {
  it('drops the algorithm and keeps 12 characters', () => {
    expect(truncateId('sha256:9a0a7187c0ab1234567890abcdef')).toBe('9a0a7187c0ab');
    expect(truncateId('imageID1')).toBe('imageID1');
    expect(truncateId('0123456789abcdef')).toBe('0123456789ab');
  });
});

describe("goTimeString (Go's time.Time.String())", () => {
  it('prints date, time, numeric offset and zone name', () => {
    expect(goTimeString(1257894000, UTC_ZONE)).toBe('2009-11-10 23:00:00 +0000 UTC');
    expect(goTimeString(0, UTC_ZONE)).toBe('1970-01-01 00:00:00 +0000 UTC');
    expect(goTimeString(GO_ZERO_TIME_UNIX, UTC_ZONE)).toBe('0001-01-01 00:00:00 +0000 UTC');
  });
  it('shifts into the zone and prints its offset', () => {
    const cet = () => ({ offsetSeconds: 3600, abbreviation: 'CET' });
    expect(goTimeString(1257894000, cet)).toBe('2009-11-11 00:00:00 +0100 CET');
    const india = () => ({ offsetSeconds: 19800, abbreviation: 'IST' });
    expect(goTimeString(0, india)).toBe('1970-01-01 05:30:00 +0530 IST');
    const noName = () => ({ offsetSeconds: -10800, abbreviation: '' });
    expect(goTimeString(0, noName)).toBe('1969-12-31 21:00:00 -0300 -0300');
  });
});

describe('ellipsis (formatter.Ellipsis)', () => {
  it('leaves short strings alone and cuts long ones to width-1 plus …', () => {
    expect(ellipsis('abc', 5)).toBe('abc');
    expect(ellipsis('abcdef', 4)).toBe('abc…');
    expect(ellipsis('abcdef', 1)).toBe('a');
    expect(ellipsis('abcdef', 0)).toBe('');
  });
  it('counts East Asian wide characters as two columns', () => {
    expect(ellipsis('日本語日本語', 5)).toBe('日本…');
    expect(ellipsis('日本語', 6)).toBe('日本語');
    expect(ellipsis('a日本語', 4)).toBe('a日…');
  });
});
