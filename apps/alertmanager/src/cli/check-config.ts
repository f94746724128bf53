// `vigil check config FILE...`: amtool check-config's output and exit status for Alertmanager config files.
// Beyond parsing, it does what the alertmanager does at start: load the `templates:` files (Handlebars) and build
// every receiver's notifiers, which compiles their templates, so a config that checks clean also starts.

import { existsSync } from 'node:fs';
import {
  ConfigError,
  formatIssue,
  loadAlertmanagerConfig,
  type AlertmanagerConfig,
  type ParseOptions,
} from '../config';
import { buildReceiverIntegrations, webhookFactory } from '../notify';
import { emailFactory } from '../notify/email';
import { slackFactory } from '../notify/slack';
import { TemplateError, loadTemplates } from '../templates';
import type { CommandIo } from './command-io';

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
      const problem = await checkStart(config);
      // amtool reports on templates only when the config names some; a receiver's own broken template is
      // reported either way.
      if (problem) {
        io.stdout(`  FAILED: ${problem}\n`);
        failed++;
      } else if (config.templates.length > 0) {
        io.stdout('  SUCCESS\n');
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

// Notifiers are only built, never used: the URL their links would carry does not matter here.
const CHECK_EXTERNAL_URL = 'http://localhost:9093';

// The alertmanager's start after parsing (see app.ts): template files are loaded (globs matching nothing are fine,
// as in Alertmanager's template.FromGlobs) and each receiver's notifiers are built, compiling their templates.
// Returns what would stop it, or undefined.
async function checkStart(config: AlertmanagerConfig): Promise<string | undefined> {
  try {
    const templates = await loadTemplates(config.templates);
    buildReceiverIntegrations(config.receivers, {
      webhook: webhookFactory({ externalUrl: CHECK_EXTERNAL_URL }),
      email: emailFactory({ externalUrl: CHECK_EXTERNAL_URL, templates }),
      slack: slackFactory({ externalUrl: CHECK_EXTERNAL_URL, templates }),
    });
    return undefined;
  } catch (err) {
    return err instanceof TemplateError ? `template: ${err.message}` : describeFailure(err);
  }
}
