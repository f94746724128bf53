import type { Labels, QueryFn } from '@vigil/model';

/** AlertTemplateData is what an alert's label and annotation templates see as `.`/`$labels`, `$value`, ... */
export interface AlertTemplateData {
  labels: Labels;
  value: number | string;
  externalLabels: Labels;
  externalURL: string;
}

/** ExpandOptions carries the evaluation time and the query function templates' `query` uses. */
export interface ExpandOptions {
  timestampMs: number;
  query?: QueryFn;
  externalURL: string;
}

/**
 * ExpandTemplateFn renders one label or annotation template; on failure it returns
 * `<error expanding template: …>` rather than throwing (`expandAlertTemplate` of `@vigil/templating`).
 */
export type ExpandTemplateFn = (
  name: string,
  text: string,
  data: AlertTemplateData,
  opts: ExpandOptions,
) => Promise<string>;

/** expandIfTemplated skips the template engine for text without actions, which renders to itself. */
export function expandIfTemplated(
  expand: ExpandTemplateFn,
  name: string,
  text: string,
  data: AlertTemplateData,
  opts: ExpandOptions,
): Promise<string> {
  return text.includes('{{') ? expand(name, text, data, opts) : Promise.resolve(text);
}
