// info(): enriches series with the data labels of info metrics (target_info by default) that share their
// identifying labels (instance, job), as Prometheus's experimental info function.
import type { Call, Expr, SubqueryExpr, VectorSelector } from '../ast';
import { newMatcher, type Matcher } from '../matcher';
import type { Labels } from '../storage';
import { walkExpr } from '../walk';
import type { Evaluator } from './evaluator';
import { upperBound } from './evaluator';
import { labelsKey } from './labels';
import { atTime, offsetOf } from './time-ranges';
import { EvalError, type Vector } from './values';

const TARGET_INFO = 'target_info';
const IDENTIFYING = ['instance', 'job'];

function effectiveNameMatchers(ms: Matcher[]): Matcher[] {
  if (ms.some((m) => m.type === '=' || m.type === '=~')) return ms;
  if (ms.length > 0) return [newMatcher('=~', '__name__', '.+_info'), ...ms];
  return [newMatcher('=', '__name__', TARGET_INFO)];
}

/** The @ time and offset of the first vector selector of the base expression (with enclosing subqueries). */
function firstSelectorTiming(
  ev: Evaluator,
  e: Expr,
): { vs: VectorSelector | null; subOffset: number; at: SubqueryExpr | null } {
  let found: VectorSelector | null = null;
  let at: SubqueryExpr | null = null;
  let subOffset = 0;
  walkExpr(e, (node, path) => {
    if (found !== null) return false;
    if (node.kind !== 'VectorSelector') return;
    found = node;
    if (node.timestamp === null && node.startOrEnd === null) {
      for (let i = path.length - 1; i >= 0; i--) {
        const p = path[i] as Expr;
        if (p.kind === 'SubqueryExpr') {
          subOffset += offsetOf(p, ev.window);
          if (p.timestamp !== null || p.startOrEnd !== null) {
            at = p;
            break;
          }
        }
      }
    }
    return false;
  });
  return { vs: found, subOffset, at };
}

/** evalInfo evaluates `info(v, {data matchers})` at time t. */
export function evalInfo(ev: Evaluator, e: Call, t: number): Vector {
  const baseVal = ev.evalAt(e.args[0] as Expr, t);
  if (baseVal.type !== 'vector') throw new EvalError('info() expects an instant vector');
  const base = baseVal.value;
  const selector = e.args[1];
  const dataMatchers = new Map<string, Matcher[]>();
  let nameMatchers: Matcher[] = [];
  if (selector !== undefined && selector.kind === 'VectorSelector') {
    for (const m of selector.matchers) {
      if (m.name === '__name__') nameMatchers.push(m);
      else dataMatchers.set(m.name, [...(dataMatchers.get(m.name) ?? []), m]);
    }
  } else nameMatchers = [newMatcher('=', '__name__', TARGET_INFO)];
  const effective = effectiveNameMatchers(nameMatchers);
  const ignored = (l: Labels): boolean => effective.every((m) => m.matches(l['__name__'] ?? ''));

  // Identifying label values of the series to enrich.
  const idValues = new Map<string, Set<string>>();
  for (const s of base) {
    if (ignored(s.labels)) continue;
    for (const l of IDENTIFYING) {
      const v = s.labels[l];
      if (v === undefined || v === '') continue;
      let set = idValues.get(l);
      if (set === undefined) idValues.set(l, (set = new Set()));
      set.add(v);
    }
  }
  const infoByKey = new Map<string, { labels: Labels; origT: number }>();
  const infoNames = new Set<string>();
  if (idValues.size > 0) {
    const { vs, subOffset, at } = firstSelectorTiming(ev, e.args[0] as Expr);
    const offset = (vs === null ? 0 : offsetOf(vs, ev.window)) + subOffset;
    const timing = at ?? vs;
    const lookup = timing === null ? t : atTime(timing, t, ev.window);
    const lb = ev.window.lookbackMs;
    const fixed = timing !== null && (timing.timestamp !== null || timing.startOrEnd !== null);
    const minT = (fixed ? lookup : ev.window.startMs) - lb - offset;
    const maxT = (fixed ? lookup : ev.window.endMs) - offset;
    const matchers = [...effective, ...[...dataMatchers.values()].flat()];
    const ref = lookup - offset;
    for (const s of ev.selectOnce(e, matchers, minT, maxT)) {
      let ok = true;
      for (const [l, set] of idValues) if (!set.has(s.labels[l] ?? '')) ok = false;
      if (!ok) continue;
      const i = upperBound(s.t, s.t.length, ref) - 1;
      if (i < 0 || (s.t[i] as number) <= ref - lb || s.stale?.[i] === 1) continue;
      if (s.h?.[i] !== undefined) throw new EvalError('info sample should be float');
      const name = s.labels['__name__'] ?? '';
      infoNames.add(name);
      const key = sigOf(name, s.labels);
      const origT = s.t[i] as number;
      const prev = infoByKey.get(key);
      if (prev !== undefined) {
        if (prev.origT > origT) continue;
        if (prev.origT === origT) {
          throw new EvalError(
            `found duplicate series for info metric: existing ${formatLabelsGo(prev.labels)} @ ${prev.origT}, new ${formatLabelsGo(s.labels)} @ ${origT}`,
          );
        }
      }
      infoByKey.set(key, { labels: s.labels, origT });
    }
  }

  const out: Vector = [];
  const allMatchEmpty = [...dataMatchers.values()].every((ms) => ms.every((m) => m.matches('')));
  for (const s of base) {
    if (ignored(s.labels)) {
      out.push(s);
      continue;
    }
    const add: Record<string, string> = {};
    let seen = 0;
    for (const name of [...infoNames].sort()) {
      const info = infoByKey.get(sigOf(name, s.labels));
      if (info === undefined) continue;
      for (const [l, v] of Object.entries(info.labels)) {
        if (l === '__name__') continue;
        if (dataMatchers.size > 0 && !dataMatchers.has(l)) continue;
        const have = add[l];
        if (have !== undefined && have !== '' && have !== v) throw new EvalError(`conflicting label: ${l}`);
        if (l in s.labels) continue;
        add[l] = v;
      }
      seen++;
    }
    if (seen === 0 && !allMatchEmpty) continue;
    const labels = Object.keys(add).length === 0 ? s.labels : { ...s.labels, ...add };
    out.push(s.h === undefined ? { labels, value: s.value } : { labels, value: 0, h: s.h });
  }
  return out;
}

/** sigOf is the join key of a series and an info metric: the info name and the identifying labels present. */
function sigOf(name: string, l: Labels): string {
  const picked: Record<string, string> = { __name__: name };
  for (const k of IDENTIFYING) {
    const v = l[k];
    if (v !== undefined && v !== '') picked[k] = v;
  }
  return labelsKey(picked);
}

function formatLabelsGo(l: Labels): string {
  return `{${Object.keys(l)
    .sort()
    .map((k) => `${k}=${JSON.stringify(l[k])}`)
    .join(', ')}}`;
}
