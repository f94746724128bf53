import type { QueryFn, QueryResult } from '@vigil/model';
import { describe, expect, it, vi } from 'vitest';
import { checkTemplate, expandAlertTemplate, type AlertTemplateData, type ExpandOptions } from './expand';
import { TemplateError } from './template/errors';

const DATA: AlertTemplateData = {
  labels: { __name__: 'node_load1', instance: 'db-1.example.com:9100', job: 'node' },
  value: 3.75,
  externalLabels: { cluster: 'eu-1' },
  externalURL: 'https://prom.example.com/prom',
};
const OPTS: ExpandOptions = { timestampMs: 1353755652000, externalURL: 'https://prom.example.com/prom/' };

function expand(
  text: string,
  opts: Partial<ExpandOptions> = {},
  data: AlertTemplateData = DATA,
): Promise<string> {
  return expandAlertTemplate('HighLoad', text, data, { ...OPTS, ...opts });
}

describe('expandAlertTemplate', () => {
  it.each([
    ['{{ $labels.instance }} has load {{ $value }}', 'db-1.example.com:9100 has load 3.75'],
    [
      '{{ .Labels.job }}/{{ $externalLabels.cluster }}/{{ $externalURL }}',
      'node/eu-1/https://prom.example.com/prom',
    ],
    ['{{ $labels.nope }}|{{ .ExternalLabels.nope }}', '|'],
    ['{{ printf "%.1f" $value }} {{ humanize $value }}', '3.8 3.75'],
    ['plain text', 'plain text'],
  ])('%s', async (text, want) => {
    expect(await expand(text)).toBe(want);
  });

  it('passes a string value through as a string', async () => {
    expect(
      await expand(
        '{{ $value }} {{ humanize $value }} {{ printf "%T" $value }}',
        {},
        { ...DATA, value: '2048' },
      ),
    ).toBe('2048 2.048k string');
  });

  it('reports parse errors as Prometheus does', async () => {
    expect(await expand('{{ humanise $value }}')).toBe(
      '<error expanding template: error parsing template __alert_HighLoad: template: __alert_HighLoad:1: function "humanise" not defined>',
    );
  });

  it('reports execution errors with Go positions (after the variable prefix)', async () => {
    expect(await expand('{{ humanize "x" }}')).toBe(
      '<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:115: ' +
        'executing "__alert_HighLoad" at <humanize "x">: error calling humanize: strconv.ParseFloat: parsing "x": invalid syntax>',
    );
    expect(await expand('{{ .Nope }}')).toContain(
      "can't evaluate field Nope in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }",
    );
  });
});

describe('functions newer than Prometheus 2.42, and the URL functions', () => {
  it.each([
    ['{{ now }}', '1.353755652e+09'],
    ['{{ (now | toTime).Format "2006-01-02" }}', '2012-11-24'],
    ['{{ toDuration 1.5 }} {{ toDuration 0.0000015 }} {{ (toDuration 5400).String }}', '1.5s 1.5µs 1h30m0s'],
    ['{{ (toDuration 90).Seconds }} {{ (toDuration 90).Minutes }}', '90 1.5'],
    ['{{ humanizeDuration (toDuration 90).Abs }} {{ humanize ((toDuration 1500).Round 1) }}', '1m 30s 1.5k'],
    ['{{ ("-30m" | parseDuration) }} {{ parseDuration "-1h2m10ms" }}', '-1800 -3720.01'],
    ['{{ urlQueryEscape "a b/c&d" }}', 'a+b%2Fc%26d'],
    ['{{ externalURL }} {{ pathPrefix }}', 'https://prom.example.com/prom/ /prom/'],
    ['{{ title "foo.example.com hello-world" }}', 'Foo.example.com Hello-World'],
  ])('%s', async (text, want) => {
    expect(await expand(text)).toBe(want);
  });

  it('takes the path prefix from the options when given, and decodes the URL path otherwise', async () => {
    expect(await expand('{{ pathPrefix }}', { pathPrefix: '/custom' })).toBe('/custom');
    expect(await expand('{{ pathPrefix }}', { externalURL: 'http://h:9090/a%20b' })).toBe('/a b');
    expect(await expand('{{ pathPrefix }}', { externalURL: 'http://h:9090' })).toBe('');
  });

  it('converts time.Duration values but not pointers to them, as Prometheus does', async () => {
    expect(await expand('{{ humanizeDuration (toDuration 90) }}')).toContain(
      "error calling humanizeDuration: can't convert *time.Duration to float",
    );
  });

  it('rejects a bad duration as Go does', async () => {
    expect(await expand('{{ parseDuration "1x" }}')).toContain(
      'error calling parseDuration: not a valid duration string: "1x"',
    );
    expect(await expand('{{ parseDuration "-" }}')).toContain(
      'error calling parseDuration: empty duration string',
    );
  });
});

