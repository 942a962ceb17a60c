// Owns executing a parsed Go template against GoValues: field/method lookup, pipelines, calls
// with Go's argument typing, if/with/range/template, and Go's exact execution error texts.
import { formatValue, goQuote } from './go-fmt';
import type { ByteString } from './go-bytes';
import {
  type ChainNode,
  type CommandNode,
  type FieldNode,
  GoTemplateError,
  type IdentifierNode,
  type ListNode,
  type Node,
  nodeString,
  type NumberNode,
  type PipeNode,
  type BranchNode,
  type TreeSet,
  type VariableNode,
} from './go-template-parse';
import {
  assignableTo,
  canBeNil,
  GoCallError,
  type GoFunc,
  type GoType,
  type GoValue,
  goBool,
  goFloat,
  goInt,
  goString,
  INVALID,
  isTrue,
  kindOfType,
  REFLECT_VALUE,
  typeOf,
  zeroOf,
} from './go-value';
import { VariableStack } from './go-template-vars';

/** A function table entry; `and`/`or` short-circuit and so are special-cased by name. */
export interface TemplateFunc extends GoFunc {
  builtin?: boolean;
}

export type FuncMap = ReadonlyMap<string, TemplateFunc>;

/** The argument-less "missing" marker Go uses for "no piped value". */
const MISSING = Symbol('missing');
type Final = GoValue | typeof MISSING;

class BreakSignal {}
class ContinueSignal {}

const MAX_EXEC_DEPTH = 100000;

export interface ExecOptions {
  name: string;
  text: ByteString;
  trees: TreeSet;
  funcs: FuncMap;
}

/** Run the template named `opts.name`; throws GoTemplateError with `partial` set to the output so far. */
export function executeTemplate(opts: ExecOptions, data: GoValue): ByteString {
  const state: State = new State(opts, data);
  const root = opts.trees.get(opts.name);
  try {
    if (!root) state.errorf(`${goQuote(opts.name)} is an incomplete or empty template`);
    state.walk(data, root);
  } catch (e) {
    if (e instanceof GoTemplateError) e.partial = state.out;
    throw e;
  }
  return state.out;
}

class State {
  out: ByteString = '';
  private node: Node | null = null;
  private vars: VariableStack;
  private depth = 0;

  constructor(
    private readonly opts: ExecOptions,
    data: GoValue,
  ) {
    this.vars = new VariableStack(data);
  }

  // --- errors ---

  errorf(message: string): never {
    const name = this.opts.name;
    if (this.node === null) throw new GoTemplateError(`template: ${name}: ${message}`);
    const pos = this.node.pos;
    const before = this.opts.text.slice(0, pos);
    const lastNewline = before.lastIndexOf('\n');
    const col = lastNewline === -1 ? pos : pos - (lastNewline + 1);
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    throw new GoTemplateError(`template: ${name}:${line}:${col}: executing ${goQuote(name)} at <${nodeString(this.node)}>: ${message}`);
  }

  private at(node: Node): void {
    this.node = node;
  }

  // --- variables ---

  private setVar(name: string, value: GoValue): void {
    if (!this.vars.set(name, value)) this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): GoValue {
    return this.vars.get(name) ?? this.errorf(`undefined variable: ${name}`);
  }

  // --- walking ---

  walk(dot: GoValue, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'comment':
        return;
      case 'if':
      case 'with':
        return this.walkIfOrWith(node, dot);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.out += node.text;
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(node: BranchNode, dot: GoValue): void {
    const mark = this.vars.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) this.walk(node.type === 'with' ? val : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.pop(mark);
    }
  }

