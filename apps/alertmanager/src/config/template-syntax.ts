// A structural check of Go text/template syntax: actions are closed, strings and comments inside them are
// terminated, and block actions (if, range, with, define, block) are balanced by {{end}}. It catches what
// usually breaks a template file; it is not a full parser.

const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

/** checkTemplateSyntax returns a description of the first syntax problem, or undefined if none is found. */
export function checkTemplateSyntax(text: string, name = ''): string | undefined {
  const stack: string[] = [];
  let pos = 0;
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  const where = (offset: number): string => (name === '' ? '' : `${name}:${lineAt(offset)}: `);
  for (;;) {
    const open = text.indexOf('{{', pos);
    if (open < 0) break;
    const scanned = scanAction(text, open + 2);
    if (typeof scanned === 'string') return `${where(open)}${scanned}`;
    const body = text
      .slice(open + 2, scanned)
      .replace(/^-\s/, '')
      .replace(/\s-$/, '')
      .trim();
    pos = scanned + 2;
    if (body.startsWith('/*')) continue;
    const word = /^[a-z]+/.exec(body)?.[0] ?? '';
    if (OPENERS.has(word)) stack.push(word);
    if (word === 'end') {
      if (stack.length === 0) return `${where(open)}unexpected {{end}}`;
      stack.pop();
    }
    if (word === 'else' && stack.length === 0) return `${where(open)}unexpected {{else}}`;
  }
  if (stack.length > 0) return `${where(text.length)}unexpected EOF`;
  return undefined;
}

// Returns the offset of the action's closing `}}`, or an error message.
function scanAction(text: string, from: number): number | string {
  let i = from;
  let depth = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (text.startsWith('}}', i) && depth === 0) return i;
    if (ch === '"' || ch === '`' || ch === "'") {
      const end = scanQuoted(text, i);
      if (end < 0) return ch === '`' ? 'unterminated raw quoted string' : 'unterminated quoted string';
      i = end + 1;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return 'unclosed comment';
      i = end + 2;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') {
      if (depth === 0) return 'unexpected right paren';
      depth--;
    }
    i++;
  }
  return depth > 0 ? 'unclosed left paren' : 'unclosed action';
}

function scanQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote !== '`' && ch === '\\') {
      i++;
      continue;
    }
    if (quote !== '`' && ch === '\n') return -1;
    if (ch === quote) return i;
  }
  return -1;
}
