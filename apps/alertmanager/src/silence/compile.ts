import { newMatcher, type Matcher } from '@vigil/model';
import type { SilenceMatcher } from './silence';

/** compileMatcher turns a stored silence matcher into a model matcher (anchored regex); it throws on a bad regex. */
export function compileMatcher(m: SilenceMatcher): Matcher {
  return newMatcher(m.type, m.name, m.value);
}
