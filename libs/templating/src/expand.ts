// Alerting-rule template expansion exactly as Prometheus's rules package does it.
import type { Labels, QueryFn } from '@vigil/model';
import { T, mapOf, structOf, type GoType } from './go/types';
import { Value, makeStruct, stringMap } from './go/value';
import { prometheusFunctions } from './prometheus/functions';
import { TemplateError } from './template/errors';
import { Template } from './template/template';

/** Data an alerting rule's label/annotation template sees. */
export interface AlertTemplateData {
  labels: Labels;
  value: number | string;
  externalLabels: Labels;
  externalURL: string;
}

/** Options for expanding alert templates: evaluation time, the query function and the external URL. */
export interface ExpandOptions {
  timestampMs: number;
  query?: QueryFn;
  externalURL: string;
  pathPrefix?: string;
  /** Aborts queries the template starts. */
  signal?: AbortSignal;
}

/** The variables Prometheus defines in front of every alert template. */
export const ALERT_TEMPLATE_DEFS =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

/** ALERT_DATA_TYPE is the anonymous struct Prometheus's AlertTemplateData returns. */
export const ALERT_DATA_TYPE: GoType = structOf([
  { name: 'Labels', type: mapOf(T.string, T.string) },
  { name: 'ExternalLabels', type: mapOf(T.string, T.string) },
  { name: 'ExternalURL', type: T.string },
  { name: 'Value', type: T.any },
]);

/** alertTemplateData builds the Go value alert templates execute against. */
export function alertTemplateData(data: AlertTemplateData): Value {
  const value = typeof data.value === 'number' ? Value.float(data.value) : Value.string(data.value);
  return makeStruct(ALERT_DATA_TYPE, [
    stringMap(data.labels),
    stringMap(data.externalLabels),
    Value.string(data.externalURL),
    Value.iface(value),
  ]);
}

/** alertTemplateName is the name Prometheus gives an alerting rule's templates: `__alert_<rule name>`. */
export function alertTemplateName(ruleName: string): string {
  return `__alert_${ruleName}`;
}

function newAlertTemplate(ruleName: string, opts: ExpandOptions): Template {
  return Template.create(alertTemplateName(ruleName))
    .funcs(prometheusFunctions(opts))
    .option('missingkey=zero');
}

/** ExpandError is a failed expansion, with Prometheus's message (`error executing template x: ...`). */
export class ExpandError extends Error {
  override name = 'ExpandError';
}

/**
 * expandTemplate is Prometheus's Expander.Expand: parses and executes `text` as template `name` with Prometheus's
 * functions and the given options (default `missingkey=zero`), throwing ExpandError with Prometheus's message.
 */
export async function expandTemplate(
  name: string,
  text: string,
  data: unknown,
  opts: ExpandOptions,
  options: string[] = ['missingkey=zero'],
): Promise<string> {
  const tmpl = Template.create(name)
    .funcs(prometheusFunctions(opts))
    .option(...options);
  try {
    tmpl.parse(text);
  } catch (e) {
    throw new ExpandError(`error parsing template ${name}: ${messageOf(e)}`);
  }
  try {
    return await tmpl.execute(data);
  } catch (e) {
    throw new ExpandError(`error executing template ${name}: ${messageOf(e)}`);
  }
}

/**
 * expandAlertTemplate renders one label or annotation template of the alerting rule `name` as Prometheus's rules
 * do: with `$labels`, `$externalLabels`, `$externalURL` and `$value` defined and missingkey=zero. On failure it
 * returns `<error expanding template: ...>` with Prometheus's message.
 */
export async function expandAlertTemplate(
  name: string,
  text: string,
  data: AlertTemplateData,
  opts: ExpandOptions,
): Promise<string> {
  try {
    return await expandTemplate(
      alertTemplateName(name),
      ALERT_TEMPLATE_DEFS + text,
      alertTemplateData(data),
      opts,
    );
  } catch (e) {
    return `<error expanding template: ${messageOf(e)}>`;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * checkTemplate parse-checks a template of the alerting rule `name` as `promtool check rules` does (Prometheus's
 * Expander.ParseTest with the same variable prefix); throws TemplateError with Go's message, e.g.
 * `template: __alert_Foo:1: function "humanise" not defined`.
 */
export function checkTemplate(name: string, text: string): void {
  const tmpl = newAlertTemplate(name, { timestampMs: 0, externalURL: '' });
  try {
    tmpl.parse(ALERT_TEMPLATE_DEFS + text);
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    throw new TemplateError(messageOf(e));
  }
}
