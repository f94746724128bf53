// `vigil test rules`: promtool's `test rules` over the same unit-test files, with the same output and exit
// codes (0 all passed, 1 anything failed or could not run).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { GlobPatternError, glob, hasGlobMeta } from '@vigil/rulefmt';
import { DEFAULT_EVALUATION_INTERVAL_MS } from '../rules';
import { runTestGroup } from './run-test-group';
import { parseTestFile, TestFileError, type UnitTestFile } from './test-file';

/** TestRulesOptions mirrors promtool's `test rules` flags. */
export interface TestRulesOptions {
  /** --run: only test groups whose name matches one of these regular expressions. */
  run?: string[];
  /** --diff: show alert mismatches as a coloured JSON diff. */
  diff?: boolean;
  /** --debug: timing per test group and a dump of all series. */
  debug?: boolean;
  /** --ignore-unknown-fields: accept unknown fields in the rule files. */
  ignoreUnknownFields?: boolean;
}

/** TestRulesIo is where the command writes: results to stdout, failures and warnings to stderr. */
export interface TestRulesIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** runTestRules runs every unit-test file, prints promtool's report and returns the exit code. */
export async function runTestRules(
  files: string[],
  opts: TestRulesOptions,
  io: TestRulesIo,
): Promise<number> {
  let run: RegExp | undefined;
  if (opts.run !== undefined && opts.run.length > 0) {
    try {
      run = new RegExp(opts.run.join('|'));
    } catch (err) {
      io.stderr(`error: --run: ${(err as Error).message}\n`);
      return 1;
    }
  }
  let failed = false;
  for (const file of files) {
    io.stdout(`Unit Testing:  ${file}\n`);
    const errs = await testFile(file, opts, run, io);
    if (errs.length > 0) {
      io.stderr('  FAILED:\n');
      for (const e of errs) {
        io.stderr(`${e}\n`);
        io.stdout('\n');
      }
      failed = true;
    } else {
      io.stdout('  SUCCESS\n');
    }
    io.stdout('\n');
  }
  return failed ? 1 : 0;
}

async function testFile(
  file: string,
  opts: TestRulesOptions,
  run: RegExp | undefined,
  io: TestRulesIo,
): Promise<string[]> {
  let unit: UnitTestFile;
  try {
    unit = parseTestFile(await readFile(file, 'utf8'));
  } catch (err) {
    if (err instanceof TestFileError) return [err.message];
    return [ioMessage(file, err)];
  }
  let ruleFiles: string[];
  try {
    ruleFiles = await resolveRuleFiles(dirname(file), unit.ruleFiles, io);
  } catch (err) {
    return [(err as Error).message];
  }
  const evaluationIntervalMs = unit.evaluationIntervalMs || DEFAULT_EVALUATION_INTERVAL_MS;
  const groupOrder = new Map<string, number>();
  for (const [i, name] of unit.groupEvalOrder.entries()) {
    if (groupOrder.has(name)) return [`group name repeated in evaluation order: ${name}`];
    groupOrder.set(name, i);
  }

  const errs: string[] = [];
  for (const [i, tg] of unit.tests.entries()) {
    if (run !== undefined && !run.test(tg.name)) continue;
    const testName = tg.name === '' ? `unnamed#${i}` : tg.name;
    const group = { ...tg, intervalMs: tg.intervalMs || evaluationIntervalMs };
    try {
      errs.push(
        ...(await runTestGroup(group, testName, {
          ruleFiles,
          evaluationIntervalMs,
          groupOrder,
          fuzzyCompare: unit.fuzzyCompare,
          ignoreUnknownFields: opts.ignoreUnknownFields ?? false,
          diff: opts.diff ?? false,
          debug: opts.debug ?? false,
          stderr: io.stderr,
        })),
      );
    } catch (err) {
      // A bug must not hide the other groups' results: report it as this group's failure.
      errs.push(`    internal error in test group ${testName}: ${(err as Error).message}`);
    }
  }
  return errs;
}

/**
 * resolveRuleFiles joins relative rule file paths to the test file's folder and expands globs, as promtool
 * does: a pattern matching nothing is only a warning.
 */
async function resolveRuleFiles(baseDir: string, patterns: string[], io: TestRulesIo): Promise<string[]> {
  const out: string[] = [];
  for (const p of patterns) {
    const path = p !== '' && !isAbsolute(p) ? join(baseDir, p) : p;
    let matches: string[];
    if (hasGlobMeta(path)) {
      try {
        matches = await glob(path);
      } catch (err) {
        if (err instanceof GlobPatternError) throw new Error('syntax error in pattern');
        throw err;
      }
    } else {
      matches = path !== '' && existsSync(path) ? [path] : [];
    }
    if (matches.length === 0) io.stderr(`  WARNING: no file match pattern ${path}\n`);
    out.push(...matches);
  }
  return out;
}

// Go's os.ReadFile wording, which promtool prints as the file's failure.
function ioMessage(path: string, err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return `open ${path}: no such file or directory`;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  if (code === 'EACCES') return `open ${path}: permission denied`;
  return `open ${path}: ${err instanceof Error ? err.message : String(err)}`;
}
