// Owns encoding/json as the CLI uses it: sorted map keys, Go's string escapes, and the
// HTML-escaping switch (json.Marshal escapes < > &; the template's `json` encoder does not).
import { type ByteString, decodeRune, RUNE_ERROR } from './go-bytes';
import { GoCallError, type GoValue } from './go-value';

const HEX = '0123456789abcdef';

export function encodeJSONString(s: ByteString, escapeHTML: boolean): ByteString {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const b = s.charCodeAt(i);
    if (b < 0x80) {
      i++;
      if (b >= 0x20 && b !== 0x22 && b !== 0x5c && !(escapeHTML && (b === 0x3c || b === 0x3e || b === 0x26))) {
        out += s[i - 1];
        continue;
      }
      switch (b) {
        case 0x22:
          out += '\\"';
          break;
        case 0x5c:
          out += '\\\\';
          break;
        case 0x08:
          out += '\\b';
          break;
        case 0x0c:
          out += '\\f';
          break;
        case 0x0a:
          out += '\\n';
          break;
        case 0x0d:
          out += '\\r';
          break;
        case 0x09:
          out += '\\t';
          break;
        default:
          out += `\\u00${HEX[b >> 4]}${HEX[b & 15]}`;
      }
      continue;
    }
    const [r, w] = decodeRune(s, i);
    if (r === RUNE_ERROR && w === 1) {
      out += '\\ufffd';
      i++;
      continue;
    }
    // U+2028/U+2029 are valid JSON but break JavaScript string literals; Go always escapes them.
    if (r === 0x2028 || r === 0x2029) {
      out += `\\u202${HEX[r & 15]}`;
      i += w;
      continue;
    }
    out += s.slice(i, i + w);
    i += w;
  }
  return out + '"';
}

/** Go's float encoding in JSON: %f-like in [1e-6, 1e21), else exponent form with a short exponent. */
function encodeJSONFloat(x: number): ByteString {
  if (!Number.isFinite(x)) throw new GoCallError(`json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // strconv 'e' with shortest digits, then e-07 -> e-7
    // strconv's 'e' then Go's clean-up of e-07 to e-7: JS's shortest exponent form already reads so.
    return x.toExponential();
  }
  return String(x);
}

function base64(bytes: number[]): string {
  return Buffer.from(bytes).toString('base64');
}

/** json.Marshal (escapeHTML=true) or an Encoder with SetEscapeHTML(false). */
export function encodeJSON(v: GoValue, escapeHTML: boolean): ByteString {
  switch (v.kind) {
    case 'invalid':
      return 'null';
    case 'string':
      return encodeJSONString(v.v, escapeHTML);
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'int':
    case 'uint':
      return String(v.v);
    case 'float':
      return encodeJSONFloat(v.v);
    case 'slice':
      if (v.isNil) return 'null';
      if (v.elem === 'uint8' || v.elem === 'byte') return `"${base64(v.items.map((b) => (b as { v: number }).v))}"`;
      return `[${v.items.map((item) => encodeJSON(item, escapeHTML)).join(',')}]`;
    case 'map': {
      if (v.isNil) return 'null';
      const keys = [...v.entries.keys()].sort();
      return `{${keys.map((k) => `${encodeJSONString(k, escapeHTML)}:${encodeJSON(v.entries.get(k)!, escapeHTML)}`).join(',')}}`;
    }
    case 'complex':
      throw new GoCallError(`json: unsupported type: ${v.type}`);
    case 'ptr':
    case 'struct':
      if (v.obj.marshalJSON) return v.obj.marshalJSON();
      throw new GoCallError(`json: unsupported type: ${v.type}`);
  }
}
