// text/template/parse's recursive-descent parser, with Go's error messages (`template: name:line: msg`).
import { GoSyntaxError, quote, unquote } from '../go/strconv';
import { NumberSyntaxError, parseNumber } from './number';
import { TemplateError } from './errors';
import { Lexer, itemString, type Item, type ItemType } from './lexer';
import {
  ActionNode,
  BoolNode,
  BranchNode,
  BreakNode,
  ChainNode,
  CommandNode,
  CommentNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  NilNode,
  NumberNode,
  PipeNode,
  StringNode,
  TemplateNode,
  TextNode,
  Tree,
  VariableNode,
  isEmptyTree,
  type Node,
} from './nodes';

const MAX_STACK_DEPTH = 10000;

/** ParseError carries a Go-formatted parse error message. */
class ParseError extends TemplateError {}

/** TreeSet maps template names to their parsed trees. */
export type TreeSet = Map<string, Tree>;

/** parseTemplates parses `text` as template `name`; `hasFunction` says which identifiers are functions. */
export function parseTemplates(name: string, text: string, hasFunction: (name: string) => boolean): TreeSet {
  const treeSet: TreeSet = new Map();
  const lexer = new Lexer(text, { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') });
  const p = new TreeParser(new Tree(name, name, text), lexer, treeSet, hasFunction);
  p.parse();
  p.add();
  return treeSet;
}

class TreeParser {
  private readonly token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    private readonly t: Tree,
    private readonly lex: Lexer,
    private readonly treeSet: TreeSet,
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  // ---- token stream ----

  private tok(i: number): Item {
    return this.token[i] as Item;
  }

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.tok(this.peekCount);
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.tok(this.peekCount - 1);
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.tok(0);
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === 'space');
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ---- errors ----

  private errorf(msg: string): never {
    this.t.root = undefined;
    const line = this.token[0]?.line ?? 1;
    throw new ParseError(`template: ${this.t.parseName}:${line}: ${msg}`);
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(e1: ItemType, e2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== e1 && token.typ !== e2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.t.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private unquoteOrFail(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      if (e instanceof GoSyntaxError) this.errorf(e.message);
      throw e;
    }
  }

  // ---- structure ----

  add(): void {
    const tree = this.treeSet.get(this.t.name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.treeSet.set(this.t.name, this.t);
      return;
    }
    if (!isEmptyTree(this.t.root))
      this.errorf(`template: multiple definition of template ${quote(this.t.name)}`);
  }

  parse(): void {
    this.t.root = new ListNode(this.t, this.peek().pos);
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().typ === 'define') {
          const child = new TreeParser(
            new Tree('definition', this.t.parseName, this.t.text),
            this.lex,
            this.treeSet,
            this.hasFunction,
          );
          child.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) this.errorf(`unexpected ${n.toString()}`);
      this.t.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf('string', 'rawString', context);
    this.t.name = this.unquoteOrFail(name.val);
    this.expect('rightDelim', context);
    const [list, end] = this.itemList();
    this.t.root = list;
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end.toString()} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = new ListNode(this.t, this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'text':
        return new TextNode(this.t, token.pos, token.val);
      case 'leftDelim': {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case 'comment':
        return new CommentNode(this.t, token.pos, token.val);
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
        return this.breakControl(token);
      case 'continue':
        return this.continueControl(token);
      case 'else':
        return this.elseControl();
      case 'end':
        return this.endControl();
      case 'if':
        return this.branch('if');
      case 'range':
        return this.branch('range');
      case 'template':
        return this.templateControl();
      case 'with':
        return this.branch('with');
      default:
        break;
    }
    this.backup();
    const first = this.peek();
    return new ActionNode(this.t, first.pos, first.line, this.pipeline('command', 'rightDelim'));
  }

  private breakControl(token: Item): Node {
    const next = this.nextNonSpace();
    if (next.typ !== 'rightDelim') this.unexpected(next, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return new BreakNode(this.t, token.pos);
  }

  private continueControl(token: Item): Node {
    const next = this.nextNonSpace();
    if (next.typ !== 'rightDelim') this.unexpected(next, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return new ContinueNode(this.t, token.pos);
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe = new PipeNode(this.t, token.pos, token.line);
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(this.t, v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(this.t, v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().typ;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === 'space') {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const first = c.args[0];
      if (
        first instanceof BoolNode ||
        first instanceof DotNode ||
        first instanceof NilNode ||
        first instanceof NumberNode ||
        first instanceof StringNode
      ) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private parseControl(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next instanceof ElseNode) {
        if (context === 'if' && this.peek().typ === 'if') {
          this.next();
          elseList = new ListNode(this.t, next.pos);
          elseList.nodes.push(this.branch('if'));
        } else if (context === 'with' && this.peek().typ === 'with') {
          this.next();
          elseList = new ListNode(this.t, next.pos);
          elseList.nodes.push(this.branch('with'));
        } else {
          [elseList, next] = this.itemList();
          if (!(next instanceof EndNode)) this.errorf(`expected end; found ${next.toString()}`);
        }
      }
      return new BranchNode(this.t, pipe.pos, context, pipe.line, pipe, list, elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private branch(context: 'if' | 'range' | 'with'): BranchNode {
    return this.parseControl(context);
  }

  private endControl(): Node {
    return new EndNode(this.t, this.expect('rightDelim', 'end').pos);
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === 'if' || peek.typ === 'with') return new ElseNode(this.t, peek.pos, peek.line);
    const token = this.expect('rightDelim', 'else');
    return new ElseNode(this.t, token.pos, token.line);
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const block = new TreeParser(
      new Tree(name, this.t.parseName, this.t.text),
      this.lex,
      this.treeSet,
      this.hasFunction,
    );
    const [list, end] = block.itemList();
    block.t.root = list;
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end.toString()} in ${context}`);
    block.add();
    return new TemplateNode(this.t, token.pos, token.line, name, pipe);
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return new TemplateNode(this.t, token.pos, token.line, name, pipe);
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === 'string' || token.typ === 'rawString') return this.unquoteOrFail(token.val);
    this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd = new CommandNode(this.t, this.peekNonSpace().pos);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') this.backup();
      else if (token.typ !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | undefined {
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().typ === 'field') {
      const chain = new ChainNode(this.t, this.peek().pos, node);
      while (this.peek().typ === 'field') chain.add(this.next().val);
      if (node instanceof FieldNode) {
        node = new FieldNode(this.t, chain.pos, chain.toString());
      } else if (node instanceof VariableNode) {
        node = new VariableNode(this.t, chain.pos, chain.toString());
      } else if (
        node instanceof BoolNode ||
        node instanceof StringNode ||
        node instanceof NumberNode ||
        node instanceof NilNode ||
        node instanceof DotNode
      ) {
        this.errorf(`unexpected . after term ${quote(node.toString())}`);
      } else {
        node = chain;
      }
    }
    return node;
  }

  private term(): Node | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'identifier':
        if (!this.hasFunction(token.val)) this.errorf(`function ${quote(token.val)} not defined`);
        return new IdentifierNode(this.t, token.pos, token.val);
      case 'dot':
        return new DotNode(this.t, token.pos);
      case 'nil':
        return new NilNode(this.t, token.pos);
      case 'variable':
        return this.useVar(token.pos, token.val);
      case 'field':
        return new FieldNode(this.t, token.pos, token.val);
      case 'bool':
        return new BoolNode(this.t, token.pos, token.val === 'true');
      case 'charConstant':
      case 'complex':
      case 'number':
        try {
          return parseNumber(this.t, token);
        } catch (e) {
          if (e instanceof NumberSyntaxError) this.errorf(e.message);
          throw e;
        }
      case 'leftParen': {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.stackDepth--;
        }
      }
      case 'string':
      case 'rawString':
        return new StringNode(this.t, token.pos, token.val, this.unquoteOrFail(token.val));
      default:
        this.backup();
        return undefined;
    }
  }

  private useVar(pos: number, name: string): Node {
    const v = new VariableNode(this.t, pos, name);
    if (!this.vars.includes(v.ident[0] as string))
      this.errorf(`undefined variable ${quote(v.ident[0] as string)}`);
    return v;
  }
}
