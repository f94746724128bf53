// The shapes the HTTP API reads are the rule engine's own views (rules/rule-views.ts); this names them for the API.
import type { AlertView, AlertingRuleView, RecordingRuleView, RuleGroupView } from '../rules';
import type { RuleHealth } from '../rules';

export type { AlertView, RuleHealth };

/** RuleView is one rule as the HTTP API shows it. */
export type RuleView = AlertingRuleView | RecordingRuleView;

/** GroupView is one rule group as the HTTP API shows it. */
export type GroupView = RuleGroupView;

/** RulesRetriever is what the HTTP API reads: the rule manager's groups, in order. */
export interface RulesRetriever {
  ruleGroups(): GroupView[];
}
