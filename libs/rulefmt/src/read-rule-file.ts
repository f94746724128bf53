import { readFile } from 'node:fs/promises';
import { parseRuleFile } from './parse-rule-file';
import type { ParseRuleFileOptions, ParsedRuleFile } from './parse-rule-file';

/** readRuleFile reads and validates a rule file from disk; unreadable files come back as errors, never thrown. */
export async function readRuleFile(path: string, opts: ParseRuleFileOptions = {}): Promise<ParsedRuleFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    return {
      file: path,
      format: 'rules',
      groups: [],
      errors: [{ file: path, message: ioMessage(path, err) }],
      warnings: [],
    };
  }
  return parseRuleFile(bytes, path, opts);
}

// Go's os.ReadFile wording (`open x: no such file or directory`), which promtool prints after the file name.
function ioMessage(path: string, err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
      return `open ${path}: no such file or directory`;
    case 'EISDIR':
      return `read ${path}: is a directory`;
    case 'EACCES':
      return `open ${path}: permission denied`;
    case 'ENOTDIR':
      return `open ${path}: not a directory`;
    default:
      return `open ${path}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
