// text/template/parse's node types. String() reproduces Go's, since execution errors quote nodes
// (`executing "x" at <humanize "one">`).
import { utf8Length } from '../go/value';
import { quote } from '../go/strconv';

/** Tree is one parsed template: its name, the top-level template it came from, and its source text. */
export class Tree {
  root: ListNode | undefined;
  constructor(
    public name: string,
    readonly parseName: string,
    readonly text: string,
  ) {}

  /** errorContext returns Go's `name:line:col` (byte column) and the node's text, for execution errors. */
  errorContext(n: Node): { location: string; context: string } {
    const before = this.text.slice(0, n.pos);
    const nl = before.lastIndexOf('\n');
    const col = utf8Length(nl === -1 ? before : before.slice(nl + 1));
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    return { location: `${this.parseName}:${line}:${col}`, context: n.toString() };
  }
}

/** Node is any parse tree node; `pos` is a UTF-16 offset into the tree's text. */
export abstract class Node {
  abstract readonly type: string;
  constructor(
    readonly tree: Tree,
    public pos: number,
  ) {}
  abstract toString(): string;
}

/** ListNode is a sequence of nodes. */
export class ListNode extends Node {
  readonly type = 'list';
  nodes: Node[] = [];
  toString(): string {
    return this.nodes.map((n) => n.toString()).join('');
  }
}

/** TextNode is plain text outside actions. */
export class TextNode extends Node {
  readonly type = 'text';
  constructor(
    tree: Tree,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

/** CommentNode is a `{{/* comment *\/}}`. */
export class CommentNode extends Node {
  readonly type = 'comment';
  constructor(
    tree: Tree,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return `{{${this.text}}}`;
  }
}

/** VariableNode is `$x` or `$x.Field.Chain`. */
export class VariableNode extends Node {
  readonly type = 'variable';
  readonly ident: string[];
  constructor(tree: Tree, pos: number, ident: string) {
    super(tree, pos);
    this.ident = ident.split('.');
  }
  toString(): string {
    return this.ident.join('.');
  }
}

/** PipeNode is a pipeline with optional declarations: `$x := a | b`. */
export class PipeNode extends Node {
  readonly type = 'pipe';
  isAssign = false;
  decl: VariableNode[] = [];
  cmds: CommandNode[] = [];
  constructor(
    tree: Tree,
    pos: number,
    readonly line: number,
  ) {
    super(tree, pos);
  }
  toString(): string {
    let s = '';
    if (this.decl.length > 0) {
      s += this.decl.map((d) => d.toString()).join(', ');
      s += this.isAssign ? ' = ' : ' := ';
    }
    return s + this.cmds.map((c) => c.toString()).join(' | ');
  }
}

/** ActionNode is a `{{pipeline}}` whose value is printed. */
export class ActionNode extends Node {
  readonly type = 'action';
  constructor(
    tree: Tree,
    pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return `{{${this.pipe.toString()}}}`;
  }
}

/** CommandNode is one stage of a pipeline: an operand possibly followed by arguments. */
export class CommandNode extends Node {
  readonly type = 'command';
  args: Node[] = [];
  toString(): string {
    return this.args.map((a) => (a instanceof PipeNode ? `(${a.toString()})` : a.toString())).join(' ');
  }
}

/** IdentifierNode names a function. */
export class IdentifierNode extends Node {
  readonly type = 'identifier';
  constructor(
    tree: Tree,
    pos: number,
    readonly ident: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.ident;
  }
}

/** DotNode is `.`. */
export class DotNode extends Node {
  readonly type = 'dot';
  toString(): string {
    return '.';
  }
}

/** NilNode is the untyped `nil`. */
export class NilNode extends Node {
  readonly type = 'nil';
  toString(): string {
    return 'nil';
  }
}

/** FieldNode is `.Field.Chain` on dot. */
export class FieldNode extends Node {
  readonly type = 'field';
  readonly ident: string[];
  constructor(tree: Tree, pos: number, ident: string) {
    super(tree, pos);
    this.ident = ident.slice(1).split('.');
  }
  toString(): string {
    return this.ident.map((i) => '.' + i).join('');
  }
}

/** ChainNode is a term followed by field accesses: `(pipe).Field`. */
export class ChainNode extends Node {
  readonly type = 'chain';
  field: string[] = [];
  constructor(
    tree: Tree,
    pos: number,
    readonly node: Node,
  ) {
    super(tree, pos);
  }
  add(field: string): void {
    this.field.push(field.slice(1));
  }
  toString(): string {
    const head = this.node instanceof PipeNode ? `(${this.node.toString()})` : this.node.toString();
    return head + this.field.map((f) => '.' + f).join('');
  }
}

/** BoolNode is `true` or `false`. */
export class BoolNode extends Node {
  readonly type = 'bool';
  constructor(
    tree: Tree,
    pos: number,
    readonly value: boolean,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

/** NumberNode is a numeric constant with every interpretation Go allows for it. */
export class NumberNode extends Node {
  readonly type = 'number';
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  complex = { re: 0, im: 0 };
  constructor(
    tree: Tree,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

/** StringNode is a string constant; `quoted` is the source spelling. */
export class StringNode extends Node {
  readonly type = 'string';
  constructor(
    tree: Tree,
    pos: number,
    readonly quoted: string,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.quoted;
  }
}

/** EndNode is `{{end}}` (internal to parsing). */
export class EndNode extends Node {
  readonly type = 'end';
  toString(): string {
    return '{{end}}';
  }
}

/** ElseNode is `{{else}}` (internal to parsing). */
export class ElseNode extends Node {
  readonly type = 'else';
  constructor(
    tree: Tree,
    pos: number,
    readonly line: number,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return '{{else}}';
  }
}

/** BranchNode is the common shape of if, range and with. */
export class BranchNode extends Node {
  constructor(
    tree: Tree,
    pos: number,
    readonly type: 'if' | 'range' | 'with',
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | undefined,
  ) {
    super(tree, pos);
  }
  toString(): string {
    let s = `{{${this.type} ${this.pipe.toString()}}}${this.list.toString()}`;
    if (this.elseList) s += `{{else}}${this.elseList.toString()}`;
    return s + '{{end}}';
  }
}

/** BreakNode is `{{break}}`. */
export class BreakNode extends Node {
  readonly type = 'break';
  toString(): string {
    return '{{break}}';
  }
}

/** ContinueNode is `{{continue}}`. */
export class ContinueNode extends Node {
  readonly type = 'continue';
  toString(): string {
    return '{{continue}}';
  }
}

/** TemplateNode is `{{template "name" pipeline}}`. */
export class TemplateNode extends Node {
  readonly type = 'template';
  constructor(
    tree: Tree,
    pos: number,
    readonly line: number,
    readonly name: string,
    readonly pipe: PipeNode | undefined,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.pipe
      ? `{{template ${quote(this.name)} ${this.pipe.toString()}}}`
      : `{{template ${quote(this.name)}}}`;
  }
}

// unicode.IsSpace's characters, as bytes.TrimSpace strips them.
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** isEmptyTree reports whether a node holds nothing but space and comments (parse.IsEmptyTree). */
export function isEmptyTree(n: Node | undefined): boolean {
  if (n === undefined) return true;
  if (n instanceof CommentNode) return true;
  if (n instanceof ListNode) return n.nodes.every(isEmptyTree);
  if (n instanceof TextNode) return GO_SPACE_ONLY.test(n.text);
  return false;
}
