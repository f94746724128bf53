// Translates parsed RE2 into an equivalent, fully anchored JavaScript RegExp (unicode mode, no global flags).
import { foldOrbit, type Ranges } from './char-class';
import { parseRe2, type ReNode } from './re2-syntax';

function cpEscape(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f) {
    return String.fromCharCode(cp);
  }
  return `\\u{${cp.toString(16)}}`;
}

function classBody(ranges: Ranges): string {
  return ranges
    .map(([lo, hi]) =>
      lo === hi ? `\\u{${lo.toString(16)}}` : `\\u{${lo.toString(16)}}-\\u{${hi.toString(16)}}`,
    )
    .join('');
}

// Quantifiers may only follow single atoms; everything else (assertions included) is grouped first.
function isAtom(n: ReNode): boolean {
  return (
    (n.op === 'literal' && (!n.fold || foldOrbit(n.cp).length === 1)) ||
    n.op === 'class' ||
    n.op === 'anyChar' ||
    n.op === 'anyNotNL' ||
    n.op === 'group'
  );
}

function emit(n: ReNode): string {
  switch (n.op) {
    case 'empty':
      return '(?:)';
    case 'literal': {
      if (!n.fold) return cpEscape(n.cp);
      const orbit = foldOrbit(n.cp);
      return orbit.length === 1 ? cpEscape(n.cp) : `[${orbit.map((c) => `\\u{${c.toString(16)}}`).join('')}]`;
    }
    case 'class': {
      const props = n.props.map((p) => `\\${p.negated ? 'P' : 'p'}{${p.property}}`).join('');
      return `[${n.negated ? '^' : ''}${classBody(n.ranges)}${props}]`;
    }
    case 'anyChar':
      return '[^]';
    case 'anyNotNL':
      return '[^\\n]';
    case 'beginText':
      return '^';
    case 'endText':
      return '$';
    case 'beginLine':
      return '(?:^|(?<=\\n))';
    case 'endLine':
      return '(?:$|(?=\\n))';
    case 'wordBoundary':
      return '\\b';
    case 'noWordBoundary':
      return '\\B';
    case 'group':
      return `(?:${emit(n.sub)})`;
    case 'concat':
      return n.subs.map(emit).join('');
    case 'alternate':
      return `(?:${n.subs.map(emit).join('|')})`;
    case 'repeat': {
      const sub = isAtom(n.sub) ? emit(n.sub) : `(?:${emit(n.sub)})`;
      let q: string;
      if (n.min === 0 && n.max === -1) q = '*';
      else if (n.min === 1 && n.max === -1) q = '+';
      else if (n.min === 0 && n.max === 1 && !n.counted) q = '?';
      else if (n.max === -1) q = `{${n.min},}`;
      else if (n.max === n.min) q = `{${n.min}}`;
      else q = `{${n.min},${n.max}}`;
      return sub + q + (n.greedy ? '' : '?');
    }
  }
}

/**
 * compileRe2 compiles an RE2 pattern into a RegExp matching whole strings only, as Prometheus anchors
 * label regexes (`^(?s:pattern)$`). Throws Re2SyntaxError with Go's message for invalid patterns.
 */
export function compileRe2(pattern: string): RegExp {
  return new RegExp(`^(?:${emit(parseRe2(pattern))})$`, 'u');
}
