// One `tests[]` entry of a unit-test file, run as promtool runs it (cmd/promtool/unittest.go): input series
// loaded into an in-memory storage up to each evaluation time, every rule group evaluated at mint,
// mint+evaluation_interval, ... up to the largest eval_time, with rule output and ALERTS written back to
// the storage so later rules and the PromQL checks see them.
import { formatDuration, isStaleNaN, type Labels, type Sample } from '@vigil/model';
import { Engine, MemoryStorage, compareLabels, type Value } from '@vigil/promql';
import { formatRuleFileError, loadRuleFiles, type RuleGroupSpec } from '@vigil/rulefmt';
import {
  expandAlertTemplate,
  formatDuration as formatGoDuration,
  formatFloat,
  quote,
} from '@vigil/templating';
import { EngineDatasource } from '../datasource/engine-datasource';
import {
  AlertingRule,
  DEFAULT_OUTAGE_TOLERANCE_MS,
  DEFAULT_RESEND_DELAY_MS,
  RecordingRule,
  RuleGroup,
  silentLogger,
  type Rule,
} from '../rules';
import { FakeClock } from '../rules/fake-clock';
import { alertsDiff } from './diff';
import {
  alertsString,
  compareAlerts,
  indentLines,
  labelsEqual,
  labelsString,
  samplesEqual,
  samplesString,
  type LabelsAndAnnotations,
  type ParsedSample,
} from './format';
import { histogramTestExpression, parseExpectedHistogram } from './histogram-text';
import { parseInputSeries, parseMetric, type LoadSample } from './input-series';
import { appender } from './test-storage';
import type { AlertTestCase, TestGroup } from './test-file';

/** TestGroupSettings are the file-level settings and flags a test group runs with. */
export interface TestGroupSettings {
  /** Rule files, already resolved against the test file's folder and globbed. */
  ruleFiles: string[];
  evaluationIntervalMs: number;
  /** group_eval_order: group name → position; groups not listed sort as position 0. */
  groupOrder: ReadonlyMap<string, number>;
  fuzzyCompare: boolean;
  ignoreUnknownFields: boolean;
  diff: boolean;
  debug: boolean;
  /** Where --debug output goes. */
  stderr: (text: string) => void;
}

/** promtool's test storage refuses queries that would load more samples than this. */
const MAX_SAMPLES = 10_000;
/** promtool's test engine timeout. */
const QUERY_TIMEOUT_MS = 100_000;

/** goDuration prints milliseconds as Go's time.Duration String (`1m0s`, `2m59.999s`). */
function goDuration(ms: number): string {
  return formatGoDuration(BigInt(Math.round(ms)) * 1_000_000n);
}

/** runTestGroup runs one test group and returns its failures, each formatted as promtool prints it. */
export async function runTestGroup(tg: TestGroup, testName: string, s: TestGroupSettings): Promise<string[]> {
  const started = Date.now();
  if (s.debug) s.stderr(`DEBUG: Starting test ${testName}\n`);
  try {
    return await runChecked(tg, s);
  } finally {
    if (s.debug) s.stderr(`DEBUG: Test ${testName} finished, took ${goDuration(Date.now() - started)}\n`);
  }
}

