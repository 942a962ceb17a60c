// Owns the docker CLI's template layer (docker/cli templates + formatter.Context): its extra
// functions, the header variants of them, format pre-processing and the CLI's error prefix.
import { type ByteString, decodeRune, titleBytes, toLowerBytes, toUpperBytes } from './go-bytes';
import { encodeJSON } from './go-json';
import { type FuncMap, GoTemplate, GoTemplateError, type TemplateFunc } from './go-template';
import { ANY, GoCallError, type GoValue, goString, goStringSlice } from './go-value';

export const TABLE_FORMAT_KEY = 'table';
export const RAW_FORMAT_KEY = 'raw';
export const JSON_FORMAT_KEY = 'json';

const f = (params: string[], call: (args: GoValue[]) => GoValue): TemplateFunc => ({ params, call });
const str = (v: GoValue): ByteString => (v as { v: ByteString }).v;
const num = (v: GoValue): number => (v as { v: number }).v;

function goRepeat(s: string, count: number): string {
  if (count < 0) throw new GoCallError('strings: negative Repeat count');
  return s.repeat(count);
}

/** strings.Split (n = -1); an empty separator splits after each UTF-8 sequence (bad bytes alone). */
function goSplit(s: ByteString, sep: ByteString): ByteString[] {
  if (sep !== '') return s.split(sep);
  const out: ByteString[] = [];
  for (let i = 0; i < s.length;) {
    const w = decodeRune(s, i)[1];
    out.push(s.slice(i, i + w));
    i += w;
  }
  return out;
}

/** templates.basicFunctions. */
export const BASIC_FUNCTIONS: FuncMap = new Map<string, TemplateFunc>([
  // An Encoder with SetEscapeHTML(false), output trimmed of its newline.
  ['json', f([ANY], ([v]) => goString(encodeJSON(v, false).trim()))],
  ['split', f(['string', 'string'], ([s, sep]) => goStringSlice(goSplit(str(s), str(sep))))],
  ['join', f(['[]string', 'string'], ([elems, sep]) => goString((elems as { items: GoValue[] }).items.map(str).join(str(sep))))],
  ['title', f(['string'], ([s]) => goString(titleBytes(str(s))))],
  ['lower', f(['string'], ([s]) => goString(toLowerBytes(str(s))))],
  ['upper', f(['string'], ([s]) => goString(toUpperBytes(str(s))))],
  [
    'pad',
    f(['string', 'int', 'int'], ([s, pre, post]) =>
      goString(str(s) === '' ? '' : goRepeat(' ', num(pre)) + str(s) + goRepeat(' ', num(post))),
    ),
  ],
  [
    'truncate',
    f(['string', 'int'], ([s, length]) => {
      const src = str(s);
      const n = num(length);
      if (src.length < n) return goString(src);
      if (n < 0) throw new GoCallError(`runtime error: slice bounds out of range [:${n}]`);
      return goString(src.slice(0, n));
    }),
  ],
]);

/** templates.HeaderFunctions: identity versions so a header shows the column name itself. */
export const HEADER_FUNCTIONS: FuncMap = new Map<string, TemplateFunc>([
  ['json', f(['string'], ([v]) => v)],
  ['split', f(['string', 'string'], ([v]) => v)],
  ['join', f(['string', 'string'], ([v]) => v)],
  ['title', f(['string'], ([v]) => v)],
  ['lower', f(['string'], ([v]) => v)],
  ['upper', f(['string'], ([v]) => v)],
  ['truncate', f(['string', 'int'], ([v]) => v)],
]);

export const isTableFormat = (format: string): boolean => format.startsWith(TABLE_FORMAT_KEY);

/** Context.preFormat: drop `table`, `json` -> `{{json .}}`, trim spaces, expand literal \t and \n. */
export function preFormat(format: string): string {
  let f = format;
  if (isTableFormat(f)) f = f.slice(TABLE_FORMAT_KEY.length);
  else if (f === JSON_FORMAT_KEY) f = '{{json .}}';
  f = f.replace(/^ +| +$/g, '');
  return f.replace(/\\t|\\n/g, (m) => (m === '\\t' ? '\t' : '\n'));
}

/** The CLI's wording for any template failure (errors.Wrap(err, "template parsing error")). */
export function templateErrorMessage(err: unknown): string {
  return `template parsing error: ${err instanceof Error ? err.message : String(err)}`;
}

/** An error whose message is exactly what the docker CLI prints after `Error: `-less stderr. */
export class FormatError extends Error {}

/** templates.Parse on an already pre-formatted string; throws FormatError with the CLI's text. */
export function parseDockerTemplate(finalFormat: string): GoTemplate {
  try {
    return GoTemplate.parse(finalFormat, BASIC_FUNCTIONS);
  } catch (e) {
    if (e instanceof GoTemplateError) throw new FormatError(templateErrorMessage(e));
    throw e;
  }
}
