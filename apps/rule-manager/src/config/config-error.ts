/** ConfigIssue is one problem in a config file, placed by line, column and field path. */
export interface ConfigIssue {
  file: string;
  /** 1-based; 0 when the problem is with the file as a whole. */
  line: number;
  /** 1-based; 0 when the problem is with the file as a whole. */
  col: number;
  /** Dotted field path, e.g. `remote_write[0].queue_config.capacity`; '' for the whole file. */
  path: string;
  message: string;
}

/** formatConfigIssue prints an issue as `file:line:col: path: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return `${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** ConfigError says a config file cannot be used; `errors` lists every problem found, in file order. */
export class ConfigError extends Error {
  constructor(readonly errors: ConfigIssue[]) {
    super(errors.map(formatConfigIssue).join('\n'));
    this.name = 'ConfigError';
  }
}
