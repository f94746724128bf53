// The rule-manager service and its CLI commands (check rules, test rules).
export { runCheckRules } from './cli/check-rules';
export { runTestRules, type TestRulesOptions } from './unittest';
export { runRuleManager } from './main';
export { buildRuleManagerService, loadRuleSet, RuleSetError, type RuleManagerService } from './app';
export type { RuleManagerOptions } from './options';
export { RemoteWriteClient, type WriteSample } from './remote-write';
export { encodeWriteRequest, type WriteSeries } from './remote-write';
export { queryApi, type QueryApiOptions } from './api/query-api';
export { remoteWriteApi, newRemoteWriteCounters, type RemoteWriteApiOptions } from './api/remote-write-api';
