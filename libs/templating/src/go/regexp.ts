// Go's regexp.Regexp methods the template functions use (MatchString, FindStringSubmatch, ReplaceAllString with
// `$1`/`${name}` expansion) over @vigil/model's RE2 translation. Both engines are leftmost-first, so matches
// agree; ReplaceAllString's empty-match rule and template expansion follow Go, which differs from JS's replace.
import { translateRe2 } from '@vigil/model';

/** GoRegexp is a compiled Go regular expression. */
export class GoRegexp {
  private readonly re: RegExp;
  /** Capture group names by index (index 0 is the whole match). */
  readonly subexpNames: (string | undefined)[];

  private constructor(
    readonly source: string,
    js: string,
    names: (string | undefined)[],
  ) {
    this.re = new RegExp(js, 'gu');
    this.subexpNames = names;
  }

  /** compile is regexp.Compile; throws @vigil/model's RegexpSyntaxError with Go's message. */
  static compile(expr: string): GoRegexp {
    const { source, subexpNames } = translateRe2(expr, { captures: true });
    return new GoRegexp(expr, source, subexpNames);
  }

  /** findIndex finds the leftmost match at or after `from` (UTF-16 offsets); null if none. */
  private exec(s: string, from: number): RegExpExecArray | null {
    this.re.lastIndex = from;
    return this.re.exec(s);
  }

  /** matchString is Regexp.MatchString (unanchored). */
  matchString(s: string): boolean {
    return this.exec(s, 0) !== null;
  }

  /** findStringSubmatch is Regexp.FindStringSubmatch (undefined groups are empty strings). */
  findStringSubmatch(s: string): string[] | null {
    const m = this.exec(s, 0);
    return m ? Array.from(m, (g) => g ?? '') : null;
  }

  /** replaceAllString is Regexp.ReplaceAllString: `$1`/`${name}` expand, empty matches after a match are skipped. */
  replaceAllString(src: string, repl: string): string {
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length) {
      const m = this.exec(src, searchPos);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      out += src.slice(lastMatchEnd, start);
      if (end > lastMatchEnd || start === 0) out += this.expand(repl, m);
      lastMatchEnd = end;
      const cp = src.codePointAt(searchPos);
      const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
      if (searchPos + width > end) searchPos += width;
      else if (searchPos + 1 > end) searchPos++;
      else searchPos = end;
    }
    return out + src.slice(lastMatchEnd);
  }

  /** expand is Regexp.Expand's template substitution for one match. */
  private expand(template: string, m: RegExpExecArray): string {
    let out = '';
    let rest = template;
    for (;;) {
      const i = rest.indexOf('$');
      if (i < 0) break;
      out += rest.slice(0, i);
      rest = rest.slice(i + 1);
      if (rest.startsWith('$')) {
        out += '$';
        rest = rest.slice(1);
        continue;
      }
      const ref = extractRef(rest);
      if (!ref) {
        out += '$';
        continue;
      }
      rest = ref.rest;
      if (ref.num >= 0) {
        out += m[ref.num] ?? '';
      } else {
        // The first group of that name that took part in the match (Go allows duplicate names).
        const idx = this.subexpNames.findIndex((n, i) => n === ref.name && m[i] !== undefined);
        if (idx > 0) out += m[idx] ?? '';
      }
    }
    return out + rest;
  }
}

const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

function extractRef(strIn: string): { name: string; num: number; rest: string } | undefined {
  let str = strIn;
  if (str === '') return undefined;
  let brace = false;
  if (str[0] === '{') {
    brace = true;
    str = str.slice(1);
  }
  let i = 0;
  for (const ch of str) {
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === 0) return undefined;
  const name = str.slice(0, i);
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (const ch of name) {
    if (ch < '0' || ch > '9' || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + Number(ch);
  }
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}
