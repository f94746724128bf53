// Templates rendered by Vigil and checked against Debian's promtool 2.42 (`promtool test rules`), plus the
// input series they are evaluated against. Test-only data; see promtool.test.ts.

/** A series given to promtool as input_series, with one constant value. */
export interface SeriesFixture {
  labels: Record<string, string>;
  /** promtool's value notation for one sample (the series is constant over the test). */
  value: string;
}

/** One alerting rule: its annotation `t` (and optional labels) are templates whose output is compared. */
export interface TemplateCase {
  id: string;
  /** A plain selector evaluated against SERIES. */
  expr: string;
  annotation: string;
  labels?: Record<string, string>;
}

/** SERIES are the input series; every selector in CASES and every `query` is answered from them. */
export const SERIES: SeriesFixture[] = [
  { labels: { __name__: 'up', instance: 'host.example.com:9100', job: 'node' }, value: '1234567.89' },
  {
    labels: {
      __name__: 'disk_free_ratio',
      device: 'sda1',
      instance: 'db-1.prod.example.com:9100',
      job: 'node',
    },
    value: '0.0342',
  },
  { labels: { __name__: 'mem_bytes', instance: '10.0.0.5:9100', job: 'node' }, value: '1073741824' },
  {
    labels: { __name__: 'latency_seconds', instance: '[2001:db8::1]:8080', job: 'api', quantile: '0.99' },
    value: '0.000123',
  },
  { labels: { __name__: 'requests_total', instance: 'b', job: 'api' }, value: '21' },
  { labels: { __name__: 'requests_total', instance: 'a', job: 'api' }, value: '11' },
  { labels: { __name__: 'requests_total', instance: 'c', job: 'web' }, value: '0.5' },
  { labels: { __name__: 'info_metric', __value__: 'forty-two', instance: 'x' }, value: '1' },
  { labels: { __name__: 'tiny_value' }, value: '0.000000123' },
  { labels: { __name__: 'big_value' }, value: '1e21' },
  { labels: { __name__: 'neg_value' }, value: '-0.5' },
  { labels: { __name__: 'round_value' }, value: '100000' },
  { labels: { __name__: 'nan_value' }, value: 'NaN' },
  { labels: { __name__: 'inf_value' }, value: '+Inf' },
  { labels: { __name__: 'uptime_seconds', instance: 'host.example.com:9100' }, value: '1435065584.128' },
];

/** External labels the test group (and so the templates) see. */
export const EXTERNAL_LABELS = { cluster: 'prod-1', region: 'eu' };
/** External URL the test group (and so `$externalURL`) sees. */
export const EXTERNAL_URL = 'https://prometheus.example.com/prom';

