// Aggregation operators (sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, quantile, count_values).
import type { AggregateOp } from '../ast';
import { isValidLabelName } from '@vigil/model';
import { formatFloatG, goQuote } from '../go-format';
import type { Labels } from '../storage';
import { dropName, labelsKey, pickLabels } from './labels';
import type { FloatHistogram } from './histogram/float-histogram';
import { sumHistogramsAnnotated } from './native-range';
import { kahanSumInc } from './functions/kahan';
import { quantile } from './functions/stats';
import { EvalError, type Sample, type Vector } from './values';

/** AggregateParams carries the evaluated parameter of topk/bottomk/quantile (number) or count_values (string). */
export interface AggregateParams {
  op: AggregateOp;
  grouping: readonly string[];
  without: boolean;
  param: number | string | null;
  /** Receives annotation messages (e.g. a quantile outside [0, 1]). */
  annotate: (level: 'warn' | 'info', message: string) => void;
  /** Receives annotations Prometheus positions at the aggregated expression (default: annotate). */
  annotateExpr?: (level: 'warn' | 'info', message: string) => void;
  /** Grouping of the previous call's inputs by position, reused while the same label objects come back. */
  memo?: GroupMemo;
}

/** GroupMemo keeps, by input position, the label objects last grouped and their group key and labels. */
export interface GroupMemo {
  labels: (Labels | undefined)[];
  groups: ([string, Labels] | undefined)[];
}

/** newGroupMemo is an empty GroupMemo. */
export function newGroupMemo(): GroupMemo {
  return { labels: [], groups: [] };
}

interface Group {
  labels: Labels;
  count: number;
  value: number;
  kahanC: number;
  mean: number;
  incrementalMean: boolean;
  samples: Sample[];
  /** Histogram inputs of sum/avg (undefined while there are none). */
  hists: FloatHistogram[] | undefined;
  hasFloat: boolean;
}

// Aggregations that skip histogram samples with an info annotation.
const IGNORES_HISTOGRAMS = new Set(['min', 'max', 'stddev', 'stdvar', 'quantile', 'topk', 'bottomk']);

function newGroup(labels: Labels, f: number, s: Sample, hasFloat: boolean): Group {
  return {
    labels,
    count: 1,
    value: f,
    kahanC: 0,
    mean: f,
    incrementalMean: false,
    samples: [s],
    hists: undefined,
    hasFloat,
  };
}

