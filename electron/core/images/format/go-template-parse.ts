// Owns the parse trees of Go's text/template: node types, their String() forms (used in error
// contexts) and the recursive-descent parser with Go's exact parse error texts.
import type { ByteString } from './go-bytes';
import { goQuote } from './go-fmt';
import { Item, Lexer, type Token } from './go-template-lex';

/** A template error carrying Go's message verbatim (`template: :1: ...`). */
export class GoTemplateError extends Error {
  /** Output written before an execution error (Go leaves it in the writer). */
  partial: ByteString = '';
}

interface Base {
  pos: number;
}
export interface ListNode extends Base {
  type: 'list';
  nodes: Node[];
}
export interface TextNode extends Base {
  type: 'text';
  text: ByteString;
}
export interface CommentNode extends Base {
  type: 'comment';
  text: ByteString;
}
export interface ActionNode extends Base {
  type: 'action';
  line: number;
  pipe: PipeNode;
}
export interface PipeNode extends Base {
  type: 'pipe';
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends Base {
  type: 'command';
  args: Node[];
}
export interface IdentifierNode extends Base {
  type: 'identifier';
  ident: string;
}
export interface VariableNode extends Base {
  type: 'variable';
  ident: string[];
}
export interface DotNode extends Base {
  type: 'dot';
}
export interface NilNode extends Base {
  type: 'nil';
}
export interface FieldNode extends Base {
  type: 'field';
  ident: string[];
}
export interface ChainNode extends Base {
  type: 'chain';
  node: Node;
  field: string[];
}
export interface BoolNode extends Base {
  type: 'bool';
  value: boolean;
}
export interface NumberNode extends Base {
  type: 'number';
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int: number;
  uint: number;
  float: number;
  /** Imaginary part of a complex constant (its real part is `float`). */
  imag: number;
  text: string;
}
export interface StringNode extends Base {
  type: 'string';
  quoted: ByteString;
  text: ByteString;
}
export interface EndNode extends Base {
  type: 'end';
}
export interface ElseNode extends Base {
  type: 'else';
  line: number;
}
export interface BranchNode extends Base {
  type: 'if' | 'range' | 'with';
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface BreakNode extends Base {
  type: 'break' | 'continue';
  line: number;
}
export interface TemplateNode extends Base {
  type: 'template';
  line: number;
  name: ByteString;
  pipe: PipeNode | null;
}

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | ActionNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | BranchNode
  | BreakNode
  | TemplateNode;

/** Node.String() as text/template/parse writes it. */
export function nodeString(n: Node): ByteString {
  switch (n.type) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'comment':
      return `{{${n.text}}}`;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return n.ident.map((id) => '.' + id).join('');
    case 'chain':
      return (n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) + n.field.map((f) => '.' + f).join('');
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
    case 'if':
    case 'range':
    case 'with':
      return (
        `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}` + (n.elseList ? `{{else}}${nodeString(n.elseList)}` : '') + '{{end}}'
      );
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'template':
      return `{{template ${goQuote(n.name)}${n.pipe ? ' ' + nodeString(n.pipe) : ''}}}`;
  }
}

/** item.String(), used in "unexpected X in Y" messages. */
function tokenString(t: Token): string {
  if (t.typ === Item.EOF) return 'EOF';
  if (t.typ === Item.Error) return t.val;
  if (t.typ > Item.Keyword) return `<${t.val}>`;
  if (runeLength(t.val) > 10) return `${goQuote(firstRunes(t.val, 10))}...`;
  return goQuote(t.val);
}

function runeLength(s: ByteString): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xc0) !== 0x80) n++;
  return n;
}

function firstRunes(s: ByteString, n: number): ByteString {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    if ((s.charCodeAt(i) & 0xc0) !== 0x80) {
      if (count === n) return s.slice(0, i);
      count++;
    }
  }
  return s;
}

function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim() === '';
    default:
      return false;
  }
}

/** A parsed template: the named trees it defines (the top-level one included). */
export type TreeSet = Map<string, ListNode>;

export interface ParseOptions {
  name: string;
  /** Function names known at parse time (the template's funcs and the builtins). */
  hasFunction: (name: string) => boolean;
}