/** CASES cover every function promtool 2.42 has, and the template language itself. */
export const CASES: TemplateCase[] = [
  // ---- $value and data access ----
  { id: 'value_default_format', expr: 'up', annotation: '{{ $value }}' },
  { id: 'value_dot_value', expr: 'disk_free_ratio', annotation: '{{ .Value }}' },
  { id: 'value_tiny', expr: 'tiny_value', annotation: '{{ $value }}' },
  { id: 'value_big', expr: 'big_value', annotation: '{{ $value }}' },
  { id: 'value_negative', expr: 'neg_value', annotation: '{{ $value }}' },
  { id: 'value_round', expr: 'round_value', annotation: '{{ $value }}' },
  { id: 'value_nan', expr: 'nan_value', annotation: '{{ $value }}|{{ humanize $value }}' },
  { id: 'value_inf', expr: 'inf_value', annotation: '{{ $value }}|{{ humanizeDuration $value }}' },
  {
    id: 'labels_var',
    expr: 'up',
    annotation: '{{ $labels.instance }}/{{ $labels.job }}/{{ $labels.__name__ }}',
  },
  { id: 'labels_dot', expr: 'up', annotation: '{{ .Labels.job }}' },
  { id: 'labels_missing_key_zero', expr: 'up', annotation: '<{{ $labels.missing }}>' },
  { id: 'labels_print_map', expr: 'up', annotation: '{{ $labels }}' },
  { id: 'whole_data', expr: 'disk_free_ratio', annotation: '{{ . }}' },
  {
    id: 'external_vars',
    expr: 'up',
    annotation: '{{ $externalLabels.cluster }} {{ .ExternalLabels.region }} {{ $externalURL }}',
  },
  // ---- humanize family ----
  {
    id: 'humanize',
    expr: 'up',
    annotation: '{{ humanize $value }} {{ humanize 0.000123 }} {{ humanize "2048" }}',
  },
  {
    id: 'humanize1024',
    expr: 'mem_bytes',
    annotation: '{{ humanize1024 $value }} {{ humanize1024 1536 }} {{ humanize1024 0.5 }}',
  },
  {
    id: 'humanize_duration',
    expr: 'up',
    annotation:
      '{{ humanizeDuration $value }} {{ humanizeDuration 0.0005 }} {{ humanizeDuration "90" }} {{ humanizeDuration 3.5 }}',
  },
  {
    id: 'humanize_percentage',
    expr: 'disk_free_ratio',
    annotation: '{{ humanizePercentage $value }} {{ humanizePercentage 1.5 }}',
  },
  {
    id: 'humanize_timestamp',
    expr: 'uptime_seconds',
    annotation: '{{ humanizeTimestamp $value }} {{ humanizeTimestamp 0 }} {{ humanizeTimestamp "-1" }}',
  },
  {
    id: 'to_time',
    expr: 'uptime_seconds',
    annotation: '{{ toTime $value }} {{ (toTime 1435065584).Format "2006-01-02T15:04:05Z07:00 Mon Jan _2" }}',
  },
  {
    id: 'to_time_methods',
    expr: 'uptime_seconds',
    annotation: '{{ (toTime $value).Unix }} {{ (toTime $value).Year }} {{ (toTime $value).Month }}',
  },
  {
    id: 'parse_duration',
    expr: 'up',
    annotation:
      '{{ parseDuration "1h30m" }} {{ humanizeDuration (parseDuration "90s") }} {{ parseDuration "1d2h3m4s5ms" }}',
  },
  // ---- string functions ----
  { id: 'to_upper_lower', expr: 'up', annotation: '{{ toUpper $labels.job }} {{ toLower "MiXeD Case" }}' },
  { id: 'title', expr: 'up', annotation: '{{ title "hello world_foo bar" }} {{ "aa bb CC" | title }}' },
  {
    id: 're_replace_all_groups',
    expr: 'up',
    annotation: String.raw`{{ reReplaceAll "(.*):(\\d+)" "${1}_port$2" $labels.instance }}`,
  },
  {
    id: 're_replace_all_go_expand',
    expr: 'up',
    annotation: '{{ reReplaceAll "a(x*)" "[$1x|${1}x|$$]" "baaxxac" }}',
  },
  { id: 're_replace_all_empty_matches', expr: 'up', annotation: '{{ reReplaceAll "a*" "-" "baaac" }}' },
  {
    id: 're_replace_all_named',
    expr: 'up',
    annotation: '{{ reReplaceAll "(?P<host>[^.]+)\\\\..*" "$host" $labels.instance }}',
  },
  {
    id: 'match',
    expr: 'up',
    annotation:
      '{{ match "^host" $labels.instance }} {{ match "node$" "x" }} {{ match "example" $labels.instance }}',
  },
  {
    id: 'match_flags',
    expr: 'up',
    annotation: '{{ if match "(?i)EXAMPLE\\\\.COM" $labels.instance }}ci{{ end }}',
  },
  {
    id: 'strip_port_domain',
    expr: 'up',
    annotation:
      '{{ stripPort $labels.instance }} {{ stripDomain $labels.instance }} {{ stripPort "[::1]:80" }} {{ stripDomain "10.0.0.5:9100" }}',
  },
  {
    id: 'strip_ipv6',
    expr: 'latency_seconds',
    annotation: '{{ stripPort $labels.instance }} {{ stripDomain $labels.instance }}',
  },
  {
    id: 'graph_table_link',
    expr: 'up',
    annotation: '{{ graphLink "rate(x[5m]) > 0" }} {{ tableLink "up{job=\\"node\\"}" }}',
  },
  { id: 'safe_html', expr: 'up', annotation: '{{ safeHtml "<b>x</b>" }}' },
  // ---- query ----
  {
    id: 'query_sorted',
    expr: 'up',
    annotation:
      '{{ range query "requests_total" | sortByLabel "instance" }}{{ .Labels.instance }}:{{ .Value }} {{ end }}',
  },
  {
    id: 'query_first_value_label',
    expr: 'up',
    annotation:
      '{{ query "requests_total{instance=\\"a\\"}" | first | value }} {{ query "requests_total{instance=\\"b\\"}" | first | label "job" }}',
  },
  {
    id: 'query_strvalue',
    expr: 'up',
    annotation: '{{ query "info_metric" | first | strvalue }}|{{ query "up" | first | strvalue }}',
  },
  {
    id: 'query_scalar',
    expr: 'up',
    annotation: '{{ (query "1.5" | first).Value }} {{ query "2" | first | value | humanize }}',
  },
  { id: 'query_print_sample', expr: 'up', annotation: '{{ query "requests_total{job=\\"web\\"}" | first }}' },
  {
    id: 'query_range_else',
    expr: 'up',
    annotation: '{{ range query "nonexistent_metric" }}x{{ else }}none{{ end }}',
  },
  {
    id: 'query_sort_by_job',
    expr: 'up',
    annotation:
      '{{ range query "requests_total" | sortByLabel "job" }}{{ .Labels.job }}{{ end }} {{ len (query "requests_total") }}',
  },
  // ---- args, define, template, block ----
  {
    id: 'args_template',
    expr: 'up',
    annotation: '{{ define "t" }}{{ .arg0 }}-{{ .arg1 }}{{ end }}{{ template "t" args "x" 2 }}',
  },
  { id: 'args_print', expr: 'up', annotation: '{{ args 1 "a" 2.5 }}' },
  { id: 'block', expr: 'up', annotation: '{{ block "b" $labels.job }}[{{ . }}]{{ end }}' },
  // ---- control flow ----
  {
    id: 'if_else_if',
    expr: 'up',
    annotation: '{{ if gt $value 1e9 }}huge{{ else if gt $value 1000.0 }}big{{ else }}small{{ end }}',
  },
  {
    id: 'with_else',
    expr: 'up',
    annotation: '{{ with $labels.job }}job={{ . }}{{ end }} {{ with $labels.nope }}x{{ else }}none{{ end }}',
  },
  {
    id: 'range_map',
    expr: 'latency_seconds',
    annotation: '{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}',
  },
  {
    id: 'range_break_continue',
    expr: 'up',
    annotation:
      '{{ range $i, $e := query "requests_total" | sortByLabel "instance" }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $i }}:{{ $e.Labels.instance }} {{ end }}',
  },
  {
    id: 'variables',
    expr: 'up',
    annotation: '{{ $x := 1 }}{{ $x = 2 }}{{ $x }} {{ with $y := $labels.job }}{{ $y }}{{ end }}',
  },
  { id: 'trim_markers', expr: 'up', annotation: 'a  {{- 1 -}}  b {{- " c " }} d' },
  { id: 'comments', expr: 'up', annotation: 'x{{/* a comment */}}y {{- /* trimmed */ -}} z' },
  {
    id: 'pipelines_parens',
    expr: 'up',
    annotation: '{{ (printf "%s-%s" "a" "b") | toUpper | printf "<%s>" }}',
  },
  {
    id: 'literals',
    expr: 'up',
    annotation: "{{ `raw\\n` }} {{ 0x1F }} {{ 1e3 }} {{ 'a' }} {{ -1.5 }} {{ true }} {{ 017 }} {{ 1_000 }}",
  },
  // ---- builtins ----
  {
    id: 'len_index_slice',
    expr: 'up',
    annotation: '{{ len $labels }} {{ index $labels "job" }} {{ slice "abcdef" 1 3 }} {{ index "abc" 1 }}',
  },
  {
    id: 'print_println',
    expr: 'up',
    annotation: '{{ print 1 2 "a" "b" 3.5 }}|{{ println "x" 1 }}|{{ print }}',
  },
  {
    id: 'escapers',
    expr: 'up',
    annotation: '{{ html "<a href=\'x\'>&" }} {{ js "it\'s <x> = \\"y\\"" }} {{ urlquery "a b&c=d/é" }}',
  },
  {
    id: 'logic_compare',
    expr: 'up',
    annotation:
      '{{ and 1 "" }}|{{ or 0 "x" }}|{{ not true }}|{{ eq 1 1 2 }}|{{ ne "a" "b" }}|{{ lt 1 2 }}|{{ le 2 2 }}|{{ ge 1.5 2.5 }}|{{ gt "b" "a" }}|{{ and 1 2 }}',
  },
  // ---- printf ----
  {
    id: 'printf_verbs',
    expr: 'up',
    annotation:
      '{{ printf "%d %s %q %x %5.1f|%-6s|%06.2f %t %e %g %v %%" 42 "s" "q" 255 3.14159 "ab" 3.14159 true 1234.5678 0.000012345 1e21 }}',
  },
  {
    id: 'printf_flags',
    expr: 'up',
    annotation:
      '{{ printf "%08.3f|%+d|% d|%x|%X|%o|%b|%c|%U|%#x|%#o|%5t|%-5d|" 3.14159 5 5 "hi" 3054 8 5 65 65 255 8 true 7 }}',
  },
  {
    id: 'printf_value',
    expr: 'up',
    annotation:
      '{{ printf "%.2f" $value }} {{ $value | printf "%.0f" }} {{ printf "%e" $value }} {{ printf "%G" $value }}',
  },
  {
    id: 'printf_bad_verbs',
    expr: 'up',
    annotation:
      '{{ printf "%d" $value }} {{ printf "%s %d" "a" }} {{ printf "%d" 1 2 }} {{ printf "%z" 1 }} {{ printf "%" }}',
  },
  {
    id: 'printf_indexes_star',
    expr: 'up',
    annotation: '{{ printf "%[2]s %[1]s" "a" "b" }} {{ printf "%*d|" 5 42 }} {{ printf "%.*f" 2 3.14159 }}',
  },
  { id: 'printf_types', expr: 'up', annotation: '{{ printf "%T %T %T %T %T" 1 1.5 "s" $labels true }}' },
  {
    id: 'printf_rounding',
    expr: 'up',
    annotation: '{{ printf "%.0f %.0f %.1f %.2f %.3g %.10g" 0.5 2.5 0.25 1.005 1234.5 0.1 }}',
  },
  {
    id: 'printf_strings',
    expr: 'up',
    annotation: '{{ printf "%.3s|%8s|%-8s|%q|%x|% x" "abcdef" "r" "l" "é\\t" "hé" "ab" }}',
  },
  { id: 'printf_maps', expr: 'up', annotation: '{{ printf "%v|%d" $labels $labels }}' },
  // ---- label templates ----
  {
    id: 'label_templates',
    expr: 'up',
    annotation: 'v={{ $value }}',
    labels: {
      severity: '{{ if gt $value 100.0 }}critical{{ else }}warning{{ end }}',
      host: '{{ $labels.instance | stripPort }}',
    },
  },
  // ---- errors render as Prometheus renders them ----
  { id: 'error_humanize', expr: 'up', annotation: '{{ humanize "x" }}' },
  { id: 'error_wrong_type', expr: 'up', annotation: '{{ toUpper $value }}' },
  { id: 'error_index', expr: 'up', annotation: 'ok {{ index $labels }} {{ len 3 }}' },
  { id: 'error_first_empty', expr: 'up', annotation: '{{ query "nonexistent_metric" | first }}' },
  { id: 'error_field_on_string', expr: 'up', annotation: '{{ $labels.job.foo }}' },
  { id: 'error_multiline_position', expr: 'up', annotation: 'line1\n  {{ humanize\n "y" }}' },
];

