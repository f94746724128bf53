import { describe, expect, it } from 'vitest';
import { parseRuleFile } from './parse-rule-file';
import type { ParseRuleFileOptions } from './parse-rule-file';

// Stand-ins for the PromQL parser and the template parser, so these tests exercise rulefmt alone:
// an expression containing `!!` and a template containing `{{ bad }}` fail with Prometheus-style text.
const fakes: ParseRuleFileOptions = {
  checkExpr: (expr) => {
    if (expr.includes('!!')) throw new Error("1:3: parse error: unexpected character: '!'");
  },
  checkTemplate: (alert, text) => {
    if (text.includes('{{ bad }}'))
      throw new Error(`template: __alert_${alert}:1: function "bad" not defined`);
  },
};

function messages(text: string, opts: ParseRuleFileOptions = {}): string[] {
  return parseRuleFile(text, 'r.yml', { ...fakes, ...opts }).errors.map((e) => e.message);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('parseRuleFile: valid files', () => {
  it('reads groups and rules with their fields', () => {
    const text = lines(
      'groups:',
      '  - name: g',
      '    interval: 30s',
      '    query_offset: 1m',
      '    limit: 10',
      '    labels: {team: a}',
      '    rules:',
      '      - alert: HighErrors',
      '        expr: rate(errors_total[5m]) > 1',
      '        for: 5m',
      '        keep_firing_for: 1m',
      '        labels: {severity: page}',
      '        annotations: {summary: "{{ $labels.instance }} is failing"}',
      '      - record: job:up:sum',
      '        expr: sum by (job) (up)',
    );
    const r = parseRuleFile(text, 'r.yml', fakes);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('rules');
    expect(r.groups).toEqual([
      {
        name: 'g',
        file: 'r.yml',
        intervalMs: 30_000,
        queryOffsetMs: 60_000,
        limit: 10,
        labels: { team: 'a' },
        position: { line: 2, column: 5 },
        rules: [
          {
            alert: 'HighErrors',
            expr: 'rate(errors_total[5m]) > 1',
            forMs: 300_000,
            keepFiringForMs: 60_000,
            labels: { severity: 'page' },
            annotations: { summary: '{{ $labels.instance }} is failing' },
            position: { line: 8, column: 9 },
          },
          {
            record: 'job:up:sum',
            expr: 'sum by (job) (up)',
            forMs: 0,
            keepFiringForMs: 0,
            labels: {},
            annotations: {},
            position: { line: 14, column: 9 },
          },
        ],
      },
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing here\n'],
    ['an explicit null document', '~\n'],
    ['null groups', 'groups:\n'],
    ['an empty list of groups', 'groups: []\n'],
    ['a group without rules', 'groups:\n  - name: g\n'],
    ['null group and rule items, which yaml.v3 drops', 'groups:\n  -\n  - name: g\n    rules: [~, null]\n'],
  ])('accepts %s with no rules', (_what, text) => {
    const r = parseRuleFile(text, 'r.yml', fakes);
    expect(r.errors).toEqual([]);
    expect(r.groups.reduce((n, g) => n + g.rules.length, 0)).toBe(0);
  });

  it('leaves interval and query_offset undefined when absent, and interval 0 means the global one', () => {
    const r = parseRuleFile(
      'groups:\n  - name: a\n    interval: 0s\n  - name: b\n    query_offset: 0s\n',
      'r.yml',
      fakes,
    );
    expect(r.groups.map((g) => [g.intervalMs, g.queryOffsetMs])).toEqual([
      [undefined, undefined],
      [undefined, 0],
    ]);
  });

  it('reads scalars as written, like Go decoding into strings', () => {
    const r = parseRuleFile(
      lines(
        'groups:',
        '  - name: 0x10',
        '    limit: 1.9',
        '    rules:',
        '      - record: r',
        '        expr: 1.50',
        '        labels: {a: 010, b: true, c: ~}',
      ),
      'r.yml',
      fakes,
    );
    expect(r.errors).toEqual([]);
    const g = r.groups[0];
    expect(g?.name).toBe('0x10');
    expect(g?.limit).toBe(1); // yaml.v3 truncates a float into an int field
    expect(g?.rules[0]?.expr).toBe('1.50');
    expect(g?.rules[0]?.labels).toEqual({ a: '010', b: 'true', c: '' });
  });

  it('follows anchors, aliases and merge keys (explicit keys win)', () => {
    const text = lines(
      'groups:',
      '  - name: g',
      '    rules:',
      '      - &base',
      '        alert: &name HighAlert',
      '        expr: &expr up == 0',
      '        labels: {severity: critical}',
      '      - record: copy',
      '        expr: *expr',
      '      - <<: *base',
      '        alert: HighAlert2',
      '      - alert: *name',
      '        expr: *expr',
    );
    const r = parseRuleFile(text, 'r.yml', fakes);
    expect(r.errors).toEqual([]);
    expect(r.groups[0]?.rules.map((x) => [x.alert ?? x.record, x.expr, x.labels])).toEqual([
      ['HighAlert', 'up == 0', { severity: 'critical' }],
      ['copy', 'up == 0', {}],
      ['HighAlert2', 'up == 0', { severity: 'critical' }],
      ['HighAlert', 'up == 0', {}],
    ]);
  });

  it('keeps a label named __proto__ as a label', () => {
    const r = parseRuleFile(
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels: {__proto__: x}\n',
      'r.yml',
      fakes,
    );
    expect(Object.keys(r.groups[0]?.rules[0]?.labels ?? {})).toEqual(['__proto__']);
  });

  it('reads only the first document and warns about the rest', () => {
    const r = parseRuleFile('groups: []\n---\ngroups: 5\n', 'r.yml', fakes);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      '2:1: Multiple document yaml rules files are not supported, only the first document is processed',
    ]);
  });
});

describe('parseRuleFile: validation errors, worded as promtool words them', () => {
  it.each([
    [
      'record and alert together',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - record: Hi',
        '        alert: Hello',
        '        expr: "1"',
      ),
      [`4:17: 5:16: group "g", rule 1, "Hello": only one of 'record' and 'alert' must be set`],
    ],
    [
      'neither record nor alert',
      lines('groups:', '  - name: g', '    rules:', '      - expr: "1"'),
      [`4:9: group "g", rule 1, "": one of 'record' or 'alert' must be set`],
    ],
    [
      'no expr',
      lines('groups:', '  - name: g', '    rules:', '      - record: ylo'),
      [`4:9: group "g", rule 1, "ylo": field 'expr' must be set in rule`],
    ],
    [
      'an expression that does not parse',
      lines('groups:', '  - name: g', '    rules:', '      - record: x', '        expr: up !! 1'),
      [
        `5:15: group "g", rule 1, "x": could not parse expression: 1:3: parse error: unexpected character: '!'`,
      ],
    ],
    [
      'annotations, for and keep_firing_for on a recording rule',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - record: r',
        '        expr: "1"',
        '        for: 1m',
        '        keep_firing_for: 1m',
        '        annotations: {a: b}',
      ),
      [
        `4:17: group "g", rule 1, "r": invalid field 'annotations' in recording rule`,
        `4:17: group "g", rule 1, "r": invalid field 'for' in recording rule`,
        `4:17: group "g", rule 1, "r": invalid field 'keep_firing_for' in recording rule`,
      ],
    ],
    [
      'braces in a recording rule name',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - record: strawberry{flavor="sweet"}',
        '        expr: "1"',
      ),
      [
        `4:17: group "g", rule 1, "strawberry{flavor=\\"sweet\\"}": braces present in the recording rule name; should it be in expr?: strawberry{flavor="sweet"}`,
      ],
    ],
    [
      'the __name__ label and an empty label name',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - record: r',
        '        expr: "1"',
        '        labels:',
        '          __name__: x',
        '          "": y',
      ),
      [
        `7:11: group "g", rule 1, "r": invalid label name: __name__`,
        `8:11: group "g", rule 1, "r": invalid label name: `,
      ],
    ],
    [
      'a label template that does not parse',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: A',
        '        expr: up',
        '        labels: {severity: "{{ bad }}"}',
      ),
      [`6:28: group "g", rule 1, "A": label "severity": template: __alert_A:1: function "bad" not defined`],
    ],
    [
      'an annotation template that does not parse',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: A',
        '        expr: up',
        '        annotations:',
        '          summary: "{{ bad }}"',
      ),
      [
        `7:20: group "g", rule 1, "A": annotation "summary": template: __alert_A:1: function "bad" not defined`,
      ],
    ],
    [
      'empty and repeated group names',
      lines('groups:', '  - rules: []', '  - name: x', '  - name: x'),
      ['2:5: Groupname must not be empty', '4:5: groupname: "x" is repeated in the same file'],
    ],
    [
      'an invalid group label name',
      lines('groups:', '  - name: g', '    labels: {__name__: x}'),
      ['3:14: invalid label name: __name__'],
    ],
  ])('reports %s', (_what, text, want) => {
    expect(messages(text)).toEqual(want);
  });

  it('does not check templates of recording rules', () => {
    expect(
      messages(
        'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: "1"\n        labels: {a: "{{ bad }}"}\n',
      ),
    ).toEqual([]);
  });

  it('quotes group and rule names as Go %q does', () => {
    expect(messages('groups:\n  - name: "a\\"b\\n"\n    rules:\n      - expr: "1"\n')).toEqual([
      `4:9: group "a\\"b\\n", rule 1, "": one of 'record' or 'alert' must be set`,
    ]);
  });

  it.each([
    ['utf8', []],
    [
      'legacy',
      [
        `7:11: group "g", rule 1, "hola": invalid label name: ins-tance`,
        `9:11: group "g", rule 1, "hola": invalid annotation name: ins-tance`,
      ],
    ],
  ] as const)('validates label names with the %s scheme', (scheme, want) => {
    const text = lines(
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: hola',
      '        expr: "1"',
      '        labels:',
      '          ins-tance: localhost',
      '        annotations:',
      '          ins-tance: localhost',
    );
    expect(messages(text, { nameValidation: scheme })).toEqual(want);
  });

  it('returns no groups when a file has errors', () => {
    const r = parseRuleFile('groups:\n  - name: g\n    rules:\n      - record: r\n', 'r.yml', fakes);
    expect(r.errors).toHaveLength(1);
    expect(r.groups).toEqual([]);
  });
});

