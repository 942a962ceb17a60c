// Owns Go's fmt for template values: Sprint/Sprintln/Sprintf (verbs, flags, widths, %!verb
// errors) and strconv.Quote, over byte strings, so printf output matches the CLI's.
import { goFormatFloat } from '../../../../shared/docker-units';
import { type ByteString, decodeRune, encodeRune, isPrint, RUNE_ERROR, runeCount, toBytes } from './go-bytes';
import { type GoValue, typeOf } from './go-value';

const HEX = '0123456789abcdef';

/** strconv.Quote (or QuoteToASCII): Go escapes, printable runes kept, bad bytes as \xNN. */
export function goQuote(s: ByteString, asciiOnly = false, quote = '"'): ByteString {
  let out = quote;
  for (let i = 0; i < s.length;) {
    const [r, w] = decodeRune(s, i);
    if (w === 1 && r === RUNE_ERROR) {
      const b = s.charCodeAt(i);
      out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
      i += 1;
      continue;
    }
    i += w;
    out += quoteRune(r, asciiOnly, quote);
  }
  return out + quote;
}

function quoteRune(r: number, asciiOnly: boolean, quote: string): ByteString {
  if (String.fromCharCode(r) === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return encodeRune(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return `\\x${HEX[r >> 4]}${HEX[r & 15]}`;
  if (r < 0x10000) return `\\u${r.toString(16).padStart(4, '0')}`;
  return `\\U${r.toString(16).padStart(8, '0')}`;
}

/** strconv.CanBackquote: no control characters except tab, no backquote, valid UTF-8. */
function canBackquote(s: ByteString): boolean {
  for (let i = 0; i < s.length;) {
    const [r, w] = decodeRune(s, i);
    if (w === 1 && r === RUNE_ERROR) return false;
    if ((r < 0x20 && r !== 0x09) || r === 0x60 || r === 0x7f || r === 0xfeff) return false;
    i += w;
  }
  return true;
}

interface FmtFlags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

const noFlags = (): FmtFlags => ({ plus: false, minus: false, sharp: false, space: false, zero: false });

function padTo(s: ByteString, f: FmtFlags, numeric = false): ByteString {
  if (f.width === undefined) return s;
  const n = f.width - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  if (f.zero) {
    // zero padding goes after a sign
    if (numeric && (s[0] === '-' || s[0] === '+' || s[0] === ' ')) return s[0] + '0'.repeat(n) + s.slice(1);
    return '0'.repeat(n) + s;
  }
  return ' '.repeat(n) + s;
}

function badVerb(verb: string, v: GoValue): ByteString {
  if (v.kind === 'invalid') return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeOf(v)}=${formatValue(v, 'v', noFlags(), 0)})`;
}

function fmtInteger(n: number, base: number, verb: string, f: FmtFlags, unsigned: boolean): ByteString {
  const neg = !unsigned && n < 0;
  let digits = Math.abs(n).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (f.prec !== undefined) {
    if (f.prec === 0 && n === 0) digits = '';
    digits = digits.padStart(f.prec, '0');
  } else if (f.zero && f.width !== undefined && !f.minus) {
    const signLen = neg || f.plus || f.space ? 1 : 0;
    let prefixLen = 0;
    if (f.sharp) prefixLen = base === 16 ? 2 : base === 8 || base === 2 ? 1 : 0;
    digits = digits.padStart(f.width - signLen - prefixLen, '0');
  }
  if (f.sharp) {
    if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
    else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
    else if (base === 2) digits = '0b' + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return padTo(sign + digits, { ...f, zero: false });
}

function fmtFloat(x: number, verb: string, f: FmtFlags): ByteString {
  const v = (verb === 'v' ? 'g' : verb) as 'g' | 'G' | 'e' | 'E' | 'f' | 'F';
  const prec = f.prec ?? (v === 'e' || v === 'E' || v === 'f' || v === 'F' ? 6 : -1);
  let s = goFormatFloat(x, v, prec);
  if (f.plus && s[0] !== '-' && s[0] !== '+') s = '+' + s;
  else if (f.space && s[0] !== '-') s = ' ' + s;
  if (s === '+Inf' && !f.plus) s = f.space ? ' Inf' : '+Inf';
  return padTo(s, f, Number.isFinite(x));
}

function fmtString(s: ByteString, verb: string, f: FmtFlags): ByteString {
  switch (verb) {
    case 'v':
    case 's': {
      let t = s;
      if (f.prec !== undefined) t = truncateRunes(t, f.prec);
      return padTo(t, f);
    }
    case 'q': {
      let t = s;
      if (f.prec !== undefined) t = truncateRunes(t, f.prec);
      if (f.sharp && canBackquote(t)) return padTo('`' + t + '`', f);
      return padTo(goQuote(t, f.plus), f);
    }
    case 'x':
    case 'X': {
      const hex = verb === 'x' ? HEX : HEX.toUpperCase();
      let out = '';
      for (let i = 0; i < s.length; i++) {
        if (i > 0 && f.space) out += ' ';
        if (f.sharp && (i === 0 || f.space)) out += verb === 'x' ? '0x' : '0X';
        const b = s.charCodeAt(i);
        out += hex[b >> 4] + hex[b & 15];
      }
      return padTo(out, f);
    }
  }
  return badVerb(verb, { kind: 'string', type: 'string', v: s });
}

function truncateRunes(s: ByteString, n: number): ByteString {
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) i += decodeRune(s, i)[1];
  return s.slice(0, i);
}

/** fmt's printing of one operand with one verb (depth > 0 means inside a slice/map/struct). */
export function formatValue(v: GoValue, verb: string, f: FmtFlags, depth: number): ByteString {
  switch (v.kind) {
    case 'invalid':
      return verb === 'v' ? padTo('<nil>', f) : badVerb(verb, v);
    case 'bool':
      return verb === 'v' || verb === 't' ? padTo(v.v ? 'true' : 'false', f) : badVerb(verb, v);
    case 'int':
    case 'uint': {
      const unsigned = v.kind === 'uint';
      switch (verb) {
        case 'v':
        case 'd':
          return fmtInteger(v.v, 10, verb, f, unsigned);
        case 'b':
          return fmtInteger(v.v, 2, verb, f, unsigned);
        case 'o':
        case 'O':
          return fmtInteger(v.v, 8, verb, f, unsigned);
        case 'x':
        case 'X':
          return fmtInteger(v.v, 16, verb, f, unsigned);
        case 'c':
          return padTo(encodeRune(v.v), f);
        case 'q':
          return padTo(goQuote(encodeRune(v.v), f.plus, "'"), f);
        case 'U': {
          const hex = v.v.toString(16).toUpperCase().padStart(4, '0');
          return padTo(f.sharp && isPrint(v.v) ? `U+${hex} '${encodeRune(v.v)}'` : `U+${hex}`, f);
        }
      }
      return badVerb(verb, v);
    }
    case 'float':
      if ('vgGeEfF'.includes(verb)) return fmtFloat(v.v, verb, f);
      return badVerb(verb, v);
    case 'complex': {
      if (!'vgGeEfF'.includes(verb)) return badVerb(verb, v);
      const re = fmtFloat(v.re, verb, { ...f, width: undefined });
      const im = fmtFloat(v.im, verb, { ...f, width: undefined, plus: true });
      return padTo(`(${re}${im}i)`, f);
    }
    case 'string':
      return fmtString(v.v, verb, f);
    case 'slice': {
      if ((v.elem === 'uint8' || v.elem === 'byte') && 'sqxX'.includes(verb)) {
        return fmtString(v.items.map((b) => String.fromCharCode((b as { v: number }).v)).join(''), verb, f);
      }
      const inner = v.items.map((item) => formatValue(item, verb, { ...f, width: undefined }, depth + 1));
      return padTo(`[${inner.join(' ')}]`, { ...f, zero: false });
    }
    case 'map': {
      const keys = [...v.entries.keys()].sort();
      const inner = keys.map(
        (k) => `${fmtString(k, verb === 'v' ? 'v' : verb, noFlags())}:${formatValue(v.entries.get(k)!, verb, noFlags(), depth + 1)}`,
      );
      return `map[${inner.join(' ')}]`;
    }
    case 'ptr':
      // fmt prints &{...} for a pointer to struct at the top level only; deeper it is an address.
      return depth === 0 ? '&' + v.obj.format() : '0xc000010000';
    case 'struct':
      return v.obj.format();
  }
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function goSprint(args: GoValue[]): ByteString {
  let out = '';
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = arg.kind === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatValue(arg, 'v', noFlags(), 0);
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: operands always separated by a space, then a newline. */
export function goSprintln(args: GoValue[]): ByteString {
  return args.map((a) => formatValue(a, 'v', noFlags(), 0)).join(' ') + '\n';
}

/** fmt.Sprintf. */
export function goSprintf(format: ByteString, args: GoValue[]): ByteString {
  let out = '';
  let argNum = 0;
  let reordered = false;
  const end = format.length;
  let i = 0;
  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    // Explicit argument index [n].
    const readIndex = (): void => {
      if (format[i] !== '[') return;
      reordered = true;
      const close = format.indexOf(']', i);
      const n = close > i ? Number(format.slice(i + 1, close)) : NaN;
      if (Number.isInteger(n) && n >= 1 && n <= args.length) {
        argNum = n - 1;
        i = close + 1;
      } else {
        out += '%!(BADINDEX)';
        i = close > i ? close + 1 : end;
      }
    };
    readIndex();
    if (format[i] === '*') {
      i++;
      const a = args[argNum++];
      if (a && a.kind === 'int') {
        f.width = a.v;
        if (f.width < 0) {
          f.minus = true;
          f.zero = false;
          f.width = -f.width;
        }
      } else out += '%!(BADWIDTH)';
    } else {
      let w = '';
      while (i < end && format[i] >= '0' && format[i] <= '9') w += format[i++];
      if (w) f.width = Number(w);
    }
    if (format[i] === '.') {
      i++;
      readIndex();
      if (format[i] === '*') {
        i++;
        const a = args[argNum++];
        if (a && a.kind === 'int' && a.v >= 0) f.prec = a.v;
        else out += '%!(BADPREC)';
      } else {
        let p = '';
        while (i < end && format[i] >= '0' && format[i] <= '9') p += format[i++];
        f.prec = p ? Number(p) : 0;
      }
    }
    readIndex();
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const [r, w] = decodeRune(format, i);
    const verb = encodeRune(r);
    i += w;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++];
    if (verb === 'T') {
      out += padTo(arg.kind === 'invalid' ? '<nil>' : typeOf(arg), f);
      continue;
    }
    if (verb === 'w') {
      out += badVerb(verb, arg);
      continue;
    }
    out += formatValue(arg, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    const extra = args.slice(argNum).map((a) => (a.kind === 'invalid' ? '<nil>' : `${typeOf(a)}=${formatValue(a, 'v', noFlags(), 0)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

/** template's HTMLEscaper. */
export function goHTMLEscape(s: ByteString): ByteString {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\0':
        out += toBytes('\uFFFD');
        break;
      case '"':
        out += '&#34;';
        break;
      case "'":
        out += '&#39;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** url.QueryEscape. */
export function goQueryEscape(s: ByteString): ByteString {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else {
      const b = s.charCodeAt(i);
      out += '%' + HEX.toUpperCase()[b >> 4] + HEX.toUpperCase()[b & 15];
    }
  }
  return out;
}

/** template's JSEscaper. */
export function goJSEscape(s: ByteString): ByteString {
  let out = '';
  for (let i = 0; i < s.length;) {
    const [r, w] = decodeRune(s, i);
    i += w;
    switch (r) {
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x27:
        out += "\\'";
        continue;
      case 0x22:
        out += '\\"';
        continue;
      case 0x3c:
        out += '\\u003C';
        continue;
      case 0x3e:
        out += '\\u003E';
        continue;
      case 0x26:
        out += '\\u0026';
        continue;
      case 0x3d:
        out += '\\u003D';
        continue;
    }
    if (r < 0x80 && !isPrint(r)) out += `\\u${r.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (r >= 0x80 && !isPrint(r)) out += `\\u${r.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += encodeRune(r);
  }
  return out;
}
