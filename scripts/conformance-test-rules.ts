// Differential run of `vigil test rules` against Debian's `promtool test rules` (2.42) over the YAML files of
// the corpus's prometheus/promtool/testdata (default ../shared/corpus): the unit-test files (unittest.yml,
// failing.yml, long-period.yml, bad-*-test.yml, rules_run*.yml, ...) and the other files there, which both
// tools must refuse alike as test files. Both run from the testdata folder with the file's relative name;
// exit status, stdout and stderr must be equal. Promtool lists the series of a "found duplicate series"
// error in random order, so those lists are sorted before comparing.
//
// rules_run_extrafields.yml is compared by exit status only (see EXIT_ONLY).
//
// Some cases use features newer than promtool 2.42; they are listed in NEWER below with the reason, and vigil
// is held to the outcome Prometheus's own tests expect (cmd/promtool/unittest_test.go) instead: the exit
// status, and for an expected pass also the plain SUCCESS report with nothing on stderr. What live promtool
// 2.42 answers for such a file is printed beside it, for the record, but not compared:
// - native histograms (unittest.yml: `{{...}}` input series, `histogram` in exp_samples, which 2.42 refuses as
//   an unknown field); the same file also relies on Prometheus 3 query semantics (left-open range selectors,
//   a sample exactly lookback-delta old no longer selected), so 2.42 fails it even with the histograms removed;
// - `start_timestamp` (start-time-test.yml), `fuzzy_compare` (rules_run_fuzzy.yml, rules_run_no_fuzzy.yml):
//   unknown fields to 2.42;
// - a test group without `interval` loading its series at `evaluation_interval` (no-test-group-interval.yml;
//   2.42 loads them at 0s spacing);
// - the flags `--run` and `--ignore-unknown-fields` (rules_run.yml, rules_run_fuzzy.yml,
//   rules_run_extrafields.yml), which 2.42's `test rules` lacks.
// Usage: npm run conformance:test-rules [-- <corpus-dir>]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTestRules, type TestRulesOptions } from '@vigil/rule-manager';

/**
 * Files where only the exit status is compared, with the reason the text differs on purpose.
 */
const EXIT_ONLY: Record<string, string> = {
  'rules_run_extrafields.yml':
    "the rule file's errors come from @vigil/rulefmt (as `vigil check rules`), which prints YAML positions " +
    'as `line 7:5:` where 2.42 prints `line 7:`',
};

/** Case is one run: a file and the flags of both tools. */
interface Case {
  file: string;
  flags: TestRulesOptions;
  /** Set for cases using features newer than promtool 2.42: the expected exit status and why. */
  newer?: { exitCode: number; reason: string };
}

/** Run is what one tool printed and returned. */
interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const NEWER: Case[] = [
  {
    file: 'unittest.yml',
    flags: {},
    newer: {
      exitCode: 0,
      reason:
        'native histograms (`{{...}}` input series, exp_samples `histogram`) and Prometheus 3 range/lookback ' +
        'semantics are newer than 2.42',
    },
  },
  {
    file: 'start-time-test.yml',
    flags: {},
    newer: { exitCode: 0, reason: '`start_timestamp` is newer than 2.42' },
  },
  {
    file: 'no-test-group-interval.yml',
    flags: {},
    newer: { exitCode: 0, reason: 'a group without `interval` loads at evaluation_interval since 2.43' },
  },
  {
    file: 'rules_run_no_fuzzy.yml',
    flags: {},
    newer: { exitCode: 1, reason: '`fuzzy_compare` is newer than 2.42' },
  },
  {
    file: 'rules_run_fuzzy.yml',
    flags: {},
    newer: { exitCode: 1, reason: '`fuzzy_compare` is newer than 2.42 (the "wrong" group fails)' },
  },
  {
    file: 'rules_run_fuzzy.yml',
    flags: { run: ['correct'] },
    newer: { exitCode: 0, reason: '`fuzzy_compare` and --run are newer than 2.42' },
  },
  {
    file: 'rules_run_fuzzy.yml',
    flags: { run: ['wrong'] },
    newer: { exitCode: 1, reason: '`fuzzy_compare` and --run are newer than 2.42' },
  },
  {
    file: 'rules_run.yml',
    flags: { run: ['correct'] },
    newer: { exitCode: 0, reason: '--run is newer than 2.42' },
  },
  {
    file: 'rules_run.yml',
    flags: { run: ['wrong'] },
    newer: { exitCode: 1, reason: '--run is newer than 2.42' },
  },
  {
    file: 'rules_run.yml',
    flags: { run: ['correct', 'wrong'] },
    newer: { exitCode: 1, reason: '--run is newer than 2.42' },
  },
  {
    file: 'rules_run_extrafields.yml',
    flags: { ignoreUnknownFields: true },
    newer: { exitCode: 0, reason: '--ignore-unknown-fields of `test rules` is newer than 2.42' },
  },
];