/** Parse `text` (a byte string) into a tree set; throws GoTemplateError with Go's message. */
export function parseTemplate(text: ByteString, opts: ParseOptions): TreeSet {
  const treeSet: TreeSet = new Map();
  const lexer = new Lexer(text, {
    breakOK: !opts.hasFunction('break'),
    continueOK: !opts.hasFunction('continue'),
  });
  const parser = new Parser(opts.name, opts.name, lexer, treeSet, opts.hasFunction);
  parser.parse();
  parser.add();
  return treeSet;
}

class Parser {
  root: ListNode | null = null;
  private token: Token[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;

  constructor(
    private name: string,
    private readonly parseName: string,
    private readonly lex: Lexer,
    private readonly treeSet: TreeSet,
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  // --- token stream with Go's three-token look-ahead ---

  private next(): Token {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Token): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Token, t1: Token): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Token {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next();
    while (t.typ === Item.Space);
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors ---

  private errorf(message: string): never {
    this.root = null;
    throw new GoTemplateError(`template: ${this.parseName}:${this.token[0]?.line ?? 1}: ${message}`);
  }

  private expect(expected: Item, context: string): Token {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Token, context: string): never {
    if (t.typ === Item.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${tokenString(t)}${extra}`);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }

  // --- grammar ---

  add(): void {
    const existing = this.treeSet.get(this.name);
    if (existing === undefined || isEmptyTree(existing)) {
      this.treeSet.set(this.name, this.root!);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
  }

  parse(): void {
    this.root = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== Item.EOF) {
      if (this.peek().typ === Item.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === Item.Define) {
          const def = new Parser('definition', this.parseName, this.lex, this.treeSet, this.hasFunction);
          def.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      this.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const tok = this.nextNonSpace();
    if (tok.typ !== Item.String && tok.typ !== Item.RawString) this.unexpected(tok, context);
    this.name = this.unquote(tok.val);
    this.expect(Item.RightDelim, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== Item.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Item.Text:
        return { type: 'text', pos: t.pos, text: t.val };
      case Item.LeftDelim:
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      case Item.Comment:
        return { type: 'comment', pos: t.pos, text: t.val };
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Item.Block:
        return this.blockControl();
      case Item.Break:
      case Item.Continue:
        return this.breakOrContinue(t);
      case Item.Else:
        return this.elseControl();
      case Item.End:
        return { type: 'end', pos: this.expect(Item.RightDelim, 'end').pos };
      case Item.If:
        return this.branch('if');
      case Item.Range:
        return this.branch('range');
      case Item.Template:
        return this.templateControl();
      case Item.With:
        return this.branch('with');
    }
    this.backup();
    const tok = this.peek();
    return { type: 'action', pos: tok.pos, line: tok.line, pipe: this.pipeline('command', Item.RightDelim) };
  }

  private breakOrContinue(t: Token): Node {
    const word = t.typ === Item.Break ? 'break' : 'continue';
    const next = this.nextNonSpace();
    if (next.typ !== Item.RightDelim) this.unexpected(next, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return { type: word, pos: t.pos, line: t.line };
  }

  private pipeline(context: string, end: Item): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== Item.Variable) break;
      this.next();
      // "$x foo" needs three tokens of look-ahead to tell an argument from a declaration.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === Item.Assign || next.typ === Item.Declare) {
        pipe.isAssign = next.typ === Item.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === Item.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === Item.Variable || p === Item.RightDelim || p === Item.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === Item.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case Item.Bool:
        case Item.CharConstant:
        case Item.Complex:
        case Item.Dot:
        case Item.Field:
        case Item.Identifier:
        case Item.Number:
        case Item.Nil:
        case Item.RawString:
        case Item.String:
        case Item.Variable:
        case Item.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0].type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private branch(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, Item.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // "{{else if}}" / "{{else with}}" nest a new branch that shares the final {{end}}.
        if (context === 'if' && this.peek().typ === Item.If) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.branch('if')] };
        } else if (context === 'with' && this.peek().typ === Item.With) {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.branch('with')] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { type: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private elseControl(): Node {
    const p = this.peekNonSpace();
    if (p.typ === Item.If || p.typ === Item.With) return { type: 'else', pos: p.pos, line: p.line };
    const t = this.expect(Item.RightDelim, 'else');
    return { type: 'else', pos: t.pos, line: t.line };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, Item.RightDelim);
    const block = new Parser(name, this.parseName, this.lex, this.treeSet, this.hasFunction);
    const [list, end] = block.itemList();
    block.root = list;
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private templateControl(): Node {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== Item.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Item.RightDelim);
    }
    return { type: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private templateName(t: Token, context: string): ByteString {
    if (t.typ === Item.String || t.typ === Item.RawString) return this.unquote(t.val);
    this.unexpected(t, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === Item.Space) continue;
      if (t.typ === Item.RightDelim || t.typ === Item.RightParen) this.backup();
      else if (t.typ !== Item.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().typ !== Item.Field) return node;
    const chain: ChainNode = { type: 'chain', pos: this.peek().pos, node, field: [] };
    while (this.peek().typ === Item.Field) chain.field.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: chain.pos, ident: nodeString(chain).slice(1).split('.') };
      case 'variable':
        return this.newVariable(chain.pos, nodeString(chain));
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      default:
        return chain;
    }
  }

  private term(): Node | null {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Item.Identifier:
        if (!this.hasFunction(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, ident: t.val };
      case Item.Dot:
        return { type: 'dot', pos: t.pos };
      case Item.Nil:
        return { type: 'nil', pos: t.pos };
      case Item.Variable:
        return this.useVar(t.pos, t.val);
      case Item.Field:
        return { type: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case Item.Bool:
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case Item.CharConstant:
      case Item.Complex:
      case Item.Number:
        return this.newNumber(t);
      case Item.LeftParen:
        return this.pipeline('parenthesized pipeline', Item.RightParen);
      case Item.String:
      case Item.RawString:
        return { type: 'string', pos: t.pos, quoted: t.val, text: this.unquote(t.val) };
    }
    this.backup();
    return null;
  }

  private newVariable(pos: number, ident: string): VariableNode {
    return { type: 'variable', pos, ident: ident.split('.') };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
    return v;
  }

  private unquote(quoted: ByteString): ByteString {
    const s = unquote(quoted);
    if (s === null) this.errorf('invalid syntax');
    return s;
  }

  private newNumber(t: Token): NumberNode {
    const n: NumberNode = {
      type: 'number',
      pos: t.pos,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      int: 0,
      uint: 0,
      float: 0,
      imag: 0,
      text: t.val,
    };
    const text = t.val;
    if (t.typ === Item.CharConstant) {
      const body = unquote(text);
      const cps = body === null ? [] : Array.from(decodeUtf8(body));
      if (body === null || cps.length !== 1) this.errorf(body === null ? 'invalid syntax' : `malformed character constant: ${text}`);
      const r = cps[0].codePointAt(0)!;
      Object.assign(n, { isInt: true, isUint: true, isFloat: true, int: r, uint: r, float: r });
      return n;
    }
    if (t.typ === Item.Complex || text.endsWith('i')) {
      const c = parseGoComplex(text, t.typ === Item.Complex);
      if (c === null) this.errorf(`illegal number syntax: ${goQuote(text)}`);
      n.isComplex = true;
      n.float = c[0];
      n.imag = c[1];
      // simplifyComplex: a complex constant with no imaginary part is also a float (and maybe an int).
      if (c[1] === 0) {
        n.isFloat = true;
        n.isInt = Number.isInteger(c[0]) && Math.abs(c[0]) < 2 ** 63;
        n.int = n.isInt ? c[0] : 0;
        n.isUint = Number.isInteger(c[0]) && c[0] >= 0 && c[0] < 2 ** 64;
        n.uint = n.isUint ? c[0] : 0;
      }
      return n;
    }
    const asInt = parseGoInt(text);
    if (asInt !== null) {
      if (asInt >= 0n) {
        n.isUint = asInt < 1n << 64n;
        n.uint = Number(asInt);
      }
      if (asInt >= -(1n << 63n) && asInt < 1n << 63n) {
        n.isInt = true;
        n.int = Number(asInt);
      }
      if (n.isInt || n.isUint) {
        n.isFloat = true;
        n.float = Number(asInt);
        return n;
      }
    }
    const f = parseGoFloat(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${goQuote(text)}`);
      n.isFloat = true;
      n.float = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        n.isInt = true;
        n.int = f;
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
        n.isUint = true;
        n.uint = f;
      }
      return n;
    }
    this.errorf(`illegal number syntax: ${goQuote(text)}`);
  }
}

