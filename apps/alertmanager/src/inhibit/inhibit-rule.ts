import type { Matcher } from '@vigil/model';

/**
 * InhibitRule mutes target alerts while a firing source alert has the same values for every `equal` label
 * (a missing label counts as ""). Legacy `source_match`/`target_match(_re)` forms are converted to matchers by the
 * config loader before they get here.
 */
export interface InhibitRule {
  /** Optional name, for logs and the API. */
  name?: string;
  sourceMatchers: readonly Matcher[];
  targetMatchers: readonly Matcher[];
  equal: readonly string[];
}
