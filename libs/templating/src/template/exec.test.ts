// text/template execution semantics. The first table's outputs were verified against Go (promtool 2.42's
// text/template) while writing them; the later tests cover newer Go features and the Go-level API.
import { describe, expect, it } from 'vitest';
import { goFunc } from '../go/func';
import { T, funcOf, mapOf, namedType, sliceOf, structOf } from '../go/types';
import { Value, makeStruct, stringMap, toValue } from '../go/value';
import { renderAlert } from '../testing/render-alert';
import { ExecError, TemplateError } from './errors';
import { Template } from './template';

const GO_VERIFIED: [string, string][] = [
  [
    '{{ if 0 }}a{{ else if "" }}b{{ else if 0.0 }}c{{ else if $labels.none }}d{{ else if (args) }}e{{ else }}f{{ end }}',
    'f',
  ],
  [
    '{{ if (args 1) }}map{{ end }}{{ if 1 }}int{{ end }}{{ if -0.0 }}negzero{{ end }}{{ if "0" }}str{{ end }}{{ if true }}t{{ end }}',
    'mapintstrt',
  ],
  [
    '{{ with $x := $labels.job }}{{ $x }}{{ . }}{{ end }}{{ with 0 }}zero{{ else }}else{{ end }}',
    'nodenodeelse',
  ],
  ['{{ range $k, $v := args "a" "b" "c" }}{{ $k }}={{ $v }};{{ end }}', 'arg0=a;arg1=b;arg2=c;'],
  [
    '{{ range $v := args 3 }}{{ $v }}{{ end }}{{ range $k, $v := $labels }}{{ if eq $k "job" }}{{ break }}{{ end }}{{ $k }}{{ end }}',
    '3__name__instance',
  ],
  ['{{ $i := 0 }}{{ range $labels }}{{ $i = 1 }}{{ end }}{{ $i }}', '1'],
  ['{{ range $labels }}{{ $x := . }}{{ end }}{{ range $i, $e := query "up" }}{{ $i }}{{ end }}', '0'],
  ['{{ range $i, $e := query "nothing_here" }}x{{ else }}empty{{ end }}', 'empty'],
  [
    '{{ template "missing" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:124: executing "__alert_T" at <{{template "missing"}}>: template "missing" not defined>',
  ],
  [
    '{{ define "a" }}A{{ template "b" . }}{{ end }}{{ define "b" }}B{{ . }}{{ end }}{{ template "a" 1 }}{{ template "b" }}',
    'AB1B<no value>',
  ],
  ['{{ define "v" }}{{ $ }}{{ end }}{{ template "v" "dollar" }}', 'dollar'],
  [
    '{{ and 0 (index $labels) }}|{{ or 1 (humanize "x") }}|{{ and 1 2 3 }}|{{ or 0 "" }}|{{ 0 | or 5 }}|{{ 7 | and 5 }}',
    '0|1|3||5|7',
  ],
  ['{{ not "" }} {{ not (args) }} {{ not 0.1 }}', 'true true false'],
  [
    '{{ eq "a" "b" "a" }} {{ eq 1 2 }} {{ ne 1.5 1.5 }} {{ lt "a" "b" }} {{ le 3 2 }} {{ gt 2.5 1.5 }} {{ ge "b" "b" }}',
    'true false false true false true true',
  ],
  ['{{ eq $value 1.0 }}', 'false'],
  [
    '{{ eq 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <eq 1>: error calling eq: missing argument for comparison>',
  ],
  [
    '{{ lt true false }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <lt true false>: error calling lt: invalid type for comparison>',
  ],
  [
    '{{ lt $labels $labels }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <lt $labels $labels>: error calling lt: invalid type for comparison>',
  ],
  ['{{ eq nil nil }}', 'true'],
  ['{{ len "héllo" }} {{ len (args 1 2) }} {{ len $labels }}', '6 2 3'],
  [
    '{{ len nil }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value>',
  ],
  [
    '{{ index $labels "job" }} {{ index $labels "zzz" }}|{{ index (args 1 2) "arg1" }}|{{ index (args 1) "zzz" }}',
    'node |2|<no value>',
  ],
  [
    '{{ index "abc" 5 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <index "abc" 5>: error calling index: index out of range: 5>',
  ],
  [
    '{{ index "abc" 3 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <index "abc" 3>: error calling index: reflect: string index out of range>',
  ],
  [
    '{{ index 5 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <index 5 1>: error calling index: can\'t index item of type int>',
  ],
  [
    '{{ index $labels 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <index $labels 1>: error calling index: value has type int; should be string>',
  ],
  [
    '{{ index nil 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <index nil 1>: error calling index: index of untyped nil>',
  ],
  ['{{ slice "hello" }} {{ slice "hello" 2 }} {{ slice "hello" 1 4 }}', 'hello llo ell'],
  [
    '{{ slice "hello" 3 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <slice "hello" 3 1>: error calling slice: invalid slice index: 3 > 1>',
  ],
  [
    '{{ slice "hello" 1 2 3 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <slice "hello" 1 2 3>: error calling slice: cannot 3-index slice a string>',
  ],
  [
    '{{ slice 5 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <slice 5 1>: error calling slice: can\'t slice item of type int>',
  ],
  [
    '{{ html "<>&\'\\"" 1 }} {{ js "\\n\\t<>\'" }} {{ urlquery "a" "b" 3 }} {{ html }}',
    "&lt;&gt;&amp;&#39;&#34;1 \\u000A\\u0009\\u003C\\u003E\\' ab3 ",
  ],
  [
    '{{ .Nope }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <.Nope>: can\'t evaluate field Nope in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }>',
  ],
  [
    '{{ $labels.job.x }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:122: executing "__alert_T" at <$labels.job.x>: can\'t evaluate field x in type string>',
  ],
  [
    '{{ .Labels.job 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:122: executing "__alert_T" at <.Labels.job>: job is not a method but has arguments>',
  ],
  [
    '{{ $labels 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <$labels>: can\'t give argument to non-function $labels>',
  ],
  [
    '{{ 1 2 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <1>: can\'t give argument to non-function 1>',
  ],
  [
    '{{ nil }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <nil>: nil is not a command>',
  ],
  [
    '{{ humanize }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <humanize>: wrong number of args for humanize: want 1 got 0>',
  ],
  [
    '{{ humanize 1 2 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <humanize>: wrong number of args for humanize: want 1 got 2>',
  ],
  [
    '{{ printf }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <printf>: wrong number of args for printf: want at least 1 got 0>',
  ],
  [
    '{{ toUpper 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:123: executing "__alert_T" at <1>: expected string; found 1>',
  ],
  [
    '{{ toUpper nil }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:123: executing "__alert_T" at <nil>: cannot assign nil to string>',
  ],
  [
    '{{ label "x" nil }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <label "x" nil>: error calling label: runtime error: invalid memory address or nil pointer dereference>',
  ],
  [
    '{{ first nil }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <first nil>: error calling first: first() called on vector with no elements>',
  ],
  [
    '{{ value $value }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:121: executing "__alert_T" at <$value>: wrong type for value; expected *template.sample; got float64>',
  ],
  [
    '{{ humanize $labels }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <humanize $labels>: error calling humanize: can\'t convert map[string]string to float>',
  ],
  [
    '{{ humanize nil }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <humanize nil>: error calling humanize: can\'t convert <nil> to float>',
  ],
  [
    '{{ humanize true }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <humanize true>: error calling humanize: can\'t convert bool to float>',
  ],
  [
    "{{ 0x10 }} {{ 0o17 }} {{ 0b101 }} {{ 1.5e2 }} {{ .5 }} {{ 0x1p-2 }} {{ '\\n' }} {{ 1_0.5 }}",
    '16 15 5 150 0.5 0.25 10 10.5',
  ],
  ['{{ "\\u00e9\\x41\\101" }} {{ `a\\nb` }}', 'éAA a\\nb'],
  ['{{ (args 1 2).arg1 }} {{ (query "up" | first).Labels.job }}', '2 node'],
  ['{{ $x := args 1 }}{{ $x.arg0 }}{{ $x.none }}', '1<no value>'],
  ['{{ with $labels }}{{ .job }}{{ end }}', 'node'],
  ['{{ range query "up" }}{{ .Labels.job }} {{ .Value }}{{ end }}', 'node 1.23456789e+06'],
  [
    '{{ (query "up" | first).Nope }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:129: executing "__alert_T" at <first>: can\'t evaluate field Nope in type *template.sample>',
  ],
  ['{{ $labels.job | len }}', '4'],
  ['{{ "x" | printf "%s-%s" "y" }}', 'y-x'],
  ['{{ print (1) ("a") }}', '1a'],
  ['{{ $v := 5 }}{{ if true }}{{ $v := 6 }}{{ $v }}{{ end }}{{ $v }}', '65'],
  ['{{ range $i, $e := args 1 2 }}{{ $i }}{{ end }}', 'arg0arg1'],
  [
    '{{ call humanize 1 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:120: executing "__alert_T" at <humanize>: wrong number of args for humanize: want 1 got 0>',
  ],
  [
    '{{ define "e" }}x{{ humanize . }}{{ end }}{{ template "e" "bad" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:132: executing "e" at <humanize .>: error calling humanize: strconv.ParseFloat: parsing "bad": invalid syntax>',
  ],
  ['{{ range $v := $labels }}{{ $v }},{{ end }}', 'up,host.example.com:9100,node,'],
  [
    '{{ range (args 1 2) }}{{ range (args 3 4) }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}{{ . }}{{ end }}',
    '3132',
  ],
  ['{{ range $k, $v := args 1 2 3 }}{{ if eq $k "arg1" }}{{ continue }}{{ end }}{{ $v }}{{ end }}', '13'],
  [
    '{{ range "abc" }}x{{ end }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:121: executing "__alert_T" at <"abc">: range can\'t iterate over abc>',
  ],
  [
    '{{ range $labels.job }}x{{ end }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:128: executing "__alert_T" at <$labels.job>: range can\'t iterate over node>',
  ],
  [
    '{{ printf "%v|%+v|%v" (query "up" | first) (query "up" | first) (args (args 1)) }}',
    '&{map[__name__:up instance:host.example.com:9100 job:node] 1.23456789e+06}|&{Labels:map[__name__:up instance:host.example.com:9100 job:node] Value:1.23456789e+06}|map[arg0:map[arg0:1]]',
  ],
  [
    '{{ printf "%s" (query "up" | first) }}',
    '&{map[__name__:up instance:host.example.com:9100 job:node] %!s(float64=1.23456789e+06)}',
  ],
  ['{{ printf "%d" (args 1 "x") }}', 'map[%!d(string=arg0):1 %!d(string=arg1):%!d(string=x)]'],
  [
    '{{ (args (toTime 1)).arg0 }} {{ args (toTime 1) }}',
    '1970-01-01 00:00:01 +0000 UTC map[arg0:1970-01-01 00:00:01 +0000 UTC]',
  ],
  ['{{ with query "up" }}{{ . | len }}{{ end }}{{ with query "none" }}x{{ else }}none{{ end }}', '1none'],
  [
    '{{ $q := query "up" }}{{ $s := first $q }}{{ $s.Labels.instance }} {{ $s.Value }} {{ label "job" $s }} {{ value $s | printf "%.1f" }}',
    'host.example.com:9100 1.23456789e+06 node 1234567.9',
  ],
  ['{{ $ }}', '{map[__name__:up instance:host.example.com:9100 job:node] map[]  1.23456789e+06}'],
  ['{{ $.Labels.job }} {{ with 1 }}{{ $.Labels.job }}{{ end }}', 'node node'],
  ['{{ .Labels.job | printf "%q" | html }}', '&#34;node&#34;'],
  ['{{ "a" | eq "a" }} {{ 2 | lt 1 }} {{ 1 | ne 1 }}', 'true true false'],
  ['{{ and (eq 1 1) (ne 1 2) (lt 1 2) }} {{ or (eq 1 2) (eq 3 3) }}', 'true true'],
  ['{{ if not (match "^x" $labels.job) }}nomatch{{ end }}', 'nomatch'],
  ['{{ index (args 1 (args 2 3)) "arg1" "arg0" }}', '2'],
  ['{{ $labels.__name__ }}{{ .ExternalURL }}|{{ .ExternalLabels }}', 'up|map[]'],
  ['{{ $value | humanize | printf "%s!" | toUpper }}', '1.235M!'],
  ['{{ printf "%6.2f%%" (humanizePercentage 0.5 | len) }}', '%!f(int=    03)%'],
  ['{{ reReplaceAll "(\\\\w+)@(\\\\w+)" "$2 at $1" "user@host" | title }}', 'Host At User'],
  ['{{ len (query "up") }}{{ len (query "none") }}', '10'],
  ['{{ 1 }}{{/* x */}}{{- /* y */}} {{ 2 }}', '1 2'],
  ['{{ if true -}} \n yes \n {{- end }}', 'yes'],
];

