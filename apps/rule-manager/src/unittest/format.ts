// How promtool prints unit-test failures: Go's labels.Labels String, strconv 'E' floats, indented lists.
import { compareLabels } from '@vigil/promql';
import { formatFloat, quote } from '@vigil/templating';
import type { Labels } from '@vigil/model';

/** labelsString prints a label set as Prometheus's labels.Labels.String: `{a="1", b="2"}`, names sorted. */
export function labelsString(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${quote(labels[n] ?? '')}`).join(', ')}}`;
}

/** indentLines prefixes every line but the first with `indent` (promtool's indentLines). */
export function indentLines(lines: string, indent: string): string {
  return lines.split('\n').join(`\n${indent}`);
}

/** LabelsAndAnnotations is one firing alert as promtool compares it. */
export interface LabelsAndAnnotations {
  labels: Labels;
  annotations: Labels;
}

/** compareAlerts orders alerts by labels, then annotations (promtool's labelsAndAnnotations.Less). */
export function compareAlerts(a: LabelsAndAnnotations, b: LabelsAndAnnotations): number {
  return compareLabels(a.labels, b.labels) || compareLabels(a.annotations, b.annotations);
}

/** alertsString prints a list of alerts as promtool's labelsAndAnnotations.String. */
export function alertsString(alerts: readonly LabelsAndAnnotations[]): string {
  if (alerts.length === 0) return '[]';
  const items = alerts.map(
    (a, i) =>
      `${i}:${indentLines(`\nLabels:${labelsString(a.labels)}\nAnnotations:${labelsString(a.annotations)}`, '  ')}`,
  );
  return `[\n${items.join(',\n')}\n]`;
}

/** ParsedSample is an expected or returned sample of a promql_expr_test. */
export interface ParsedSample {
  labels: Labels;
  value: number;
  /** A native histogram as its test expression (`{{count:1 ...}}`); '' for a float sample. */
  histogram: string;
}

/**
 * samplesString prints samples as promtool's parsedSamplesString: `{a="b"} 1E+00, {c="d"} {{count:1}}, ...`
 * or `nil`.
 */
export function samplesString(samples: readonly ParsedSample[]): string {
  if (samples.length === 0) return 'nil';
  return samples
    .map(
      (s) => `${labelsString(s.labels)} ${s.histogram !== '' ? s.histogram : formatFloat(s.value, 'E', -1)}`,
    )
    .join(', ');
}

/** samplesEqual is promtool's comparison of sorted sample lists: labels, value (see floatsEqual) and histogram. */
export function samplesEqual(
  exp: readonly ParsedSample[],
  got: readonly ParsedSample[],
  fuzzy: boolean,
): boolean {
  return (
    exp.length === got.length &&
    exp.every((e, i) => {
      const g = got[i] as ParsedSample;
      return (
        labelsEqual(e.labels, g.labels) && floatsEqual(e.value, g.value, fuzzy) && e.histogram === g.histogram
      );
    })
  );
}

/** nextAfter is Go's math.Nextafter: the float after x in the direction of y. */
export function nextAfter(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  if (x === y) return x;
  if (x === 0) return y > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  let bits = buf.getBigUint64(0);
  bits = y > x === x > 0 ? bits + 1n : bits - 1n;
  buf.setBigUint64(0, bits);
  return buf.getFloat64(0);
}

/** floatsEqual is promtool's float comparison: exact (NaN never equal), or within one ULP when fuzzy. */
export function floatsEqual(x: number, y: number, fuzzy: boolean): boolean {
  if (x === y) return true;
  return fuzzy && (nextAfter(x, -Infinity) === y || nextAfter(x, Infinity) === y);
}

/** labelsEqual reports whether two label sets hold the same names and values. */
export function labelsEqual(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}
