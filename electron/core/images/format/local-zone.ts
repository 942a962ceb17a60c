// Owns Go's notion of the local time zone (time.Local): TZ / /etc/localtime resolution and the
// zone abbreviation from the zoneinfo file, so `.CreatedAt` prints `+0100 CET` like the CLI.
import { readFileSync } from 'node:fs';
import { type GoZoneInfo, type GoZoneResolver, UTC_ZONE } from '../../../../shared/docker-units';

const ZONE_SOURCES = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/'];

interface ZoneType {
  offset: number;
  isDST: boolean;
  name: string;
}

interface TZif {
  transitions: number[];
  indices: number[];
  types: ZoneType[];
  footer: string;
}

function parseTZif(buf: Buffer): TZif | null {
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') return null;
  const version = buf[4];
  const counts = (at: number) => ({
    isut: buf.readUInt32BE(at + 20),
    isstd: buf.readUInt32BE(at + 24),
    leap: buf.readUInt32BE(at + 28),
    time: buf.readUInt32BE(at + 32),
    type: buf.readUInt32BE(at + 36),
    char: buf.readUInt32BE(at + 40),
  });
  let at = 0;
  let c = counts(at);
  let timeSize = 4;
  if (version >= 0x32) {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    at += 44 + c.time * 4 + c.time + c.type * 6 + c.char + c.leap * 8 + c.isstd + c.isut;
    c = counts(at);
    timeSize = 8;
  }
  let p = at + 44;
  const transitions: number[] = [];
  for (let i = 0; i < c.time; i++, p += timeSize) {
    transitions.push(timeSize === 8 ? Number(buf.readBigInt64BE(p)) : buf.readInt32BE(p));
  }
  const indices = Array.from(buf.subarray(p, p + c.time));
  p += c.time;
  const raw: { offset: number; isDST: boolean; abbrIndex: number }[] = [];
  for (let i = 0; i < c.type; i++, p += 6) raw.push({ offset: buf.readInt32BE(p), isDST: buf[p + 4] !== 0, abbrIndex: buf[p + 5] });
  const chars = buf.toString('latin1', p, p + c.char);
  p += c.char + c.leap * (timeSize + 4) + c.isstd + c.isut;
  const types = raw.map((t) => ({ offset: t.offset, isDST: t.isDST, name: chars.slice(t.abbrIndex, chars.indexOf('\0', t.abbrIndex)) }));
  let footer = '';
  if (timeSize === 8 && buf[p] === 0x0a) {
    const end = buf.indexOf(0x0a, p + 1);
    if (end > p) footer = buf.toString('latin1', p + 1, end);
  }
  return { transitions, indices, types, footer };
}

interface PosixRule {
  std: ZoneType;
  dst?: ZoneType;
  /** Day rules for the DST start and end, each with seconds after local midnight. */
  start?: DayRule;
  end?: DayRule;
}

type DayRule = { kind: 'M'; month: number; week: number; day: number; time: number } | { kind: 'J' | 'N'; day: number; time: number };

/** Parse a POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3` (the TZif footer). */
function parsePosixTZ(tz: string): PosixRule | null {
  let rest = tz;
  const readName = (): string | null => {
    const m = /^(<[^>]*>|[A-Za-z]{3,})/.exec(rest);
    if (!m) return null;
    rest = rest.slice(m[0].length);
    return m[1].startsWith('<') ? m[1].slice(1, -1) : m[1];
  };
  const readOffset = (): number | null => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{2}))?(?::(\d{2}))?/.exec(rest);
    if (!m) return null;
    rest = rest.slice(m[0].length);
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === '-' ? -secs : secs;
  };
  const readRule = (): DayRule | null => {
    let rule: DayRule;
    let m: RegExpExecArray | null;
    if ((m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest))) rule = { kind: 'M', month: +m[1], week: +m[2], day: +m[3], time: 7200 };
    else if ((m = /^J(\d{1,3})/.exec(rest))) rule = { kind: 'J', day: +m[1], time: 7200 };
    else if ((m = /^(\d{1,3})/.exec(rest))) rule = { kind: 'N', day: +m[1], time: 7200 };
    else return null;
    rest = rest.slice(m[0].length);
    if (rest.startsWith('/')) {
      rest = rest.slice(1);
      const t = readOffset();
      if (t === null) return null;
      rule.time = t;
    }
    return rule;
  };
  const stdName = readName();
  const stdWest = readOffset();
  if (stdName === null || stdWest === null) return null;
  // POSIX offsets are west-positive; Go's are east-positive.
  const std = { name: stdName, offset: -stdWest, isDST: false };
  if (rest === '') return { std };
  const dstName = readName();
  if (dstName === null) return { std };
  let dstOffset = std.offset + 3600;
  if (rest !== '' && !rest.startsWith(',')) {
    const w = readOffset();
    if (w === null) return null;
    dstOffset = -w;
  }
  const dst = { name: dstName, offset: dstOffset, isDST: true };
  if (!rest.startsWith(','))
    return {
      std,
      dst,
      start: { kind: 'M', month: 3, week: 2, day: 0, time: 7200 },
      end: { kind: 'M', month: 11, week: 1, day: 0, time: 7200 },
    };
  rest = rest.slice(1);
  const start = readRule();
  if (!start || !rest.startsWith(',')) return null;
  rest = rest.slice(1);
  const end = readRule();
  if (!end) return null;
  return { std, dst, start, end };
}