describe('template execution (outputs verified against Go)', () => {
  it.each(GO_VERIFIED)('%s', async (text, want) => {
    expect(await renderAlert(text)).toBe(want);
  });
});

async function run(text: string, data?: unknown, opts: string[] = []): Promise<string> {
  return Template.create('t')
    .option(...opts)
    .parse(text)
    .execute(data);
}

describe('newer Go features (Go 1.23+, as in Prometheus 3)', () => {
  it.each([
    ['{{ with .a }}a={{ . }}{{ else with .b }}b={{ . }}{{ else }}none{{ end }}', { b: 2 }, 'b=2'],
    ['{{ with .a }}a{{ else with .b }}b{{ else }}none{{ end }}', {}, 'none'],
    ['{{ range 3 }}{{ . }}{{ end }}', undefined, '012'],
    [
      '{{ range $i := 2 }}[{{ $i }}]{{ end }}{{ range 0 }}x{{ else }}empty{{ end }}',
      undefined,
      '[0][1]empty',
    ],
    ['{{ $i := 0 }}{{ range $i = .xs }}{{ end }}{{ $i }}', { xs: ['a', 'b'] }, 'b'],
  ])('%s', async (text, data, want) => {
    expect(await run(text, data)).toBe(want);
  });

  it('rejects two variables when ranging over an integer', async () => {
    await expect(run('{{ range $i, $e := 3 }}{{ end }}')).rejects.toThrow(
      'template: t:1:19: executing "t" at <3>: can\'t use 3 to iterate over more than one variable',
    );
  });
});

