// text/template's executor, ported faithfully (including where errors are reported: Go records the node being
// evaluated with s.at(node) and errors quote it). Execution is async because functions such as `query` are.
import { sprint } from '../go/fmt';
import { quote } from '../go/strconv';
import { sortMapEntries } from '../go/map-order';
import {
  T,
  assignableTo,
  canBeNil,
  findMethod,
  isIntKind,
  isUintKind,
  type GoFunc,
  type GoType,
} from '../go/types';
import { Value } from '../go/value';
import { ExecError } from './errors';
import { idealConstant, literalArg } from './literals';
import { indirect, indirectInterface, isTrue, printableValue } from './reflect';
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
  type Node,
} from './nodes';

/** MissingKey is the `missingkey=` option: what a missing map key evaluates to. */
export type MissingKey = 'invalid' | 'zero' | 'error';

/** ExecTemplate is what the executor needs from a template: its name, tree, functions and options. */
export interface ExecTemplate {
  readonly name: string;
  readonly tree: Tree | undefined;
  readonly missingKey: MissingKey;
  lookup(name: string): ExecTemplate | undefined;
  findFunction(name: string): { fn: GoFunc; builtin: boolean } | undefined;
}

/** Depth limit for nested {{template}} calls, as in Go. */
export const MAX_EXEC_DEPTH = 100_000;

const MISSING = Symbol('missing');
type Final = Value | typeof MISSING;

class BreakSignal {}
class ContinueSignal {}

interface Variable {
  name: string;
  value: Value;
}

/** execute runs a template's tree against data and returns the output. */
export async function execute(tmpl: ExecTemplate, data: Value): Promise<string> {
  const state = new State(tmpl, [{ name: '$', value: data }], 0);
  const root = tmpl.tree?.root;
  if (!root) return state.errorf(`${quote(tmpl.name)} is an incomplete or empty template`);
  await state.walk(data, root);
  return state.out.join('');
}

class State {
  node: Node | undefined;
  out: string[] = [];

  constructor(
    private tmpl: ExecTemplate,
    private vars: Variable[],
    private depth: number,
  ) {}

