// Owns Go's byte-string view of text: templates run on "byte strings" (one JS char per byte,
// 0-255) so len, slicing, truncate and error columns count bytes exactly as Go does.

/** A JS string whose char codes are all 0..255: the bytes of a Go string. */
export type ByteString = string;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** UTF-16 text -> the bytes of its UTF-8 encoding, as a byte string. */
export function toBytes(text: string): ByteString {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  return bytesToByteString(encoder.encode(text));
}

export function bytesToByteString(bytes: Uint8Array): ByteString {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

export function byteStringToBytes(s: ByteString): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Byte string -> UTF-16 text (invalid UTF-8 becomes U+FFFD, as a terminal would show it). */
export function fromBytes(s: ByteString): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? s : decoder.decode(byteStringToBytes(s));
}

export const RUNE_ERROR = 0xfffd;

/** utf8.DecodeRuneInString at byte offset i: [rune, width]; invalid input is (RuneError, 1). */
export function decodeRune(s: ByteString, i: number): [number, number] {
  const n = s.length;
  if (i >= n) return [RUNE_ERROR, 0];
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number): number => {
    const b = i + k < n ? s.charCodeAt(i + k) : -1;
    return b >= 0x80 && b <= 0xbf ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    if (c1 >= 0) return [((b0 & 0x1f) << 6) | c1, 2];
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 >= 0 && c2 >= 0) {
      const r = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
      if (r >= 0x800 && (r < 0xd800 || r > 0xdfff)) return [r, 3];
    }
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      const r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (r >= 0x10000 && r <= 0x10ffff) return [r, 4];
    }
  }
  return [RUNE_ERROR, 1];
}

/** utf8.DecodeLastRuneInString for the bytes before offset end. */
export function decodeLastRune(s: ByteString, end: number): [number, number] {
  if (end <= 0) return [RUNE_ERROR, 0];
  const start = Math.max(0, end - 4);
  for (let i = end - 1; i >= start; i--) {
    const b = s.charCodeAt(i);
    if (b < 0x80 || b >= 0xc0) {
      const [r, w] = decodeRune(s, i);
      if (i + w === end) return [r, w];
      break;
    }
  }
  return [RUNE_ERROR, 1];
}

/** The runes of a byte string, invalid bytes as RuneError (Go's `for _, r := range s`). */
export function runes(s: ByteString): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length;) {
    const [r, w] = decodeRune(s, i);
    out.push(r);
    i += w;
  }
  return out;
}

/** utf8.EncodeRune as a byte string. */
export function encodeRune(r: number): ByteString {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = RUNE_ERROR;
  if (r < 0x80) return String.fromCharCode(r);
  if (r < 0x800) return String.fromCharCode(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  if (r < 0x10000) return String.fromCharCode(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  return String.fromCharCode(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

export function runeCount(s: ByteString): number {
  let n = 0;
  for (let i = 0; i < s.length;) {
    i += decodeRune(s, i)[1];
    n++;
  }
  return n;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const SPACE = /^\s$/u;

export function isLetter(r: number): boolean {
  if (r < 0x80) return (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return LETTER.test(String.fromCodePoint(r));
}

export function isDigit(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return DIGIT.test(String.fromCodePoint(r));
}

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r === RUNE_ERROR) return true;
  if (r >= 0xd800 && r <= 0xdfff) return false;
  return GRAPHIC.test(String.fromCodePoint(r));
}

/** unicode.IsSpace. */
export function isSpaceRune(r: number): boolean {
  if (r < 0x80) return r === 0x20 || (r >= 0x09 && r <= 0x0d);
  return r === 0x85 || r === 0xa0 || SPACE.test(String.fromCodePoint(r));
}

/** Go's per-rune simple case mapping (unicode.ToUpper/ToLower): never changes the rune count. */
function simpleCase(r: number, upper: boolean): number {
  const ch = String.fromCodePoint(r);
  const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
  const cps = Array.from(mapped);
  if (cps.length === 1) return cps[0].codePointAt(0)!;
  if (!upper && r === 0x130) return 0x69; // İ -> i, Go's special case
  return r;
}

/** strings.Map over the runes of a byte string, re-encoded (invalid bytes become U+FFFD). */
export function mapRunes(s: ByteString, f: (r: number, prev: number) => number): ByteString {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  let out = '';
  let prev = 0x20;
  if (ascii) {
    for (let i = 0; i < s.length; i++) {
      const r = s.charCodeAt(i);
      out += String.fromCharCode(f(r, prev));
      prev = r;
    }
    return out;
  }
  for (const r of runes(s)) {
    out += encodeRune(f(r, prev));
    prev = r;
  }
  return out;
}

export function toUpperBytes(s: ByteString): ByteString {
  return mapRunes(s, (r) => simpleCase(r, true));
}

export function toLowerBytes(s: ByteString): ByteString {
  return mapRunes(s, (r) => simpleCase(r, false));
}

/** strings.Title's word boundary test. */
function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f) return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpaceRune(r);
}

/** strings.Title (deprecated in Go, still what the CLI's `title` does). */
export function titleBytes(s: ByteString): ByteString {
  return mapRunes(s, (r, prev) => (isSeparator(prev) ? simpleCase(r, true) : r));
}
