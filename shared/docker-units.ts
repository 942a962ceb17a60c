// Owns the docker CLI's human units: go-units sizes and durations, "N ago", short IDs, Go's
// time.Time.String() and display-width ellipsis, reproduced exactly (pure; renderer-safe).

// ---------------------------------------------------------------------------------------------
// Go's %g / %e / %f / %v for float64

/** A positive decimal: digits without leading or trailing zeros; value = 0.digits x 10^dp. */
interface Decimal {
  digits: string;
  dp: number;
}

const f64 = new DataView(new ArrayBuffer(8));

/** The exact decimal value of a finite double (every double is a finite decimal fraction). */
function exactDecimal(x: number): Decimal {
  f64.setFloat64(0, Math.abs(x));
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (mant === 0n) return { digits: '', dp: 0 };
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    // m * 2^-k == m * 5^k / 10^k
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return trimZeros({ digits, dp });
}

function trimZeros(d: Decimal): Decimal {
  let end = d.digits.length;
  while (end > 0 && d.digits[end - 1] === '0') end--;
  return end === 0 ? { digits: '', dp: 0 } : { digits: d.digits.slice(0, end), dp: d.dp };
}

/** Round to n significant digits, ties to even on the exact value, as strconv does. */
function roundDecimal(d: Decimal, n: number): Decimal {
  if (d.digits.length <= n) return d;
  if (n <= 0) return { digits: '', dp: 0 };
  const next = d.digits.charCodeAt(n) - 48;
  const exactHalf = next === 5 && d.digits.length === n + 1;
  const up = exactHalf ? (d.digits.charCodeAt(n - 1) - 48) % 2 === 1 : next >= 5;
  let kept = d.digits.slice(0, n);
  let dp = d.dp;
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) {
      kept = '1';
      dp++;
    } else {
      kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
    }
  }
  return trimZeros({ digits: kept, dp });
}

/** Shortest digits that round-trip; JS and Go both pick the closest shortest candidate. */
function shortestDecimal(x: number): Decimal {
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  return trimZeros({ digits, dp: Number(exponent) + 1 });
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? d.digits[i] : '0';
}

function formatE(d: Decimal, prec: number, e: 'e' | 'E'): string {
  let out = digitAt(d, 0);
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(d, i);
  }
  const exp = d.digits.length === 0 ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return `${out}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function formatF(d: Decimal, prec: number): string {
  let out = '';
  if (d.dp > 0) {
    for (let i = 0; i < d.dp; i++) out += digitAt(d, i);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) out += digitAt(d, d.dp + i);
  }
  return out;
}

/**
 * Go's fmt for a float64 with verb g/G/e/E/f/F/v and an optional precision (-1 = shortest).
 * Faithful to strconv: exact half-even rounding, trailing zeros dropped by %g, exponent of at
 * least two digits, and %g switching to exponent form when exp < -4 || exp >= precision.
 */
export function goFormatFloat(x: number, verb: 'g' | 'G' | 'e' | 'E' | 'f' | 'F' | 'v', precision = -1): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? '-' : '';
  const shortest = precision < 0;
  const v = verb === 'v' ? 'g' : verb;
  let prec = precision;

  if (v === 'e' || v === 'E') {
    const d = shortest ? shortestDecimal(x) : roundDecimal(exactDecimal(x), prec + 1);
    if (shortest) prec = Math.max(d.digits.length - 1, 0);
    return sign + formatE(d, prec, v);
  }
  if (v === 'f' || v === 'F') {
    let d: Decimal;
    if (shortest) {
      d = shortestDecimal(x);
      prec = Math.max(d.digits.length - d.dp, 0);
    } else {
      const exact = exactDecimal(x);
      d = roundDecimal(exact, exact.dp + prec);
    }
    return sign + formatF(d, prec);
  }
  // %g
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(x);
    prec = d.digits.length;
  } else {
    if (prec === 0) prec = 1;
    d = roundDecimal(exactDecimal(x), prec);
  }
  const nd = d.digits.length;
  let eprec = prec;
  if (eprec > nd && nd >= d.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return sign + formatE(d, prec - 1, v === 'G' ? 'E' : 'e');
  }
  if (prec > d.dp) prec = nd;
  return sign + formatF(d, Math.max(prec - d.dp, 0));
}

// ---------------------------------------------------------------------------------------------
// go-units

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** units.HumanSizeWithPrecision: base 1000, `%.*g` + unit, so 999500 bytes -> `1e+03kB`. */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return goFormatFloat(size, 'g', precision) + DECIMAL_UNITS[i];
}

/** units.HumanSize: precision 4 (the CLI's `.VirtualSize`, `.SharedSize`, `.UniqueSize`). */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/**
 * units.HumanDuration for a duration in (possibly fractional) seconds. Go truncates each unit
 * toward zero, except hours which round half up; negative durations are "Less than a second".
 */
export function humanDuration(seconds: number): string {
  const secs = Math.trunc(seconds);
  if (secs < 1) return 'Less than a second';
  if (secs === 1) return '1 second';
  if (secs < 60) return `${secs} seconds`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(seconds / 3600 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(seconds / 3600) / 24 / 365)} years`;
}

/** Unix seconds of Go's zero time.Time (0001-01-01 UTC); `time.Unix(x,0).IsZero()` is true only here. */
export const GO_ZERO_TIME_UNIX = -62135596800;

/** The CLI's `.CreatedSince`: "N ... ago", or "" for the Go zero time (the table shows N/A). */
export function createdSince(createdUnix: number, nowMs: number = Date.now()): string {
  if (createdUnix === GO_ZERO_TIME_UNIX) return '';
  return `${humanDuration((nowMs - createdUnix * 1000) / 1000)} ago`;
}

