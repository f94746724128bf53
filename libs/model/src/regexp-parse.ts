// A parser for RE2 syntax (Go's regexp/syntax with Perl flags) that rejects what Go rejects, with Go's messages.
// Groups are kept on an explicit stack, as Go does, so deep nesting is reported rather than overflowing.
import type { ReNode } from './regexp-ast';
import { ClassReader, type Flags } from './regexp-parse-classes';

/** Largest count in x{n,m}, and of the product of nested counts (Go's maxRepeat). */
const MAX_REPEAT = 1000;
/** Deepest parse tree Go accepts (maxHeight). */
const MAX_HEIGHT = 1000;
/** Largest compiled program Go accepts, in instructions (maxSize: 128 MB of 40-byte instructions). */
const MAX_SIZE = Math.floor((128 << 20) / 40);

/** ParsedRegexp is a parse tree plus Go's capture group names (index 0 is the whole match). */
export interface ParsedRegexp {
  node: ReNode;
  /** Names by group index, as Go's SubexpNames; undefined for unnamed groups and for index 0. */
  subexpNames: Array<string | undefined>;
}

/** ParseOptions are the parse flags besides syntax.Perl. */
export interface ParseOptions {
  /** Start with syntax.DotNL: `.` matches `\n` unless (?-s) (Prometheus parses label regexes so). */
  dotNL?: boolean;
}

/** An open group: its finished alternatives, the current one, and what closing it restores. */
interface Frame {
  alternatives: ReNode[];
  items: ReNode[];
  saved: Flags;
  capture: { index: number; name: string | undefined } | undefined;
}

// Go's repeatIsValid: nested counted repetitions may not multiply past MAX_REPEAT copies.
function repeatIsValid(re: ReNode, n: number): boolean {
  let limit = n;
  if (re.op === 'repeat' && re.counted) {
    let m = re.max;
    if (m === 0) return true;
    if (m < 0) m = re.min;
    if (m > limit) return false;
    if (m > 0) limit = Math.floor(limit / m);
  }
  return children(re).every((s) => repeatIsValid(s, limit));
}

function children(re: ReNode): ReNode[] {
  if (re.op === 'capture' || re.op === 'repeat') return [re.sub];
  if (re.op === 'concat' || re.op === 'alternate') return re.subs;
  return [];
}

// A loop, not Math.max(...xs): a long pattern can have more items than a call takes arguments.
function maxOf(nodes: readonly ReNode[], f: (n: ReNode) => number): number {
  let m = 0;
  for (const n of nodes) m = Math.max(m, f(n));
  return m;
}

function isSingleChar(re: ReNode): boolean {
  return re.op === 'literal' || re.op === 'class' || re.op === 'anyChar' || re.op === 'anyNotNL';
}

class Parser extends ClassReader {
  private readonly names: Array<string | undefined> = [undefined];
  // Go's tree height and program size, estimated per node as Go's checkLimits computes them.
  private readonly heights = new WeakMap<ReNode, number>();
  private readonly sizes = new WeakMap<ReNode, number>();

  parse(): ParsedRegexp {
    const root: Frame = { alternatives: [], items: [], saved: this.flags, capture: undefined };
    const stack: Frame[] = [root];
    let lastRepeat = -1;
    const src = this.src;
    while (this.i < src.length) {
      const frame = stack[stack.length - 1] as Frame;
      const c = src[this.i] as string;
      let repeatStart = -1;
      if (c === '(') {
        const opened = src[this.i + 1] === '?' ? this.parsePerlFlags() : this.openCapture(undefined, 1);
        if (opened) stack.push(opened);
      } else if (c === '|') {
        frame.alternatives.push(this.concat(frame.items));
        frame.items = [];
        this.i++;
      } else if (c === ')') {
        if (stack.length === 1) this.failWhole('unexpected )');
        stack.pop();
        (stack[stack.length - 1] as Frame).items.push(this.closeGroup(frame));
        this.i++;
      } else if (c === '^') {
        frame.items.push({ op: this.flags.oneLine ? 'beginText' : 'beginLine' });
        this.i++;
      } else if (c === '$') {
        frame.items.push({ op: this.flags.oneLine ? 'endText' : 'endLine' });
        this.i++;
      } else if (c === '.') {
        frame.items.push({ op: this.flags.dotNL ? 'anyChar' : 'anyNotNL' });
        this.i++;
      } else if (c === '[') {
        frame.items.push(this.parseClass());
      } else if (c === '*' || c === '+' || c === '?') {
        repeatStart = this.i;
        const [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
        this.applyRepeat(frame.items, { min, max, counted: false }, this.i + 1, lastRepeat);
      } else if (c === '{') {
        const rep = this.parseRepeatBraces(this.i);
        if (!rep) {
          frame.items.push(this.literal(0x7b));
          this.i++;
        } else {
          const { min, max, end } = rep;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            this.fail('invalid repeat count', this.i, end);
          }
          repeatStart = this.i;
          this.applyRepeat(frame.items, { min, max, counted: true }, end, lastRepeat);
        }
      } else if (c === '\\') {
        this.parseBackslash(frame.items);
      } else {
        const { cp, next } = this.runeAt(this.i);
        frame.items.push(this.literal(cp));
        this.i = next;
      }
      lastRepeat = repeatStart;
    }
    if (stack.length > 1) this.failWhole('missing closing )');
    return { node: this.alternation(root), subexpNames: this.names };
  }