describe('missingkey', () => {
  const data = { m: stringMap({ a: '1' }), any: { a: 1 } };
  it.each([
    [[], '{{ .m.x }}|{{ .any.x }}|{{ .nope.deeper }}', '<no value>|<no value>|<no value>'],
    [['missingkey=zero'], '{{ .m.x }}|{{ .any.x }}', '|<no value>'],
    [['missingkey=default'], '{{ .m.x }}', '<no value>'],
  ])('%j: %s', async (opts, text, want) => {
    expect(await run(text, data, opts)).toBe(want);
  });

  it('errors on missing keys with missingkey=error', async () => {
    await expect(run('{{ .m.x }}', data, ['missingkey=error'])).rejects.toThrow(
      'template: t:1:5: executing "t" at <.m.x>: map has no entry for key "x"',
    );
  });

  it('rejects unknown options', () => {
    expect(() => Template.create('t').option('missingkey=maybe')).toThrow(
      'unrecognized option: missingkey=maybe',
    );
  });
});

describe('Go values from JS data', () => {
  it.each([
    [
      '{{ .s }} {{ .n }} {{ .b }} {{ .i }} {{ .l }} {{ .o }}',
      { s: 'x', n: 1.5, b: true, i: 7n, l: [1, 'a'], o: { k: 'v' } },
      'x 1.5 true 7 [1 a] map[k:v]',
    ],
    ['{{ range .l }}{{ . }},{{ end }}{{ len .l }}', { l: [3, 1, 2] }, '3,1,2,3'],
    ['{{ .missing }}|{{ .missing.deeper }}|{{ .n }}', { n: null }, '<no value>|<no value>|<no value>'],
    ['{{ index .m 2 }}', { m: new Map([[2, 'two']]) }, 'two'],
  ])('%s', async (text, data, want) => {
    const value = 'm' in data && data.m instanceof Map ? toValue(data.m, mapOf(T.int, T.string)) : undefined;
    expect(await run(text, value ? { m: value } : data)).toBe(want);
  });

  it('calls methods, including on pointers and with arguments', async () => {
    const point = namedType('main.Point', { kind: 'struct', fields: [{ name: 'X', type: T.int }] });
    point.methods.set('Double', {
      sig: { in: [], out: T.int, variadic: false, err: false },
      call: (r) => Value.int(r.field(0).bigint() * 2n),
    });
    point.methods.set('Add', {
      sig: { in: [T.int], out: T.int, variadic: false, err: false },
      call: (r, [n]) => Value.int(r.field(0).bigint() + (n as Value).bigint()),
    });
    const p = makeStruct(point, [Value.int(21)]);
    const data = makeStruct(
      structOf([
        { name: 'P', type: point },
        { name: 'Ptr', type: point.pointer() },
      ]),
      [p, Value.ptrTo(p)],
    );
    expect(
      await run('{{ .P.Double }} {{ .Ptr.Double }} {{ .P.Add 1 }} {{ 2 | .P.Add }} {{ .P.X }}', data),
    ).toBe('42 42 22 23 21');
    await expect(run('{{ .P.Add }}', data)).rejects.toThrow('wrong number of args for Add: want 1 got 0');
    await expect(run('{{ .P.X 1 }}', data)).rejects.toThrow(
      'X has arguments but cannot be invoked as function',
    );
  });

  it('reports fields of a nil interface as Go does', async () => {
    await expect(run('{{ .n.x }}', { n: null })).rejects.toThrow(
      'template: t:1:5: executing "t" at <.n.x>: nil pointer evaluating interface {}.x',
    );
  });

  it('reports nil pointers as Go does', async () => {
    const point = namedType('main.Point', { kind: 'struct', fields: [{ name: 'X', type: T.int }] });
    const data = makeStruct(structOf([{ name: 'P', type: point.pointer() }]), [Value.zero(point.pointer())]);
    await expect(run('{{ .P.X }}', data)).rejects.toThrow('nil pointer evaluating *main.Point.X');
    expect(await run('{{ .P }}', data)).toBe('<nil>');
  });

  it('calls func-typed values with call', async () => {
    const add = goFunc([T.int, T.int], T.int, ([a, b]) =>
      Value.int((a as Value).bigint() + (b as Value).bigint()),
    );
    const data = makeStruct(
      structOf([
        { name: 'F', type: funcOf(add.sig) },
        { name: 'S', type: sliceOf(T.int) },
      ]),
      [Value.of(funcOf(add.sig), add), Value.zero(sliceOf(T.int))],
    );
    expect(await run('{{ call .F 2 3 }}', data)).toBe('5');
    await expect(run('{{ call .S 1 }}', data)).rejects.toThrow(
      'error calling call: non-function .S of type []int',
    );
    await expect(run('{{ call .F 1 }}', data)).rejects.toThrow(
      'error calling call: wrong number of args for .F: got 1 want 2',
    );
    await expect(run('{{ call .F "x" 1 }}', data)).rejects.toThrow(
      'error calling call: arg 0: value has type string; should be int',
    );
  });
});

