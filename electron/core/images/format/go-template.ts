// Owns the public face of our Go text/template: parse once, execute many times with an optional
// function-table swap (as the CLI does for table headers), plus text/template's builtins.
import { type ByteString, toBytes } from './go-bytes';
import { formatValue, goHTMLEscape, goJSEscape, goQueryEscape, goSprint, goSprintf, goSprintln } from './go-fmt';
import { executeTemplate, type FuncMap, type TemplateFunc } from './go-template-exec';
import { GoTemplateError, parseTemplate, type TreeSet } from './go-template-parse';
import { ANY, GoCallError, type GoValue, goBool, goInt, goString, INVALID, isTrue, REFLECT_VALUE, typeOf, zeroOf } from './go-value';

export { GoTemplateError };
export type { FuncMap, TemplateFunc };

/**
 * A parsed template. No maintained npm package implements Go's text/template faithfully
 * (error texts, typing, trim markers), so this is our own small lexer/parser/evaluator.
 */
export class GoTemplate {
  private constructor(
    readonly name: string,
    private readonly text: ByteString,
    private readonly trees: TreeSet,
    private readonly funcs: FuncMap,
  ) {}

  /** template.New(name).Funcs(funcs).Parse(text); throws GoTemplateError with Go's message. */
  static parse(text: string, funcs: FuncMap = new Map(), name = ''): GoTemplate {
    const bytes = toBytes(text);
    const trees = parseTemplate(bytes, {
      name,
      hasFunction: (fn) => funcs.has(fn) || BUILTINS.has(fn),
    });
    return new GoTemplate(name, bytes, trees, funcs);
  }

  /**
   * Execute against `data`, returning the output as a byte string. `funcs` replaces same-named
   * functions for this run only (Go's tmpl.Funcs(...) before Execute). On failure the thrown
   * GoTemplateError carries the partial output, which Go would already have written.
   */
  execute(data: GoValue, funcs?: FuncMap): ByteString {
    const table = new Map<string, TemplateFunc>(BUILTINS);
    for (const [k, v] of this.funcs) table.set(k, v);
    if (funcs) for (const [k, v] of funcs) table.set(k, v);
    return executeTemplate({ name: this.name, text: this.text, trees: this.trees, funcs: table }, data);
  }
}

// ---------------------------------------------------------------------------------------------
// text/template builtins

const fn = (params: string[], call: (args: GoValue[]) => GoValue, variadic?: string): TemplateFunc => ({
  params,
  variadic,
  call,
  builtin: true,
});

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'complex' | 'invalid';

function basicKind(v: GoValue): BasicKind {
  switch (v.kind) {
    case 'bool':
    case 'int':
    case 'uint':
    case 'float':
    case 'string':
    case 'complex':
      return v.kind;
    default:
      return 'invalid';
  }
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';

function scalar(v: GoValue): number | string | boolean {
  if (v.kind === 'complex') return `${v.re},${v.im}`;
  return (v as { v: number | string | boolean }).v;
}

function isNilValue(v: GoValue): boolean {
  return v.kind === 'invalid' || ((v.kind === 'slice' || v.kind === 'map') && v.isNil === true);
}

function eq(arg1: GoValue, rest: GoValue[]): boolean {
  if (rest.length === 0) throw new GoCallError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = (scalar(arg1) as number) >= 0 && scalar(arg1) === scalar(arg);
      else if (k1 === 'uint' && k2 === 'int') truth = (scalar(arg) as number) >= 0 && scalar(arg1) === scalar(arg);
      else if (arg1.kind !== 'invalid' && arg.kind !== 'invalid') throw new GoCallError(errBadComparison);
    } else if (k1 !== 'invalid') {
      truth = scalar(arg1) === scalar(arg);
    } else {
      if (arg1.kind !== arg.kind && arg1.kind !== 'invalid' && arg.kind !== 'invalid') {
        throw new GoCallError(`non-comparable types ${fmtS(arg1)}: ${typeOf(arg1)}, ${typeOf(arg)}: ${fmtS(arg)}`);
      }
      if (isNilValue(arg1) || isNilValue(arg)) truth = isNilValue(arg) === isNilValue(arg1);
      else if (arg.kind === 'slice' || arg.kind === 'map') throw new GoCallError(`non-comparable type ${fmtS(arg)}: ${typeOf(arg)}`);
      else truth = (arg1 as { obj?: unknown }).obj === (arg as { obj?: unknown }).obj;
    }
    if (truth) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new GoCallError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return (scalar(a) as number) < 0 || (scalar(a) as number) < (scalar(b) as number);
    if (k1 === 'uint' && k2 === 'int') return (scalar(b) as number) >= 0 && (scalar(a) as number) < (scalar(b) as number);
    throw new GoCallError(errBadComparison);
  }
  if (k1 === 'bool' || k1 === 'complex') throw new GoCallError(errBadComparisonType);
  return scalar(a) < scalar(b);
}

function fmtS(v: GoValue): ByteString {
  return formatValue(v, 's', { plus: false, minus: false, sharp: false, space: false, zero: false }, 0);
}

function indexArg(index: GoValue, cap: number): number {
  if (index.kind === 'int' || index.kind === 'uint') {
    if (index.v < 0 || index.v > cap) throw new GoCallError(`index out of range: ${index.v}`);
    return index.v;
  }
  if (index.kind === 'invalid') throw new GoCallError('cannot index slice/array with nil');
  throw new GoCallError(`cannot index slice/array with type ${typeOf(index)}`);
}

