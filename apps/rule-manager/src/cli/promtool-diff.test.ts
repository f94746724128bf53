// The differential check of scripts/conformance-rules.ts, on this project's own fixtures: every file in
// testdata/check-rules gets the same verdict from `vigil check rules` as from Debian's promtool 2.42,
// except the files listed below, which use features newer than 2.42 and get the Prometheus 3 verdict.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareFile, formatOutcome, nameExpectation, promtoolVersion, ruleFileKind } from '@vigil/rulefmt';
import type { KnownDifference, ParseRuleFileOptions, Verdict } from '@vigil/rulefmt';
import { runCheckRules } from './check-rules';

/** vigilCheck is `vigil check rules FILE` with default flags, captured. */
async function vigilCheck(path: string, parse?: ParseRuleFileOptions): Promise<Verdict> {
  let output = '';
  const io = { stdout: (t: string) => void (output += t), stderr: (t: string) => void (output += t) };
  const exitCode = await runCheckRules([path], { lint: 'duplicate-rules', lintFatal: false, parse }, io);
  return { pass: exitCode === 0, exitCode, output };
}

const fixtures = fileURLToPath(new URL('../../testdata/check-rules', import.meta.url));
const files = readdirSync(fixtures)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  'query-offset.good.yml': { reason: 'query_offset is newer than 2.42 (Prometheus 2.53)', expect: 'pass' },
  'group-labels.good.yml': { reason: 'group labels are newer than 2.42 (Prometheus 3)', expect: 'pass' },
  'utf8-label.good.yml': { reason: 'UTF-8 label names are newer than 2.42 (Prometheus 3)', expect: 'pass' },
};

describe('fixtures', () => {
  it.each(files)('%s promises a verdict by its name', (name) => {
    expect(nameExpectation(name)).toBeDefined();
    expect(ruleFileKind(join(fixtures, name), true)).toBeDefined();
  });
});

const version = promtoolVersion();
const title = version
  ? `against ${version}`
  : 'against promtool (SKIPPED: promtool is not installed; apt-get install prometheus)';

describe.skipIf(!version)(title, () => {
  it.each(files)(
    '%s',
    async (name) => {
      const path = join(fixtures, name);
      const kind = ruleFileKind(path, true) ?? 'rules';
      const outcome = await compareFile(path, kind, vigilCheck, KNOWN_DIFFERENCES[name]);
      expect(outcome.ok, formatOutcome(outcome)).toBe(true);
      // The name's promise holds for vigil whatever promtool 2.42 thinks.
      expect(outcome.vigil.pass ? 'pass' : 'fail').toBe(nameExpectation(name));
    },
    60_000,
  );
});