async function runChecked(tg: TestGroup, s: TestGroupSettings): Promise<string[]> {
  const mint = tg.startTimestampMs ?? 0;
  let input: LoadSample[];
  try {
    input = parseInputSeries(tg.inputSeries, mint, tg.intervalMs);
  } catch (err) {
    return [(err as Error).message];
  }
  const storage = new MemoryStorage();
  const engine = new Engine(storage, {
    maxSamples: MAX_SAMPLES,
    timeoutMs: QUERY_TIMEOUT_MS,
    defaultSubqueryStepMs: s.evaluationIntervalMs,
  });
  const datasource = new EngineDatasource(engine);
  const append = appender(storage);
  let loaded = 0;
  const loadTill = (ts: number): void => {
    for (; loaded < input.length; loaded++) {
      const x = input[loaded] as LoadSample;
      if (x.t > ts) break;
      append(x.labels, x.t, x.v, x.stale, x.h);
    }
  };

  const rules = await loadRuleFiles(s.ruleFiles, { ignoreUnknownFields: s.ignoreUnknownFields });
  if (rules.errors.length > 0) return rules.errors.map(formatRuleFileError);

  const clock = new FakeClock(mint);
  const deps = {
    query: datasource.query,
    appendSamples: (samples: Sample[]): void => {
      let failure: string | undefined;
      for (const x of samples) {
        const stale = isStaleNaN(x.v);
        const err = append(x.labels, x.t, x.v, stale);
        // Like Prometheus, a stale marker that cannot be written is no rule failure.
        if (err !== undefined && !stale) failure ??= err;
      }
      if (failure !== undefined) throw new Error(failure);
    },
    notify: (): void => undefined,
    clock,
    logger: silentLogger,
    resendDelayMs: DEFAULT_RESEND_DELAY_MS,
    outageToleranceMs: DEFAULT_OUTAGE_TOLERANCE_MS,
  };
  const groups = orderGroups(rules.groups, s.groupOrder).map(
    (spec) =>
      new RuleGroup(
        {
          name: spec.name,
          file: spec.file,
          intervalMs: spec.intervalMs ?? tg.intervalMs,
          queryOffsetMs: spec.queryOffsetMs,
          limit: spec.limit,
          rules: buildRules(spec, tg),
          externalLabels: tg.externalLabels,
          externalURL: tg.externalURL,
        },
        deps,
      ),
  );

  const maxEval = maxEvalTime(tg);
  const maxt = mint + maxEval;
  const alertTests = new Map<number, AlertTestCase[]>();
  for (const a of tg.alertRuleTests) {
    if (a.alertname === '') {
      const inGroup = tg.name === '' ? '' : ` (in TestGroup ${tg.name})`;
      return [
        `an item under alert_rule_test misses required attribute alertname at eval_time ${formatDuration(a.evalTimeMs)}${inGroup}`,
      ];
    }
    const list = alertTests.get(a.evalTimeMs) ?? [];
    list.push(a);
    alertTests.set(a.evalTimeMs, list);
  }
  const alertEvalTimes = [...alertTests.keys()].sort((a, b) => a - b);

  const errs: string[] = [];
  let curr = 0;
  const interval = s.evaluationIntervalMs;
  for (let ts = mint; ts <= maxt && interval > 0; ts += interval) {
    loadTill(ts);
    await clock.advanceTo(ts);
    const evalErrs: string[] = [];
    for (const g of groups) {
      await g.evaluate(ts);
      for (const r of g.rules) {
        if (r.status.lastError !== undefined) {
          evalErrs.push(`    rule: ${r.name}, time: ${goDuration(ts)}, err: ${r.status.lastError}`);
        }
      }
    }
    errs.push(...evalErrs);
    if (evalErrs.length > 0) return errs;

    for (; curr < alertEvalTimes.length; curr++) {
      const t = alertEvalTimes[curr] as number;
      if (!(ts - mint <= t && t < ts + interval - mint)) break;
      const cases = alertTests.get(t) ?? [];
      const wanted = new Set(cases.map((c) => c.alertname));
      const got = new Map<string, LabelsAndAnnotations[]>();
      for (const g of groups) {
        for (const r of g.alertingRules()) {
          if (!wanted.has(r.name)) continue;
          const firing = r
            .activeAlerts()
            .filter((a) => a.state === 'firing')
            .map((a) => ({ labels: a.labels, annotations: a.annotations }));
          got.set(r.name, [...(got.get(r.name) ?? []), ...firing]);
        }
      }
      for (const c of cases) errs.push(...checkAlerts(c, got.get(c.alertname) ?? [], tg, s));
    }
  }

  for (const c of tg.promqlExprTests) {
    const head = `    expr: ${quote(c.expr)}, time: ${formatDuration(c.evalTimeMs)}`;
    let gotSamples: ParsedSample[];
    try {
      gotSamples = resultSamples(await datasource.queryValue(c.expr, mint + c.evalTimeMs));
    } catch (err) {
      errs.push(`${head}, err: ${(err as Error).message}`);
      continue;
    }
    const expSamples: ParsedSample[] = [];
    let bad: string | undefined;
    for (const e of c.expSamples) {
      try {
        const labels = parseMetric(e.labels);
        const histogram =
          e.histogram === '' ? '' : histogramTestExpression(parseExpectedHistogram(e.histogram));
        expSamples.push({ labels, value: e.value, histogram });
      } catch (err) {
        bad = `${head}, err: labels ${quote(e.labels)}: ${(err as Error).message}`;
        break;
      }
    }
    if (bad !== undefined) {
      errs.push(bad);
      continue;
    }
    expSamples.sort((a, b) => compareLabels(a.labels, b.labels));
    gotSamples.sort((a, b) => compareLabels(a.labels, b.labels));
    if (!samplesEqual(expSamples, gotSamples, s.fuzzyCompare)) {
      errs.push(
        `${head},\n        exp: ${samplesString(expSamples)}\n        got: ${samplesString(gotSamples)}`,
      );
    }
  }

  if (s.debug) dumpData(engine, mint, maxEval, s.stderr);
  return errs;
}

/**
 * resultSamples turns a promql_expr_test result into samples as promtool's query helper does: a scalar is one
 * sample without labels; a histogram sample has value 0 and its test expression.
 */