  private walkRange(dot: GoValue, r: BranchNode): void {
    this.at(r);
    const outer = this.vars.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.mark();
      const decl = r.pipe.decl;
      const oneIteration = (index: GoValue, elem: GoValue): void => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) this.setVar(decl[0].ident[0], decl.length > 1 ? index : elem);
          else this.vars.setTop(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
          else this.vars.setTop(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (!(e instanceof ContinueSignal)) throw e;
        } finally {
          this.vars.pop(mark);
        }
      };
      let ran = false;
      switch (val.kind) {
        case 'int':
        case 'uint':
          if (decl.length > 1) this.errorf(`can't use ${this.formatV(val)} to iterate over more than one variable`);
          // Go 1.22+: ranging over n yields 0..n-1, passed as the element.
          for (let i = 0; i < val.v; i++) {
            ran = true;
            oneIteration(INVALID, { ...val, v: i });
          }
          break;
        case 'slice':
          val.items.forEach((item, i) => {
            ran = true;
            oneIteration(goInt(i), item);
          });
          break;
        case 'map':
          for (const k of [...val.entries.keys()].sort()) {
            ran = true;
            oneIteration(goString(k), val.entries.get(k)!);
          }
          break;
        case 'invalid':
          break;
        default:
          this.errorf(`range can't iterate over ${this.formatV(val)}`);
      }
      if (!ran && r.elseList) this.walk(dot, r.elseList);
    } catch (e) {
      if (!(e instanceof BreakSignal)) throw e;
    } finally {
      this.vars.pop(outer);
    }
  }

  private walkTemplate(dot: GoValue, t: Node & { type: 'template' }): void {
    this.at(t);
    const tree = this.opts.trees.get(t.name);
    if (!tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = this.evalPipeline(dot, t.pipe);
    const saved = { vars: this.vars, node: this.node };
    this.depth++;
    this.vars = new VariableStack(newDot);
    try {
      this.walk(newDot, tree as ListNode);
    } finally {
      this.depth--;
      this.vars = saved.vars;
    }
  }

  // --- evaluation ---

  private evalPipeline(dot: GoValue, pipe: PipeNode | null): GoValue {
    if (pipe === null) return INVALID;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const result = value as GoValue;
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], result);
      else this.vars.push(v.ident[0], result);
    }
    return result;
  }

  private notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return goBool(first.value);
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return goString(first.text);
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    const isHexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isComplex) return { kind: 'complex', type: 'complex128', re: n.float, im: n.imag };
    const isRune = n.text.startsWith("'");
    if (n.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(n.text)) return goFloat(n.float);
    if (n.isInt) return goInt(n.int);
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return INVALID;
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: Node[], final: Final): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChainNode(dot: GoValue, chain: ChainNode, args: Node[], final: Final): GoValue {
    this.at(chain);
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: GoValue, variable: VariableNode, args: Node[], final: Final): GoValue {
    this.at(variable);
    const value = this.varValue(variable.ident[0]);
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: GoValue, receiver: GoValue, node: Node, ident: string[], args: Node[], final: Final): GoValue {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++) r = this.evalField(dot, ident[i], node, [], MISSING, r);
    return this.evalField(dot, ident[ident.length - 1], node, args, final, r);
  }

  private evalFunction(dot: GoValue, node: IdentifierNode, cmd: Node, args: Node[], final: Final): GoValue {
    this.at(node);
    const fn = this.opts.funcs.get(node.ident);
    if (!fn) this.errorf(`${goQuote(node.ident)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, node.ident, args, final);
  }

  private evalField(dot: GoValue, fieldName: string, node: Node, args: Node[], final: Final, receiver: GoValue): GoValue {
    if (receiver.kind === 'invalid') return INVALID;
    const typ = typeOf(receiver);
    const methods =
      receiver.kind === 'ptr' || receiver.kind === 'struct' ? receiver.obj.methods : receiver.kind === 'map' ? receiver.methods : undefined;
    const method = methods?.[fieldName];
    if (method) return this.evalCall(dot, method, node, fieldName, args, final);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver.kind === 'ptr' || receiver.kind === 'struct') {
      const field = receiver.obj.fields[fieldName];
      if (field) {
        if (!field.exported) this.errorf(`${fieldName} is an unexported field of struct type ${typ}`);
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return field.get();
      }
    } else if (receiver.kind === 'map') {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      return receiver.entries.get(fieldName) ?? INVALID;
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private evalCall(dot: GoValue, fn: TemplateFunc, node: Node, name: string, argNodes: Node[], final: Final): GoValue {
    const args = argNodes.slice(1);
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    let numFixed = args.length;
    if (fn.variadic !== undefined) {
      numFixed = fn.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }

    if (fn.builtin && (name === 'and' || name === 'or')) {
      let v: GoValue = INVALID;
      for (const arg of args) {
        v = this.evalArg(dot, REFLECT_VALUE, arg);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }

    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fn.params[i], args[i]));
    if (fn.variadic !== undefined) for (; i < args.length; i++) argv.push(this.evalArg(dot, fn.variadic, args[i]));
    if (final !== MISSING) {
      let t = fn.params[fn.params.length - 1];
      if (fn.variadic !== undefined) t = numIn - 1 < numFixed ? fn.params[numIn - 1] : fn.variadic;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.call(argv);
    } catch (e) {
      if (e instanceof GoCallError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  private validateType(value: GoValue, typ: GoType | null): GoValue {
    if (value.kind === 'invalid') {
      if (typ === null) return INVALID;
      if (canBeNil(typ)) return zeroOf(typ);
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ !== null && !assignableTo(value, typ)) {
      if (value.kind === 'ptr' && value.type.slice(1) === typ) return { kind: 'struct', type: typ, obj: value.obj };
      this.errorf(`wrong type for value; expected ${typ}; got ${typeOf(value)}`);
    }
    return value;
  }

  private evalArg(dot: GoValue, typ: GoType | null, n: Node): GoValue {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ !== null && canBeNil(typ)) return zeroOf(typ);
        return this.errorf(`cannot assign nil to ${typ}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [], MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), typ);
    }
    switch (typ === null ? 'interface' : kindOfType(typ)) {
      case 'bool':
        if (n.type === 'bool') return goBool(n.value);
        return this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'float':
        if (n.type === 'number' && n.isFloat) return { kind: 'float', type: typ!, v: n.float };
        return this.errorf(`expected float; found ${nodeString(n)}`);
      case 'int':
        if (n.type === 'number' && n.isInt) return goInt(n.int, typ!);
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'uint':
        if (n.type === 'number' && n.isUint) return { kind: 'uint', type: typ!, v: n.uint };
        return this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      case 'string':
        if (n.type === 'string') return goString(n.text, typ!);
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case 'interface':
      case 'value':
        return this.evalEmptyInterface(n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ}`);
  }

  private evalEmptyInterface(n: Node): GoValue {
    this.at(n);
    switch (n.type) {
      case 'bool':
        return goBool(n.value);
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return goString(n.text);
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  // --- printing ---

  private formatV(v: GoValue): ByteString {
    return v.kind === 'invalid'
      ? '<invalid reflect.Value>'
      : formatValue(v, 'v', { plus: false, minus: false, sharp: false, space: false, zero: false }, 0);
  }

  private printValue(n: Node, v: GoValue): void {
    this.at(n);
    if (v.kind === 'invalid') {
      this.out += '<no value>';
      return;
    }
    // A pointer prints as the value it points to.
    const printable: GoValue = v.kind === 'ptr' ? { kind: 'struct', type: v.type.slice(1), obj: v.obj } : v;
    this.out += formatValue(printable, 'v', { plus: false, minus: false, sharp: false, space: false, zero: false }, 0);
  }
}