/** PARSE_ERRORS are templates `promtool check rules` rejects; Vigil's checkTemplate must say the same. */
export const PARSE_ERRORS: string[] = [
  '{{ humanise $value }}',
  '{{ $x }}',
  '{{ if }}',
  '{{ .Labels',
  '{{ if true }}open',
  '{{ end }}',
  '{{ "unterminated }}',
  '{{ range $i, $e, $f := . }}{{ end }}',
  '{{ 1 | 2 }}',
  '{{ template }}',
  '{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}',
  '{{ break }}',
  '{{ (1 }}',
  '{{ .Foo.1 }}',
  '{{ 08 }}',
  '{{ else }}',
  'line1\nline2 {{ nope }}',
  '{{ 1 | }}',
  '{{ $x := }}',
  '{{ range }}{{ end }}',
  '{{ with }}{{ end }}',
  '{{ if 1 }}{{ else }}{{ else }}{{ end }}',
  '{{ define }}',
  '{{ define "a" }}',
  '{{ 1a }}',
  '{{ x.y }}',
  "{{ 'ab' }}",
  "{{ '\\q' }}",
  '{{ "\\q" }}',
  '{{ @ }}',
  '{{ 1 := 2 }}',
  '{{/* unclosed',
  '{{/* c */ x }}',
  '{{ if true }}{{ end }}{{ end }}',
  '{{ true.x }}',
  '{{ printf "%d" 1 | 2 }}',
  '{{ continue }}',
  '{{ range . }}{{ else }}{{ continue }}{{ end }}',
  '{{ $x = 1 }}',
  '{{ with $x := 1 }}{{ end }}{{ $x }}',
  '{{ template "a" 1 2 }}',
  '{{ .x\n}}\n{{ if',
  '{{ 0x }}',
  '{{ 1.2.3 }}',
  '{{ "}}" }}{{ `a` }}',
  '{{ nil.x }}',
  '{{ $.x.y }}{{ $ := 1 }}',
  '{{ if and }}{{ end }}',
  '{{ block "x" }}{{ end }}',
  '{{ block "x" . }}',
];

