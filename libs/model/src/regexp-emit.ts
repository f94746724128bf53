// Writes a parsed RE2 expression as JavaScript `u`-mode RegExp source with the same meaning. Node's RegExp has no
// inline modifiers, so (?i) is spelled out as classes of case-equivalent code points; the `i` flag is never used
// (it would also widen \b to the Kelvin sign and long s).
import type { CharSet, ReNode } from './regexp-ast';
import { escapeCodePoint, foldOrbit } from './regexp-charclass';

function setBody(s: CharSet): string {
  const ranges = s.ranges.map(([lo, hi]) =>
    lo === hi ? escapeCodePoint(lo) : `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}`,
  );
  return ranges.join('') + s.escapes.join('');
}

// Always a single atom: it may be quantified as it is.
function emitClass(n: Extract<ReNode, { op: 'class' }>): string {
  const body = setBody(n.set);
  if (n.complements.length === 0) return `[${n.negated ? '^' : ''}${body}]`;
  const complements = n.complements.map(setBody);
  if (!n.negated) {
    // In the set, or outside one of the complemented sets.
    const alternatives = [...(body === '' ? [] : [`[${body}]`]), ...complements.map((c) => `[^${c}]`)];
    return alternatives.length === 1 ? (alternatives[0] as string) : `(?:${alternatives.join('|')})`;
  }
  // Outside the set and inside every complemented set.
  const last = complements.pop() as string;
  const outside = body === '' ? '' : `(?![${body}])`;
  if (outside === '' && complements.length === 0) return `[${last}]`;
  return `(?:${outside}${complements.map((c) => `(?=[${c}])`).join('')}[${last}])`;
}

// Quantifiers may follow only what emits as one atom; assertions, sequences and repeats are grouped first.
function isAtom(n: ReNode): boolean {
  return (
    n.op === 'literal' ||
    n.op === 'class' ||
    n.op === 'anyChar' ||
    n.op === 'anyNotNL' ||
    n.op === 'capture' ||
    n.op === 'alternate'
  );
}

function quantifier(n: Extract<ReNode, { op: 'repeat' }>): string {
  let q: string;
  if (!n.counted) q = n.max === 1 ? '?' : n.min === 1 ? '+' : '*';
  else if (n.max === n.min) q = `{${n.min}}`;
  else q = n.max < 0 ? `{${n.min},}` : `{${n.min},${n.max}}`;
  return n.greedy ? q : `${q}?`;
}

/** Emitter writes nodes; `captures` keeps Go's capture groups as JavaScript ones (same numbering). */
class Emitter {
  constructor(private readonly captures: boolean) {}

  /** body writes a node that needs no grouping of its own (a whole pattern, a group's contents). */
  body(n: ReNode): string {
    return n.op === 'alternate' ? n.subs.map((s) => this.emit(s)).join('|') : this.emit(n);
  }

  emit(n: ReNode): string {
    switch (n.op) {
      case 'empty':
        return '';
      case 'literal': {
        const orbit = n.fold ? foldOrbit(n.cp) : [n.cp];
        return orbit.length === 1 ? escapeCodePoint(n.cp) : `[${orbit.map(escapeCodePoint).join('')}]`;
      }
      case 'class':
        return emitClass(n);
      case 'anyChar':
        return '[^]';
      case 'anyNotNL':
        return '[^\\n]';
      case 'beginText':
        return '^';
      case 'endText':
        return '$';
      case 'beginLine':
        return '(?<![^\\n])';
      case 'endLine':
        return '(?![^\\n])';
      case 'wordBoundary':
        return '\\b';
      case 'noWordBoundary':
        return '\\B';
      case 'capture':
        return this.captures ? `(${this.body(n.sub)})` : `(?:${this.body(n.sub)})`;
      case 'concat':
        return n.subs.map((s) => this.emit(s)).join('');
      case 'alternate':
        return `(?:${this.body(n)})`;
      case 'repeat': {
        const sub = this.emit(n.sub);
        return (isAtom(n.sub) ? sub : `(?:${sub})`) + quantifier(n);
      }
    }
  }
}

/** emitRe2 writes a parse tree as JavaScript source for a RegExp with the `u` flag (and no `i`, `m` or `s`). */
export function emitRe2(node: ReNode, captures: boolean): string {
  return new Emitter(captures).body(node);
}
