// Specifies our Go text/template: output and error texts as Go 1.24 (the CLI's Go) produces them.
import { describe, expect, it } from 'vitest';
import { BASIC_FUNCTIONS, parseDockerTemplate, preFormat } from '../../../electron/core/images/format/docker-template';
import { fromBytes } from '../../../electron/core/images/format/go-bytes';
import { GoTemplate, GoTemplateError } from '../../../electron/core/images/format/go-template';
import { goString, type GoValue } from '../../../electron/core/images/format/go-value';

const data: GoValue = {
  kind: 'map',
  type: 'map[string]string',
  elem: 'string',
  entries: new Map([
    ['Repository', goString('busybox')],
    ['Tag', goString('v1,v2')],
    ['Empty', goString('')],
  ]),
};

// Templates run on byte strings; decode for comparison with UTF-16 literals.
const run = (text: string, dot: GoValue = data): string => fromBytes(GoTemplate.parse(text, BASIC_FUNCTIONS).execute(dot));
const failure = (text: string): string => {
  try {
    run(text);
  } catch (e) {
    if (e instanceof GoTemplateError) return e.message;
    throw e;
  }
  throw new Error(`expected ${text} to fail`);
};

describe('evaluation', () => {
  it.each([
    ['plain text', 'plain text'],
    ['{{.Repository}}:{{.Tag}}', 'busybox:v1,v2'],
    ['{{.Missing}}', '<no value>'],
    ['{{.Repository | upper}}', 'BUSYBOX'],
    ['{{upper .Repository | lower}}', 'busybox'],
    ['{{join (split .Tag ",") "|"}}', 'v1|v2'],
    ['{{split .Tag ","}}', '[v1 v2]'],
    ['{{range split .Tag ","}}[{{.}}]{{end}}', '[v1][v2]'],
    ['{{range $i, $e := split .Tag ","}}{{$i}}={{$e}};{{end}}', '0=v1;1=v2;'],
    ['{{range split .Empty "x"}}{{.}}{{else}}none{{end}}', ''],
    ['{{range 3}}{{.}}{{end}}', '012'],
    ['{{range split .Tag ","}}{{if eq . "v2"}}{{break}}{{end}}{{.}}{{end}}', 'v1'],
    ['{{range split .Tag ","}}{{if eq . "v1"}}{{continue}}{{end}}{{.}}{{end}}', 'v2'],
    ['{{if .Empty}}yes{{else}}no{{end}}', 'no'],
    ['{{if eq .Tag "x"}}a{{else if eq .Repository "busybox"}}b{{else}}c{{end}}', 'b'],
    ['{{with .Repository}}<{{.}}>{{end}}', '<busybox>'],
    ['{{with .Empty}}x{{else with .Tag}}{{.}}{{end}}', 'v1,v2'],
    ['{{$x := .Tag}}{{$x = "y"}}{{$x}}', 'y'],
    ['{{and 1 0 2}} {{or 0 "" "z"}} {{not 0}} {{and .Repository .Tag}}', '0 z true v1,v2'],
    ['{{eq 1 1}} {{ne "a" "b"}} {{lt 1 2}} {{le 2 2}} {{gt 1.5 2.5}} {{ge "b" "a"}}', 'true true true true false true'],
    ['{{eq .Repository "x" "busybox"}}', 'true'],
    ['{{len .Tag}} {{index .Tag 0}} {{slice .Tag 1 3}} {{index (split .Tag ",") 1}}', '5 118 1, v2'],
    ['{{print 1 2 "a" "b" 3}}|{{println "x" 1}}', '1 2ab3|x 1\n'],
    ['{{html "<a&b>"}} {{urlquery "a b&c"}} {{js "it\'s"}}', "&lt;a&amp;b&gt; a+b%26c it\\'s"],
    ['{{/* a comment */}}x', 'x'],
    ['a  {{- "b" -}}  c', 'abc'],
    ['{{`raw\\n`}}', 'raw\\n'],
    ['{{"tab\\tquote\\""}}', 'tab\tquote"'],
    ["{{'a'}} {{0x1F}} {{1e3}} {{-2}} {{1_000}} {{0o17}}", '97 31 1000 -2 1000 15'],
    ['{{define "t"}}T{{.}}{{end}}{{template "t" .Tag}}', 'Tv1,v2'],
    ['{{block "b" .Repository}}[{{.}}]{{end}}', '[busybox]'],
    ['{{.}}', 'map[Empty: Repository:busybox Tag:v1,v2]'],
    ['{{.Tag\n|\nupper}}', 'V1,V2'],
    ['{{1+2i}} {{1.5i}} {{eq 1+2i 1+2i}} {{0x1p-2}} {{-0}}', '(1+2i) (0+1.5i) true 0.25 0'],
    ['{{printf "%T %T %T %q" 1 "s" (split "a" ",") 65}}', "int string []string 'A'"],
    ['{{json 1.5}} {{json 1e21}} {{json 0.0000001}}', '1.5 1e+21 1e-7'],
  ])('%s renders %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('implements printf verbs, flags and widths like fmt', () => {
    expect(run('{{printf "%-10s|%5d|%q|%v|%s" .Repository 42 .Tag 1.5 (split .Tag ",")}}')).toBe('busybox   |   42|"v1,v2"|1.5|[v1 v2]');
    expect(run('{{printf "%x %X %o %b %c %U %e %.2f %g %t" 255 255 8 5 65 65 1234.5678 3.14159 0.000001 true}}')).toBe(
      'ff FF 10 101 A U+0041 1.234568e+03 3.14 1e-06 true',
    );
    expect(run('{{printf "%08.3f|%+d|% d|%#x|%#q|%05d|%5.1f" 3.14159 5 5 255 "a" -42 2.25}}')).toBe('0003.142|+5| 5|0xff|`a`|-0042|  2.2');
    expect(run('{{printf "%d %s" "x"}}')).toBe('%!d(string=x) %!s(MISSING)');
    expect(run('{{printf "%s" 1 2}}')).toBe('%!s(int=1)%!(EXTRA int=2)');
    expect(run('{{printf "%%|%5.2s|" "abc"}}')).toBe('%|   ab|');
  });

  it('implements the docker functions (json split join title lower upper pad truncate)', () => {
    expect(run('{{json .Repository}} {{json (split .Tag ",")}} {{json .}}')).toBe(
      '"busybox" ["v1","v2"] {"Empty":"","Repository":"busybox","Tag":"v1,v2"}',
    );
    expect(run('{{json "<none>&"}}')).toBe('"<none>&"'); // the encoder does not HTML-escape
    expect(run('{{title "hello wORLD-foo_bar 9lives"}}')).toBe('Hello WORLD-Foo_bar 9lives');
    expect(run('{{pad .Repository 2 3}}|{{pad .Empty 2 3}}|')).toBe('  busybox   ||');
    expect(run('{{truncate .Repository 3}} {{truncate .Repository 30}}')).toBe('bus busybox');
    expect(run('{{upper "straße"}} {{lower "ÀÉ"}}')).toBe('STRAßE àé');
    expect(run('{{split "héé" ""}}')).toBe('[h é é]');
  });

  it('counts bytes where Go does (len, truncate) and keeps UTF-8 intact', () => {
    expect(run('{{len "é"}}')).toBe('2');
    expect(run('{{truncate "ééé" 4}}')).toBe('éé');
  });

  it('can be parsed once and executed many times with swapped functions', () => {
    const t = GoTemplate.parse('{{upper .Repository}}', BASIC_FUNCTIONS);
    expect(t.execute(data)).toBe('BUSYBOX');
    const identity = new Map([['upper', { params: ['string'], call: ([v]: GoValue[]) => v }]]);
    expect(t.execute(data, identity)).toBe('busybox');
    expect(t.execute(data)).toBe('BUSYBOX');
  });
});