/** Seconds since the start of `year` (UTC-based day arithmetic) at which `rule` fires, local time. */
function ruleSeconds(year: number, rule: DayRule): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  let day: number;
  if (rule.kind === 'M') {
    const first = Date.UTC(year, rule.month - 1, 1);
    const firstDow = new Date(first).getUTCDay();
    let d = ((rule.day - firstDow + 7) % 7) + (rule.week - 1) * 7;
    const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
    while (d >= daysInMonth) d -= 7;
    day = (first - Date.UTC(year, 0, 1)) / 86400000 + d;
  } else if (rule.kind === 'J') {
    // Jn counts 1..365 and never counts Feb 29
    day = rule.day - 1 + (leap && rule.day >= 60 ? 1 : 0);
  } else {
    day = rule.day;
  }
  return day * 86400 + rule.time;
}

/** Go's tzset: the zone in effect at `unix` under a POSIX rule. */
function fromPosix(rule: PosixRule, unix: number): GoZoneInfo {
  const { std, dst, start, end } = rule;
  if (!dst || !start || !end) return { offsetSeconds: std.offset, abbreviation: std.name };
  const year = new Date((unix + std.offset) * 1000).getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1) / 1000;
  // Transitions are given in local time: the start in standard time, the end in DST.
  const startUTC = yearStart + ruleSeconds(year, start) - std.offset;
  const endUTC = yearStart + ruleSeconds(year, end) - dst.offset;
  const inDST = startUTC < endUTC ? unix >= startUTC && unix < endUTC : !(unix >= endUTC && unix < startUTC);
  const z = inDST ? dst : std;
  return { offsetSeconds: z.offset, abbreviation: z.name };
}

function zoneFromTZif(tz: TZif): GoZoneResolver {
  const footer = tz.footer ? parsePosixTZ(tz.footer) : null;
  const firstZone = (): ZoneType => {
    // Go: the first zone type not used by any transition, else the first non-DST type before
    // the first transition's type, else type 0.
    if (!tz.indices.includes(0) && tz.types.length > 0) return tz.types[0];
    if (tz.indices.length > 0 && tz.types[tz.indices[0]].isDST) {
      for (let i = tz.indices[0] - 1; i >= 0; i--) if (!tz.types[i].isDST) return tz.types[i];
    }
    for (const t of tz.types) if (!t.isDST) return t;
    return tz.types[0];
  };
  return (unix: number): GoZoneInfo => {
    if (tz.types.length === 0) return { offsetSeconds: 0, abbreviation: 'UTC' };
    const tx = tz.transitions;
    if (tx.length === 0 || unix < tx[0]) {
      if (tx.length === 0 && footer) return fromPosix(footer, unix);
      const z = firstZone();
      return { offsetSeconds: z.offset, abbreviation: z.name };
    }
    let lo = 0;
    let hi = tx.length;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (unix < tx[m]) hi = m;
      else lo = m;
    }
    if (lo === tx.length - 1 && footer) return fromPosix(footer, unix);
    const z = tz.types[tz.indices[lo]];
    return { offsetSeconds: z.offset, abbreviation: z.name };
  };
}

function tryLoad(path: string): GoZoneResolver | null {
  try {
    const tz = parseTZif(readFileSync(path));
    return tz ? zoneFromTZif(tz) : null;
  } catch {
    return null;
  }
}

let cached: { key: string | undefined; zone: GoZoneResolver } | null = null;

/** time.Local as the docker CLI (a Go program) would load it from this process's environment. */
export function goLocalZone(env: NodeJS.ProcessEnv = process.env): GoZoneResolver {
  const key = env.TZ;
  if (cached && cached.key === key) return cached.zone;
  let zone: GoZoneResolver | null = null;
  if (key === undefined) {
    zone = tryLoad('/etc/localtime');
  } else if (key !== '') {
    const name = key.startsWith(':') ? key.slice(1) : key;
    if (name.startsWith('/')) zone = tryLoad(name);
    else if (name !== '' && name !== 'UTC') {
      for (const dir of ZONE_SOURCES) {
        zone = tryLoad(dir + name);
        if (zone) break;
      }
    }
  }
  // Go falls back to UTC whenever the zone cannot be loaded.
  const resolved = zone ?? UTC_ZONE;
  cached = { key, zone: resolved };
  return resolved;
}
