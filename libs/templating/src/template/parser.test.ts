// Parse errors, with Go's messages. All but the stray-paren case were checked against promtool 2.42 (Go 1.19);
// that one follows Go 1.20+, which Prometheus 3 is built with.
import { describe, expect, it } from 'vitest';
import { goFunc } from '../go/func';
import { T } from '../go/types';
import { Value } from '../go/value';
import { TemplateError } from './errors';
import { Template } from './template';

const PARSE_CASES: [string, string][] = [
  ['{{ humanise $value }}', 'template: p:1: function "humanise" not defined'],
  ['{{ $x }}', 'template: p:1: undefined variable "$x"'],
  ['{{ if }}', 'template: p:1: missing value for if'],
  ['{{ .Labels', 'template: p:1: unclosed action'],
  ['{{ if true }}open', 'template: p:1: unexpected EOF'],
  ['{{ end }}', 'template: p:1: unexpected {{end}}'],
  ['{{ "unterminated }}', 'template: p:1: unterminated quoted string'],
  ['{{ range $i, $e, $f := . }}{{ end }}', 'template: p:1: too many declarations in range'],
  ['{{ 1 | 2 }}', 'template: p:1: non executable command in pipeline stage 2'],
  ['{{ template }}', 'template: p:1: unexpected "}}" in template clause'],
  [
    '{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}',
    'template: p:1: template: multiple definition of template "x"',
  ],
  ['{{ break }}', 'template: p:1: {{break}} outside {{range}}'],
  ['{{ (1 }}', 'template: p:1: unclosed left paren'],
  ['{{ .Foo.1 }}', 'template: p:1: unexpected ".1" in operand'],
  ['{{ 08 }}', 'template: p:1: integer overflow: "08"'],
  ['{{ else }}', 'template: p:1: unexpected {{else}}'],
  ['line1\nline2 {{ nope }}', 'template: p:2: function "nope" not defined'],
  ['{{ 1 | }}', 'no error'],
  ['{{ $x := }}', 'template: p:1: missing value for command'],
  ['{{ range }}{{ end }}', 'template: p:1: missing value for range'],
  ['{{ with }}{{ end }}', 'template: p:1: missing value for with'],
  ['{{ if 1 }}{{ else }}{{ else }}{{ end }}', 'template: p:1: expected end; found {{else}}'],
  ['{{ define }}', 'template: p:1: unexpected "}}" in define clause'],
  ['{{ define "a" }}', 'template: p:1: unexpected EOF'],
  ['{{ 1a }}', 'template: p:1: bad number syntax: "1a"'],
  ['{{ x.y }}', 'template: p:1: function "x" not defined'],
  ["{{ 'ab' }}", "template: p:1: malformed character constant: 'ab'"],
  ["{{ '\\q' }}", 'template: p:1: invalid syntax'],
  ['{{ "\\q" }}', 'template: p:1: invalid syntax'],
  ['{{ @ }}', 'template: p:1: unexpected "@" in command'],
  ['{{ 1 := 2 }}', 'template: p:1: unexpected ":=" in operand'],
  ['{{/* unclosed', 'template: p:1: unclosed comment'],
  ['{{/* c */ x }}', 'template: p:1: comment ends before closing delimiter'],
  ['{{ if true }}{{ end }}{{ end }}', 'template: p:1: unexpected {{end}}'],
  ['{{ true.x }}', 'template: p:1: unexpected . after term "true"'],
  ['{{ printf "%d" 1 | 2 }}', 'template: p:1: non executable command in pipeline stage 2'],
  ['{{ continue }}', 'template: p:1: {{continue}} outside {{range}}'],
  ['{{ range . }}{{ else }}{{ continue }}{{ end }}', 'template: p:1: {{continue}} outside {{range}}'],
  ['{{ $x = 1 }}', 'no error'],
  ['{{ with $x := 1 }}{{ end }}{{ $x }}', 'template: p:1: undefined variable "$x"'],
  ['{{ template "a" 1 2 }}', 'no error'],
  ['{{ .x\n}}\n{{ if', 'template: p:3: unclosed action'],
  ['{{ 0x }}', 'template: p:1: illegal number syntax: "0x"'],
  ['{{ 1.2.3 }}', 'template: p:1: unexpected ".3" in operand'],
  ['{{ "}}" }}{{ `a` }}', 'no error'],
  ['{{ nil.x }}', 'template: p:1: unexpected . after term "nil"'],
  ['{{ $.x.y }}{{ $ := 1 }}', 'no error'],
  ['{{ if and }}{{ end }}', 'no error'],
  ['{{ block "x" }}{{ end }}', 'template: p:1: missing value for block clause'],
  ['{{ block "x" . }}', 'template: p:1: unexpected EOF'],
  ['{{ ) }}', 'template: p:1: unexpected right paren'],
];

function parseMessage(text: string): string {
  try {
    Template.create('p').parse(text);
    return 'no error';
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as Error).message;
  }
}

describe('parse errors', () => {
  it.each(PARSE_CASES)('%j', (text, want) => {
    expect(parseMessage(text)).toBe(want);
  });

  it('lets functions named break and continue shadow the keywords', async () => {
    const t = Template.create('p').funcs({ break: goFunc([], T.string, () => Value.string('broke')) });
    expect(await t.parse('{{ break }}').execute(undefined)).toBe('broke');
  });
});

describe('parse trees', () => {
  it.each([
    [
      '{{ if .a }}x{{ else if .b }}y{{ else }}z{{ end }}',
      '{{if .a}}x{{else}}{{if .b}}y{{else}}z{{end}}{{end}}',
    ],
    ['{{ range $i, $e := .xs }}{{ $e.Name }}{{ end }}', '{{range $i, $e := .xs}}{{$e.Name}}{{end}}'],
    [
      '{{ with $x := (printf "%d" 1) | len }}{{ . }}{{ end }}',
      '{{with $x := (printf "%d" 1) | len}}{{.}}{{end}}',
    ],
    ['{{ template "t" .a.b }}{{ (index . 1).c }}', '{{template "t" .a.b}}{{(index . 1).c}}'],
    ["{{ `raw` 'c' 0x1F nil true }}", "{{`raw` 'c' 0x1F nil true}}"],
    ['a {{- 1 -}} b', 'a{{1}}b'],
  ])('%s prints back as %s', (text, want) => {
    const t = Template.create('p').parse(text);
    expect(t.tree?.root?.toString()).toBe(want);
  });
});
