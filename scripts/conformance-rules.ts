// Differential run of `vigil check rules` against Debian's `promtool check rules` (2.42) over every rule
// file in the corpus (default ../shared/corpus): plain rule files and PrometheusRule manifests (promtool
// checks a manifest's extracted `spec`). Verdicts (pass/fail) must agree file by file, except where a
// feature newer than promtool 2.42 changes the verdict: those files are listed below with the reason, and
// vigil is held to the Prometheus 3 verdict (from rulefmt_test.go / main_test.go) instead.
// Usage: npm run conformance:rules [-- <corpus-dir>]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runCheckRules } from '@vigil/rule-manager';
import {
  compareFile,
  exprChecker,
  formatOutcome,
  nameExpectation,
  promtoolVersion,
  ruleFileKind,
} from '@vigil/rulefmt';
import type { KnownDifference, ParseRuleFileOptions, Verdict } from '@vigil/rulefmt';

const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  'prometheus/model/rulefmt/testdata/utf-8_lname.good.yaml': {
    reason:
      'UTF-8 label names (Prometheus 3.0): `ins-tance` is valid; promtool 2.42 only accepts legacy names',
    expect: 'pass',
  },
  'prometheus/model/rulefmt/testdata/utf-8_annotation.good.yaml': {
    reason:
      'UTF-8 annotation names (Prometheus 3.0): `ins-tance` is valid; promtool 2.42 only accepts legacy names',
    expect: 'pass',
  },
  'prometheus/model/rulefmt/testdata/legacy_validation_annotation.bad.yaml': {
    reason:
      'bad only under legacy name validation (rulefmt_test.go parses it with LegacyValidation); Prometheus 3 ' +
      'promtool validates UTF-8 names and accepts it. Checked here with legacy validation, as the test does',
    expect: 'fail',
    parse: { nameValidation: 'legacy' },
  },
  'prometheus/promtool/testdata/features.yml': {
    reason:
      'needs --enable-feature=promql-experimental-functions,promql-extended-range-selectors,promql-binop-fill-modifiers ' +
      '(sort_by_label, `anchored`, fill()), duration expressions (`[1m * 2]`) and UTF-8 record names, all newer ' +
      'than 2.42; main_test.go runs promtool with those flags and expects it to pass. Checked here with them',
    expect: 'pass',
    parse: {
      checkExpr: exprChecker([
        'promql-experimental-functions',
        'promql-extended-range-selectors',
        'promql-binop-fill-modifiers',
      ]),
    },
  },
};

/** vigilCheck is `vigil check rules FILE` with default flags, captured. */
async function vigilCheck(path: string, parse?: ParseRuleFileOptions): Promise<Verdict> {
  let output = '';
  const io = { stdout: (t: string) => void (output += t), stderr: (t: string) => void (output += t) };
  const exitCode = await runCheckRules([path], { lint: 'duplicate-rules', lintFatal: false, parse }, io);
  return { pass: exitCode === 0, exitCode, output };
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

async function main(): Promise<number> {
  const corpus = resolve(process.argv[2] ?? '../shared/corpus');
  if (!existsSync(corpus)) {
    console.log(`corpus not found at ${corpus}: nothing to compare`);
    console.log('0 passed, 0 failed');
    return 0;
  }
  const version = promtoolVersion();
  if (!version) {
    console.log('promtool not found on PATH: the differential run needs it (Debian package `prometheus`)');
    console.log('0 passed, 1 failed');
    return 1;
  }
  console.log(`reference: ${version}`);

  let passed = 0;
  let failed = 0;
  const seen = new Set<string>();
  for (const path of yamlFiles(corpus)) {
    const rel = relative(corpus, path);
    const kind = ruleFileKind(path, nameExpectation(path) !== undefined);
    if (!kind) continue;
    seen.add(rel);
    const known = KNOWN_DIFFERENCES[rel];
    const outcome = await compareFile(path, kind, vigilCheck, known);
    if (outcome.ok) passed++;
    else {
      failed++;
      process.stdout.write(formatOutcome({ ...outcome, file: rel }));
    }
  }
  for (const rel of Object.keys(KNOWN_DIFFERENCES)) {
    if (!seen.has(rel)) console.log(`note: known difference listed for ${rel}, which is not in the corpus`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