function flagsText(flags: TestRulesOptions): string {
  const parts = (flags.run ?? []).map((r) => `--run ${r}`);
  if (flags.ignoreUnknownFields) parts.push('--ignore-unknown-fields');
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

function promtool(dir: string, file: string): Run {
  const res = spawnSync('promtool', ['test', 'rules', file], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { exitCode: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

async function vigil(dir: string, file: string, flags: TestRulesOptions): Promise<Run> {
  const run: Run = { exitCode: 0, stdout: '', stderr: '' };
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    run.exitCode = await runTestRules([file], flags, {
      stdout: (t) => void (run.stdout += t),
      stderr: (t) => void (run.stderr += t),
    });
  } finally {
    process.chdir(cwd);
  }
  return run;
}

/** normalize sorts the series listed by "found duplicate series" errors, which promtool prints in random order. */
function normalize(text: string): string {
  return text.replace(/operation: \[(.*?)\];many-to-many/g, (_m, list: string) => {
    const items = list.split(/(?<=\}), (?=\{)/).sort();
    return `operation: [${items.join(', ')}];many-to-many`;
  });
}

/** successReport is what `test rules` prints on stdout when every test of the file passes. */
function successReport(file: string): string {
  return `Unit Testing:  ${file}\n  SUCCESS\n\n`;
}

/** summary is one line about a run: its exit status and the start of what it reported on stderr. */
function summary(run: Run): string {
  const lines = run.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'FAILED:');
  const text = lines.join(' | ');
  const shown = text.length > 160 ? `${text.slice(0, 157)}...` : text;
  return `exit ${run.exitCode}${shown === '' ? '' : `: ${shown}`}`;
}

function indent(text: string): string {
  return text.replace(/^/gm, '      ');
}

async function main(): Promise<number> {
  const corpus = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus'));
  const dir = join(corpus, 'prometheus', 'promtool', 'testdata');
  if (!existsSync(dir)) {
    console.log(`no corpus at ${dir}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const version = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.log('promtool is not installed');
    console.log('0 passed, 1 failed');
    return 1;
  }
  console.log(`promtool: ${(version.stdout || version.stderr).split('\n')[0] ?? ''}`);

  const newerFiles = new Set(NEWER.filter((c) => Object.keys(c.flags).length === 0).map((c) => c.file));
  const cases: Case[] = readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .filter((f) => !newerFiles.has(f))
    .map((file) => ({ file, flags: {} }));
  cases.push(...NEWER);

  let passed = 0;
  let failed = 0;
  for (const c of cases) {
    const name = `${c.file}${flagsText(c.flags)}`;
    const got = await vigil(dir, c.file, c.flags);
    if (c.newer) {
      // An expected pass must also print the plain report: a pass with warnings or errors is no pass.
      const clean = c.newer.exitCode !== 0 || (got.stderr === '' && got.stdout === successReport(c.file));
      const ok = got.exitCode === c.newer.exitCode && clean;
      console.log(
        `${ok ? 'match ' : 'differ'} ${name} (newer than 2.42: ${c.newer.reason}; expected exit ${c.newer.exitCode}, vigil ${got.exitCode})`,
      );
      if (Object.keys(c.flags).length === 0)
        console.log(`    promtool 2.42, not compared: ${summary(promtool(dir, c.file))}`);
      if (!ok) console.log(`    vigil output:\n${indent(got.stdout + got.stderr)}`);
      if (ok) passed++;
      else failed++;
      continue;
    }
    const want = promtool(dir, c.file);
    const problems: string[] = [];
    if (want.exitCode !== got.exitCode)
      problems.push(`exit status: promtool ${want.exitCode}, vigil ${got.exitCode}`);
    const exitOnly = EXIT_ONLY[c.file];
    if (exitOnly !== undefined) {
      console.log(
        `${problems.length === 0 ? 'match ' : 'differ'} ${name} (exit ${want.exitCode}; exit status only: ${exitOnly})`,
      );
      if (problems.length === 0) passed++;
      else failed++;
      continue;
    }
    if (normalize(want.stdout) !== normalize(got.stdout)) {
      problems.push(`stdout:\n    promtool:\n${indent(want.stdout)}\n    vigil:\n${indent(got.stdout)}`);
    }
    if (normalize(want.stderr) !== normalize(got.stderr)) {
      problems.push(`stderr:\n    promtool:\n${indent(want.stderr)}\n    vigil:\n${indent(got.stderr)}`);
    }
    console.log(`${problems.length === 0 ? 'match ' : 'differ'} ${name} (exit ${want.exitCode})`);
    for (const p of problems) console.log(`    ${p}`);
    if (problems.length === 0) passed++;
    else failed++;
  }
  const newer = cases.filter((c) => c.newer !== undefined).length;
  console.log(
    `(${cases.length - newer} cases compared with live promtool, ${newer} newer than 2.42 held to the outcome ` +
      "Prometheus's own tests expect)",
  );
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