  private openCapture(name: string | undefined, headerLength: number): Frame {
    this.names.push(name);
    this.i += headerLength;
    return {
      alternatives: [],
      items: [],
      saved: this.flags,
      capture: { index: this.names.length - 1, name },
    };
  }

  /** Ends the innermost group: restores the flags it opened with and wraps a capture. */
  private closeGroup(frame: Frame): ReNode {
    const sub = this.alternation(frame);
    this.flags = frame.saved;
    if (!frame.capture) return sub;
    return this.checked({ op: 'capture', ...frame.capture, sub });
  }

  private alternation(frame: Frame): ReNode {
    const subs = [...frame.alternatives, this.concat(frame.items)].flatMap((a) =>
      a.op === 'alternate' ? a.subs : [a],
    );
    return subs.length === 1 ? (subs[0] as ReNode) : this.checked({ op: 'alternate', subs });
  }

  private concat(items: ReNode[]): ReNode {
    const subs = items.flatMap((a) => (a.op === 'concat' ? a.subs : [a]));
    if (subs.length === 0) return { op: 'empty' };
    return subs.length === 1 ? (subs[0] as ReNode) : this.checked({ op: 'concat', subs });
  }

  /** Records a new node's height and size and fails as Go does when either is over its limit. */
  private checked(n: ReNode): ReNode {
    const h = (s: ReNode): number => this.heights.get(s) ?? 1;
    const sz = (s: ReNode): number => this.sizes.get(s) ?? 1;
    let height = 1;
    let size = 1;
    switch (n.op) {
      case 'capture':
        height = 1 + h(n.sub);
        size = 2 + sz(n.sub);
        break;
      case 'repeat': {
        height = 1 + h(n.sub);
        const sub = sz(n.sub);
        if (!n.counted) size = (n.max === -1 && n.min === 0 ? 2 : 1) + sub;
        else if (n.max === -1) size = n.min === 0 ? 2 + sub : 1 + n.min * sub;
        else size = n.max * sub + (n.max - n.min);
        break;
      }
      case 'concat':
        // Go joins adjacent literals into one string node.
        height = n.subs.every((s) => s.op === 'literal') ? 1 : 1 + maxOf(n.subs, h);
        size = n.subs.reduce((acc, s) => acc + sz(s), 0);
        break;
      case 'alternate':
        // Go merges alternatives of single characters into one class.
        if (!n.subs.every(isSingleChar)) {
          height = 1 + maxOf(n.subs, h);
          size = n.subs.reduce((acc, s) => acc + sz(s), 0) + n.subs.length - 1;
        }
        break;
      default:
        break;
    }
    if (size > MAX_SIZE) this.failWhole('expression too large');
    if (height > MAX_HEIGHT) this.failWhole('expression nests too deeply');
    this.heights.set(n, height);
    this.sizes.set(n, Math.max(1, size));
    return n;
  }

