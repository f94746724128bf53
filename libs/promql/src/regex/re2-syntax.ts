// A parser for RE2 syntax (Go's regexp/syntax with Perl flags) that rejects what Go rejects, with Go's messages.
import { PERL_GROUPS } from './char-class';
import { Re2Base } from './re2-classes';
import type { ReNode } from './re2-ast';

export { Re2SyntaxError, type PropertyItem, type Re2ErrorCode, type ReNode } from './re2-ast';

const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;

function repeatIsValid(re: ReNode, n: number): boolean {
  if (re.op === 'repeat' && re.counted) {
    let m = re.max;
    if (m === 0) return true;
    if (m < 0) m = re.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  const subs =
    re.op === 'group' || re.op === 'repeat'
      ? [re.sub]
      : re.op === 'concat' || re.op === 'alternate'
        ? re.subs
        : [];
  return subs.every((s) => repeatIsValid(s, n));
}

/** Parses RE2 syntax with the flags Prometheus uses (Perl syntax, `.` matching newline). */
class Re2Parser extends Re2Base {
  private depth = 0;

  parse(): ReNode {
    return this.parseAlternation(false);
  }

  private parseAlternation(inGroup: boolean): ReNode {
    const alternatives: ReNode[][] = [];
    let items: ReNode[] = [];
    let lastRepeat = -1;
    const src = this.src;
    for (;;) {
      if (this.i >= src.length) {
        if (inGroup) this.failWhole('missing closing )');
        break;
      }
      const c = src[this.i] as string;
      let repeatStart = -1;
      if (c === '(') {
        this.parseGroup(items);
      } else if (c === '|') {
        alternatives.push(items);
        items = [];
        this.i++;
      } else if (c === ')') {
        if (!inGroup) this.failWhole('unexpected )');
        this.i++;
        break;
      } else if (c === '^') {
        items.push({ op: this.flags.oneLine ? 'beginText' : 'beginLine' });
        this.i++;
      } else if (c === '$') {
        items.push({ op: this.flags.oneLine ? 'endText' : 'endLine' });
        this.i++;
      } else if (c === '.') {
        items.push({ op: this.flags.dotNL ? 'anyChar' : 'anyNotNL' });
        this.i++;
      } else if (c === '[') {
        items.push(this.parseClass());
      } else if (c === '*' || c === '+' || c === '?') {
        repeatStart = this.i;
        const [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
        this.applyRepeat(items, min, max, false, this.i, this.i + 1, lastRepeat);
      } else if (c === '{') {
        const rep = this.parseRepeatBraces(this.i);
        if (!rep) {
          items.push(this.literal(0x7b));
          this.i++;
        } else {
          const { min, max, end } = rep;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            this.fail('invalid repeat count', this.i, end);
          }
          repeatStart = this.i;
          this.applyRepeat(items, min, max, true, this.i, end, lastRepeat);
        }
      } else if (c === '\\') {
        this.parseBackslash(items);
      } else {
        const { cp, next } = this.runeAt(this.i);
        items.push(this.literal(cp));
        this.i = next;
      }
      lastRepeat = repeatStart;
    }
    alternatives.push(items);
    const concats = alternatives.map<ReNode>((a) =>
      a.length === 0 ? { op: 'empty' } : a.length === 1 ? (a[0] as ReNode) : { op: 'concat', subs: a },
    );
    return concats.length === 1 ? (concats[0] as ReNode) : { op: 'alternate', subs: concats };
  }

  private applyRepeat(
    items: ReNode[],
    min: number,
    max: number,
    counted: boolean,
    before: number,
    after: number,
    lastRepeat: number,
  ): void {
    let greedy = !this.flags.nonGreedy;
    if (this.src[after] === '?') {
      after++;
      greedy = !greedy;
    }
    if (lastRepeat >= 0) this.fail('invalid nested repetition operator', lastRepeat, after);
    const sub = items.pop();
    if (sub === undefined) this.fail('missing argument to repetition operator', before, after);
    const node: ReNode = { op: 'repeat', min, max, greedy, counted, sub };
    items.push(node);
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      this.fail('invalid repeat count', before, after);
    }
    this.i = after;
  }

  /** Parses {n}, {n,} or {n,m} at p; undefined when the text is not of that form (then `{` is a literal). */
  private parseRepeatBraces(p: number): { min: number; max: number; end: number } | undefined {
    // Go's parseInt: no leading zeros; numbers of 9+ digits count as "too big" (-1).
    const readInt = (q: number): { n: number; next: number } | undefined => {
      let e = q;
      while (e < this.src.length && this.src[e] !== undefined && /[0-9]/.test(this.src[e] as string)) e++;
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

  private parseGroup(items: ReNode[]): void {
    const start = this.i;
    const saved = { ...this.flags };
    if (this.src[this.i + 1] === '?') {
      const kind = this.parsePerlFlags(start);
      if (kind === 'flags-only') return;
    } else this.i++;
    if (++this.depth > MAX_DEPTH) this.failWhole('expression nests too deeply');
    const sub = this.parseAlternation(true);
    this.depth--;
    this.flags = saved;
    items.push({ op: 'group', sub });
  }

  /** Handles `(?...`: named captures, non-capturing groups and flag changes. */
  private parsePerlFlags(start: number): 'group' | 'flags-only' {
    const t = this.src.slice(start);
    const startsWithP = t.length > 4 && t[2] === 'P' && t[3] === '<';
    const startsWithName = t.length > 3 && t[2] === '<';
    if (startsWithP || startsWithName) {
      const nameStart = startsWithP ? 4 : 3;
      const end = t.indexOf('>');
      if (end < 0) {
        this.checkUTF8(start, this.src.length);
        this.fail('invalid named capture', start, this.src.length);
      }
      this.checkUTF8(start + nameStart, start + end);
      if (!/^[A-Za-z0-9_]+$/.test(t.slice(nameStart, end)))
        this.fail('invalid named capture', start, start + end + 1);
      this.i = start + end + 1;
      return 'group';
    }
    let p = start + 2;
    const flags = { ...this.flags };
    let sign = 1;
    let sawFlag = false;
    while (p < this.src.length) {
      const { cp, next } = this.runeAt(p);
      p = next;
      const c = String.fromCodePoint(cp);
      if (c === 'i') flags.fold = sign > 0;
      else if (c === 'm') flags.oneLine = sign < 0;
      else if (c === 's') flags.dotNL = sign > 0;
      else if (c === 'U') flags.nonGreedy = sign > 0;
      else if (c === '-') {
        if (sign < 0) break;
        sign = -1;
        sawFlag = false;
        continue;
      } else if (c === ':' || c === ')') {
        if (sign < 0 && !sawFlag) break;
        this.i = p;
        if (c === ':') {
          // The group restores the flags of its opening; the new ones apply inside it.
          this.flags = flags;
          return 'group';
        }
        this.flags = flags;
        return 'flags-only';
      } else break;
      sawFlag = true;
    }
    this.fail('invalid or unsupported Perl syntax', start, p);
  }

  private parseBackslash(items: ReNode[]): void {
    const start = this.i;
    const next = this.src[start + 1];
    const assertion: Record<string, ReNode['op']> = {
      A: 'beginText',
      b: 'wordBoundary',
      B: 'noWordBoundary',
      z: 'endText',
    };
    if (next !== undefined && Object.hasOwn(assertion, next)) {
      items.push({ op: assertion[next] } as ReNode);
      this.i += 2;
      return;
    }
    if (next === 'C') this.fail('invalid escape sequence', start, start + 2);
    if (next === 'Q') {
      const endQ = this.src.indexOf('\\E', start + 2);
      const stop = endQ < 0 ? this.src.length : endQ;
      let p = start + 2;
      while (p < stop) {
        const { cp, next: n } = this.runeAt(p);
        items.push(this.literal(cp));
        p = n;
      }
      this.i = endQ < 0 ? this.src.length : endQ + 2;
      return;
    }
    if (next === 'p' || next === 'P') {
      items.push(this.classFrom(this.parseUnicodeClass(start), false));
      return;
    }
    const perl = PERL_GROUPS.get(this.src.slice(start, start + 2));
    if (perl) {
      items.push(this.classFrom(this.groupItem(perl.ranges, perl.negated), false));
      this.i += 2;
      return;
    }
    const { cp, next: n } = this.parseEscape(start);
    items.push(this.literal(cp));
    this.i = n;
  }
}

/** parseRe2 parses a regular expression as Go's regexp/syntax.Parse(s, Perl|DotNL) would, or throws Re2SyntaxError. */
export function parseRe2(pattern: string): ReNode {
  return new Re2Parser(pattern).parse();
}
