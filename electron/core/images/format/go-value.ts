// Owns the tiny model of Go values that templates see: typed scalars, slices, maps and
// pointers to structs with methods, plus the type rules (assignability, nil) Go applies to them.
import type { ByteString } from './go-bytes';

/** A Go type as Go prints it: `string`, `int`, `[]string`, `interface {}`, `*formatter.imageContext`. */
export type GoType = string;

export const ANY: GoType = 'interface {}';
/** Builtins such as eq/len/index take reflect.Value, i.e. anything, unconverted. */
export const REFLECT_VALUE: GoType = 'reflect.Value';

/** A function or method as text/template calls it. */
export interface GoFunc {
  params: GoType[];
  /** Element type of a trailing `...T` parameter. */
  variadic?: GoType;
  /** Returns the single result; throws GoCallError for a non-nil error result. */
  call(args: GoValue[]): GoValue;
}

/** A pointer to a struct: exported methods, fields (exported or not) and its %v rendering. */
export interface GoStruct {
  methods: Readonly<Record<string, GoFunc>>;
  fields: Readonly<Record<string, { exported: boolean; get(): GoValue }>>;
  /** fmt's `%v` of the struct value (without the leading `&`). */
  format(): ByteString;
  /** json.Marshaler, when the type implements it. */
  marshalJSON?(): ByteString;
}

export type GoValue =
  | { kind: 'invalid' }
  | { kind: 'string'; type: GoType; v: ByteString }
  | { kind: 'int'; type: GoType; v: number }
  | { kind: 'uint'; type: GoType; v: number }
  | { kind: 'float'; type: GoType; v: number }
  | { kind: 'complex'; type: GoType; re: number; im: number }
  | { kind: 'bool'; type: GoType; v: boolean }
  | { kind: 'slice'; type: GoType; elem: GoType; items: GoValue[]; isNil?: boolean }
  | {
      kind: 'map';
      type: GoType;
      elem: GoType;
      entries: Map<ByteString, GoValue>;
      methods?: Readonly<Record<string, GoFunc>>;
      isNil?: boolean;
    }
  | { kind: 'ptr'; type: GoType; obj: GoStruct }
  | { kind: 'struct'; type: GoType; obj: GoStruct };

/** reflect.Value{}: what a nil interface or a missing map key evaluates to. */
export const INVALID: GoValue = { kind: 'invalid' };

/** An error returned (or a panic raised) by a called function. */
export class GoCallError extends Error {}

export const goString = (v: ByteString, type: GoType = 'string'): GoValue => ({ kind: 'string', type, v });
export const goInt = (v: number, type: GoType = 'int'): GoValue => ({ kind: 'int', type, v });
export const goBool = (v: boolean): GoValue => ({ kind: 'bool', type: 'bool', v });
export const goFloat = (v: number): GoValue => ({ kind: 'float', type: 'float64', v });
export const goStringSlice = (items: ByteString[]): GoValue => ({
  kind: 'slice',
  type: '[]string',
  elem: 'string',
  items: items.map((s) => goString(s)),
});

export function typeOf(v: GoValue): GoType {
  return v.kind === 'invalid' ? '<nil>' : v.type;
}

export type TypeKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'interface' | 'value' | 'slice' | 'map' | 'ptr' | 'other';

/** The reflect.Kind family of a type name. */
export function kindOfType(t: GoType): TypeKind {
  if (t === ANY) return 'interface';
  if (t === REFLECT_VALUE) return 'value';
  if (t === 'bool') return 'bool';
  if (t === 'string') return 'string';
  if (/^int(8|16|32|64)?$/.test(t)) return 'int';
  if (/^(uint(8|16|32|64)?|uintptr|byte)$/.test(t)) return 'uint';
  if (/^float(32|64)$/.test(t)) return 'float';
  if (t.startsWith('[]')) return 'slice';
  if (t.startsWith('map[')) return 'map';
  if (t.startsWith('*')) return 'ptr';
  return 'other';
}

/** Types an untyped nil can be assigned to (reflect.Zero of them is a nil). */
export function canBeNil(t: GoType): boolean {
  const k = kindOfType(t);
  return k === 'interface' || k === 'value' || k === 'slice' || k === 'map' || k === 'ptr';
}

export function zeroOf(t: GoType): GoValue {
  switch (kindOfType(t)) {
    case 'slice':
      return { kind: 'slice', type: t, elem: t.slice(2), items: [], isNil: true };
    case 'map':
      return { kind: 'map', type: t, elem: t.slice(t.indexOf(']') + 1), entries: new Map(), isNil: true };
    case 'string':
      return goString('', t);
    case 'int':
      return goInt(0, t);
    case 'uint':
      return { kind: 'uint', type: t, v: 0 };
    case 'float':
      return { kind: 'float', type: t, v: 0 };
    case 'bool':
      return goBool(false);
    default:
      return INVALID;
  }
}

/** Go assignability for the types templates meet (identical types, or any interface{}). */
export function assignableTo(v: GoValue, t: GoType): boolean {
  if (t === ANY || t === REFLECT_VALUE) return true;
  return v.kind !== 'invalid' && v.type === t;
}

/** template's definition of truth: non-zero, non-empty, non-nil. */
export function isTrue(v: GoValue): boolean {
  switch (v.kind) {
    case 'invalid':
      return false;
    case 'string':
      return v.v.length > 0;
    case 'slice':
      return v.items.length > 0;
    case 'map':
      return v.entries.size > 0;
    case 'bool':
      return v.v;
    case 'int':
    case 'uint':
    case 'float':
      return v.v !== 0;
    case 'complex':
      return v.re !== 0 || v.im !== 0;
    case 'ptr':
    case 'struct':
      return true;
  }
}
