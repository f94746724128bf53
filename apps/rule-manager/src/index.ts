// The rule-manager service and its CLI commands (check rules, test rules).
export { runCheckRules } from './cli/check-rules';
export { runRuleManager } from './main';
export { buildRuleManagerService, loadRuleSet, RuleSetError, type RuleManagerService } from './app';
export type { RuleManagerOptions } from './options';
export { RemoteWriteClient, type WriteSample } from './remote-write';
