// Template errors that name where the problem is (file or config field, and line), and parsing that produces them.

import Handlebars from 'handlebars';

/** TemplateError is a template that cannot be used: a syntax error, or a reference to a missing partial or helper. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    /** Where the template comes from: a file path, or a config field such as `slack_configs[0].title`. */
    readonly source: string,
    /** 1-based line within the source (undefined when unknown). */
    readonly line: number | undefined,
    /** The problem, without the location. */
    readonly detail: string,
  ) {
    super(`${source}${line === undefined ? '' : `:${line}`}: ${detail}`);
  }
}

const TOKEN_NAMES: Record<string, string> = {
  EOF: 'end of template (is a block left open?)',
  CLOSE: "'}}'",
  CLOSE_UNESCAPED: "'}}}'",
  OPEN_ENDBLOCK: "'{{/' (a closing tag without its opening block?)",
  INVALID: 'invalid text',
  SEP: "'.' or '/'",
};

/** GO_SYNTAX finds a Go template action: `{{ .Field }}`, `{{ end }}`, `{{ range ... }}`, `{{ $x := ... }}`. */
export const GO_SYNTAX = /\{\{-?\s*(?:\.[A-Za-z]|\$|(?:end|range|define)\b)/;

/** GO_SYNTAX_HINT is added to errors in text that looks like a Go (Alertmanager) template. */
export const GO_SYNTAX_HINT =
  'Vigil notification templates are Handlebars, not Go templates: write {{commonLabels.alertname}} for ' +
  '{{ .CommonLabels.alertname }}, {{#each alerts}}…{{/each}} for {{ range .Alerts }}…{{ end }}';

function describeJisonError(message: string): { line?: number; detail: string } {
  const head = /^(Parse|Lexical) error on line (\d+)[.:]/.exec(message);
  if (!head) return { detail: message.replace(/ - \d+:\d+$/, '') };
  const line = Number(head[2]);
  const got = /got '([A-Z_]+)'\s*$/.exec(message)?.[1];
  if (head[1] === 'Lexical') return { line, detail: 'syntax error: unrecognized text' };
  return { line, detail: `syntax error: unexpected ${got ? (TOKEN_NAMES[got] ?? `'${got}'`) : 'token'}` };
}

/**
 * parseTemplate parses Handlebars text (with standalone-line whitespace control), throwing a TemplateError with the
 * line, the offending source line and, for Go template syntax, a hint.
 */
export function parseTemplate(text: string, source: string): hbs.AST.Program {
  try {
    return Handlebars.parse(text);
  } catch (err) {
    throw templateErrorFrom(err, text, source);
  }
}

/** templateErrorFrom converts an error Handlebars threw while parsing or compiling `text` into a TemplateError. */
export function templateErrorFrom(err: unknown, text: string, source: string): TemplateError {
  const message = err instanceof Error ? err.message : String(err);
  const described = describeJisonError(message);
  const exceptionLine = (err as { lineNumber?: unknown }).lineNumber;
  const line = described.line ?? (typeof exceptionLine === 'number' ? exceptionLine : undefined);
  const near = line === undefined ? undefined : text.split('\n')[line - 1]?.trim();
  let detail = described.detail;
  if (near) detail += ` near ${JSON.stringify(truncateMiddle(near, 80))}`;
  if (GO_SYNTAX.test(text)) detail += ` (${GO_SYNTAX_HINT})`;
  return new TemplateError(source, line, detail);
}

function truncateMiddle(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