  private applyRepeat(
    items: ReNode[],
    op: { min: number; max: number; counted: boolean },
    opEnd: number,
    lastRepeat: number,
  ): void {
    const before = this.i;
    let after = opEnd;
    let greedy = !this.flags.nonGreedy;
    if (this.src[after] === '?') {
      after++;
      greedy = !greedy;
    }
    // Perl forbids stacking repetition operators: a** is an error, not a doubled star.
    if (lastRepeat >= 0) this.fail('invalid nested repetition operator', lastRepeat, after);
    const sub = items.pop();
    if (sub === undefined) this.fail('missing argument to repetition operator', before, after);
    const node = this.checked({ op: 'repeat', ...op, greedy, sub });
    items.push(node);
    if (op.counted && (op.min >= 2 || op.max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      this.fail('invalid repeat count', before, after);
    }
    this.i = after;
  }

  /** Parses {n}, {n,} or {n,m} at p; undefined when the text is not of that form (then `{` is a literal). */
  private parseRepeatBraces(p: number): { min: number; max: number; end: number } | undefined {
    // Go's parseInt: no leading zeros; numbers of 9+ digits are "too big" (-1), which is an error, not a literal.
    const readInt = (q: number): { n: number; next: number } | undefined => {
      let e = q;
      while (e < this.src.length && /[0-9]/.test(this.src[e] as string)) e++;
      if (e === q || (e - q >= 2 && this.src[q] === '0')) return undefined;
      return { n: e - q > 8 ? -1 : Number(this.src.slice(q, e)), next: e };
    };
    const first = readInt(p + 1);
    if (!first) return undefined;
    let min = first.n;
    let max = min;
    let q = first.next;
    if (this.src[q] === ',') {
      q++;
      if (this.src[q] === '}') max = -1;
      else {
        const second = readInt(q);
        if (!second) return undefined;
        max = second.n;
        if (max < 0) min = -1;
        q = second.next;
      }
    }
    if (this.src[q] !== '}') return undefined;
    return { min, max, end: q + 1 };
  }

  /** Handles `(?…`: named captures, non-capturing groups and flag changes; undefined for flags only. */
  private parsePerlFlags(): Frame | undefined {
    const start = this.i;
    const t = this.src.slice(start);
    const startsWithP = t.length > 4 && t[2] === 'P' && t[3] === '<';
    const startsWithName = t.length > 3 && t[2] === '<';
    if (startsWithP || startsWithName) {
      const nameStart = start + (startsWithP ? 4 : 3);
      const end = this.src.indexOf('>', start);
      if (end < 0) {
        this.checkUTF8(start, this.src.length);
        this.fail('invalid named capture', start, this.src.length);
      }
      this.checkUTF8(nameStart, end);
      const name = this.src.slice(nameStart, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail('invalid named capture', start, end + 1);
      return this.openCapture(name, end + 1 - start);
    }
    let p = start + 2;
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    while (p < this.src.length) {
      const { cp, next } = this.runeAt(p);
      p = next;
      const c = String.fromCodePoint(cp);
      if (c === 'i') flags.fold = !negate;
      else if (c === 'm') flags.oneLine = negate;
      else if (c === 's') flags.dotNL = !negate;
      else if (c === 'U') flags.nonGreedy = !negate;
      else if (c === '-') {
        if (negate) break;
        negate = true;
        sawFlag = false;
        continue;
      } else if (c === ':' || c === ')') {
        if (negate && !sawFlag) break;
        this.i = p;
        // A group restores the flags of its opening; `(?i)` alone changes the enclosing group's flags.
        const saved = this.flags;
        this.flags = flags;
        return c === ':' ? { alternatives: [], items: [], saved, capture: undefined } : undefined;
      } else break;
      sawFlag = true;
    }
    this.fail('invalid or unsupported Perl syntax', start, p);
  }

  private parseBackslash(items: ReNode[]): void {
    const start = this.i;
    const next = this.src[start + 1];
    const assertion: Readonly<Record<string, ReNode>> = {
      A: { op: 'beginText' },
      b: { op: 'wordBoundary' },
      B: { op: 'noWordBoundary' },
      z: { op: 'endText' },
    };
    if (next !== undefined && Object.hasOwn(assertion, next)) {
      items.push(assertion[next] as ReNode);
      this.i += 2;
      return;
    }
    if (next === 'C') this.fail('invalid escape sequence', start, start + 2);
    if (next === 'Q') {
      // \Q…\E: everything up to \E (or the end) is literal.
      const endQ = this.src.indexOf('\\E', start + 2);
      const stop = endQ < 0 ? this.src.length : endQ;
      for (let p = start + 2; p < stop;) {
        const { cp, next: n } = this.runeAt(p);
        items.push(this.literal(cp));
        p = n;
      }
      this.i = endQ < 0 ? this.src.length : endQ + 2;
      return;
    }
    const cls = this.parseClassEscape();
    if (cls) {
      items.push(cls);
      return;
    }
    const { cp, next: n } = this.parseEscape(start);
    items.push(this.literal(cp));
    this.i = n;
  }
}

/** parseRe2 parses a pattern as Go's regexp/syntax.Parse(s, syntax.Perl) would, or throws RegexpSyntaxError. */
export function parseRe2(pattern: string, options: ParseOptions = {}): ParsedRegexp {
  const flags: Flags = { fold: false, dotNL: options.dotNL ?? false, oneLine: true, nonGreedy: false };
  return new Parser(pattern, flags).parse();
}