describe('parseRuleFile: decoding errors, as yaml.v3 reports them', () => {
  it.each([
    [
      'an unknown rule field',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: a',
        '        expr: "1"',
        '        annotation: {}',
      ),
      ['yaml: unmarshal errors:\n  line 6:9: field annotation not found in type rulefmt.Rule'],
    ],
    [
      'unknown group fields',
      lines('groups:', '  - name: g', '    namespace: x', '    ownership: {a: b}'),
      [
        'yaml: unmarshal errors:\n  line 3:5: field namespace not found in type rulefmt.RuleGroup\n  line 4:5: field ownership not found in type rulefmt.RuleGroup',
      ],
    ],
    [
      'an unknown top-level field',
      'group: []\n',
      ['yaml: unmarshal errors:\n  line 1:1: field group not found in type rulefmt.RuleGroups'],
    ],
    [
      'rules: 5',
      lines('groups:', '  - name: g', '    rules: 5'),
      ['yaml: unmarshal errors:\n  line 3:12: cannot unmarshal !!int `5` into []rulefmt.Rule'],
    ],
    [
      'for: [1]',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: a',
        '        expr: "1"',
        '        for: [1]',
      ),
      ['yaml: unmarshal errors:\n  line 6:14: cannot unmarshal !!seq into string'],
    ],
    [
      'a mapping as a label value',
      'groups:\n  - name: g\n    labels: {a: {b: c}}\n',
      ['yaml: unmarshal errors:\n  line 3:17: cannot unmarshal !!map into string'],
    ],
    [
      'a long string where a list belongs',
      'groups: this is not a list\n',
      ['yaml: unmarshal errors:\n  line 1:9: cannot unmarshal !!str `this is...` into []rulefmt.RuleGroup'],
    ],
    [
      'a scalar group',
      'groups:\n  - just a name\n',
      ['yaml: unmarshal errors:\n  line 2:5: cannot unmarshal !!str `just a ...` into rulefmt.RuleGroup'],
    ],
    [
      'a quoted number as limit',
      'groups:\n  - name: g\n    limit: "5"\n',
      ['yaml: unmarshal errors:\n  line 3:12: cannot unmarshal !!str `5` into int'],
    ],
    [
      'a scalar top level',
      'hello\n',
      ['yaml: unmarshal errors:\n  line 1:1: cannot unmarshal !!str `hello` into rulefmt.RuleGroups'],
    ],
    [
      'a list top level',
      '- a\n- b\n',
      ['yaml: unmarshal errors:\n  line 1:1: cannot unmarshal !!seq into rulefmt.RuleGroups'],
    ],
    [
      'a repeated key',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - record: a',
        '        expr: up',
        '        expr: down',
      ),
      ['yaml: unmarshal errors:\n  line 6:9: mapping key "expr" already defined at line 5'],
    ],
    [
      'a bad duration',
      lines(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: a',
        '        expr: up',
        '        for: 5x',
      ),
      ['6:14: not a valid duration string: "5x"'],
    ],
    ['an empty duration string', 'groups:\n  - name: g\n    interval: ""\n', ['3:15: empty duration string']],
    [
      'a number as duration',
      'groups:\n  - name: g\n    query_offset: 5\n',
      ['3:19: not a valid duration string: "5"'],
    ],
  ])('reports %s', (_what, text, want) => {
    expect(messages(text)).toEqual(want);
  });

  it('accepts unknown fields with ignoreUnknownFields', () => {
    expect(messages('groups:\n  - name: g\n    namespace: x\n', { ignoreUnknownFields: true })).toEqual([]);
  });
});