describe('parse errors carry Go’s text', () => {
  it.each([
    ['{{InvalidFunction}}', 'template: :1: function "InvalidFunction" not defined'],
    ['{{.Tag', 'template: :1: unclosed action'],
    ['{{.Tag\n', 'template: :2: unclosed action started at :1'],
    ['{{if .Tag}}', 'template: :1: unexpected EOF'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{else}}', 'template: :1: unexpected {{else}}'],
    ['{{if .Tag}}{{else}}{{else}}{{end}}', 'template: :1: expected end; found {{else}}'],
    ['{{range .Tag}}{{end}}{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{.Tag | 3}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{}}', 'template: :1: missing value for command'],
    ['a\n{{if}}', 'template: :2: missing value for if'],
    ['{{$x}}', 'template: :1: undefined variable "$x"'],
    ['{{(.Tag}}', 'template: :1: unclosed left paren'],
    ['{{.Tag)}}', 'template: :1: unexpected right paren'],
    ['{{"abc}}', 'template: :1: unterminated quoted string'],
    ['{{`abc}}', 'template: :1: unterminated raw quoted string'],
    ['{{.Tag$}}', "template: :1: bad character U+0024 '$'"],
    ['{{3x}}', 'template: :1: bad number syntax: "3x"'],
    ['{{break}}', 'template: :1: {{break}} outside {{range}}'],
    ['{{/* x }}', 'template: :1: unclosed comment'],
    ['{{"\\z"}}', 'template: :1: invalid syntax'],
    ['{{"a".Foo}}', 'template: :1: unexpected . after term "\\"a\\""'],
    ['{{.Tag a=}}', "template: :1: bad character U+003D '='"],
    ['{{if\n.Tag}}', 'template: :2: unexpected EOF'],
    ['{{1e400}}', 'template: :1: illegal number syntax: "1e400"'],
    ['{{99999999999999999999}}', 'template: :1: integer overflow: "99999999999999999999"'],
    ['{{.Tag ;}}', 'template: :1: unexpected ";" in operand'],
  ])('%j fails with %j', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('execution errors carry Go’s text and position', () => {
  it.each([
    ['{{nil}}', 'template: :1:2: executing "" at <nil>: nil is not a command'],
    ['{{.Tag.Foo}}', 'template: :1:6: executing "" at <.Tag.Foo>: can\'t evaluate field Foo in type string'],
    ['{{.Tag "a"}}', 'template: :1:2: executing "" at <.Tag>: Tag is not a method but has arguments'],
    ['{{printf 3}}', 'template: :1:9: executing "" at <3>: expected string; found 3'],
    ['{{upper 3}}', 'template: :1:8: executing "" at <3>: expected string; found 3'],
    ['{{join .Tag ","}}', 'template: :1:7: executing "" at <.Tag>: wrong type for value; expected []string; got string'],
    ['{{upper}}', 'template: :1:2: executing "" at <upper>: wrong number of args for upper: want 1 got 0'],
    [
      '{{truncate .Tag -1}}',
      'template: :1:2: executing "" at <truncate .Tag -1>: error calling truncate: runtime error: slice bounds out of range [:-1]',
    ],
    ['{{pad .Tag -1 0}}', 'template: :1:2: executing "" at <pad .Tag -1 0>: error calling pad: strings: negative Repeat count'],
    ['{{(1) 2}}', 'template: :1:2: executing "" at <(1) 2>: can\'t give argument to non-function 1'],
    ['{{range .Tag}}{{end}}', 'template: :1:8: executing "" at <.Tag>: range can\'t iterate over v1,v2'],
    ['{{len 3}}', 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'],
    ['{{index .Tag 9}}', 'template: :1:2: executing "" at <index .Tag 9>: error calling index: index out of range: 9'],
    ['{{eq 1 "a"}}', 'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison'],
    ['{{lt true false}}', 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison'],
    ['{{template "nope"}}', 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined'],
    ['x\n  {{nil}}', 'template: :2:4: executing "" at <nil>: nil is not a command'],
  ])('%j fails with %j', (text, message) => {
    expect(failure(text)).toBe(message);
  });

  it('keeps the output written before the error, as Go leaves it in the writer', () => {
    try {
      run('ab{{.Repository}}{{nil}}cd');
    } catch (e) {
      expect((e as GoTemplateError).partial).toBe('abbusybox');
    }
  });
});

describe('the docker CLI layer', () => {
  it('pre-formats like Context.preFormat: table prefix, json key, spaces, \\t and \\n escapes', () => {
    expect(preFormat('table {{.ID}}\\t{{.Tag}}')).toBe('{{.ID}}\t{{.Tag}}');
    expect(preFormat('json')).toBe('{{json .}}');
    expect(preFormat('  {{.ID}}\\n ')).toBe('{{.ID}}\n');
    expect(preFormat('\t{{.ID}}')).toBe('\t{{.ID}}');
  });
  it('prefixes template failures with "template parsing error: "', () => {
    expect(() => parseDockerTemplate('{{Foo}}')).toThrow('template parsing error: template: :1: function "Foo" not defined');
  });
});
