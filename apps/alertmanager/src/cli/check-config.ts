// `vigil check config FILE...`: amtool check-config's output and exit status for Alertmanager config files.

import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  ConfigError,
  formatIssue,
  loadAlertmanagerConfig,
  type AlertmanagerConfig,
  type ParseOptions,
} from '../config';
import { checkTemplateSyntax } from '../config/template-syntax';
import type { CommandIo } from './command-io';
import { GlobPatternError, globFiles } from './file-glob';

export type { CommandIo } from './command-io';

/** runCheckConfig checks config files as `amtool check-config` does and resolves to the exit code (0 or 1). */
export async function runCheckConfig(
  files: string[],
  io: CommandIo,
  options: ParseOptions = {},
): Promise<number> {
  const args = files.length > 0 ? files : ['/dev/stdin'];
  if (files.length === 0 && process.stdin.isTTY) {
    io.stderr('vigil: error: Failed to read from standard input\n');
    return 1;
  }
  for (const f of files) {
    if (!existsSync(f)) {
      io.stderr(`vigil: error: path '${f}' does not exist\n`);
      return 1;
    }
  }
  let failed = 0;
  for (const file of args) {
    io.stdout(`Checking '${file}'`);
    let config: AlertmanagerConfig | undefined;
    try {
      config = await loadAlertmanagerConfig(file, options);
      io.stdout('  SUCCESS\n');
    } catch (err) {
      io.stdout(`  FAILED: ${describeFailure(err)}\n`);
      failed++;
    }
    if (config) {
      io.stdout('Found:\n - global config\n - route\n');
      io.stdout(` - ${config.inhibitRules.length} inhibit rules\n`);
      io.stdout(` - ${config.receivers.length} receivers\n`);
      io.stdout(` - ${config.templates.length} templates\n`);
      if (config.templates.length > 0) {
        const problem = checkTemplates(config.templates);
        if (problem) {
          io.stdout(`  FAILED: ${problem}\n`);
          failed++;
        } else {
          io.stdout('  SUCCESS\n');
        }
      }
    }
    io.stdout('\n');
  }
  if (failed > 0) {
    io.stderr(`vigil: error: failed to validate ${failed} file(s)\n`);
    return 1;
  }
  return 0;
}

function describeFailure(err: unknown): string {
  if (err instanceof ConfigError) {
    const lines = err.issues.map(formatIssue);
    return lines.length === 1
      ? (lines[0] as string)
      : `${lines.length} errors:\n${lines.map((l) => `  ${l}`).join('\n')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

// Like Alertmanager's template.FromGlobs: globs matching nothing are fine; every matched file must parse.
function checkTemplates(globs: readonly string[]): string | undefined {
  for (const pattern of globs) {
    let paths: string[];
    try {
      paths = globFiles(pattern);
    } catch (err) {
      if (err instanceof GlobPatternError) return err.message;
      throw err;
    }
    for (const path of paths) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        return `open ${path}: ${(err as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : (err as Error).message}`;
      }
      const problem = checkTemplateSyntax(text, basename(path));
      if (problem) return `template: ${problem}`;
    }
  }
  return undefined;
}
