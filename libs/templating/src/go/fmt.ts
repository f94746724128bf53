// Go's fmt/print.go: Sprint, Sprintf and Sprintln over Go values — argument handling, Stringer/error methods,
// reflection-style printing of maps, structs, slices and pointers, and the `%!d(string=x)` complaints.
import { findMethod, isFloatKind, isIntKind, isUintKind } from './types';
import { Value, type Complex } from './value';
import { sortMapEntries } from './map-order';
import { Formatter, clearFlags } from './fmt-format';

const pointerIds = new WeakMap<object, number>();
let nextPointerId = 0;

/** fakeAddress gives each referenced object a stable pseudo address (Go prints real ones: 0xc000012345). */
function fakeAddress(raw: unknown): bigint {
  if (raw === null || typeof raw !== 'object') return 0n;
  let id = pointerIds.get(raw);
  if (id === undefined) {
    id = ++nextPointerId;
    pointerIds.set(raw, id);
  }
  return 0xc000010000n + BigInt(id) * 0x10n;
}

class Printer extends Formatter {
  /** The operand being printed, for bad-verb messages. */
  cur: Value = Value.INVALID;
  erroring = false;
  reordered = false;
  goodArgNum = true;

  private fmtPointer(v: Value, verb: string): void {
    const k = v.kind;
    if (k !== 'ptr' && k !== 'map' && k !== 'slice' && k !== 'func') {
      this.badVerb(verb);
      return;
    }
    const u = fakeAddress(v.raw);
    switch (verb) {
      case 'v':
        if (this.f.sharpV) {
          this.buf += `(${String(v.type)})(`;
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) {
          this.pad('<nil>');
        } else {
          this.fmt0x64(u, !this.f.sharp);
        }
        return;
      case 'p':
        return this.fmt0x64(u, !this.f.sharp);
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        return this.fmtInteger(u, false, verb);
      default:
        this.badVerb(verb);
    }
  }