describe('Template API', () => {
  it('executes associated templates by name', async () => {
    const t = Template.create('main').parse('{{ define "a" }}A{{ . }}{{ end }}main');
    expect(await t.executeTemplate('a', 1)).toBe('A1');
    expect(
      t
        .templates()
        .map((x) => x.name)
        .sort(),
    ).toEqual(['a', 'main']);
    await expect(t.executeTemplate('zzz', 1)).rejects.toThrow(
      'template: no template "zzz" associated with template "main"',
    );
  });

  it('uses injected functions and reports Go-style call errors', async () => {
    const t = Template.create('f').funcs({
      twice: goFunc([T.string], T.string, ([s]) => Value.string((s as Value).str().repeat(2))),
      boom: goFunc(
        [],
        T.string,
        () => {
          throw new Error('kaboom');
        },
        { err: true },
      ),
      later: goFunc([], T.int, async () => Value.int(5)),
    });
    expect(await t.parse('{{ twice "ab" }} {{ later }}').execute(undefined)).toBe('abab 5');
    const err = await Template.create('g')
      .funcs({
        boom: goFunc(
          [],
          T.string,
          () => {
            throw new Error('kaboom');
          },
          { err: true },
        ),
      })
      .parse('{{ boom }}')
      .execute(undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect((err as Error).message).toBe(
      'template: g:1:3: executing "g" at <boom>: error calling boom: kaboom',
    );
  });

  it('rejects invalid function names', () => {
    expect(() => Template.create('t').funcs({ 'a-b': goFunc([], T.int, () => Value.int(1)) })).toThrow(
      TemplateError,
    );
  });

  it('reports an empty template', async () => {
    await expect(Template.create('e').execute(undefined)).rejects.toThrow(
      'template: e: "e" is an incomplete or empty template',
    );
  });

  it("stops unbounded recursion at Go's depth limit", async () => {
    const t = Template.create('main').parse(
      '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" 1 }}',
    );
    await expect(t.execute(undefined)).rejects.toThrow('exceeded maximum template depth (100000)');
  }, 20_000);
});
