// Specifies the CLI's tabwriter: NewWriter(out, 10, 1, 3, ' ', 0) with Go's column blocks.
import { describe, expect, it } from 'vitest';
import { displayWidth, tabwrite } from '../../../electron/core/images/format/tabwriter';
import { toBytes } from '../../../electron/core/images/format/go-bytes';

describe('tabwrite', () => {
  it('pads every TAB-terminated cell to max(width + 3, 10) and leaves the last cell alone', () => {
    expect(tabwrite('REPOSITORY\tTAG\tIMAGE ID\nimage\ttag1\timageID1\nverylongrepositoryname\tx\ty\n')).toBe(
      'REPOSITORY               TAG       IMAGE ID\n' +
        'image                    tag1      imageID1\n' +
        'verylongrepositoryname   x         y\n',
    );
  });

  it('ends a column block at a line with fewer cells (Go’s elastic tabstops, not one width per column)', () => {
    // "x" has no cell in column 0, so the lines after it size their columns on their own.
    expect(tabwrite('aaaaaaaaaaaaaa\tb\nx\nc\td\n')).toBe('aaaaaaaaaaaaaa   b\nx\nc         d\n');
    expect(tabwrite('a\tbbbbbbbbbbbbbb\tc\nd\te\nf\tg\th\n')).toBe('a         bbbbbbbbbbbbbb   c\nd         e\nf         g         h\n');
  });

  it('keeps trailing padding on a line whose last cell is empty, as Go does', () => {
    expect(tabwrite('NAME\tOFFICIAL\tAUTOMATED\nresult1\t[OK]\t\nresult2\t\t[OK]\n')).toBe(
      'NAME      OFFICIAL   AUTOMATED\nresult1   [OK]       \nresult2              [OK]\n',
    );
  });

  it('passes lines without tabs through, and an empty header line stays empty', () => {
    expect(tabwrite('REPOSITORY\nimage\n')).toBe('REPOSITORY\nimage\n');
    expect(tabwrite('\n{"a":1}\n')).toBe('\n{"a":1}\n');
  });

  it('writes text after the last newline without adding one', () => {
    expect(tabwrite('a\tb')).toBe('a         b');
  });

  it('measures display width: wide runes count 2, combining marks 0', () => {
    expect(displayWidth(toBytes('日本'))).toBe(4);
    expect(displayWidth(toBytes('é'))).toBe(1);
    expect(displayWidth(toBytes('e\u0301'))).toBe(1);
    expect(tabwrite(toBytes('日本語日本語\tx\na\ty\n'))).toBe(toBytes('日本語日本語   x\na              y\n'));
  });
});