describe('query', () => {
  const vector = (samples: { labels: Record<string, string>; v: number }[]): QueryResult => ({
    type: 'vector',
    samples: samples.map((s) => ({ ...s, t: 0 })),
  });

  it('runs the injected query at the evaluation time', async () => {
    const query = vi.fn<QueryFn>(async () =>
      vector([
        { labels: { __name__: 'up', instance: 'b' }, v: 0 },
        { labels: { __name__: 'up', instance: 'a' }, v: 1 },
      ]),
    );
    const out = await expand(
      '{{ range query "up == 0" | sortByLabel "instance" }}{{ .Labels.instance }}={{ .Value }} {{ end }}',
      {
        query,
      },
    );
    expect(out).toBe('a=1 b=0 ');
    expect(query).toHaveBeenCalledWith('up == 0', 1353755652000, undefined);
  });

  it('turns a scalar into one unlabelled sample', async () => {
    const query: QueryFn = async (_e, t) => ({ type: 'scalar', t, v: 42 });
    expect(
      await expand('{{ query "42" | first | value }} {{ (query "42" | first).Labels }}', { query }),
    ).toBe('42 map[]');
  });

  it('rejects other result types as Prometheus rules do', async () => {
    const query: QueryFn = async (_e, t) => ({ type: 'string', t, v: 'x' });
    expect(await expand('{{ query "\\"x\\"" }}', { query })).toContain(
      'error calling query: rule result is not a vector or scalar',
    );
  });

  it('reports query failures', async () => {
    const query: QueryFn = async () => {
      throw new Error('1:5: parse error: unexpected end of input');
    };
    expect(await expand('{{ query "sum(" }}', { query })).toContain(
      'at <query "sum(">: error calling query: 1:5: parse error: unexpected end of input',
    );
  });

  it('fails like Prometheus when no query function is configured', async () => {
    expect(await expand('{{ query "up" }}')).toContain(
      'error calling query: runtime error: invalid memory address or nil pointer dereference',
    );
  });

  it('sorts in place, as sortByLabel does', async () => {
    const query: QueryFn = async () =>
      vector([
        { labels: { i: 'b' }, v: 2 },
        { labels: { i: 'a' }, v: 1 },
      ]);
    expect(
      await expand(
        '{{ $r := query "x" }}{{ $s := sortByLabel "i" $r }}{{ range $r }}{{ .Labels.i }}{{ end }}',
        { query },
      ),
    ).toBe('ab');
  });
});

describe('checkTemplate', () => {
  it('accepts valid templates that use Prometheus functions and the predefined variables', () => {
    expect(() =>
      checkTemplate('Foo', '{{ $labels.x | humanize }} {{ $externalURL }} {{ query "up" }} {{ $value }}'),
    ).not.toThrow();
  });

  it.each([
    ['{{ humanise $value }}', 'template: __alert_Foo:1: function "humanise" not defined'],
    ['{{ $undefined }}', 'template: __alert_Foo:1: undefined variable "$undefined"'],
    ['a\n{{ if }}', 'template: __alert_Foo:2: missing value for if'],
  ])('rejects %j', (text, msg) => {
    expect(() => checkTemplate('Foo', text)).toThrow(TemplateError);
    expect(() => checkTemplate('Foo', text)).toThrow(msg);
  });

  it('does not execute anything', () => {
    expect(() => checkTemplate('Foo', '{{ humanize "not a number" }}{{ .Nope }}')).not.toThrow();
  });
});
