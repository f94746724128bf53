// Loads the rule files a configuration names (`rule_files` globs), all-or-nothing friendly: every
// group that read cleanly plus every error, so a caller can refuse a reload when errors is not empty.
import { GlobPatternError, glob, hasGlobMeta } from './glob';
import type { ParseRuleFileOptions } from './parse-rule-file';
import { readRuleFile } from './read-rule-file';
import type { RuleFileError, RuleGroupSpec } from './types';

/** LoadedRuleFiles is every group read from a set of rule file patterns, and what went wrong. */
export interface LoadedRuleFiles {
  groups: RuleGroupSpec[];
  errors: RuleFileError[];
  warnings: RuleFileError[];
  /** The files the patterns expanded to, in load order. */
  files: string[];
}

/**
 * loadRuleFiles expands globs as Prometheus does (filepath.Glob: a glob matching nothing is fine) and reads
 * each file once. Unlike Prometheus, a literal path that does not exist is an error rather than ignored.
 */
export async function loadRuleFiles(
  patterns: string[],
  opts: ParseRuleFileOptions = {},
): Promise<LoadedRuleFiles> {
  const out: LoadedRuleFiles = { groups: [], errors: [], warnings: [], files: [] };
  const seen = new Set<string>();
  for (const pattern of patterns) {
    let files: string[];
    try {
      files = hasGlobMeta(pattern) ? await glob(pattern) : [pattern];
    } catch (err) {
      if (!(err instanceof GlobPatternError)) throw err;
      out.errors.push({
        file: pattern,
        message: `error retrieving rule files for ${pattern}: ${err.message}`,
      });
      continue;
    }
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      out.files.push(file);
      const parsed = await readRuleFile(file, opts);
      out.groups.push(...parsed.groups);
      out.errors.push(...parsed.errors);
      out.warnings.push(...parsed.warnings);
    }
  }
  return out;
}
