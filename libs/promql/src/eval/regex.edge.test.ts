// Regex matchers end to end: RE2 syntax, whole-value anchoring, absent labels, Unicode. Expected results were read
// from Prometheus 2.42 on the same series, except where HEAD differs (dot matches newline; noted per case).
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage';
import { Engine } from './engine';

const T = 60_000;

/** Values of label s on series r (plus r{t="x"} and r{} without s). Empty values are absent labels in Prometheus. */
const VALUES = ['a', 'ab', 'b', 'A', 'a\nb', '9', '\u00e9', '\u00c9', '日本', '😀'];

function storage(): MemoryStorage {
  const s = new MemoryStorage();
  for (const v of VALUES) s.append({ __name__: 'r', s: v }, T, 1);
  s.append({ __name__: 'r', t: 'x' }, T, 1);
  s.append({ __name__: 'r' }, T, 1);
  for (const name of ['foo', 'foo_bar', 'xfoo', 'Foo']) s.append({ __name__: name }, T, 1);
  return s;
}

/** matched lists the selected series as `s` values (`-` for none) or names, sorted. */
function matched(engine: Engine, q: string): string[] {
  const v = engine.instantQuery(q, T).value;
  if (v.type !== 'vector') throw new Error(`unexpected ${v.type}`);
  return v.value
    .map((x) =>
      x.labels['__name__'] === 'r'
        ? (x.labels['s'] ?? (x.labels['t'] === undefined ? '-' : 't'))
        : (x.labels['__name__'] ?? ''),
    )
    .sort();
}

const sorted = (xs: string[]): string[] => [...xs].sort();
const WITH_S = VALUES;
const ALL = [...VALUES, 't', '-'];

describe('regex matchers', () => {
  const engine = new Engine(storage());
  it.each([
    // Anchoring: the regex must match the whole value.
    ['=~"a" does not match "ab"', 'r{s=~"a"}', ['a']],
    ['alternation is anchored as a whole', 'r{s=~"a|b"}', ['a', 'b']],
    ['either alternative may match', 'r{s=~"a|ab"}', ['a', 'ab']],
    ['explicit anchors change nothing', 'r{s=~"^a$"}', ['a']],
    ['a prefix needs .*', 'r{s=~"a.*"}', ['a', 'ab', 'a\nb']],
    ['capturing groups are fine', 'r{s=~"(a)(b)"}', ['ab']],
    // Empty and absent labels: an absent label has the value "".
    ['.* matches absent labels too', 'r{s=~".*"}', ALL],
    ['.+ needs a value', 'r{s=~".+"}', WITH_S],
    ['!~"" keeps series having the label', 'r{s!~""}', WITH_S],
    ['=~"" keeps series lacking it', 'r{s=~""}', ['t', '-']],
    ['!~".*" matches nothing', 'r{s!~".*"}', []],
    ['an empty alternative matches absent', 'r{t=~"x|"}', ALL],
    ['!= keeps series lacking the label', 'r{s!="a"}', ALL.filter((x) => x !== 'a')],
    // Dot and newline: Prometheus (model/labels/regexp.go) parses with syntax.DotNL, so . matches \n.
    // Prometheus 2.42 predates that and answers [] here.
    ['dot matches newline', 'r{s=~"a.b"}', ['a\nb']],
    ['(?-s) turns that off', 'r{s=~"(?-s)a.b"}', []],
    ['\\n in the regex', 'r{s=~"a\\\\nb"}', ['a\nb']],
    // Flags and classes.
    ['(?i)', 'r{s=~"(?i)a"}', ['A', 'a']],
    ['(?i) folds non-ASCII', 'r{s=~"(?i)\u00c9"}', ['\u00c9', '\u00e9']],
    ['\\d', 'r{s=~"\\\\d"}', ['9']],
    ['\\w is ASCII only', 'r{s=~"\\\\w+"}', ['9', 'A', 'a', 'ab', 'b']],
    ['[[:alpha:]] is ASCII only', 'r{s=~"[[:alpha:]]+"}', ['A', 'a', 'ab', 'b']],
    ['\\pL is Unicode letters', 'r{s=~"\\\\pL"}', ['A', 'a', 'b', '\u00c9', '\u00e9']],
    ['\\pL+', 'r{s=~"\\\\pL+"}', ['A', 'a', 'ab', 'b', '\u00c9', '\u00e9', '日本']],
    ['\\p{Lu}', 'r{s=~"\\\\p{Lu}"}', ['A', '\u00c9']],
    ['\\PL', 'r{s=~"\\\\PL"}', ['9', '😀']],
    // Unicode: . is one code point, also outside the BMP.
    ['. is one code point', 'r{s=~"."}', ['9', 'A', 'a', 'b', '\u00c9', '\u00e9', '😀']],
    ['literal non-ASCII', 'r{s=~"日."}', ['日本']],
    ['\\x{...} escapes', 'r{s=~"\\\\x{1F600}"}', ['😀']],
    ['negated class takes one code point', 'r{s=~"[^a]"}', ['9', 'A', 'b', '\u00c9', '\u00e9', '😀']],
    // Metric names.
    ['__name__ prefix', '{__name__=~"foo.*"}', ['foo', 'foo_bar']],
    ['__name__ suffix', '{__name__=~".*foo"}', ['foo', 'xfoo']],
    ['__name__ case-insensitive', '{__name__=~"(?i)foo"}', ['Foo', 'foo']],
    ['__name__ matchers combine', '{__name__=~"foo.*", __name__!~".*bar"}', ['foo']],
  ])('%s: %s', (_name, q, want) => {
    expect(matched(engine, q)).toEqual(sorted(want));
  });
});