function index(item: GoValue, indexes: GoValue[]): GoValue {
  if (item.kind === 'invalid') throw new GoCallError('index of untyped nil');
  let cur: GoValue = item;
  for (const ix of indexes) {
    if (cur.kind === 'slice') {
      const x = indexArg(ix, cur.items.length);
      if (x === cur.items.length) throw new GoCallError('reflect: slice index out of range');
      cur = cur.items[x];
    } else if (cur.kind === 'string') {
      const x = indexArg(ix, cur.v.length);
      if (x === cur.v.length) throw new GoCallError('reflect: string index out of range');
      cur = { kind: 'uint', type: 'uint8', v: cur.v.charCodeAt(x) };
    } else if (cur.kind === 'map') {
      if (ix.kind === 'invalid') throw new GoCallError('value is nil; should be of type string');
      if (ix.kind !== 'string') throw new GoCallError(`value has type ${typeOf(ix)}; should be string`);
      cur = cur.entries.get(ix.v) ?? zeroOf(cur.elem);
    } else {
      // index dereferences pointers first, so the struct type is named
      throw new GoCallError(`can't index item of type ${cur.kind === 'ptr' ? cur.type.slice(1) : typeOf(cur)}`);
    }
  }
  return cur;
}

function slice(item: GoValue, indexes: GoValue[]): GoValue {
  if (item.kind === 'invalid') throw new GoCallError('slice of untyped nil');
  if (indexes.length > 3) throw new GoCallError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (item.kind === 'string') {
    if (indexes.length === 3) throw new GoCallError('cannot 3-index slice a string');
    len = item.v.length;
  } else if (item.kind === 'slice') {
    len = item.items.length;
  } else {
    throw new GoCallError(`can't slice item of type ${typeOf(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, len)));
  if (idx[0] > idx[1]) throw new GoCallError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new GoCallError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (item.kind === 'string') return goString(item.v.slice(idx[0], idx[1]), item.type);
  return { ...item, items: item.items.slice(idx[0], idx[1]), isNil: false };
}

function length(item: GoValue): GoValue {
  switch (item.kind) {
    case 'string':
      return goInt(item.v.length);
    case 'slice':
      return goInt(item.items.length);
    case 'map':
      return goInt(item.entries.size);
    case 'invalid':
      throw new GoCallError('reflect: call of reflect.Value.Type on zero Value');
    default:
      throw new GoCallError(`len of type ${item.kind === 'ptr' ? item.type.slice(1) : typeOf(item)}`);
  }
}

/** evalArgs of the escapers: a lone string as is, anything else through fmt.Sprint. */
function escaperInput(args: GoValue[]): ByteString {
  if (args.length === 1 && args[0].kind === 'string') return args[0].v;
  return goSprint(args.map((a) => (a.kind === 'ptr' ? { kind: 'struct', type: a.type.slice(1), obj: a.obj } : a)));
}

export const BUILTINS: FuncMap = new Map<string, TemplateFunc>([
  ['and', fn([REFLECT_VALUE], () => INVALID, REFLECT_VALUE)],
  ['or', fn([REFLECT_VALUE], () => INVALID, REFLECT_VALUE)],
  [
    'call',
    fn(
      [REFLECT_VALUE],
      ([f]) => {
        if (f.kind === 'invalid') throw new GoCallError('call of nil');
        throw new GoCallError(`non-function of type ${typeOf(f)}`);
      },
      REFLECT_VALUE,
    ),
  ],
  ['html', fn([], (args) => goString(goHTMLEscape(escaperInput(args))), ANY)],
  ['js', fn([], (args) => goString(goJSEscape(escaperInput(args))), ANY)],
  ['urlquery', fn([], (args) => goString(goQueryEscape(escaperInput(args))), ANY)],
  ['index', fn([REFLECT_VALUE], ([item, ...rest]) => index(item, rest), REFLECT_VALUE)],
  ['slice', fn([REFLECT_VALUE], ([item, ...rest]) => slice(item, rest), REFLECT_VALUE)],
  ['len', fn([REFLECT_VALUE], ([item]) => length(item))],
  ['not', fn([REFLECT_VALUE], ([v]) => goBool(!isTrue(v)))],
  ['print', fn([], (args) => goString(goSprint(args)), ANY)],
  ['printf', fn(['string'], ([format, ...args]) => goString(goSprintf((format as { v: string }).v, args)), ANY)],
  ['println', fn([], (args) => goString(goSprintln(args)), ANY)],
  ['eq', fn([REFLECT_VALUE], ([a, ...rest]) => goBool(eq(a, rest)), REFLECT_VALUE)],
  ['ne', fn([REFLECT_VALUE, REFLECT_VALUE], ([a, b]) => goBool(!eq(a, [b])))],
  ['lt', fn([REFLECT_VALUE, REFLECT_VALUE], ([a, b]) => goBool(lt(a, b)))],
  ['le', fn([REFLECT_VALUE, REFLECT_VALUE], ([a, b]) => goBool(lt(a, b) || eq(a, [b])))],
  ['gt', fn([REFLECT_VALUE, REFLECT_VALUE], ([a, b]) => goBool(!(lt(a, b) || eq(a, [b]))))],
  ['ge', fn([REFLECT_VALUE, REFLECT_VALUE], ([a, b]) => goBool(!lt(a, b)))],
]);