function decodeUtf8(s: ByteString): string {
  return new TextDecoder().decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

/** strconv.ParseInt(text, 0, 64) without the range check; null when not an integer literal. */
function parseGoInt(text: string): bigint | null {
  const m = /^([+-]?)(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|0(_?[0-7])*|[1-9](_?[0-9])*)$/.exec(text);
  if (!m) return null;
  const body = m[2].replace(/_/g, '');
  let v: bigint;
  if (/^0[xXoObB]/.test(body)) v = BigInt('0' + body[1].toLowerCase() + body.slice(2));
  else if (body.length > 1 && body[0] === '0') v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

function parseGoFloat(text: string): number | null {
  const t = text.replace(/_/g, '');
  let v: number | null = null;
  if (/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/.test(t)) v = Number(t);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(t);
  if (hex && (hex[2] || hex[3])) {
    const mant = parseInt((hex[2] || '0') + (hex[3] || ''), 16) / 16 ** (hex[3] || '').length;
    v = (hex[1] === '-' ? -1 : 1) * mant * 2 ** Number(hex[4]);
  }
  // strconv reports out-of-range values as errors
  return v !== null && Number.isFinite(v) ? v : null;
}

/** A complex constant `re+imi` (or an imaginary `imi`): [re, im]. */
function parseGoComplex(text: string, hasReal: boolean): [number, number] | null {
  if (!text.endsWith('i')) return null;
  if (!hasReal) {
    const im = parseGoFloat(text.slice(0, -1)) ?? (parseGoInt(text.slice(0, -1)) !== null ? Number(parseGoInt(text.slice(0, -1))) : null);
    return im === null ? null : [0, im];
  }
  let split = -1;
  for (let i = text.length - 2; i > 0; i--) {
    if ((text[i] === '+' || text[i] === '-') && !/[eEpP]/.test(text[i - 1])) {
      split = i;
      break;
    }
  }
  if (split < 0) return null;
  const num = (s: string): number | null => parseGoFloat(s) ?? (parseGoInt(s) !== null ? Number(parseGoInt(s)) : null);
  const re = num(text.slice(0, split));
  const im = num(text.slice(split, -1));
  return re === null || im === null ? null : [re, im];
}

/** strconv.Unquote for "..." , `...` and '...' literals (byte strings); null on bad syntax. */
export function unquote(q: ByteString): ByteString | null {
  if (q.length < 2) return null;
  const quote = q[0];
  if (quote !== q[q.length - 1]) return null;
  const body = q.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) return null;
    return body.replace(/\r/g, '');
  }
  if (quote !== '"' && quote !== "'") return null;
  let out = '';
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c === quote) return null;
    if (c === '\n') return null;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
      case '"':
        if (e !== quote) return null;
        out += e;
        break;
      case 'x': {
        const h = body.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const len = e === 'u' ? 4 : 8;
        const h = body.slice(i, i + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) return null;
        const r = parseInt(h, 16);
        if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return null;
        out += encodeRuneBytes(r);
        i += len;
        break;
      }
      default: {
        if (e !== undefined && e >= '0' && e <= '7') {
          const o = body.slice(i - 1, i + 2);
          if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return null;
          out += String.fromCharCode(parseInt(o, 8));
          i += 2;
          break;
        }
        return null;
      }
    }
  }
  return out;
}

function encodeRuneBytes(r: number): ByteString {
  return Array.from(new TextEncoder().encode(String.fromCodePoint(r)), (b) => String.fromCharCode(b)).join('');
}
