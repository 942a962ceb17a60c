// Owns how a file's first bytes are shown: text as text, anything else as a hex dump (offset,
// 16 bytes in hex, the printable ASCII beside them), as `hexdump -C` prints it.
import type { ExploreFileContent } from '../../../../shared/explore';

export function bytesOf(content: Pick<ExploreFileContent, 'base64'>): Uint8Array {
  const raw = atob(content.base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export function textOf(bytes: Uint8Array): string {
  // Core said it is UTF-8; a sequence cut at the 1 MiB edge shows as U+FFFD rather than failing.
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

const hex2 = (b: number) => (b < 16 ? '0' : '') + b.toString(16);

/** One line of `hexdump -C`: `00000010  2f 62 69 6e 20 ...  |/bin ...|`. */
export function hexLine(bytes: Uint8Array, offset: number): string {
  const row = bytes.subarray(offset, offset + 16);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < 16; i++) {
    if (i === 8) hex += ' ';
    if (i < row.length) {
      const b = row[i]!;
      hex += hex2(b) + ' ';
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else hex += '   ';
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`;
}

export const hexLineCount = (bytes: Uint8Array) => Math.ceil(bytes.length / 16);
