// `vigil test rules`: promtool's rule unit tests (input series, alert and PromQL checks) run on Vigil's engine.
export { runTestRules, type TestRulesIo, type TestRulesOptions } from './run-test-rules';
export { runTestGroup, type TestGroupSettings } from './run-test-group';
export { parseTestFile, TestFileError, type TestGroup, type UnitTestFile } from './test-file';
