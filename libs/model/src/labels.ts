/** Labels is a set of label name/value pairs, as carried by series and alerts. */
export type Labels = Record<string, string>;

/** The reserved label name that holds a series' metric name. */
export const METRIC_NAME_LABEL = '__name__';

const LEGACY_LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** NameValidation selects Prometheus 2's legacy name rules or Prometheus 3's UTF-8 rules. */
export type NameValidation = 'legacy' | 'utf8';

/** isValidLabelName tells whether a label name is allowed (utf8: any non-empty valid UTF-8). */
export function isValidLabelName(name: string, scheme: NameValidation = 'utf8'): boolean {
  if (scheme === 'legacy') return LEGACY_LABEL_NAME_RE.test(name);
  return name.length > 0 && isWellFormedUtf16(name);
}

/** isValidMetricName tells whether a metric name is allowed (utf8: any non-empty valid UTF-8). */
export function isValidMetricName(name: string, scheme: NameValidation = 'utf8'): boolean {
  if (scheme === 'legacy') return LEGACY_METRIC_NAME_RE.test(name);
  return name.length > 0 && isWellFormedUtf16(name);
}

/** isLegacyMetricName tells whether a name needs no quoting in PromQL (`[a-zA-Z_:][a-zA-Z0-9_:]*`). */
export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME_RE.test(name);
}

/** isLegacyLabelName tells whether a label name needs no quoting in PromQL (`[a-zA-Z_][a-zA-Z0-9_]*`). */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME_RE.test(name);
}

function isWellFormedUtf16(s: string): boolean {
  // Lone surrogates are what invalid UTF-8 input decodes to after replacement or what a bad escape makes.
  return (
    !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s) && !s.includes('\uFFFD')
  );
}

/** sortedLabelNames returns the label names of a set in byte order, as Prometheus sorts them. */
export function sortedLabelNames(labels: Labels): string[] {
  return Object.keys(labels).sort(compareStrings);
}

/** compareStrings orders strings by UTF-8 byte order, as Go's string comparison does. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // For BMP-only strings code-unit order equals code-point order equals UTF-8 byte order.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** formatLabels prints a label set as Prometheus does: `{a="1", b="2"}` in sorted order. */
export function formatLabels(labels: Labels): string {
  const parts = sortedLabelNames(labels).map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(', ')}}`;
}
