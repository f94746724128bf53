// Differential test: every template in CASES is rendered by Vigil, written into a rule file together with a
// `promtool test rules` file whose expectations are Vigil's renderings, and promtool 2.42 must agree.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareStrings, formatLabels, type QueryFn, type Sample } from '@vigil/model';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkTemplate, expandAlertTemplate } from '../expand';
import { CASES, EXCLUDED, EXTERNAL_LABELS, EXTERNAL_URL, PARSE_ERRORS, SERIES } from './cases';

const PROMTOOL_TIMEOUT_MS = 60_000;
const EVAL_TIME_MS = 60_000;

function promtoolAvailable(): boolean {
  const res = spawnSync('promtool', ['--version'], { timeout: 10_000, encoding: 'utf8' });
  return res.error === undefined && res.status === 0;
}

const SELECTOR = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/;

function parseValue(v: string): number {
  if (/^[+-]?Inf$/.test(v)) return v.startsWith('-') ? -Infinity : Infinity;
  return v === 'NaN' ? NaN : Number(v);
}

/** select answers a plain selector (`name` or `name{l="v",...}`) from SERIES, sorted as Prometheus sorts. */
function select(expr: string): Sample[] {
  const m = SELECTOR.exec(expr.trim());
  if (!m) throw new Error(`unsupported test expression ${expr}`);
  const matchers = Array.from((m[2] ?? '').matchAll(/([a-zA-Z_]\w*)\s*=\s*"([^"]*)"/g), (x) => [x[1], x[2]]);
  return SERIES.filter(
    (s) => s.labels.__name__ === m[1] && matchers.every(([k, v]) => s.labels[k as string] === v),
  )
    .map((s) => ({ labels: { ...s.labels }, t: EVAL_TIME_MS, v: parseValue(s.value) }))
    .sort((a, b) => compareStrings(formatLabels(a.labels), formatLabels(b.labels)));
}

const query: QueryFn = async (expr, t) => {
  const n = Number(expr);
  if (expr.trim() !== '' && !Number.isNaN(n)) return { type: 'scalar', t, v: n };
  return { type: 'vector', samples: select(expr) };
};

async function render(text: string, sample: Sample): Promise<string> {
  return expandAlertTemplate(
    'T',
    text,
    { labels: sample.labels, value: sample.v, externalLabels: EXTERNAL_LABELS, externalURL: EXTERNAL_URL },
    { timestampMs: EVAL_TIME_MS, query, externalURL: EXTERNAL_URL },
  );
}

function runPromtool(dir: string, args: string[]): { status: number | null; output: string } {
  const res = spawnSync('promtool', args, { cwd: dir, timeout: PROMTOOL_TIMEOUT_MS, encoding: 'utf8' });
  return {
    status: res.status,
    output: `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}`,
  };
}

function withTempDir<R>(f: (dir: string) => R): R {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-templating-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkMessage(name: string, text: string): string {
  try {
    checkTemplate(name, text);
    return 'no error';
  } catch (e) {
    return (e as Error).message;
  }
}

const available = promtoolAvailable();

describe.skipIf(!available)(
  available
    ? 'templates agree with promtool 2.42'
    : 'templates agree with promtool 2.42 (skipped: promtool not on PATH)',
  () => {
    it(
      `renders ${CASES.length} templates exactly as promtool does (excluded: ${EXCLUDED.map((e) => e.what).join('; ')})`,
      async () => {
        const rules: object[] = [];
        const alertTests: object[] = [];
        for (const c of CASES) {
          const alertname = `T_${c.id}`;
          rules.push({ alert: alertname, expr: c.expr, labels: c.labels, annotations: { t: c.annotation } });
          const expAlerts: object[] = [];
          for (const sample of select(c.expr)) {
            const data = { ...sample, labels: sample.labels };
            // Prometheus names alert templates after the rule; rename Vigil's to match.
            const fix = (s: string): string => s.split('__alert_T').join(`__alert_${alertname}`);
            const expLabels: Record<string, string> = {};
            for (const [k, v] of Object.entries(sample.labels)) if (k !== '__name__') expLabels[k] = v;
            for (const [k, v] of Object.entries(c.labels ?? {})) expLabels[k] = fix(await render(v, data));
            expAlerts.push({
              exp_labels: expLabels,
              exp_annotations: { t: fix(await render(c.annotation, data)) },
            });
          }
          alertTests.push({ eval_time: '1m', alertname, exp_alerts: expAlerts });
        }
        const { status, output } = withTempDir((dir) => {
          writeFileSync(join(dir, 'rules.yml'), stringify({ groups: [{ name: 'templates', rules }] }));
          writeFileSync(
            join(dir, 'test.yml'),
            stringify({
              rule_files: ['rules.yml'],
              evaluation_interval: '1m',
              tests: [
                {
                  interval: '1m',
                  external_labels: EXTERNAL_LABELS,
                  external_url: EXTERNAL_URL,
                  input_series: SERIES.map((s) => ({
                    series: formatLabels(s.labels).replace(/^\{__name__="([^"]*)"(?:, )?/, '$1{'),
                    values: Array(6).fill(s.value).join(' '),
                  })),
                  alert_rule_test: alertTests,
                },
              ],
            }),
          );
          return runPromtool(dir, ['test', 'rules', 'test.yml']);
        });
        expect(status, output).toBe(0);
      },
      PROMTOOL_TIMEOUT_MS + 10_000,
    );

    it(
      `rejects ${PARSE_ERRORS.length} malformed templates with promtool check rules' messages`,
      () => {
        const rules = PARSE_ERRORS.map((text, i) => ({
          alert: `P${i}`,
          expr: 'up',
          annotations: { t: text },
        }));
        const { output } = withTempDir((dir) => {
          writeFileSync(join(dir, 'rules.yml'), stringify({ groups: [{ name: 'g', rules }] }));
          return runPromtool(dir, ['check', 'rules', 'rules.yml']);
        });
        const got = PARSE_ERRORS.map((_, i) => {
          const line = output.split('\n').find((l) => l.includes(`"P${i}": annotation "t": `));
          return line ? line.slice(line.indexOf('annotation "t": ') + 'annotation "t": '.length) : 'no error';
        });
        expect(PARSE_ERRORS.map((text, i) => checkMessage(`P${i}`, text))).toEqual(got);
      },
      PROMTOOL_TIMEOUT_MS + 10_000,
    );
  },
);