/** formatFloatF is Go's strconv.FormatFloat(f, 'f', -1, 64): shortest digits, never an exponent. */
export function formatFloatF(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const s = String(f);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const [, sign = '', d0 = '', rest = '', expS = '0'] = m;
  const digits = d0 + rest;
  const exp = Number(expS);
  if (exp >= 0) {
    return (
      sign +
      (digits.length > exp + 1
        ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
        : digits.padEnd(exp + 1, '0'))
    );
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

// Grouping is recomputed for the same label objects at every step; cache it per grouping spec.
const groupCache = new Map<string, WeakMap<Labels, [string, Labels]>>();

/** groupCacheFor is the per-labels-object cache of one grouping spec (looked up once per aggregation call). */
function groupCacheFor(grouping: readonly string[], without: boolean): WeakMap<Labels, [string, Labels]> {
  const spec = `${without ? '-' : '+'}${grouping.join('\u0000')}`;
  let cache = groupCache.get(spec);
  if (cache === undefined) {
    if (groupCache.size > 1000) groupCache.clear();
    cache = new WeakMap();
    groupCache.set(spec, cache);
  }
  return cache;
}

function groupOf(
  cache: WeakMap<Labels, [string, Labels]>,
  labels: Labels,
  grouping: readonly string[],
  without: boolean,
): [string, Labels] {
  let g = cache.get(labels);
  if (g === undefined) {
    const gl = pickLabels(labels, grouping, !without);
    g = [labelsKey(gl), gl];
    cache.set(labels, g);
  }
  return g;
}

/** aggregate applies an aggregation operator to an instant vector. */
export function aggregate(vec: Vector, p: AggregateParams): Vector {
  const { op } = p;
  if (op === 'count_values') {
    const name = String(p.param);
    if (!isValidLabelName(name, 'utf8')) throw new EvalError(`invalid label name ${goQuote(name)}`);
    const relabeled = vec.map((s) => ({
      labels: { ...s.labels, [name]: s.h === undefined ? formatFloatF(s.value) : s.h.toString() },
      value: 1,
    }));
    const grouping = p.without ? p.grouping.filter((g) => g !== name) : [...p.grouping, name];
    return aggregate(relabeled, { ...p, op: 'count', grouping, param: null, memo: undefined });
  }
  if (
    op === 'quantile' &&
    typeof p.param === 'number' &&
    (p.param < 0 || p.param > 1 || Number.isNaN(p.param))
  ) {
    p.annotate('warn', `PromQL warning: quantile value should be between 0 and 1, got ${p.param}`);
  }
  if ((op === 'topk' || op === 'bottomk' || op === 'limitk') && Number.isNaN(p.param)) {
    throw new EvalError('Parameter value is NaN');
  }
  if (op === 'limit_ratio' && Number.isNaN(p.param)) throw new EvalError('Ratio value is NaN');
  if (op === 'limit_ratio' && typeof p.param === 'number' && (p.param > 1 || p.param < -1)) {
    const to = p.param > 1 ? 1 : -1;
    p.annotate(
      'warn',
      `PromQL warning: ratio value should be between -1 and 1, got ${formatFloatG(p.param)}, capping to ${to}`,
    );
  }
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  const annotateExpr = p.annotateExpr ?? p.annotate;
  const cache = groupCacheFor(p.grouping, p.without);
  const memo = p.memo;
  for (let j = 0; j < vec.length; j++) {
    const s = vec[j] as Sample;
    let kg: [string, Labels];
    if (memo !== undefined && memo.labels[j] === s.labels) kg = memo.groups[j] as [string, Labels];
    else {
      kg = groupOf(cache, s.labels, p.grouping, p.without);
      if (memo !== undefined) {
        memo.labels[j] = s.labels;
        memo.groups[j] = kg;
      }
    }
    const [key, gl] = kg;
    const f = s.value;
    let g = groups.get(key);
    if (s.h !== undefined) {
      if (IGNORES_HISTOGRAMS.has(op)) {
        annotateExpr('info', `PromQL info: ignored histogram in ${op} aggregation`);
        continue;
      }
      if (op === 'sum' || op === 'avg') {
        if (g === undefined) {
          g = newGroup(gl, 0, s, false);
          g.hists = [s.h];
          groups.set(key, g);
          order.push(g);
          continue;
        }
        g.count++;
        g.samples.push(s);
        (g.hists ??= []).push(s.h);
        continue;
      }
    } else if (g !== undefined && (op === 'sum' || op === 'avg')) {
      g.hasFloat = true;
    }
    if (g === undefined) {
      g = newGroup(gl, f, s, s.h === undefined);
      if (op === 'stddev' || op === 'stdvar') g.value = Number.isFinite(f) ? 0 : NaN;
      if (op === 'group') g.value = 1;
      groups.set(key, g);
      order.push(g);
      continue;
    }
    switch (op) {
      case 'sum': {
        // kahanSumInc inlined (no tuple per sample).
        g.count++;
        const sum = g.value;
        const t = sum + f;
        if (!Number.isFinite(t) && !Number.isNaN(t)) g.kahanC = 0;
        else if (Math.abs(sum) >= Math.abs(f)) g.kahanC += sum - t + f;
        else g.kahanC += f - t + sum;
        g.value = t;
        break;
      }
      case 'avg':
        g.count++;
        if (!g.incrementalMean) {
          const [nv, nc] = kahanSumInc(f, g.value, g.kahanC);
          if (Number.isFinite(nv) || Number.isNaN(nv)) {
            g.value = nv;
            g.kahanC = nc;
            break;
          }
          g.incrementalMean = true;
          g.mean = g.value / (g.count - 1);
          g.kahanC /= g.count - 1;
        }
        {
          const q = (g.count - 1) / g.count;
          [g.mean, g.kahanC] = kahanSumInc(f / g.count, q * g.mean, q * g.kahanC);
        }
        break;
      case 'count':
        g.count++;
        break;
      case 'max':
        if (g.value < f || Number.isNaN(g.value)) g.value = f;
        break;
      case 'min':
        if (g.value > f || Number.isNaN(g.value)) g.value = f;
        break;
      case 'stddev':
      case 'stdvar': {
        g.count++;
        const delta = f - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (f - g.mean);
        break;
      }
      case 'group':
        break;
      default:
        g.samples.push(s);
    }
  }
  const out: Vector = [];
  for (const g of order) {
    if ((op === 'sum' || op === 'avg') && g.hists !== undefined) {
      if (g.hasFloat) {
        annotateExpr('warn', 'PromQL warning: encountered a mix of histograms and floats for aggregation');
        continue;
      }
      const names = g.samples.filter((x) => x.h !== undefined).map((x) => x.labels['__name__'] ?? '');
      const r = sumHistogramsAnnotated(g.hists ?? [], op === 'avg', annotateExpr, names);
      if (r !== undefined) out.push({ labels: g.labels, value: 0, h: r });
      continue;
    }
    switch (op) {
      case 'sum':
        out.push({ labels: g.labels, value: g.value + g.kahanC });
        break;
      case 'avg':
        out.push({
          labels: g.labels,
          value: g.incrementalMean ? g.mean + g.kahanC : g.value / g.count + g.kahanC / g.count,
        });
        break;
      case 'count':
        out.push({ labels: g.labels, value: g.count });
        break;
      case 'stdvar':
        out.push({ labels: g.labels, value: g.value / g.count });
        break;
      case 'stddev':
        out.push({ labels: g.labels, value: Math.sqrt(g.value / g.count) });
        break;
      case 'quantile':
        out.push({
          labels: g.labels,
          value: quantile(
            Number(p.param),
            g.samples.map((s) => s.value),
          ),
        });
        break;
      case 'topk':
      case 'bottomk':
        out.push(...selectK(g.samples, Number(p.param), op === 'topk'));
        break;
      case 'limit_ratio': {
        const raw = Number(p.param);
        const r = Math.max(-1, Math.min(1, raw));
        if (r === 0) break;
        out.push(...g.samples.filter((x) => keepForRatio(x.labels, r)));
        break;
      }
      case 'limitk': {
        // The first k series of each group in input (label) order.
        const k = Math.trunc(Number(p.param));
        if (k >= 1) out.push(...g.samples.slice(0, k));
        break;
      }
      case 'max':
      case 'min':
      case 'group':
        out.push({ labels: g.labels, value: g.value });
        break;
      default:
        throw new EvalError(`aggregation "${op}" is not supported`);
    }
  }
  return out;
}

/**
 * keepForRatio is limit_ratio's per-series choice: a stable offset in [0, 1) from the label set, kept when below
 * the ratio (or, for a negative ratio, at or above 1 + ratio), so complementary ratios split the series. Prometheus
 * derives the offset from its xxhash label hash; here a 32-bit FNV-1a hash stands in for it.
 */
function keepForRatio(labels: Labels, ratio: number): boolean {
  const key = labelsKey(labels);
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const offset = h / 2 ** 32;
  return ratio >= 0 ? offset < ratio : offset >= 1 + ratio;
}

function selectK(samples: Sample[], kRaw: number, top: boolean): Sample[] {
  if (Number.isNaN(kRaw)) throw new EvalError('Parameter value is NaN');
  const k = Math.trunc(kRaw);
  if (k < 1) return [];
  const sorted = [...samples].sort((a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return top ? b.value - a.value : a.value - b.value;
  });
  return sorted.slice(0, k).map((s) => ({ labels: s.labels, value: s.value }));
}

/** aggregateKeepsName reports whether an aggregation's output keeps the input series' labels (and names). */
export function aggregateKeepsName(op: AggregateOp): boolean {
  return op === 'topk' || op === 'bottomk' || op === 'limitk' || op === 'limit_ratio';
}

/** groupLabels exposes the grouping used by aggregate (for tests). */
export function groupLabels(labels: Labels, grouping: readonly string[], without: boolean): Labels {
  return without ? pickLabels(dropName(labels), grouping, false) : pickLabels(labels, grouping, true);
}