  // ---- variables ----

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: Value): void {
    (this.vars[this.vars.length - n] as Variable).value = value;
  }

  private varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v.value;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- errors ----

  private at(node: Node): void {
    this.node = node;
  }

  errorf(msg: string): never {
    const name = this.tmpl.name;
    if (!this.node) throw new ExecError(`template: ${name}: ${msg}`, name);
    const { location, context } = this.node.tree.errorContext(this.node);
    throw new ExecError(`template: ${location}: executing ${quote(name)} at <${context}>: ${msg}`, name);
  }

  // ---- walking ----

  async walk(dot: Value, node: Node): Promise<void> {
    this.at(node);
    if (node instanceof ActionNode) {
      const val = await this.evalPipeline(dot, node.pipe);
      if (node.pipe.decl.length === 0) this.printValue(node, val);
    } else if (node instanceof BreakNode) {
      throw new BreakSignal();
    } else if (node instanceof CommentNode) {
      // nothing to do
    } else if (node instanceof ContinueNode) {
      throw new ContinueSignal();
    } else if (node instanceof BranchNode) {
      if (node.type === 'range') await this.walkRange(dot, node);
      else await this.walkIfOrWith(node.type, dot, node.pipe, node.list, node.elseList);
    } else if (node instanceof ListNode) {
      for (const n of node.nodes) await this.walk(dot, n);
    } else if (node instanceof TemplateNode) {
      await this.walkTemplate(dot, node);
    } else if (node instanceof TextNode) {
      this.out.push(node.text);
    } else {
      this.errorf(`unknown node: ${node.toString()}`);
    }
  }

  private async walkIfOrWith(
    typ: 'if' | 'with',
    dot: Value,
    pipe: PipeNode,
    list: ListNode,
    elseList: ListNode | undefined,
  ): Promise<void> {
    const mark = this.mark();
    try {
      const val = await this.evalPipeline(dot, pipe);
      const { truth, ok } = isTrue(indirectInterface(val));
      if (!ok) this.errorf(`if/with can't use ${sprint([val])}`);
      if (truth) await this.walk(typ === 'with' ? val : dot, list);
      else if (elseList) await this.walk(dot, elseList);
    } finally {
      this.pop(mark);
    }
  }

  private async walkRange(dot: Value, r: BranchNode): Promise<void> {
    this.at(r);
    const outer = this.mark();
    try {
      const val = indirect(await this.evalPipeline(dot, r.pipe)).v;
      const mark = this.mark();
      const decl = r.pipe.decl;
      const oneIteration = async (index: Value, elem: Value): Promise<void> => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            this.setVar((decl[0] as VariableNode).ident[0] as string, decl.length > 1 ? index : elem);
          } else {
            this.setTopVar(1, elem);
          }
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar((decl[1] as VariableNode).ident[0] as string, elem);
          else this.setTopVar(2, index);
        }
        try {
          await this.walk(elem, r.list);
        } catch (e) {
          if (!(e instanceof ContinueSignal)) throw e;
        } finally {
          this.pop(mark);
        }
      };
      let ran = false;
      try {
        const k = val.kind;
        if (k === 'array' || k === 'slice') {
          const items = val.items();
          for (let i = 0; i < items.length; i++) {
            ran = true;
            await oneIteration(Value.int(i), items[i] as Value);
          }
        } else if (k === 'map') {
          for (const { key, value } of sortMapEntries(val)) {
            ran = true;
            await oneIteration(key, value);
          }
        } else if (isIntKind(k) || isUintKind(k)) {
          if (decl.length > 1)
            this.errorf(`can't use ${sprint([val])} to iterate over more than one variable`);
          const n = val.bigint();
          for (let i = 0n; i < n; i++) {
            ran = true;
            await oneIteration(Value.INVALID, Value.of(val.type as GoType, i));
          }
        } else if (k !== 'invalid') {
          this.errorf(`range can't iterate over ${sprint([val])}`);
        }
      } catch (e) {
        if (!(e instanceof BreakSignal)) throw e;
        return;
      }
      if (!ran && r.elseList) await this.walk(dot, r.elseList);
    } finally {
      this.pop(outer);
    }
  }

  private async walkTemplate(dotIn: Value, t: TemplateNode): Promise<void> {
    this.at(t);
    const tmpl = this.tmpl.lookup(t.name);
    if (!tmpl) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const dot = await this.evalPipeline(dotIn, t.pipe);
    const child = new State(tmpl, [{ name: '$', value: dot }], this.depth + 1);
    child.out = this.out;
    if (!tmpl.tree?.root) this.errorf(`template ${quote(t.name)} not defined`);
    await child.walk(dot, tmpl.tree.root);
  }

  // ---- evaluation ----

  private async evalPipeline(dot: Value, pipe: PipeNode | undefined): Promise<Value> {
    if (!pipe) return Value.INVALID;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      let v: Value = await this.evalCommand(dot, cmd, value);
      if (v.kind === 'interface') v = v.elem();
      value = v;
    }
    const result = value === MISSING ? Value.INVALID : value;
    for (const variable of pipe.decl) {
      const name = variable.ident[0] as string;
      if (pipe.isAssign) this.setVar(name, result);
      else this.vars.push({ name, value: result });
    }
    return result;
  }

  private notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${(args[0] as Node).toString()}`);
    }
  }

  private async evalCommand(dot: Value, cmd: CommandNode, final: Final): Promise<Value> {
    const first = cmd.args[0] as Node;
    if (first instanceof FieldNode) return this.evalFieldNode(dot, first, cmd.args, final);
    if (first instanceof ChainNode) return this.evalChainNode(dot, first, cmd.args, final);
    if (first instanceof IdentifierNode) return this.evalFunction(dot, first, cmd, cmd.args, final);
    if (first instanceof PipeNode) {
      this.notAFunction(cmd.args, final);
      return this.evalPipeline(dot, first);
    }
    if (first instanceof VariableNode) return this.evalVariableNode(dot, first, cmd.args, final);
    this.at(first);
    this.notAFunction(cmd.args, final);
    if (first instanceof BoolNode) return Value.bool(first.value);
    if (first instanceof DotNode) return dot;
    if (first instanceof NilNode) this.errorf('nil is not a command');
    if (first instanceof NumberNode) return this.idealConstant(first);
    if (first instanceof StringNode) return Value.string(first.text);
    this.errorf(`can't evaluate command ${quote(first.toString())}`);
  }

  private idealConstant(c: NumberNode): Value {
    this.at(c);
    const v = idealConstant(c);
    if (typeof v === 'string') this.errorf(v);
    return v;
  }

  private async evalFieldNode(
    dot: Value,
    field: FieldNode,
    args: Node[] | undefined,
    final: Final,
  ): Promise<Value> {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private async evalChainNode(
    dot: Value,
    chain: ChainNode,
    args: Node[] | undefined,
    final: Final,
  ): Promise<Value> {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node instanceof NilNode) this.errorf(`indirection through explicit nil in ${chain.toString()}`);
    const pipe = await this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private async evalVariableNode(
    dot: Value,
    variable: VariableNode,
    args: Node[] | undefined,
    final: Final,
  ): Promise<Value> {
    this.at(variable);
    const value = this.varValue(variable.ident[0] as string);
    if (variable.ident.length === 1) {
      this.notAFunction(args ?? [variable], final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
  }

  private async evalFieldChain(
    dot: Value,
    receiverIn: Value,
    node: Node,
    ident: string[],
    args: Node[] | undefined,
    final: Final,
  ): Promise<Value> {
    let receiver = receiverIn;
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = await this.evalField(dot, ident[i] as string, node, undefined, MISSING, receiver);
    }
    return this.evalField(dot, ident[n - 1] as string, node, args, final, receiver);
  }

  private async evalFunction(
    dot: Value,
    node: IdentifierNode,
    cmd: Node,
    args: Node[] | undefined,
    final: Final,
  ): Promise<Value> {
    this.at(node);
    const name = node.ident;
    const found = this.tmpl.findFunction(name);
    if (!found) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, found.fn, found.builtin, cmd, name, args, final);
  }

  private async evalField(
    dot: Value,
    fieldName: string,
    node: Node,
    args: Node[] | undefined,
    final: Final,
    receiverIn: Value,
  ): Promise<Value> {
    if (!receiverIn.valid) {
      if (this.tmpl.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return Value.INVALID;
    }
    const typ = receiverIn.type as GoType;
    const { v: receiver, isNil } = indirect(receiverIn);
    if (receiver.kind === 'interface' && isNil)
      this.errorf(`nil pointer evaluating ${String(typ)}.${fieldName}`);
    const rtype = receiver.type as GoType;
    const methodType = receiver.kind !== 'ptr' && receiver.addressable ? rtype.pointer() : rtype;
    const method = findMethod(methodType, fieldName);
    if (method) {
      const bound: GoFunc = {
        sig: method.sig,
        call: (argv) => {
          if (receiver.kind === 'ptr' && receiver.isNil()) {
            const elem = String(rtype.elem);
            const short = elem.slice(elem.lastIndexOf('.') + 1);
            throw new Error(`value method ${elem}.${fieldName} called using nil *${short} pointer`);
          }
          return method.call(receiver.kind === 'ptr' ? receiver.elem() : receiver, argv);
        },
      };
      return this.evalCall(dot, bound, false, node, fieldName, args, final);
    }
    const hasArgs = (args?.length ?? 0) > 1 || final !== MISSING;
    switch (receiver.kind) {
      case 'struct': {
        const idx = rtype.fieldIndex(fieldName);
        if (idx >= 0) {
          if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
          return receiver.field(idx);
        }
        break;
      }
      case 'map': {
        const keyType = rtype.key as GoType;
        if (assignableTo(T.string, keyType)) {
          if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
          let result = receiver.mapIndex(Value.string(fieldName));
          if (!result.valid) {
            if (this.tmpl.missingKey === 'zero') result = Value.zero(rtype.elem as GoType);
            else if (this.tmpl.missingKey === 'error')
              this.errorf(`map has no entry for key ${quote(fieldName)}`);
          }
          return result;
        }
        break;
      }
      case 'ptr': {
        const etyp = rtype.elem as GoType;
        if (etyp.kind === 'struct' && etyp.fieldIndex(fieldName) < 0) break;
        if (isNil) this.errorf(`nil pointer evaluating ${String(typ)}.${fieldName}`);
        break;
      }
      default:
        break;
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${String(typ)}`);
  }

  private async evalCall(
    dot: Value,
    fn: GoFunc,
    isBuiltin: boolean,
    node: Node,
    name: string,
    argsIn: Node[] | undefined,
    final: Final,
  ): Promise<Value> {
    const args = argsIn ? argsIn.slice(1) : [];
    const sig = fn.sig;
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    let numFixed = args.length;
    if (sig.variadic) {
      numFixed = sig.in.length - 1;
      if (numIn < numFixed) {
        this.errorf(
          `wrong number of args for ${name}: want at least ${sig.in.length - 1} got ${args.length}`,
        );
      }
    } else if (numIn !== sig.in.length) {
      this.errorf(`wrong number of args for ${name}: want ${sig.in.length} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      const argType = sig.in[0] as GoType;
      let v = Value.INVALID;
      for (const arg of args) {
        v = await this.evalArg(dot, argType, arg);
        if (isTrue(indirectInterface(v)).truth === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, argType);
      return v;
    }

    const argv: Value[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++)
      argv[i] = await this.evalArg(dot, sig.in[i] as GoType, args[i] as Node);
    if (sig.variadic) {
      const argType = (sig.in[sig.in.length - 1] as GoType).elem as GoType;
      for (; i < args.length; i++) argv[i] = await this.evalArg(dot, argType, args[i] as Node);
    }
    if (final !== MISSING) {
      let t = sig.in[sig.in.length - 1] as GoType;
      if (sig.variadic) t = numIn - 1 < numFixed ? (sig.in[numIn - 1] as GoType) : (t.elem as GoType);
      argv[i] = this.validateType(final, t);
    }
    let callArgs = argv.map((a, j) => {
      const param =
        sig.variadic && j >= sig.in.length - 1 ? (sig.in[sig.in.length - 1] as GoType).elem : sig.in[j];
      return param?.kind === 'interface' ? indirectInterface(a) : a;
    });
    if (isBuiltin && name === 'call') {
      const callee =
        args.length > 0 ? (args[0] as Node).toString() : sprint([final === MISSING ? Value.INVALID : final]);
      callArgs = [Value.string(callee), ...callArgs];
    }
    let result: Value;
    try {
      result = await fn.call(callArgs);
    } catch (e) {
      if (e instanceof ExecError) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (sig.out === T.reflectValue) return result;
    if (sig.out.kind === 'interface' && result.kind !== 'interface') return Value.iface(result);
    return result;
  }

  private validateType(value: Value, typ: GoType | undefined): Value {
    if (!value.valid) {
      if (typ === undefined) return Value.INVALID;
      if (typ === T.reflectValue) return Value.INVALID;
      if (canBeNil(typ)) return Value.zero(typ);
      this.errorf(`invalid value; expected ${String(typ)}`);
    }
    if (typ === T.reflectValue) return value;
    let v = value;
    if (typ !== undefined && !assignableTo(v.type as GoType, typ)) {
      if (v.kind === 'interface' && !v.isNil()) {
        v = v.elem();
        if (assignableTo(v.type as GoType, typ)) return v;
      }
      const vt = v.type as GoType;
      if (v.kind === 'ptr' && assignableTo(vt.elem as GoType, typ)) {
        v = v.elem();
        if (!v.valid) this.errorf(`dereference of nil pointer of type ${String(typ)}`);
      } else if (assignableTo(vt.pointer(), typ) && v.addressable) {
        v = Value.ptrTo(v);
      } else {
        this.errorf(`wrong type for value; expected ${String(typ)}; got ${String(vt)}`);
      }
    }
    return v;
  }

  private async evalArg(dot: Value, typ: GoType | undefined, n: Node): Promise<Value> {
    this.at(n);
    if (n instanceof DotNode) return this.validateType(dot, typ);
    if (n instanceof NilNode) {
      if (typ === T.reflectValue) return Value.INVALID;
      if (typ && canBeNil(typ)) return Value.zero(typ);
      this.errorf(`cannot assign nil to ${String(typ)}`);
    }
    if (n instanceof FieldNode) return this.validateType(await this.evalFieldNode(dot, n, [n], MISSING), typ);
    if (n instanceof VariableNode)
      return this.validateType(await this.evalVariableNode(dot, n, undefined, MISSING), typ);
    if (n instanceof PipeNode) return this.validateType(await this.evalPipeline(dot, n), typ);
    if (n instanceof IdentifierNode)
      return this.validateType(await this.evalFunction(dot, n, n, undefined, MISSING), typ);
    if (n instanceof ChainNode)
      return this.validateType(await this.evalChainNode(dot, n, undefined, MISSING), typ);
    if (typ === undefined) this.errorf(`can't handle ${n.toString()} for arg of type <nil>`);
    if (typ.kind === 'interface' || typ === T.reflectValue) return this.evalEmptyInterface(dot, n);
    const literal = literalArg(typ, n);
    if (typeof literal === 'string') this.errorf(literal);
    return literal;
  }

  private async evalEmptyInterface(dot: Value, n: Node): Promise<Value> {
    this.at(n);
    if (n instanceof BoolNode) return Value.bool(n.value);
    if (n instanceof DotNode) return dot;
    if (n instanceof FieldNode) return this.evalFieldNode(dot, n, undefined, MISSING);
    if (n instanceof IdentifierNode) return this.evalFunction(dot, n, n, undefined, MISSING);
    if (n instanceof NilNode) this.errorf("evalEmptyInterface: nil (can't happen)");
    if (n instanceof NumberNode) return this.idealConstant(n);
    if (n instanceof StringNode) return Value.string(n.text);
    if (n instanceof VariableNode) return this.evalVariableNode(dot, n, undefined, MISSING);
    if (n instanceof PipeNode) return this.evalPipeline(dot, n);
    this.errorf(`can't handle assignment of ${n.toString()} to empty interface argument`);
  }

  private printValue(n: Node, v: Value): void {
    this.at(n);
    const { value, ok } = printableValue(v);
    if (!ok) this.errorf(`can't print ${n.toString()} of type ${String(v.type)}`);
    this.out.push(sprint([value]));
  }
}
