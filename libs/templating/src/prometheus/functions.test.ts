// Prometheus's own template expansion scenarios (template/template_test.go), run through Vigil.
import type { QueryResult, Sample } from '@vigil/model';
import { describe, expect, it } from 'vitest';
import { ExpandError, expandTemplate } from '../expand';
import { T, sliceOf, type GoType } from '../go/types';
import { toValue } from '../go/value';
import { renderAlert } from '../testing/render-alert';

const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;
const MAX_UINT64 = 18446744073709551615n;

interface Scenario {
  text: string;
  output?: string;
  error?: string;
  input?: { values: unknown[]; type: GoType };
  samples?: Sample[];
  options?: string[];
}

const sample = (labels: Record<string, string>, v: number): Sample => ({ labels, t: 0, v });
const floats = (values: number[]) => ({ values, type: sliceOf(T.float64) });
const strings = (values: string[]) => ({ values, type: sliceOf(T.string) });
const int64s = (values: bigint[]) => ({ values, type: sliceOf(T.int64) });
const uint64s = (values: bigint[]) => ({ values, type: sliceOf(T.uint64) });
const ints = (values: number[]) => ({ values, type: sliceOf(T.int) });
const uints = (values: number[]) => ({ values, type: sliceOf(T.uint) });

const scenarios: Scenario[] = [
  { text: 'plain text', output: 'plain text' },
  { text: '{{ 1 }}', output: '1' },
  {
    text: '{{ \u00a0}}',
    error: 'error parsing template test: template: test:1: unrecognized character in action: U+00A0',
  },
  { text: '{{ "<b>" }}', output: '<b>' },
  { text: '{{define "x"}}{{.arg0}} {{.arg1}}{{end}}{{template "x" (args 1 "2")}}', output: '1 2' },
  { text: '{{ query "1.5" | first | value }}', output: '1.5', samples: [sample({}, 1.5)] },
  {
    text: '{{ query "metric{instance=\'a\'}" | first | value }}',
    samples: [sample({ __name__: 'metric', instance: 'a' }, 11)],
    output: '11',
  },
  {
    text: '{{ query "metric{instance=\'a\'}" | first | label "instance" }}',
    samples: [sample({ __name__: 'metric', instance: 'a' }, 11)],
    output: 'a',
  },
  {
    text: '{{ query "metric{__value__=\'a\'}" | first | strvalue }}',
    samples: [sample({ __name__: 'metric', __value__: 'a' }, 11)],
    output: 'a',
  },
  {
    text: '{{ query "metric{instance=\'a\'}" | first | label "foo" }}',
    samples: [sample({ __name__: 'metric', instance: 'a' }, 11)],
    output: '',
  },
  {
    text: '{{ $x := query "metric" | first }}{{ $x.Labels.foo }}',
    samples: [sample({ __name__: 'metric', instance: 'a' }, 11)],
    output: '',
  },
  {
    text: '{{ range query "metric" | sortByLabel "instance" }}{{.Labels.instance}}:{{.Value}}: {{end}}',
    samples: [
      sample({ __name__: 'metric', instance: 'b' }, 21),
      sample({ __name__: 'metric', instance: 'a' }, 11),
    ],
    output: 'a:11: b:21: ',
  },
  { text: '{{ "foo.example.com" | stripPort }}', output: 'foo.example.com' },
  { text: '{{ "foo.example.com:12345" | stripPort }}', output: 'foo.example.com' },
  { text: '{{ "192.0.2.1" | stripPort }}', output: '192.0.2.1' },
  { text: '{{ "192.0.2.1:12345" | stripPort }}', output: '192.0.2.1' },
  { text: '{{ "2001:0DB8::1" | stripPort }}', output: '2001:0DB8::1' },
  { text: '{{ "[2001:0DB8::1]:12345" | stripPort }}', output: '2001:0DB8::1' },
  { text: '{{ "[2001:0DB8::1]::12345" | stripPort }}', output: '[2001:0DB8::1]::12345' },
  { text: '{{ .Foo }}', options: [], output: '<no value>' },
  {
    text: '{{ .Foo }}',
    options: ['missingkey=error'],
    error:
      'error executing template test: template: test:1:3: executing "test" at <.Foo>: nil data; no entry for key "Foo"',
  },
  { text: '{{', error: 'error parsing template test: template: test:1: unclosed action' },
  {
    text: '{{ query "missing" | first }}',
    samples: [],
    error:
      'error executing template test: template: test:1:21: executing "test" at <first>: error calling first: first() called on vector with no elements',
  },
  {
    text: '{{ (query "missing").banana }}',
    samples: [],
    error:
      'error executing template test: template: test:1:10: executing "test" at <"missing">: can\'t evaluate field banana in type template.queryResult',
  },
  { text: '{{ reReplaceAll "(a)b" "x$1" "ab" }}', output: 'xa' },
  {
    text: '{{ range . }}{{ humanize . }}:{{ end }}',
    input: floats([0, 1, 1234567, 0.12]),
    output: '0:1:1.235M:120m:',
  },
  {
    text: '{{ range . }}{{ humanize . }}:{{ end }}',
    input: strings(['0.0', '1.0', '1234567.0', '.12']),
    output: '0:1:1.235M:120m:',
  },
  {
    text: '{{ humanize "one" }}',
    error:
      'error executing template test: template: test:1:3: executing "test" at <humanize "one">: error calling humanize: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  {
    text: '{{ range . }}{{ humanize . }}:{{ end }}',
    input: int64s([0n, -1n, 1n, 1234567n, MAX_INT64]),
    output: '0:-1:1:1.235M:9.223E:',
  },
  {
    text: '{{ range . }}{{ humanize . }}:{{ end }}',
    input: uint64s([0n, 1n, 1234567n, MAX_UINT64]),
    output: '0:1:1.235M:18.45E:',
  },
  {
    text: '{{ range . }}{{ humanize1024 . }}:{{ end }}',
    input: floats([0, 1, 1048576, 0.12]),
    output: '0:1:1Mi:0.12:',
  },
  {
    text: '{{ range . }}{{ humanize1024 . }}:{{ end }}',
    input: strings(['0.0', '1.0', '1048576.0', '.12']),
    output: '0:1:1Mi:0.12:',
  },
  {
    text: '{{ humanize1024 "one" }}',
    error:
      'error executing template test: template: test:1:3: executing "test" at <humanize1024 "one">: error calling humanize1024: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  {
    text: '{{ range . }}{{ humanize1024 . }}:{{ end }}',
    input: int64s([0n, -1n, 1n, 1234567n, MAX_INT64]),
    output: '0:-1:1:1.177Mi:8Ei:',
  },
  {
    text: '{{ range . }}{{ humanize1024 . }}:{{ end }}',
    input: uint64s([0n, 1n, 1234567n, MAX_UINT64]),
    output: '0:1:1.177Mi:16Ei:',
  },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: floats([0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99]),
    output: '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:',
  },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: strings(['0', '1', '60', '3600', '86400']),
    output: '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:',
  },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: floats([0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345]),
    output: '100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:',
  },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: strings(['.1', '.0001', '.12345', '60.1', '60.5', '1.2345', '12.345']),
    output: '100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:',
  },
  {
    text: '{{ humanizeDuration "one" }}',
    error:
      'error executing template test: template: test:1:3: executing "test" at <humanizeDuration "one">: error calling humanizeDuration: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: ints([0, -1, 1, 1234567]),
    output: '0s:-1s:1s:14d 6h 56m 7s:',
  },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: uints([0, 1, 1234567]),
    output: '0s:1s:14d 6h 56m 7s:',
  },
  {
    text: '{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}',
    input: floats([Infinity, -Infinity, NaN]),
    output: '+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:',
  },
  {
    text: '{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}',
    input: strings(['+Inf', '-Inf', 'NaN']),
    output: '+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:',
  },
  {
    text: '{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}',
    output: '-22.22%:0%:12.35%:123.5%',
  },
  {
    text: '{{ range . }}{{ humanizePercentage . }}:{{ end }}',
    input: int64s([0n, -1n, 1n, 1234567n, MAX_INT64]),
    output: '0%:-100%:100%:1.235e+08%:9.223e+20%:',
  },
  {
    text: '{{ range . }}{{ humanizePercentage . }}:{{ end }}',
    input: uint64s([0n, 1n, 1234567n, MAX_UINT64]),
    output: '0%:100%:1.235e+08%:1.845e+21%:',
  },
  {
    text: '{{ "-0.22222" | humanizePercentage }}:{{ "0.0" | humanizePercentage }}:{{ "0.1234567" | humanizePercentage }}:{{ "1.23456" | humanizePercentage }}',
    output: '-22.22%:0%:12.35%:123.5%',
  },
  {
    text: '{{ "one" | humanizePercentage }}',
    error:
      'error executing template test: template: test:1:11: executing "test" at <humanizePercentage>: error calling humanizePercentage: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: int64s([0n, -1n, 1n, 1234567n, 9223372036n]),
    output:
      '1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: uint64s([0n, 1n, 1234567n, 9223372036n]),
    output:
      '1970-01-01 00:00:00 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: int64s([MIN_INT64, MAX_INT64]),
    error:
      'error executing template test: template: test:1:16: executing "test" at <humanizeTimestamp .>: error calling humanizeTimestamp: -9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: uint64s([MAX_UINT64]),
    error:
      'error executing template test: template: test:1:16: executing "test" at <humanizeTimestamp .>: error calling humanizeTimestamp: 1.8446744073709552e+19 cannot be represented as a nanoseconds timestamp since it overflows int64',
  },
  { text: '{{ 1435065584.128 | humanizeTimestamp }}', output: '2015-06-23 13:19:44.128 +0000 UTC' },
  { text: '{{ "1435065584.128" | humanizeTimestamp }}', output: '2015-06-23 13:19:44.128 +0000 UTC' },
  { text: '{{ (1435065584.128 | toTime).Format "2006" }}', output: '2015' },
  { text: '{{ ("1435065584.128" | toTime).Format "2006" }}', output: '2015' },
  { text: '{{ (1800 | toDuration).String }}', output: '30m0s' },
  { text: '{{ ("1800" | toDuration).String }}', output: '30m0s' },
  { text: '{{ now }}', output: '1.353755652e+09' },
  { text: '{{ (now | toTime).Format "Mon Jan 2 15:04:05 2006" }}', output: 'Sat Nov 24 11:14:12 2012' },
  {
    text: '{{ ("-30m" | parseDuration | toDuration | (now | toTime).Add).UnixMilli }}',
    output: '1353753852000',
  },
  { text: '{{ "aa bb CC" | title }}', output: 'Aa Bb CC' },
  { text: '{{ "aa bb CC" | toUpper }}', output: 'AA BB CC' },
  { text: '{{ "aA bB CC" | toLower }}', output: 'aa bb cc' },
  { text: '{{ match "a+" "aa" }} {{ match "a+" "b" }}', output: 'true false' },
  { text: '{{ graphLink "up" }}', output: '/graph?g0.expr=up&g0.tab=0' },
  { text: '{{ tableLink "up" }}', output: '/graph?g0.expr=up&g0.tab=1' },
  { text: '{{ pathPrefix }}', output: '/path/prefix' },
  { text: '{{ externalURL }}', output: 'http://testhost:9090/path/prefix' },
  { text: '{{ printf "%0.2f" (parseDuration "1h2m10ms") }}', output: '3720.01' },
  { text: '{{ printf "%0.2f" (parseDuration "-1h2m10ms") }}', output: '-3720.01' },
  { text: '{{ "foo.example.com" | stripDomain }}', output: 'foo' },
  { text: '{{ "foo.example.com:12345" | stripDomain }}', output: 'foo:12345' },
  { text: '{{ "192.0.2.1" | stripDomain }}', output: '192.0.2.1' },
  { text: '{{ "192.0.2.1:12345" | stripDomain }}', output: '192.0.2.1:12345' },
  { text: '{{ "2001:0DB8::1" | stripDomain }}', output: '2001:0DB8::1' },
  { text: '{{ "[2001:0DB8::1]:12345" | stripDomain }}', output: '[2001:0DB8::1]:12345' },
  { text: '{{ "[2001:0DB8::1]::12345" | stripDomain }}', output: '[2001:0DB8::1]::12345' },
];