function resultSamples(v: Value): ParsedSample[] {
  if (v.type === 'scalar') return [{ labels: {}, value: v.value, histogram: '' }];
  if (v.type !== 'vector') throw new Error('rule result is not a vector or scalar');
  return v.value.map((x) =>
    x.h === undefined
      ? { labels: x.labels, value: x.value, histogram: '' }
      : { labels: x.labels, value: 0, histogram: histogramTestExpression(x.h) },
  );
}

function checkAlerts(
  c: AlertTestCase,
  gotAlerts: LabelsAndAnnotations[],
  tg: TestGroup,
  s: TestGroupSettings,
): string[] {
  const expAlerts: LabelsAndAnnotations[] = c.expAlerts.map((a) => ({
    labels: { ...a.expLabels, alertname: c.alertname },
    annotations: { ...a.expAnnotations },
  }));
  gotAlerts.sort(compareAlerts);
  expAlerts.sort(compareAlerts);
  const same =
    expAlerts.length === gotAlerts.length &&
    expAlerts.every((e, i) => {
      const g = gotAlerts[i] as LabelsAndAnnotations;
      return labelsEqual(e.labels, g.labels) && labelsEqual(e.annotations, g.annotations);
    });
  if (same) return [];
  const testName = tg.name === '' ? '' : `    name: ${tg.name},\n`;
  const head = `${testName}    alertname: ${c.alertname}, time: ${formatDuration(c.evalTimeMs)}, \n`;
  if (s.diff) {
    const diff = alertsDiff(expAlerts, gotAlerts);
    return diff === undefined ? [] : [`${head}        diff: ${indentLines(diff, '            ')}`];
  }
  const exp = indentLines(alertsString(expAlerts), '            ');
  const got = indentLines(alertsString(gotAlerts), '            ');
  return [`${head}        exp:${exp}, \n        got:${got}`];
}

function buildRules(spec: RuleGroupSpec, tg: TestGroup): Rule[] {
  return spec.rules.map((r): Rule => {
    const labels: Labels = { ...spec.labels, ...r.labels };
    if (r.alert !== undefined) {
      return new AlertingRule({
        name: r.alert,
        expr: r.expr,
        forMs: r.forMs,
        keepFiringForMs: r.keepFiringForMs,
        labels,
        annotations: r.annotations,
        externalLabels: tg.externalLabels,
        externalURL: tg.externalURL,
        expand: expandAlertTemplate,
      });
    }
    return new RecordingRule({ name: r.record ?? '', expr: r.expr, labels });
  });
}

/**
 * orderGroups sorts groups by their group_eval_order position (unlisted groups count as 0), keeping file
 * order among equals; promtool leaves equals in Go's random map order.
 */
function orderGroups(groups: RuleGroupSpec[], order: ReadonlyMap<string, number>): RuleGroupSpec[] {
  return groups
    .map((g, i) => ({ g, i, pos: order.get(g.name) ?? 0 }))
    .sort((a, b) => a.pos - b.pos || a.i - b.i)
    .map((x) => x.g);
}

/** maxEvalTime is the largest eval_time among the group's alert and PromQL tests. */
function maxEvalTime(tg: TestGroup): number {
  let max = 0;
  for (const a of tg.alertRuleTests) max = Math.max(max, a.evalTimeMs);
  for (const p of tg.promqlExprTests) max = Math.max(max, p.evalTimeMs);
  return max;
}

/** dumpData prints every series up to the last eval time, as promtool's --debug does. */
function dumpData(engine: Engine, mint: number, maxEval: number, stderr: (text: string) => void): void {
  // A test may sit at fractional seconds, which a range cannot express: round up to the next second.
  const ts = Math.floor((maxEval + 1000) / 1000) * 1000;
  const expr = `{__name__=~".+"}[${ts / 1000}s]`;
  try {
    const v = engine.instantQuery(expr, mint + ts).value;
    if (v.type !== 'matrix') {
      stderr(`DEBUG: Got unexpected type ${v.type}\n`);
      return;
    }
    const series = v.value.map((m) => {
      // Like Prometheus's Series.String: the float points, then the histogram points.
      const floats: string[] = [];
      const histograms: string[] = [];
      for (let i = 0; i < m.length; i++) {
        const h = m.h?.[i];
        if (h === undefined) floats.push(`${formatFloat(m.v[i] ?? 0, 'f', -1)} @[${m.t[i] ?? 0}]`);
        else histograms.push(`${h.toString()} @[${m.t[i] ?? 0}]`);
      }
      return `${labelsString(m.labels)} =>\n${[...floats, ...histograms].join('\n')}`;
    });
    stderr(`DEBUG: Dump of all data (input_series and rules) at ${goDuration(ts)}:\n${series.join('\n')}\n`);
  } catch (err) {
    stderr(`DEBUG: Failed querying, expr: ${quote(expr)}, err: ${(err as Error).message}\n`);
  }
}
