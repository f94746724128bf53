import type { RuleFileError } from './types';

/** formatRuleFileError prints an error as promtool does: `FILE: MESSAGE`. */
export function formatRuleFileError(e: RuleFileError): string {
  return `${e.file}: ${e.message}`;
}