async function run(s: Scenario): Promise<string> {
  const query = async (): Promise<QueryResult> => ({ type: 'vector', samples: s.samples ?? [] });
  const data = s.input ? toValue(s.input.values, s.input.type) : undefined;
  return expandTemplate(
    'test',
    s.text,
    data,
    { timestampMs: 1353755652000, query, externalURL: 'http://testhost:9090/path/prefix' },
    s.options ?? ['missingkey=zero'],
  );
}

describe("Prometheus's template scenarios", () => {
  it.each(scenarios.filter((s) => s.error === undefined))(
    '$text renders as Prometheus renders it',
    async (s) => {
      expect(await run(s)).toBe(s.output);
    },
  );

  it.each(scenarios.filter((s) => s.error !== undefined))('$text fails as Prometheus fails', async (s) => {
    const err = await run(s).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExpandError);
    expect((err as Error).message).toBe(s.error);
  });
});

// More function behaviour, checked against Go (promtool 2.42) while writing these.
const GO_VERIFIED: [string, string][] = [
  [
    '{{ (toTime 1435065584.128).Format "2006-01-02 15:04:05.000 .999 ,000 Jan January Mon Monday _2 02 2 1 01 3 03 15 4 04 5 05 PM pm MST -0700 -07:00 -07 Z07:00 Z0700 Z07 06 002 __2" }}',
    '2015-06-23 13:19:44.128 .128 ,128 Jun June Tue Tuesday 23 23 23 6 06 1 01 13 19 19 44 44 PM pm UTC +0000 +00:00 +00 Z Z Z 15 174 174',
  ],
  [
    '{{ (toTime 1435065584).Format "Jan2 Janx Monx Mon2 .9 .0 .09 a.000b 2006-01-02T15:04:05.999999999Z07:00" }}',
    'Jun23 Janx Monx Tue23  .0 .09 a.000b 2015-06-23T13:19:44Z',
  ],
  [
    '{{ (toTime -62135596800).Format "2006-01-02" }} {{ (toTime 253402300799).Format "2006-01-02 Mon" }} {{ (toTime 951782400).Format "2006-01-02 002 Monday" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:116: executing "__alert_T" at <toTime -62135596800>: error calling toTime: -6.21355968e+10 cannot be represented as a nanoseconds timestamp since it overflows int64>',
  ],
  [
    '{{ toTime 0 }} {{ (toTime 1.5).UnixMilli }} {{ (toTime -1.5).Unix }} {{ (toTime 86399.999).Hour }} {{ (toTime 1435065584).Weekday }} {{ (toTime 1435065584).YearDay }}',
    '1970-01-01 00:00:00 +0000 UTC 1500 -2 23 Tuesday 174',
  ],
  ['{{ (toTime 1435065584).Add 1000000000 }}', '2015-06-23 13:19:45 +0000 UTC'],
  [
    '{{ ((toTime 10).Sub (toTime 1)) }} {{ ((toTime 10).Sub (toTime 1)).Seconds }} {{ (toTime 1435065584).Truncate 3600000000000 }} {{ (toTime 0).IsZero }}',
    '9s 9 2015-06-23 13:00:00 +0000 UTC false',
  ],
  [
    '{{ (toTime 1435065584).AddDate 0 1 10 }} {{ ((toTime 1435065584).AddDate 1 -7 0).Format "2006-01-02" }}',
    '2015-08-02 13:19:44 +0000 UTC 2015-11-23',
  ],
  [
    '{{ (toTime "NaN") }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:116: executing "__alert_T" at <toTime "NaN">: error calling toTime: value is NaN or Inf>',
  ],
  [
    '{{ toTime "x" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <toTime "x">: error calling toTime: strconv.ParseFloat: parsing "x": invalid syntax>',
  ],
  [
    '{{ humanizeTimestamp 1e10 }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <humanizeTimestamp 1e10>: error calling humanizeTimestamp: 1e+10 cannot be represented as a nanoseconds timestamp since it overflows int64>',
  ],
  [
    '{{ humanize -1234567 }} {{ humanize 999.99 }} {{ humanize 999999 }} {{ humanize 1e30 }} {{ humanize 1e-30 }} {{ humanize -0.001 }} {{ humanize 0.0 }}',
    '-1.235M 1000 1000k 1e+06Y 1e-06y -1m 0',
  ],
  [
    '{{ humanize1024 -2048 }} {{ humanize1024 1023 }} {{ humanize1024 1e30 }} {{ humanize1024 -0.5 }} {{ humanize1024 1024 }}',
    '-2ki 1023 8.272e+05Yi -0.5 1ki',
  ],
  [
    '{{ humanizeDuration -0.5 }} {{ humanizeDuration 59.99 }} {{ humanizeDuration -59.99 }} {{ humanizeDuration 1e-12 }} {{ humanizeDuration 1e20 }} {{ humanizeDuration 86400.5 }}',
    '-500ms 59.99s -59.99s 1ps -106751991167300d -15h -30m -8s 1d 0h 0m 0s',
  ],
  [
    '{{ humanizePercentage 0.000012345 }} {{ humanizePercentage "NaN" }} {{ humanizePercentage -1 }}',
    '0.001234% NaN% -100%',
  ],
  [
    '{{ parseDuration "0" }} {{ parseDuration "1y" }} {{ parseDuration "1w2d" }} {{ parseDuration "500ms" }}',
    '0 3.1536e+07 777600 0.5',
  ],
  [
    '{{ parseDuration "1x" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <parseDuration "1x">: error calling parseDuration: not a valid duration string: "1x">',
  ],
  [
    '{{ parseDuration "" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <parseDuration "">: error calling parseDuration: empty duration string>',
  ],
  ['{{ toUpper "straße ǆ ﬁ ŉ" }}|{{ toLower "İSTANBUL ΣΑΣ ǅ" }}', 'STRAßE Ǆ ﬁ ŉ|istanbul σασ ǆ'],
  [
    '{{ title "hello world" }}|{{ title "HELLO wORLD" }}|{{ title "élan vital" }}|{{ title "a-b c_d e1f" }}|{{ title "x  y\\tz" }}',
    'Hello World|HELLO WORLD|Élan Vital|A-B C_d E1f|X  Y\tZ',
  ],
  [
    '{{ stripPort "" }}|{{ stripPort ":80" }}|{{ stripPort "a:b:c" }}|{{ stripPort "[a]b:1" }}|{{ stripPort "host:" }}|{{ stripDomain "" }}|{{ stripDomain "a.b.c" }}|{{ stripDomain ".x" }}|{{ stripDomain "::ffff:1.2.3.4" }}|{{ stripDomain "[fe80::1%eth0]:80" }}|{{ stripDomain "1.2.3.256:80" }}|{{ stripDomain "01.2.3.4" }}',
    '||a:b:c|[a]b:1|host||a||::ffff:1.2.3.4|[fe80::1%eth0]:80|1:80|01',
  ],
  [
    '{{ graphLink "" }}|{{ tableLink "sum by (x) (rate(y{a=~\\"b|c\\"}[5m])) * 100 / ~é" }}',
    '/graph?g0.expr=&g0.tab=0|/graph?g0.expr=sum+by+%28x%29+%28rate%28y%7Ba%3D~%22b%7Cc%22%7D%5B5m%5D%29%29+%2A+100+%2F+~%C3%A9&g0.tab=1',
  ],
  [
    '{{ safeHtml "<a>" | printf "%T %v" }} {{ args }} {{ printf "%T" (args) }} {{ printf "%T" (query "up") }} {{ printf "%T" (query "up" | first) }} {{ printf "%v" (query "up" | first) }}',
    'template.HTML %!v(MISSING) map[] map[string]interface {} template.queryResult *template.sample &{map[__name__:up instance:host.example.com:9100 job:node] 1.23456789e+06}',
  ],
  ['{{ printf "%T %v" (toTime 0) (toTime 0) }}', '*time.Time 1970-01-01 00:00:00 +0000 UTC'],
  ['{{- " " -}}|{{ "a" -}}\n\n b{{-\n "c" }}', ' |abc'],
  [
    '{{ $x := 1 }}{{ with $x }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}{{ range $x := args 9 }}{{ $x }}{{ end }}{{ $x }}',
    '2191',
  ],
  [
    '{{ if and true }}a{{ end }}{{ if or }}b{{ end }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:145: executing "__alert_T" at <or>: wrong number of args for or: want at least 1 got 0>',
  ],
  ['{{\n  humanize\n  1234\n}}', '1.234k'],
  [
    '{{ 1.0 }} {{ 1.10 }} {{ -0 }} {{ +5 }} {{ \'x\' }} {{ \'\\u00e9\' }} {{ 1e2 }} {{ 0x1F | printf "%T" }} {{ 1e2 | printf "%T" }}',
    '1 1.1 0 5 120 233 100 int float64',
  ],
];

describe('function edge cases (verified against Go)', () => {
  it.each(GO_VERIFIED)('%s', async (text, want) => {
    expect(await renderAlert(text)).toBe(want);
  });
});
