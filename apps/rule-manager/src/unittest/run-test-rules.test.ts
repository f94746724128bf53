import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runTestRules, type TestRulesOptions } from './run-test-rules';

const testdata = fileURLToPath(new URL('./testdata', import.meta.url));

async function run(files: string[], opts: TestRulesOptions = {}) {
  let stdout = '';
  let stderr = '';
  const exitCode = await runTestRules(files, opts, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { exitCode, stdout, stderr };
}

const fixture = (name: string): string => join(testdata, name);

describe('runTestRules', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function tempTestFile(content: string, extra: Record<string, string> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-test-rules-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
    const file = join(dir, 'test.yml');
    writeFileSync(file, content);
    return file;
  }

  it('passes a file whose alerts, recording rules, ALERTS series and PromQL checks all hold', async () => {
    const file = fixture('passing.yml');
    const res = await run([file]);
    expect(res).toEqual({ exitCode: 0, stdout: `Unit Testing:  ${file}\n  SUCCESS\n\n`, stderr: '' });
  });

  it('reports failed expectations exactly as promtool prints them', async () => {
    const file = fixture('failing.yml');
    const res = await run([file]);
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toBe(`Unit Testing:  ${file}\n\n\n\n\n`);
    expect(res.stderr).toBe(
      [
        '  FAILED:',
        '    name: wrong expectations,',
        '    alertname: HighErrorRate, time: 5m, ',
        '        exp:[',
        '            0:',
        '              Labels:{alertname="HighErrorRate", job="api", severity="ticket"}',
        '              Annotations:{}',
        '            ], ',
        '        got:[',
        '            0:',
        '              Labels:{alertname="HighErrorRate", job="api", severity="page"}',
        '              Annotations:{cluster="", link="/alerts", summary="Errors on api: 1"}',
        '            ]',
        '    expr: "job:errors:sum", time: 5m,',
        '        exp: {__name__="job:errors:sum", job="api"} 2E+00',
        '        got: {__name__="job:errors:sum", job="api"} 1E+00',
        '    expr: "vector(1)", time: 0s,',
        '        exp: nil',
        '        got: {} 1E+00',
        '',
      ].join('\n'),
    );
  });

  it('loads native histograms, compares them with exp_samples histograms and runs rules over them', async () => {
    const file = fixture('histograms.yml');
    const res = await run([file]);
    expect(res).toEqual({ exitCode: 0, stdout: `Unit Testing:  ${file}\n  SUCCESS\n\n`, stderr: '' });
  });

  it('reports histogram mismatches by their test expressions, as promtool prints them', async () => {
    const res = await run([fixture('histograms-failing.yml')]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toBe(
      [
        '  FAILED:',
        '    expr: "latency", time: 1m,',
        '        exp: {__name__="latency"} {{count:5 sum:10 buckets:[1 3 1]}}',
        '        got: {__name__="latency"} {{count:5 sum:10 counter_reset_hint:not_reset buckets:[1 3 1]}}',
        '    expr: "latency", time: 0s,',
        '        exp: {__name__="latency"} {{count:5 sum:10 buckets:[1 3 1]}}',
        '        got: {__name__="latency"} {{count:5 sum:10 buckets:[1 3 1]}}',
        '    expr: "up", time: 0s,',
        '        exp: {__name__="up"} {{count:1}}',
        '        got: {__name__="up"} 1E+00',
        '    expr: "up", time: 0s, err: labels "up": expected 1 value, got 2',
        '    expr: "up", time: 0s, err: labels "up": expected histogram, got 1.000000',
        '',
      ].join('\n'),
    );
  });

  it('fails a recording rule whose result holds histograms, which it cannot record', async () => {
    const file = tempTestFile(
      'rule_files: [h.yml]\ntests:\n  - input_series: [{series: h, values: "{{count:1}}"}]\n' +
        '    promql_expr_test: [{expr: h, eval_time: 0}]\n',
      { 'h.yml': 'groups:\n  - name: g\n    rules:\n      - record: h:copy\n        expr: h\n' },
    );
    const res = await run([file]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toBe(
      '  FAILED:\n    rule: h:copy, time: 0s, err: native histogram samples are not supported in rule evaluation\n',
    );
  });

  it('dumps histogram points after the float points with --debug', async () => {
    const file = tempTestFile(
      'tests:\n  - interval: 1m\n    input_series: [{series: m, values: "1 {{count:2 sum:3 buckets:[2]}} 1e21"}]\n' +
        '    promql_expr_test: [{expr: m, eval_time: 2m, exp_samples: [{labels: m, value: 1e21}]}]\n',
    );
    const res = await run([file], { debug: true });
    expect(res.exitCode).toBe(0);
    expect(res.stderr).toContain(
      '{__name__="m"} =>\n1000000000000000000000 @[120000]\n{count:2, sum:3, (0.5,1]:2} @[60000]\n',
    );
  });

  it('stops a test group at the first evaluation with a failing rule', async () => {
    const res = await run([fixture('eval-error.yml')]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toBe(
      '  FAILED:\n    rule: joined, time: 0s, err: found duplicate series for the match group {a="1"} on the ' +
        'right hand-side of the operation: [{__name__="right", a="1", b="1"}, {__name__="right", a="1", b="2"}];' +
        'many-to-many matching not allowed: matching labels must be unique on one side\n',
    );
  });

  it('rejects unknown fields with their lines, as strict YAML decoding does', async () => {
    const res = await run([fixture('unknown-field.yml')]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toBe(
      '  FAILED:\nyaml: unmarshal errors:\n' +
        '  line 6: field value not found in type main.series\n' +
        '  line 7: field promql_exp_test not found in type main.testGroup\n',
    );
  });

  it('compares floats within one ULP only with fuzzy_compare, and --run picks groups by name', async () => {
    const all = await run([fixture('fuzzy.yml')]);
    expect(all.exitCode).toBe(1);
    expect(all.stderr).toContain('got: {__name__="low"} 2.9999999999999987E+00');
    expect(all.stderr.match(/expr:/g)).toHaveLength(1);
    expect((await run([fixture('fuzzy.yml')], { run: ['one ulp'] })).exitCode).toBe(0);
    expect((await run([fixture('fuzzy.yml')], { run: ['nothing', 'far'] })).exitCode).toBe(1);
  });

  it('fails when any of several files fails, and reports each', async () => {
    const res = await run([fixture('passing.yml'), fixture('eval-error.yml')]);
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toContain('  SUCCESS\n');
    expect(res.stdout.match(/Unit Testing: {2}/g)).toHaveLength(2);
  });

  it('reports a missing test file with Go wording', async () => {
    const res = await run(['/nonexistent/test.yml']);
    expect(res).toEqual({
      exitCode: 1,
      stdout: 'Unit Testing:  /nonexistent/test.yml\n\n\n',
      stderr: '  FAILED:\nopen /nonexistent/test.yml: no such file or directory\n',
    });
  });

  it('warns about rule_files patterns that match nothing and still runs the tests', async () => {
    const file = tempTestFile(`rule_files: [missing-*.yml, none.yml]
tests:
  - input_series:
      - series: up
        values: 1
    promql_expr_test:
      - expr: up
        eval_time: 0
        exp_samples: [{labels: up, value: 1}]
`);
    const res = await run([file]);
    expect(res.exitCode).toBe(0);
    const dir = file.slice(0, -'/test.yml'.length);
    expect(res.stderr).toBe(
      `  WARNING: no file match pattern ${dir}/missing-*.yml\n  WARNING: no file match pattern ${dir}/none.yml\n`,
    );
  });

  it.each([
    [
      'a bad duration',
      'evaluation_interval: 5 minutes\ntests: []\n',
      'not a valid duration string: "5 minutes"',
    ],
    [
      'a repeated group in group_eval_order',
      'group_eval_order: [a, a]\n',
      'group name repeated in evaluation order: a',
    ],
    [
      'an alert test without alertname',
      'tests:\n  - name: g\n    alert_rule_test:\n      - eval_time: 1m\n',
      'an item under alert_rule_test misses required attribute alertname at eval_time 1m (in TestGroup g)',
    ],
    [
      'a malformed input series',
      'tests:\n  - input_series:\n      - series: \'up{job="a"\'\n        values: 1 2\n',
      "1:12: parse error: unexpected character inside braces: '1'",
    ],
    ['a list where a map belongs', 'tests: {a: 1}\n', 'line 1: cannot unmarshal !!map into []main.testGroup'],
    [
      'a rule file that does not parse',
      'rule_files: [bad.yml]\ntests:\n  - name: t\n',
      'bad.yml: 5:15: group "g", rule 1, "x": could not parse expression: 1:5: parse error: unexpected end of input',
    ],
    [
      'a recording rule writing another value over an input sample',
      'rule_files: [dup.yml]\ntests:\n  - input_series: [{series: m, values: 1 2}]\n    promql_expr_test: [{expr: m, eval_time: 1m}]\n',
      '    rule: m, time: 0s, err: duplicate sample for timestamp',
    ],
  ])('fails the file for %s', async (_name, content, message) => {
    const file = tempTestFile(content, {
      'bad.yml': 'groups:\n  - name: g\n    rules:\n      - record: x\n        expr: up +\n',
      'dup.yml': 'groups:\n  - name: g\n    rules:\n      - record: m\n        expr: vector(5)\n',
    });
    const res = await run([file]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain(message);
  });

  it('renders annotations with the template engine, naming the template as Prometheus does', async () => {
    const file = tempTestFile(
      `rule_files: [t.yml]
tests:
  - interval: 1m
    external_labels: {region: eu}
    alert_rule_test:
      - eval_time: 0
        alertname: T
        exp_alerts:
          - exp_annotations:
              ok: 'eu 1 1h 0m 0s'
              bad: x
`,
      {
        't.yml': `groups:
  - name: g
    rules:
      - alert: T
        expr: vector(1)
        annotations:
          ok: '{{ $externalLabels.region }} {{ $value }} {{ 3600 | humanizeDuration }}'
          bad: '{{ .Nope }}'
`,
      },
    );
    const res = await run([file]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain(
      'Annotations:{bad="<error expanding template: error executing template __alert_T: template: __alert_T:1:',
    );
    expect(res.stderr).toContain('ok="eu 1 1h 0m 0s"}');
  });

  it('prints a coloured JSON diff with --diff', async () => {
    const res = await run([fixture('failing.yml')], { diff: true });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('    alertname: HighErrorRate, time: 5m, \n        diff: [');
    expect(res.stderr).toContain('"severity": \x1b[0;33m"ticket" => "page"\x1b[0m');
  });

  it('prints timings and the stored series with --debug', async () => {
    const res = await run([fixture('passing.yml')], { debug: true, run: ['gaps'] });
    expect(res.exitCode).toBe(0);
    expect(res.stderr).toMatch(/^DEBUG: Starting test gaps and staleness\n/);
    // The range is left-open, so the sample at 0s is not in it; staleness markers are never shown.
    expect(res.stderr).toContain(
      'DEBUG: Dump of all data (input_series and rules) at 3m1s:\n' +
        '{__name__="ALERTS", alertname="AlwaysFiring", alertstate="firing"} =>\n1 @[60000]\n1 @[120000]\n1 @[180000]\n',
    );
    expect(res.stderr).toContain('{__name__="gauge"} =>\n3 @[120000]\n');
    expect(res.stderr).toMatch(/DEBUG: Test gaps and staleness finished, took \S+\n$/);
  });
});
