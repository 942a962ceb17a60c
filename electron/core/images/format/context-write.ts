// Owns the docker CLI's formatter.Context.Write for any command's rows: pre-format, parse, run
// the template per row, then (for `table` formats) a header row from the header map, aligned by
// the tabwriter. Search and history use it; their row contexts live in their own modules.
import { type ByteString, fromBytes, toBytes } from './go-bytes';
import { FormatError, HEADER_FUNCTIONS, isTableFormat, parseDockerTemplate, preFormat, templateErrorMessage } from './docker-template';
import { GoTemplateError } from './go-template';
import { type GoFunc, type GoStruct, type GoValue, goString, INVALID } from './go-value';
import { tabwrite } from './tabwriter';

export { FormatError };

/** formatter.SubHeaderContext: the map a table header row is rendered from, with its Label method. */
export function subHeaderContext(headers: Readonly<Record<string, string>>): GoValue {
  const label: GoFunc = {
    params: ['string'],
    call: ([name]) => {
      const parts = (name as { v: string }).v.split('.');
      return goString(parts[parts.length - 1].replace(/[-_]/g, ' '));
    },
  };
  return {
    kind: 'map',
    type: 'formatter.SubHeaderContext',
    elem: 'string',
    entries: new Map(Object.entries(headers).map(([k, v]) => [k, goString(toBytes(v))])),
    methods: { Label: label },
  };
}

/**
 * Renders rows exactly as Context.Write does and returns the bytes the CLI writes to stdout.
 * `format` is the already-resolved format (after the command's NewXFormat). Throws FormatError
 * with the CLI's text when the template does not parse or a row fails to execute (the CLI then
 * prints nothing on stdout: rows are buffered until all succeeded).
 */
export function writeFormatted(format: string, rows: Iterable<GoValue>, header: GoValue): ByteString {
  const tmpl = parseDockerTemplate(preFormat(format));
  let body = '';
  for (const row of rows) {
    try {
      body += tmpl.execute(row) + '\n';
    } catch (e) {
      if (e instanceof GoTemplateError) throw new FormatError(templateErrorMessage(e));
      throw e;
    }
  }
  if (!isTableFormat(format)) return body;
  // Go ignores the header's execution error and keeps what was written before it.
  let head: ByteString;
  try {
    head = tmpl.execute(header, HEADER_FUNCTIONS);
  } catch (e) {
    if (!(e instanceof GoTemplateError)) throw e;
    head = e.partial;
  }
  return tabwrite(head + '\n' + body);
}

/** writeFormatted as text (invalid UTF-8 bytes become U+FFFD, as a terminal would show them). */
export function writeFormattedText(format: string, rows: Iterable<GoValue>, header: GoValue): string {
  return fromBytes(writeFormatted(format, rows, header));
}

/** A Go `string` value from JS text. */
export const goText = (s: string): GoValue => goString(toBytes(s));

/** A zero-argument method returning a string, computed on each call (some depend on mutable state). */
export const stringMethod = (get: () => string): GoFunc => ({ params: [], call: () => goText(get()) });

/** A []uint8 value, what MarshalJSON returns. */
export function byteSlice(bytes: ByteString): GoValue {
  return {
    kind: 'slice',
    type: '[]uint8',
    elem: 'uint8',
    items: Array.from(bytes, (c) => ({ kind: 'uint', type: 'uint8', v: c.charCodeAt(0) })),
  };
}

export interface RowContextParts {
  /** The Go type the template sees, e.g. `*formatter.imageContext`. */
  type: string;
  /** The exported placeholder methods (Name, ID, ...); FullHeader and MarshalJSON are added. */
  methods: Record<string, GoFunc>;
  /** The struct's own unexported fields, in declaration order (they only show in `{{.}}`'s %v). */
  unexported: readonly string[];
  /** fmt's %v of the struct, for `{{.}}`. */
  format: () => string;
  /** What `{{json .}}` prints: the placeholders as a sorted, HTML-escaped JSON object. */
  marshalJSON: () => ByteString;
}

/**
 * A row context of the docker CLI's formatters: a pointer to a struct that embeds
 * formatter.HeaderContext (whose FullHeader and Header are nil outside a header row), carries
 * some unexported fields, and has MarshalJSON. Every command's row context has this shape.
 */
export function rowContextValue(parts: RowContextParts): GoValue {
  const fullHeader: GoFunc = { params: [], call: () => INVALID };
  const methods: Record<string, GoFunc> = {
    ...parts.methods,
    FullHeader: fullHeader,
    MarshalJSON: { params: [], call: () => byteSlice(parts.marshalJSON()) },
  };
  const headerContext: GoStruct = {
    methods: { FullHeader: fullHeader },
    fields: { Header: { exported: true, get: () => INVALID } },
    format: () => '{<nil>}',
  };
  const fields: Record<string, { exported: boolean; get(): GoValue }> = {
    HeaderContext: { exported: true, get: () => ({ kind: 'struct', type: 'formatter.HeaderContext', obj: headerContext }) },
    Header: { exported: true, get: () => INVALID },
  };
  for (const name of parts.unexported) fields[name] = { exported: false, get: () => INVALID };
  const obj: GoStruct = { methods, fields, format: parts.format, marshalJSON: parts.marshalJSON };
  return { kind: 'ptr', type: parts.type, obj };
}
