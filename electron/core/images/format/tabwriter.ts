// Owns the docker CLI's tabwriter (its fork of Go's text/tabwriter): elastic tabstops over
// TAB-terminated cells, column blocks, minwidth/padding, and display widths for wide runes.
import { isWideRune } from '../../../../shared/docker-units';
import { type ByteString, decodeRune } from './go-bytes';

export interface TabwriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
}

/** What `docker images` and friends use: NewWriter(out, 10, 1, 3, ' ', 0). */
export const CLI_TABWRITER: TabwriterOptions = { minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ' };

interface Cell {
  text: ByteString;
  width: number;
  htab: boolean;
}

/** Zero-width runes as go-runewidth treats them: combining marks, format chars, controls. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;

/** Terminal columns of a byte string (go-runewidth StringWidth, East Asian context off). */
export function displayWidth(s: ByteString): number {
  let w = 0;
  for (let i = 0; i < s.length;) {
    const [r, n] = decodeRune(s, i);
    i += n;
    if (r < 0x20 || (r >= 0x7f && r < 0xa0)) continue;
    if (r < 0x7f) {
      w++;
      continue;
    }
    if (ZERO_WIDTH.test(String.fromCodePoint(r))) continue;
    w += isWideRune(r) ? 2 : 1;
  }
  return w;
}

/**
 * Align `input` (a byte string) as the tabwriter would when it is written whole and flushed.
 * Cells are TAB-terminated (`\v` too); the text after a line's last TAB is not part of a column
 * and is never padded. A column block is a run of consecutive lines that have a cell in that
 * column; a shorter line ends the block, so widths are per block, not per whole column.
 */
export function tabwrite(input: ByteString, opts: TabwriterOptions = CLI_TABWRITER): ByteString {
  let out = '';
  let lines: Cell[][] = [[]];
  let cellStart = 0;

  const flush = (): void => {
    out += formatLines(lines, opts);
    lines = [[]];
  };

  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
      const text = input.slice(cellStart, i);
      const line = lines[lines.length - 1];
      line.push({ text, width: displayWidth(text), htab: ch === '\t' });
      cellStart = i + 1;
      if (ch === '\n' || ch === '\f') {
        const ncells = line.length;
        lines.push([]);
        // A line with one cell cannot affect later alignment (its only cell is not in a
        // column), so the writer flushes there; \f always flushes.
        if (ch === '\f' || ncells === 1) flush();
      }
    }
  }
  // Flush: a pending partial cell becomes the last line's final cell.
  const rest = input.slice(cellStart);
  if (rest.length > 0) {
    lines[lines.length - 1].push({ text: rest, width: displayWidth(rest), htab: false });
  }
  flush();
  return out;
}

function formatLines(lines: Cell[][], opts: TabwriterOptions): ByteString {
  let out = '';
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      line.forEach((c, j) => {
        out += c.text;
        if (j < widths.length) out += pad(c.width, widths[j], opts);
      });
      // The final (unterminated) line has no newline of its own.
      if (i + 1 < lines.length) out += '\n';
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      // This line has a cell in `column`: print what precedes, then size the block.
      writeLines(line0, cur);
      line0 = cur;
      let width = opts.minwidth;
      for (; cur < line1; cur++) {
        const line = lines[cur];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + opts.padding);
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      // The loop's increment skips the line that ended the block: it has no cell here.
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}

function pad(textWidth: number, cellWidth: number, opts: TabwriterOptions): string {
  if (opts.padchar === '\t') {
    if (opts.tabwidth === 0) return '';
    const cw = Math.ceil(cellWidth / opts.tabwidth) * opts.tabwidth;
    return '\t'.repeat(Math.ceil((cw - textWidth) / opts.tabwidth));
  }
  return opts.padchar.repeat(Math.max(0, cellWidth - textWidth));
}
