// `inhibit_rules` entries: new-style source/target matchers, the legacy `*_match` / `*_match_re` maps, and
// the `equal` label list. The loader also merges both styles into one matcher list per side.

import { isValidLabelNameForMode, newMatcher, sortMatchers, type Matcher } from '@vigil/model';
import { matcherList, type RegexpValue } from './kinds';
import { matchRegexps } from './route-config';
import { K, field, type StructSchema } from './schema';

/** InhibitRuleConfig is one `inhibit_rules` entry; sourceMatchers/targetMatchers include the legacy forms. */
export interface InhibitRuleConfig {
  name: string;
  sourceMatch?: Record<string, string>;
  sourceMatchRe?: Record<string, RegexpValue>;
  /** `source_matchers` as written. */
  sourceMatcherList?: Matcher[];
  targetMatch?: Record<string, string>;
  targetMatchRe?: Record<string, RegexpValue>;
  /** `target_matchers` as written. */
  targetMatcherList?: Matcher[];
  equal: string[];
  /** Every source condition as matchers: `source_match` (=), `source_match_re` (=~), `source_matchers`. */
  sourceMatchers: Matcher[];
  /** Every target condition as matchers, likewise. */
  targetMatchers: Matcher[];
}

const LEGACY_LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The `inhibit_rules` entry schema. */
export const inhibitRuleSchema: StructSchema = {
  goType: 'common.plain',
  fields: [
    field('name', 'name', K.string, { omitEmpty: true }),
    field('source_match', 'sourceMatch', K.stringMap, { omitEmpty: true }),
    field('source_match_re', 'sourceMatchRe', matchRegexps, { omitEmpty: true }),
    field('source_matchers', 'sourceMatcherList', matcherList, { omitEmpty: true }),
    field('target_match', 'targetMatch', K.stringMap, { omitEmpty: true }),
    field('target_match_re', 'targetMatchRe', matchRegexps, { omitEmpty: true }),
    field('target_matchers', 'targetMatcherList', matcherList, { omitEmpty: true }),
    field('equal', 'equal', K.strings, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    const r = o as unknown as InhibitRuleConfig;
    for (const name of [...Object.keys(r.sourceMatch ?? {}), ...Object.keys(r.targetMatch ?? {})]) {
      if (!LEGACY_LABEL_NAME_RE.test(name)) v.fail(`invalid label name ${JSON.stringify(name)}`);
    }
    for (const name of r.equal ?? []) {
      if (!isValidLabelNameForMode(name, v.options.matcherMode)) {
        v.fail(`invalid label name ${JSON.stringify(name)} in equal list`, 'equal');
      }
    }
  },
};

/** combineMatchers turns legacy equality and regex maps plus new-style matchers into one sorted list. */
export function combineMatchers(
  match: Record<string, string> | undefined,
  matchRe: Record<string, RegexpValue> | undefined,
  matchers: readonly Matcher[] | undefined,
): Matcher[] {
  const out: Matcher[] = [];
  for (const [name, value] of Object.entries(match ?? {})) out.push(newMatcher('=', name, value));
  // Alertmanager passes the compiled, already anchored pattern text, so legacy regexes print as ^(?:…)$.
  for (const [name, re] of Object.entries(matchRe ?? {}))
    out.push(newMatcher('=~', name, `^(?:${re.source})$`));
  out.push(...(matchers ?? []));
  return sortMatchers(out);
}

/** finishInhibitRule fills the combined matcher lists of a decoded rule. */
export function finishInhibitRule(r: InhibitRuleConfig): InhibitRuleConfig {
  r.equal = r.equal ?? [];
  r.sourceMatchers = combineMatchers(r.sourceMatch, r.sourceMatchRe, r.sourceMatcherList);
  r.targetMatchers = combineMatchers(r.targetMatch, r.targetMatchRe, r.targetMatcherList);
  return r;
}
