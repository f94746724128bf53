// The real PromQL parser and template parser behind rule validation, configured as promtool configures them.
import { parseExpr } from '@vigil/promql';
import type { ParserOptions } from '@vigil/promql';
import { checkTemplate } from '@vigil/templating';
import type { ExprChecker, TemplateChecker } from './validate';

/** PROMTOOL_PARSER_OPTIONS are promtool's defaults: duration expressions on, other experiments off. */
export const PROMTOOL_PARSER_OPTIONS: Readonly<ParserOptions> = Object.freeze({ durationExpressions: true });

type FeatureOption =
  'experimentalFunctions' | 'extendedRangeSelectors' | 'binopFillModifiers' | 'durationExpressions';

// promtool's --enable-feature names for PromQL parser features.
const FEATURE_OPTIONS: Record<string, FeatureOption> = {
  'promql-experimental-functions': 'experimentalFunctions',
  'promql-extended-range-selectors': 'extendedRangeSelectors',
  'promql-binop-fill-modifiers': 'binopFillModifiers',
  'promql-duration-expr': 'durationExpressions',
};

/** UnknownFeatureError names an --enable-feature value promtool does not know. */
export class UnknownFeatureError extends Error {}

/** exprChecker returns a checker parsing PromQL with promtool's options plus the named `--enable-feature`s. */
export function exprChecker(features: string[] = []): ExprChecker {
  const options: ParserOptions = { ...PROMTOOL_PARSER_OPTIONS };
  for (const f of features) {
    const option = FEATURE_OPTIONS[f];
    if (option === undefined) throw new UnknownFeatureError(`unknown feature: ${f}`);
    options[option] = true;
  }
  return (expr) => {
    parseExpr(expr, options);
  };
}

/** defaultExprChecker parses PromQL as promtool does without feature flags. */
export const defaultExprChecker: ExprChecker = exprChecker();

/** defaultTemplateChecker parses alerting-rule templates as Prometheus does (Expander.ParseTest). */
export const defaultTemplateChecker: TemplateChecker = checkTemplate;
