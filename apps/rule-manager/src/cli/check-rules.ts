/** CheckRulesOptions mirrors promtool's `check rules` flags. */
export interface CheckRulesOptions {
  lint: string;
  lintFatal: boolean;
}

/** Output sinks for CLI commands. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** runCheckRules checks rule files as `promtool check rules` does and returns the exit code. */
export async function runCheckRules(
  files: string[],
  _opts: CheckRulesOptions,
  io: CommandIo,
): Promise<number> {
  io.stderr(`check rules is not implemented yet (${files.length} files)\n`);
  return 1;
}