describe('parseRuleFile: broken input never throws', () => {
  it.each([
    ['tabs in indentation', 'groups:\n\t- name: g\n', /^yaml: line 2:1: /],
    ['an unclosed flow sequence', 'groups: [\n', /^yaml: line \d+:\d+: /],
    ['an unterminated quote', 'groups:\n  - name: "g\n', /^yaml: line \d+:\d+: /],
    [
      'bad indentation',
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n      foo: bar\n',
      /^yaml: line \d+:\d+: /,
    ],
    ['an unknown anchor', 'groups: *nope\n', /^yaml: line 1:9: unknown anchor 'nope' referenced$/],
    [
      'an anchor that contains itself',
      'groups: &a [*a]\n',
      /^yaml: line 1:13: anchor 'a' value contains itself$/,
    ],
    [
      'a bad merge value',
      'groups:\n  - <<: 5\n',
      /^yaml: line 2:9: map merge requires map or sequence of maps as the value$/,
    ],
    ['a NUL byte', 'groups: []\n\u0000\n', /^yaml: line 2:1: control characters are not allowed$/],
    [
      'deeply nested flow collections',
      `groups: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
      /^yaml: line 1:\d+: /,
    ],
  ])('reports %s with a position', (_what, text, want) => {
    const r = parseRuleFile(text, 'r.yml', fakes);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(want);
    expect(r.errors[0]?.position?.line).toBeGreaterThan(0);
  });

  it.each([
    ['a bad leading byte', [0x67, 0x3a, 0x20, 0xff, 0x0a], 'yaml: line 1:4: invalid leading UTF-8 octet'],
    ['a bad trailing byte', [0x0a, 0x61, 0xc3, 0x28], 'yaml: line 2:3: invalid trailing UTF-8 octet'],
    ['a truncated sequence', [0x61, 0xe2, 0x82], 'yaml: line 1:2: incomplete UTF-8 octet sequence'],
  ])('reports invalid UTF-8: %s', (_what, bytes, want) => {
    expect(parseRuleFile(new Uint8Array(bytes), 'r.yml', fakes).errors.map((e) => e.message)).toEqual([want]);
  });

  it('reads UTF-8 with a BOM and UTF-16 with a BOM', () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: "1"\n';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(Uint16Array.from(text, (c) => c.charCodeAt(0)).buffer),
    ]);
    for (const bytes of [utf8, utf16]) {
      const r = parseRuleFile(bytes, 'r.yml', fakes);
      expect(r.errors).toEqual([]);
      expect(r.groups[0]?.rules[0]?.record).toBe('r');
    }
  });

  it('stops an alias bomb instead of expanding it', () => {
    let text = 'groups:\n  - name: base\n    rules: &r\n';
    for (let i = 0; i < 5000; i++) text += `      - {record: r${i}, expr: "1"}\n`;
    for (let i = 0; i < 5000; i++) text += `  - {name: g${i}, rules: *r}\n`;
    const r = parseRuleFile(text, 'r.yml', fakes);
    expect(r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/document contains excessive aliasing$/),
    ]);
  });

  it('turns a checker that overflows the stack into an error', () => {
    const r = parseRuleFile(
      'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: "((((1))))"\n',
      'r.yml',
      {
        ...fakes,
        checkExpr: () => {
          throw new RangeError('Maximum call stack size exceeded');
        },
      },
    );
    expect(r.errors.map((e) => e.message)).toEqual([
      '5:15: group "g", rule 1, "r": could not parse expression: expression too complex to check (Maximum call stack size exceeded)',
    ]);
  });

  it('lets a checker bug (TypeError) through rather than calling the rule invalid', () => {
    const broken = (): void => {
      throw new TypeError('x is not a function');
    };
    expect(() =>
      parseRuleFile('groups:\n  - name: g\n    rules:\n      - record: r\n        expr: "1"\n', 'r.yml', {
        ...fakes,
        checkExpr: broken,
      }),
    ).toThrow(TypeError);
  });

  it('reads a 10 MB file', () => {
    const parts = ['groups:\n'];
    let size = 0;
    let groups = 0;
    while (size < 10_000_000) {
      let g = `  - name: g${groups++}\n    rules:\n`;
      for (let j = 0; j < 20; j++)
        g += `      - record: r${j}\n        expr: sum(rate(x_total[5m])) by (job)\n        labels: {a: b}\n`;
      parts.push(g);
      size += g.length;
    }
    parts.push('  - name: g0\n');
    const r = parseRuleFile(parts.join(''), 'big.yml', fakes);
    expect(r.errors.map((e) => e.message)).toEqual([
      `${groups * 62 + 2}:5: groupname: "g0" is repeated in the same file`,
    ]);
  }, 60_000);
});

describe('parseRuleFile: PrometheusRule manifests', () => {
  const manifest = lines(
    'apiVersion: monitoring.coreos.com/v1',
    'kind: PrometheusRule',
    'metadata:',
    '  name: example',
    '  labels: {role: alert-rules}',
    'spec:',
    '  groups:',
    '    - name: g',
    '      rules:',
    '        - alert: A',
    '          expr: up == 0',
  );

  it('reads the groups under spec', () => {
    const r = parseRuleFile(manifest, 'm.yaml', fakes);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe('PrometheusRule');
    expect(r.groups.map((g) => [g.name, g.rules.map((x) => x.alert), g.position])).toEqual([
      ['g', ['A'], { line: 8, column: 7 }],
    ]);
  });

  it('reports positions relative to the whole file', () => {
    expect(messages(manifest.replace('up == 0', 'up !! 0'))).toEqual([
      `11:17: group "g", rule 1, "A": could not parse expression: 1:3: parse error: unexpected character: '!'`,
    ]);
  });

  it('decodes spec strictly', () => {
    expect(messages(manifest.replace('  groups:', '  extra: 1\n  groups:'))).toEqual([
      'yaml: unmarshal errors:\n  line 7:3: field extra not found in type rulefmt.RuleGroups',
    ]);
  });
});
