import type { AlertTemplateData, ExpandOptions } from '@vigil/templating';

export type { AlertTemplateData, ExpandOptions };

/**
 * ExpandTemplateFn renders one label or annotation template; on failure it returns
 * `<error expanding template: …>` rather than throwing (`expandAlertTemplate` of `@vigil/templating`).
 */
export type ExpandTemplateFn = (
  /** The alerting rule's name (the expander names the template `__alert_<name>`). */
  ruleName: string,
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
