// The rule-manager service and its CLI commands (check rules, test rules).
export { runCheckRules } from './cli/check-rules';
