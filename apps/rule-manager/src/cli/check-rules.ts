// `vigil check rules`: promtool's `check rules`, same output, same exit codes (0 ok, 1 errors, 3 lint
// problems with --lint-fatal), over plain rule files and PrometheusRule manifests.
import { existsSync } from 'node:fs';
import {
  GlobPatternError,
  findDuplicateRules,
  formatDuplicateRules,
  formatRuleFileError,
  glob,
  hasGlobMeta,
  readRuleFile,
} from '@vigil/rulefmt';
import type { ParseRuleFileOptions, ParsedRuleFile } from '@vigil/rulefmt';

/** CheckRulesOptions mirrors promtool's `check rules` flags. */
export interface CheckRulesOptions {
  lint: string;
  lintFatal: boolean;
  /** promtool's --ignore-unknown-fields. */
  ignoreUnknownFields?: boolean;
  /** How rule files are parsed beyond the flags above (name validation, PromQL and template checkers). */
  parse?: ParseRuleFileOptions;
}

/** Output sinks for CLI commands. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const LINT_ALL = 'all';
const LINT_DUPLICATE_RULES = 'duplicate-rules';
const LINT_NONE = 'none';

/** runCheckRules checks rule files as `promtool check rules` does and returns the exit code. */
export async function runCheckRules(
  files: string[],
  opts: CheckRulesOptions,
  io: CommandIo,
): Promise<number> {
  const lintDuplicates = parseLintOption(opts.lint, io);
  const parseOpts: ParseRuleFileOptions = {
    ...opts.parse,
    ignoreUnknownFields: opts.ignoreUnknownFields ?? false,
  };
  let failed = false;
  let hasErrors = false;

  for (const file of await expandArgs(files, io)) {
    io.stdout(`Checking ${file}\n`);
    let parsed: ParsedRuleFile;
    try {
      parsed = await readRuleFile(file, parseOpts);
    } catch (err) {
      // A bug in a checker must not hide the other files' results: report it as this file's failure.
      failed = true;
      hasErrors = true;
      io.stderr(`  FAILED:\n${file}: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      continue;
    }
    for (const w of parsed.warnings) io.stderr(`  WARNING: ${formatRuleFileError(w)}\n`);
    if (parsed.errors.length > 0) {
      failed = true;
      hasErrors = true;
      io.stderr('  FAILED:\n');
      for (const e of parsed.errors) io.stderr(`${formatRuleFileError(e)}\n`);
      continue;
    }
    const dups = lintDuplicates ? findDuplicateRules(parsed.groups) : [];
    if (dups.length > 0) {
      failed = true;
      io.stderr(`  FAILED:\n${formatDuplicateRules(dups)}\n`);
    } else {
      const n = parsed.groups.reduce((sum, g) => sum + g.rules.length, 0);
      io.stdout(`  SUCCESS: ${n} rules found\n`);
    }
    io.stdout('\n');
  }

  if (failed && hasErrors) return 1;
  if (failed && opts.lintFatal) return 3;
  return 0;
}

function parseLintOption(value: string, io: CommandIo): boolean {
  let duplicates = false;
  if (value === '') return duplicates;
  for (const setting of value.split(',')) {
    if (setting === LINT_ALL || setting === LINT_DUPLICATE_RULES) duplicates = true;
    else if (setting !== LINT_NONE) io.stdout(`WARNING: unknown lint option: "${setting}"\n`);
  }
  return duplicates;
}

/**
 * expandArgs expands glob arguments the shell left alone (quoted, or on Windows); a path that exists as
 * written is taken literally, and a glob that matches nothing is checked as written so it fails visibly.
 */
async function expandArgs(args: string[], io: CommandIo): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    if (!hasGlobMeta(arg) || existsSync(arg)) {
      out.push(arg);
      continue;
    }
    try {
      const matches = await glob(arg);
      out.push(...(matches.length > 0 ? matches : [arg]));
    } catch (err) {
      if (!(err instanceof GlobPatternError)) throw err;
      io.stderr(`WARNING: ${arg}: ${err.message}\n`);
      out.push(arg);
    }
  }
  return out;
}
