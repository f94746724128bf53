// The checks of Prometheus's rulefmt Validate, worded as promtool prints them, with a position on every
// error (promtool prints `0:0:` or nothing where it has no node; we point at the rule or the label).
import { METRIC_NAME_LABEL, isValidLabelName, isValidMetricName } from '@vigil/model';
import type { Labels, NameValidation } from '@vigil/model';
import type { LabelEntry, RawGroup, RawRule } from './decode-rule-groups';
import { goQuote } from '@vigil/model';
import type { RuleFileError, RuleGroupSpec, RuleSpec, SourcePosition } from './types';

/** ExprChecker throws when a PromQL expression does not parse; the error's message is Prometheus's text. */
export type ExprChecker = (expr: string) => void;

/**
 * TemplateChecker throws when a label or annotation template of the alerting rule `alertName` does not parse,
 * with `$labels`, `$externalLabels`, `$externalURL` and `$value` defined; the message is Go's text, e.g.
 * `template: __alert_Foo:1: function "x" not defined`.
 */
export type TemplateChecker = (alertName: string, text: string) => void;

/** ValidateOptions are the rules a rule file is held to. */
export interface ValidateOptions {
  nameValidation: NameValidation;
  checkExpr: ExprChecker;
  checkTemplate: TemplateChecker;
}

/** validateRuleGroups checks decoded groups as rulefmt's Validate does and builds the specs. */
export function validateRuleGroups(
  raw: RawGroup[],
  file: string,
  opts: ValidateOptions,
): { groups: RuleGroupSpec[]; errors: RuleFileError[] } {
  const errors: RuleFileError[] = [];
  const fail = (position: SourcePosition, message: string, alt?: SourcePosition): void => {
    const where = alt ? `${pos(position)}: ${pos(alt)}` : pos(position);
    errors.push({ file, position, message: `${where}: ${message}` });
  };
  const seen = new Set<string>();
  const groups: RuleGroupSpec[] = [];
  for (const g of raw) {
    if (g.name === '') fail(g.position, 'Groupname must not be empty');
    if (seen.has(g.name)) fail(g.position, `groupname: "${g.name}" is repeated in the same file`);
    seen.add(g.name);
    checkLabels(g.labels, opts.nameValidation, (at, msg) => fail(at, msg));

    const rules: RuleSpec[] = [];
    g.rules.forEach((r, i) => {
      const name = r.alert?.value || r.record?.value || '';
      const prefix = `group ${goQuote(g.name)}, rule ${i + 1}, ${goQuote(name)}: `;
      validateRule(r, opts, (at, msg, alt) => fail(at, prefix + msg, alt));
      rules.push(toRuleSpec(r));
    });
    groups.push({
      name: g.name,
      file,
      intervalMs: g.intervalMs === 0 ? undefined : g.intervalMs,
      queryOffsetMs: g.queryOffsetMs,
      limit: g.limit,
      labels: toLabels(g.labels),
      rules,
      position: g.position,
    });
  }
  return { groups, errors };
}

type Fail = (at: SourcePosition, message: string, alt?: SourcePosition) => void;

function validateRule(r: RawRule, opts: ValidateOptions, fail: Fail): void {
  const record = r.record?.value ?? '';
  const alert = r.alert?.value ?? '';
  const recordAt = r.record?.position ?? r.position;
  if (record !== '' && alert !== '') {
    fail(recordAt, "only one of 'record' and 'alert' must be set", r.alert?.position);
  }
  if (record === '' && alert === '') {
    fail(r.record?.position ?? r.alert?.position ?? r.position, "one of 'record' or 'alert' must be set");
  }

  const expr = r.expr?.value ?? '';
  if (expr === '') {
    fail(r.expr?.position ?? r.position, "field 'expr' must be set in rule");
  } else {
    const problem = attempt(() => opts.checkExpr(expr));
    if (problem !== undefined) fail(r.expr?.position ?? r.position, `could not parse expression: ${problem}`);
  }

  if (record !== '') {
    if (r.annotations.length > 0) fail(recordAt, "invalid field 'annotations' in recording rule");
    if (r.forMs !== 0) fail(recordAt, "invalid field 'for' in recording rule");
    if (r.keepFiringForMs !== 0) fail(recordAt, "invalid field 'keep_firing_for' in recording rule");
    if (!isValidMetricName(record, opts.nameValidation))
      fail(recordAt, `invalid recording rule name: ${record}`);
    // A valid UTF-8 name, but most likely a PromQL selector pasted into `record`.
    if (record.includes('{') || record.includes('}')) {
      fail(recordAt, `braces present in the recording rule name; should it be in expr?: ${record}`);
    }
  }

  checkLabels(r.labels, opts.nameValidation, (at, msg) => fail(at, msg));
  for (const a of r.annotations) {
    if (!isValidLabelName(a.name, opts.nameValidation))
      fail(a.namePosition, `invalid annotation name: ${a.name}`);
  }

  if (alert === '') return;
  const check = (kind: string, e: LabelEntry): void => {
    const problem = attempt(() => opts.checkTemplate(alert, e.value));
    if (problem !== undefined) fail(e.valuePosition, `${kind} ${goQuote(e.name)}: ${problem}`);
  };
  for (const l of r.labels) check('label', l);
  for (const a of r.annotations) check('annotation', a);
}

function checkLabels(
  labels: LabelEntry[],
  scheme: NameValidation,
  fail: (at: SourcePosition, msg: string) => void,
): void {
  for (const l of labels) {
    if (!isValidLabelName(l.name, scheme) || l.name === METRIC_NAME_LABEL) {
      fail(l.namePosition, `invalid label name: ${l.name}`);
    }
    if (!isValidUtf8(l.value)) fail(l.valuePosition, `invalid label value: ${l.value}`);
  }
}

/**
 * attempt runs a checker and returns its complaint, if any. A checker that overflows the stack complains
 * too; a checker that breaks (TypeError, ReferenceError) is a bug, not a verdict on the rule, and throws.
 */
function attempt(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    if (err instanceof RangeError) return `expression too complex to check (${err.message})`;
    if (err instanceof TypeError || err instanceof ReferenceError) throw err;
    return err instanceof Error ? err.message : String(err);
  }
}

function isValidUtf8(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function pos(p: SourcePosition): string {
  return `${p.line}:${p.column}`;
}

function toLabels(entries: LabelEntry[]): Labels {
  const out: Labels = {};
  // defineProperty, so a label named `__proto__` is a label and not the object's prototype.
  for (const e of entries)
    Object.defineProperty(out, e.name, {
      value: e.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

function toRuleSpec(r: RawRule): RuleSpec {
  const spec: RuleSpec = {
    expr: r.expr?.value ?? '',
    forMs: r.forMs,
    keepFiringForMs: r.keepFiringForMs,
    labels: toLabels(r.labels),
    annotations: toLabels(r.annotations),
    position: r.position,
  };
  if (r.alert?.value) spec.alert = r.alert.value;
  else if (r.record?.value) spec.record = r.record.value;
  return spec;
}
