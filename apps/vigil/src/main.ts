import { Command, CommanderError } from 'commander';
import { runCheckRules } from '@vigil/rule-manager';

/** CliIo is where the CLI writes, so tests can capture output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** main runs the vigil CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('vigil')
    .description('Vigil: a Prometheus-compatible alerting stack (rule-manager + alertmanager)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const check = program.command('check').description('check rule files and configuration for errors');
  check
    .command('rules')
    .description('check Prometheus rule files (or PrometheusRule manifests) as `promtool check rules` does')
    .argument('<files...>', 'rule files to check')
    .option('--lint <checks>', 'linting checks to apply: all, duplicate-rules, none', 'duplicate-rules')
    .option('--lint-fatal', 'make lint errors exit with exit code 3', false)
    .action(async (files: string[], opts: { lint: string; lintFatal: boolean }) => {
      exitCode = await runCheckRules(files, { lint: opts.lint, lintFatal: opts.lintFatal }, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return exitCode;
}
