// Specifies Go's time.Local as the CLI loads it (TZ, /etc/localtime, zoneinfo abbreviations).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goTimeString } from '../../../shared/docker-units';
import { goLocalZone } from '../../../electron/core/images/format/local-zone';

const hasZoneinfo = existsSync('/usr/share/zoneinfo/Europe/Berlin');
const WINTER = 1795756574; // 2026-11-27 05:16:14 UTC
const SUMMER = 1783000000; // 2026-07-02 13:46:40 UTC

describe('goLocalZone', () => {
  it('uses UTC when TZ is empty, "UTC" or unloadable, as Go does', () => {
    for (const TZ of ['', 'UTC', 'No/Such_Zone']) {
      expect(goTimeString(WINTER, goLocalZone({ TZ }))).toBe('2026-11-27 05:16:14 +0000 UTC');
    }
  });

  it.skipIf(!hasZoneinfo)('names zones from the zoneinfo file, including DST and numeric names', () => {
    expect(goTimeString(WINTER, goLocalZone({ TZ: 'Europe/Berlin' }))).toBe('2026-11-27 06:16:14 +0100 CET');
    expect(goTimeString(SUMMER, goLocalZone({ TZ: 'Europe/Berlin' }))).toBe('2026-07-02 15:46:40 +0200 CEST');
    expect(goTimeString(WINTER, goLocalZone({ TZ: ':Asia/Kolkata' }))).toBe('2026-11-27 10:46:14 +0530 IST');
    expect(goTimeString(WINTER, goLocalZone({ TZ: 'America/Sao_Paulo' }))).toBe('2026-11-27 02:16:14 -0300 -03');
    expect(goTimeString(0, goLocalZone({ TZ: 'Europe/Berlin' }))).toBe('1970-01-01 01:00:00 +0100 CET');
  });

  it.skipIf(!hasZoneinfo)('evaluates the POSIX rule past the last transition', () => {
    // 2100 is beyond any table; CET-1CEST,M3.5.0,M10.5.0/3 decides.
    expect(goTimeString(Date.UTC(2100, 6, 1) / 1000, goLocalZone({ TZ: 'Europe/Berlin' }))).toBe('2100-07-01 02:00:00 +0200 CEST');
    expect(goTimeString(Date.UTC(2100, 0, 1) / 1000, goLocalZone({ TZ: 'Europe/Berlin' }))).toBe('2100-01-01 01:00:00 +0100 CET');
  });
});