/** stringid.TruncateID: drop up to the first ':' (the algorithm), keep 12 characters. */
export function truncateId(id: string): string {
  const colon = id.indexOf(':');
  const hex = colon >= 0 ? id.slice(colon + 1) : id;
  return hex.length > 12 ? hex.slice(0, 12) : hex;
}

// ---------------------------------------------------------------------------------------------
// time.Time.String()

/** A zone at one instant, as Go's time.Location reports it. */
export interface GoZoneInfo {
  offsetSeconds: number;
  /** e.g. `UTC`, `CET`, `+0530`; '' makes Go print the numeric form instead. */
  abbreviation: string;
}

export type GoZoneResolver = (unixSeconds: number) => GoZoneInfo;

export const UTC_ZONE: GoZoneResolver = () => ({ offsetSeconds: 0, abbreviation: 'UTC' });

/**
 * Best effort without a zoneinfo reader: the process's offset from Date, and a name from Intl.
 * tzdata names zones without letters numerically (`+03`), which Intl spells `GMT+3`.
 * electron/core/format/local-zone.ts reads the zoneinfo file itself and is exact.
 */
export const intlLocalZone: GoZoneResolver = (unixSeconds) => {
  const date = new Date(unixSeconds * 1000);
  const offsetSeconds = Math.round(-date.getTimezoneOffset() * 60);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (offsetSeconds === 0 && /^(Etc\/)?(UTC|UCT|Universal|Zulu)$/.test(tz ?? '')) {
    return { offsetSeconds, abbreviation: 'UTC' };
  }
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  if (part && /^[A-Z]{3,5}$/.test(part) && !part.startsWith('GMT')) return { offsetSeconds, abbreviation: part };
  if (part === 'GMT' || part === 'UTC') return { offsetSeconds, abbreviation: part };
  const abs = Math.abs(offsetSeconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = Math.floor((abs % 3600) / 60);
  return { offsetSeconds, abbreviation: `${offsetSeconds < 0 ? '-' : '+'}${hh}${mm ? String(mm).padStart(2, '0') : ''}` };
};

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Go's `time.Unix(unix, 0).String()` in the given zone: `2009-11-10 23:00:00 +0000 UTC`
 * (layout `2006-01-02 15:04:05.999999999 -0700 MST`; whole seconds print no fraction).
 */
export function goTimeString(unix: number, zone: GoZoneResolver = intlLocalZone): string {
  const { offsetSeconds, abbreviation } = zone(unix);
  const d = new Date((unix + offsetSeconds) * 1000);
  const year = d.getUTCFullYear();
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  const date = `${yearText}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const offMinutes = Math.trunc(Math.abs(offsetSeconds) / 60);
  const offset = `${offsetSeconds < 0 ? '-' : '+'}${pad(Math.trunc(offMinutes / 60), 2)}${pad(offMinutes % 60, 2)}`;
  // Go prints `-0700`-style digits in place of a missing abbreviation.
  const name = abbreviation !== '' ? abbreviation : offset;
  return `${date} ${time} ${offset} ${name}`;
}

// ---------------------------------------------------------------------------------------------
// Display width and ellipsis

// East Asian Wide (W) and Fullwidth (F) code point ranges (Unicode EastAsianWidth.txt, condensed).
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f260, 0x1f265],
  [0x1f300, 0x1f320],
  [0x1f32d, 0x1f335],
  [0x1f337, 0x1f37c],
  [0x1f37e, 0x1f393],
  [0x1f3a0, 0x1f3ca],
  [0x1f3cf, 0x1f3d3],
  [0x1f3e0, 0x1f3f0],
  [0x1f3f4, 0x1f3f4],
  [0x1f3f8, 0x1f43e],
  [0x1f440, 0x1f440],
  [0x1f442, 0x1f4fc],
  [0x1f4ff, 0x1f53d],
  [0x1f54b, 0x1f54e],
  [0x1f550, 0x1f567],
  [0x1f57a, 0x1f57a],
  [0x1f595, 0x1f596],
  [0x1f5a4, 0x1f5a4],
  [0x1f5fb, 0x1f64f],
  [0x1f680, 0x1f6c5],
  [0x1f6cc, 0x1f6cc],
  [0x1f6d0, 0x1f6d2],
  [0x1f6d5, 0x1f6d7],
  [0x1f6eb, 0x1f6ec],
  [0x1f6f4, 0x1f6fc],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f93a],
  [0x1f93c, 0x1f945],
  [0x1f947, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/** Whether a code point is East Asian Wide or Fullwidth (2 columns in a terminal). */
export function isWideRune(cp: number): boolean {
  if (cp < 0x1100) return false;
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE_RANGES[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** formatter.Ellipsis: fit `s` in `maxDisplayWidth` columns, ending with `…` when cut. */
export function ellipsis(s: string, maxDisplayWidth: number): string {
  if (maxDisplayWidth <= 0) return '';
  const runes = Array.from(s);
  if (maxDisplayWidth === 1) return runes[0] ?? '';
  const allNarrowAscii = runes.every((r) => r.codePointAt(0)! < 0x80);
  if (allNarrowAscii) {
    if (runes.length <= maxDisplayWidth) return s;
    return runes.slice(0, maxDisplayWidth - 1).join('') + '…';
  }
  const display: number[] = [];
  let width = 0;
  for (const r of runes) {
    width += isWideRune(r.codePointAt(0)!) ? 2 : 1;
    display.push(width);
  }
  if (width <= maxDisplayWidth) return s;
  for (let i = 0; i + 1 < display.length; i++) {
    if (display[i] <= maxDisplayWidth - 1 && display[i + 1] > maxDisplayWidth - 1) {
      return runes.slice(0, i + 1).join('') + '…';
    }
  }
  return s;
}
