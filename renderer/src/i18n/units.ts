// Owns sizes, speeds and durations in the UI's language. The docker CLI prints them the Go way
// (go-units: base 1000, `%.*g`, the unit glued on: "21.92MB/s"); the English UI shows exactly that,
// which is also what Copy as and the Output section keep. Other languages get the same amount with
// the same significant digits, written by Intl as that language writes numbers and units
// ("21,92 MB/s", "0,1 s"), so one line never mixes "0,1 s" with "21.92MB/s".
import { humanSizeWithPrecision } from '../../../shared/docker-units';
import { isEnglish } from './language';

// go-units' decimal prefixes; Intl names the first six (ECMA-402's sanctioned units), the rest are symbols.
const SYMBOLS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const INTL_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'];

/** The size go-units prints: the amount scaled by 1000 until it is below 1000, and its prefix's index. */
function scaled(bytes: number): { amount: number; index: number } {
  let amount = bytes;
  let index = 0;
  while (amount >= 1000 && index < SYMBOLS.length - 1) {
    amount /= 1000;
    index++;
  }
  return { amount, index };
}

// A grid shows thousands of sizes: one formatter per language, unit and precision.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  // Built from the only options this file passes (no JSON of an options object per cell).
  const key = `${language}|${options.maximumSignificantDigits ?? ''}|${options.minimumFractionDigits ?? ''}|${options.maximumFractionDigits ?? ''}|${options.unit ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(language, options);
    formatters.set(key, f);
  }
  return f;
}

/** A number and its unit never part at a line end: whatever space Intl puts between them becomes a no-break one. */
const unbroken = (text: string) => text.replace(/[\s\u202f]/g, '\u00a0');

function scaledText(bytes: number, precision: number, language: string, perSecond: boolean): string {
  const { amount, index } = scaled(bytes);
  const digits = { maximumSignificantDigits: precision };
  const unit = INTL_UNITS[index];
  if (unit)
    return unbroken(formatter(language, { ...digits, style: 'unit', unit: perSecond ? `${unit}-per-second` : unit }).format(amount));
  // EB and beyond: Intl has no unit for them; the number still reads the language's way.
  return `${formatter(language, digits).format(amount)}\u00a0${SYMBOLS[index]}${perSecond ? '/s' : ''}`;
}

/**
 * A size in the UI's language with `precision` significant digits: go-units' own text in English
 * (`docker images` SIZE uses 3, progress and `.VirtualSize` use 4), Intl's otherwise.
 */
export function sizeIn(bytes: number, language: string, precision: number): string {
  if (isEnglish(language)) return humanSizeWithPrecision(bytes, precision);
  return scaledText(bytes, precision, language, false);
}

/** A transfer speed: the CLI's `21.92MB/s` in English, `21,92 MB/s` in Spanish. */
export function speedIn(bytesPerSecond: number, language: string): string {
  if (isEnglish(language)) return `${humanSizeWithPrecision(bytesPerSecond, 4)}/s`;
  return scaledText(bytesPerSecond, 4, language, true);
}

/** A number with a fixed count of decimals, in the language's way ("0.1" / "0,1"). */
export function decimalIn(value: number, language: string, fractionDigits: number): string {
  return formatter(language, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}