/**
 * EXCLUDED lists what is deliberately not compared against promtool 2.42, and why; unit tests cover these.
 */
export const EXCLUDED: { what: string; reason: string }[] = [
  { what: 'toDuration, now, urlQueryEscape', reason: 'added after Prometheus 2.42' },
  {
    what: 'externalURL, pathPrefix (the functions; $externalURL is compared)',
    reason:
      'promtool 2.42 gives template functions no external URL, so they fail with a nil-pointer runtime error',
  },
  {
    what: 'parseDuration of negative durations',
    reason: '2.42 uses model.ParseDuration, which rejects them',
  },
  {
    what: 'title on words joined by punctuation',
    reason: '2.42 uses strings.Title; 3.x uses x/text cases.Title',
  },
  { what: 'humanize* of time.Duration values', reason: 'ConvertToFloat gained the Duration case after 2.42' },
  {
    what: '{{else with}} and range over an integer',
    reason: 'Go 1.23 / 1.24 features; promtool 2.42 is built with Go 1.19',
  },
  {
    what: 'call',
    reason:
      'alert data holds no functions to call, and its error texts changed after Go 1.19 (exec tests cover it)',
  },
  {
    what: 'the parse error for a stray `)`',
    reason: 'Go 1.20+ lexes it as `unexpected right paren`; Go 1.19 said `unexpected ")" in command`',
  },
  {
    what: 'eq/lt type-mismatch messages and type names of .Value in errors',
    reason: 'Go 1.19 omits the types; 2.42 declares Value float64 where 3.x has interface {}',
  },
];