  override badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    const cur = this.cur;
    if (cur.valid) {
      this.buf += String(cur.type) + '=';
      this.printArg(cur, 'v');
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  // ---- values ----

  private handleMethods(v: Value, verb: string): boolean {
    if (this.erroring || this.f.sharpV) return false;
    if (!'vsxXq'.includes(verb) || !v.type) return false;
    const method = findMethod(v.type, 'Error') ?? findMethod(v.type, 'String');
    if (!method || method.sig.in.length !== 0) return false;
    let recv = v;
    if (v.kind === 'ptr') {
      if (v.isNil()) {
        this.pad('<nil>');
        return true;
      }
      recv = v.elem();
    }
    const out = method.call(recv, []);
    if (out instanceof Promise) throw new Error('String methods must be synchronous');
    this.fmtString(out.str(), verb);
    return true;
  }

  printArg(argIn: Value, verb: string): void {
    const arg = argIn.kind === 'interface' ? argIn.elem() : argIn;
    this.cur = arg;
    if (!arg.valid) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.pad(this.truncate(String(arg.type)));
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, 'p');
      return;
    }
    const t = arg.type;
    // Unnamed basic types print without consulting methods, as Go's type switch does.
    if (t && t.name === undefined) {
      const k = t.kind;
      if (k === 'bool') return this.fmtBool(arg.raw as boolean, verb);
      if (isFloatKind(k)) return this.fmtFloatVerb(arg.num(), verb);
      if (k === 'complex128') return this.fmtComplex(arg.raw as Complex, verb);
      if (isIntKind(k)) return this.fmtInteger(arg.bigint(), true, verb);
      if (isUintKind(k)) return this.fmtInteger(arg.bigint(), false, verb);
      if (k === 'string') return this.fmtString(arg.str(), verb);
    }
    if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, 0);
  }

  private printValue(v: Value, verb: string, depth: number): void {
    if (depth > 0 && v.valid && this.handleMethods(v, verb)) return;
    this.cur = v;
    const k = v.kind;
    if (k === 'invalid') {
      if (depth === 0) this.buf += '<invalid reflect.Value>';
      else if (verb === 'v') this.buf += '<nil>';
      else this.badVerb(verb);
      return;
    }
    if (k === 'bool') return this.fmtBool(v.raw as boolean, verb);
    if (isIntKind(k)) return this.fmtInteger(v.bigint(), true, verb);
    if (isUintKind(k)) return this.fmtInteger(v.bigint(), false, verb);
    if (isFloatKind(k)) return this.fmtFloatVerb(v.num(), verb);
    switch (k) {
      case 'complex128':
        return this.fmtComplex(v.raw as Complex, verb);
      case 'string':
        return this.fmtString(v.str(), verb);
      case 'map': {
        if (this.f.sharpV) {
          this.buf += String(v.type);
          if (v.isNil()) {
            this.buf += '(nil)';
            return;
          }
          this.buf += '{';
        } else {
          this.buf += 'map[';
        }
        sortMapEntries(v).forEach(({ key, value }, i) => {
          if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
          this.printValue(key, verb, depth + 1);
          this.buf += ':';
          this.printValue(value, verb, depth + 1);
        });
        this.buf += this.f.sharpV ? '}' : ']';
        return;
      }
      case 'struct': {
        const type = v.type;
        if (this.f.sharpV) this.buf += String(type);
        this.buf += '{';
        type?.fields.forEach((field, i) => {
          if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
          if (this.f.plusV || this.f.sharpV) this.buf += field.name + ':';
          this.printValue(v.field(i), verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      case 'interface': {
        const inner = v.elem();
        if (!inner.valid) {
          this.buf += this.f.sharpV ? `${String(v.type)}(nil)` : '<nil>';
        } else {
          this.printValue(inner, verb, depth + 1);
        }
        return;
      }
      case 'array':
      case 'slice': {
        if (this.f.sharpV) {
          this.buf += String(v.type);
          if (k === 'slice' && v.isNil()) {
            this.buf += '(nil)';
            return;
          }
          this.buf += '{';
          v.items().forEach((item, i) => {
            if (i > 0) this.buf += ', ';
            this.printValue(item, verb, depth + 1);
          });
          this.buf += '}';
        } else {
          this.buf += '[';
          v.items().forEach((item, i) => {
            if (i > 0) this.buf += ' ';
            this.printValue(item, verb, depth + 1);
          });
          this.buf += ']';
        }
        return;
      }
      case 'ptr':
        if (depth === 0 && !v.isNil()) {
          const target = v.elem();
          if (['array', 'slice', 'struct', 'map'].includes(target.kind)) {
            this.buf += '&';
            this.printValue(target, verb, depth + 1);
            return;
          }
        }
        return this.fmtPointer(v, verb);
      case 'func':
        return this.fmtPointer(v, verb);
      default:
        this.buf += `?${String(v.type)}?`;
    }
  }

  // ---- drivers ----

  doPrint(args: Value[]): void {
    let prevString = false;
    args.forEach((arg, i) => {
      const a = arg.kind === 'interface' ? arg.elem() : arg;
      const isString = a.kind === 'string';
      if (i > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(a, 'v');
      prevString = isString;
    });
  }

  doPrintln(args: Value[]): void {
    args.forEach((arg, i) => {
      if (i > 0) this.buf += ' ';
      this.printArg(arg, 'v');
    });
    this.buf += '\n';
  }

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    const [index, wid, ok] = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrintf(format: string, args: Value[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.f = clearFlags();
      const f = this.f;
      simple: for (; i < end; i++) {
        const c = format[i] as string;
        switch (c) {
          case '#':
            f.sharp = true;
            break;
          case '0':
            f.zero = !f.minus;
            break;
          case '+':
            f.plus = true;
            break;
          case '-':
            f.minus = true;
            f.zero = false;
            break;
          case ' ':
            f.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < args.length) {
              if (c === 'v') {
                f.sharpV = f.sharp;
                f.sharp = false;
                f.plusV = f.plus;
                f.plus = false;
              }
              this.printArg(args[argNum] as Value, c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i < end && format[i] === '*') {
        i++;
        [f.wid, f.widPresent, argNum] = intFromArg(args, argNum);
        if (!f.widPresent) this.buf += '%!(BADWIDTH)';
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        [f.wid, f.widPresent, i] = parseNum(format, i, end);
        if (afterIndex && f.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
        if (i < end && format[i] === '*') {
          i++;
          [f.prec, f.precPresent, argNum] = intFromArg(args, argNum);
          if (f.prec < 0) {
            f.prec = 0;
            f.precPresent = false;
          }
          if (!f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          [f.prec, f.precPresent, i] = parseNum(format, i, end);
          if (!f.precPresent) {
            f.prec = 0;
            f.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const verb = String.fromCodePoint(format.codePointAt(i) as number);
      i += verb.length;
      if (verb === '%') {
        this.buf += '%';
      } else if (!this.goodArgNum) {
        this.buf += `%!${verb}(BADINDEX)`;
      } else if (argNum >= args.length) {
        this.buf += `%!${verb}(MISSING)`;
      } else {
        if (verb === 'v') {
          f.sharpV = f.sharp;
          f.sharp = false;
          f.plusV = f.plus;
          f.plus = false;
        }
        this.printArg(args[argNum] as Value, verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < args.length) {
      this.f = clearFlags();
      this.buf += '%!(EXTRA ';
      args.slice(argNum).forEach((argIn, j) => {
        const arg = argIn.kind === 'interface' ? argIn.elem() : argIn;
        if (j > 0) this.buf += ', ';
        if (!arg.valid) {
          this.buf += '<nil>';
        } else {
          this.buf += String(arg.type) + '=';
          this.printArg(arg, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function parseNum(s: string, start: number, end: number): [number, boolean, number] {
  let num = 0;
  let isnum = false;
  let i = start;
  while (i < end && s[i] !== undefined && (s[i] as string) >= '0' && (s[i] as string) <= '9') {
    if (num > 1e6) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
    i++;
  }
  return [num, isnum, i];
}

function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const [width, ok, newi] = parseNum(format, 1, i);
      if (!ok || newi !== i) return [0, i + 1, false];
      return [width - 1, i + 1, true];
    }
  }
  return [0, 1, false];
}

function intFromArg(args: Value[], argNum: number): [number, boolean, number] {
  if (argNum >= args.length) return [0, false, argNum];
  const raw = args[argNum] as Value;
  const a = raw.kind === 'interface' ? raw.elem() : raw;
  let num = 0;
  let isInt = false;
  if (isIntKind(a.kind) || isUintKind(a.kind)) {
    const n = a.bigint();
    if (n >= -(2n ** 63n) && n < 2n ** 63n) {
      num = Number(n);
      isInt = true;
    }
  }
  if (num > 1e6 || num < -1e6) return [0, false, argNum + 1];
  return [num, isInt, argNum + 1];
}

/** sprint is fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: Value[]): string {
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** sprintln is fmt.Sprintln: operands separated by spaces, newline appended. */
export function sprintln(args: Value[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/** sprintf is fmt.Sprintf. */
export function sprintf(format: string, args: Value[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}
