// Go regexp (RE2) semantics through reReplaceAll/match. GO_VERIFIED's outputs, including error messages, were
// checked against Go (promtool 2.42) while writing them.
import { RegexpSyntaxError } from '@vigil/model';
import { describe, expect, it } from 'vitest';
import { renderAlert } from '../testing/render-alert';
import { GoRegexp } from './regexp';

const GO_VERIFIED: [string, string][] = [
  ['{{ reReplaceAll "(?i)HOST" "X" "host.Host.HOST" }}', 'X.X.X'],
  ['{{ reReplaceAll "(?i:h)ost" "X" "host.Host.HOST" }}', 'X.X.HOST'],
  ['{{ reReplaceAll "a(?i)b" "X" "ab aB Ab AB" }}', 'X X Ab AB'],
  ['{{ reReplaceAll "(?i)a(?-i)b" "X" "ab aB Ab AB" }}', 'X aB X AB'],
  ['{{ reReplaceAll "(?i)[a-c]+" "X" "xAbCdz" }}', 'xXdz'],
  ['{{ reReplaceAll "a.c" "X" "a\\nc abc a\\rc" }}', 'a\nc X X'],
  ['{{ reReplaceAll "(?s)a.c" "X" "a\\nc abc" }}', 'X X'],
  [
    '{{ reReplaceAll "^x" "Y" "x\\nx" }}|{{ reReplaceAll "(?m)^x" "Y" "x\\nx" }}|{{ reReplaceAll "(?m)x$" "Y" "x\\nx" }}|{{ reReplaceAll "x$" "Y" "x\\nx\\n" }}',
    'Y\nx|Y\nY|Y\nY|x\nx\n',
  ],
  [
    '{{ reReplaceAll "a+?" "X" "aaa" }}|{{ reReplaceAll "(?U)a+" "X" "aaa" }}|{{ reReplaceAll "(?U)a+?" "X" "aaa" }}',
    'XXX|XXX|X',
  ],
  ['{{ reReplaceAll "\\\\s+" "_" "a \\t\\u00a0b\\vc" }}', 'a_ b\u000bc'],
  [
    '{{ reReplaceAll "[[:alpha:]]+" "W" "ab12cd" }}|{{ reReplaceAll "[[:^digit:]]" "." "a1b2" }}|{{ reReplaceAll "[^[:space:]]" "x" "a b" }}',
    'W12W|.1.2|x x',
  ],
  [
    '{{ reReplaceAll "\\\\pL+" "L" "héllo wörld 42" }}|{{ reReplaceAll "\\\\p{Greek}" "G" "αβc" }}|{{ reReplaceAll "\\\\PN" "-" "a1b2" }}',
    'L L 42|GGc|-1-2',
  ],
  [
    '{{ reReplaceAll "\\\\d+" "#" "a12b٣" }}|{{ reReplaceAll "\\\\w+" "W" "héllo_1" }}|{{ reReplaceAll "\\\\bx\\\\b" "Y" "x xx x" }}',
    'a#b٣|WéW|Y xx Y',
  ],
  [
    '{{ reReplaceAll "[]a]" "X" "]a[" }}|{{ reReplaceAll "[a-]" "X" "a-b" }}|{{ reReplaceAll "[^]a]" "X" "]ab" }}',
    'XX[|XXb|]aX',
  ],
  [
    '{{ reReplaceAll "\\\\Q.*\\\\E" "X" "a.*b" }}|{{ reReplaceAll "\\\\x41\\\\x{42}\\\\103" "X" "ABC" }}|{{ reReplaceAll "\\\\-\\\\#\\\\:" "X" "-#:" }}',
    'aXb|X|X',
  ],
  [
    '{{ reReplaceAll "a{2}" "X" "aaaaa" }}|{{ reReplaceAll "a{2,}" "X" "aaaaa" }}|{{ reReplaceAll "a{1,2}" "X" "aaaaa" }}|{{ reReplaceAll "a{,2}" "X" "a{,2}" }}|{{ reReplaceAll "{" "X" "a{b" }}',
    'XXa|X|XXX|X|aXb',
  ],
  [
    '{{ reReplaceAll "(a)|(b)" "[$1|$2]" "abc" }}|{{ reReplaceAll "(?P<x>a)" "${x}${x}" "bab" }}|{{ reReplaceAll "(a)" "$10" "a" }}|{{ reReplaceAll "(a)" "${1}0" "a" }}|{{ reReplaceAll "(a)" "$" "a" }}|{{ reReplaceAll "(a)" "${" "a" }}|{{ reReplaceAll "(a)" "$-" "a" }}',
    '[a|][|b]c|baab||a0|$|${|$-',
  ],
  [
    '{{ reReplaceAll "" "-" "abc" }}|{{ reReplaceAll "x*" "-" "abc" }}|{{ reReplaceAll "b*" "-" "abbc" }}|{{ reReplaceAll "" "-" "" }}|{{ reReplaceAll "é*" "-" "aéb" }}',
    '-a-b-c-|-a-b-c-|-a-c-|-|-a-b-',
  ],
  [
    '{{ reReplaceAll "^" ">" "ab" }}|{{ reReplaceAll "$" "<" "ab" }}|{{ reReplaceAll "\\\\A|\\\\z" "|" "ab" }}|{{ reReplaceAll "\\\\B" "." "abc" }}',
    '>ab|ab<||ab||a.b.c',
  ],
  [
    '{{ reReplaceAll "(" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "(" "x" "y">: error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`>',
  ],
  [
    '{{ reReplaceAll "a)" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "a)" "x" "y">: error calling reReplaceAll: regexp: Compile(`a)`): error parsing regexp: unexpected ): `a)`>',
  ],
  [
    '{{ reReplaceAll "[a" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "[a" "x" "y">: error calling reReplaceAll: regexp: Compile(`[a`): error parsing regexp: missing closing ]: `[a`>',
  ],
  [
    '{{ reReplaceAll "a**" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "a**" "x" "y">: error calling reReplaceAll: regexp: Compile(`a**`): error parsing regexp: invalid nested repetition operator: `**`>',
  ],
  [
    '{{ reReplaceAll "*a" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "*a" "x" "y">: error calling reReplaceAll: regexp: Compile(`*a`): error parsing regexp: missing argument to repetition operator: `*`>',
  ],
  [
    '{{ reReplaceAll "a{1001}" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "a{1001}" "x" "y">: error calling reReplaceAll: regexp: Compile(`a{1001}`): error parsing regexp: invalid repeat count: `{1001}`>',
  ],
  [
    '{{ reReplaceAll "[z-a]" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "[z-a]" "x" "y">: error calling reReplaceAll: regexp: Compile(`[z-a]`): error parsing regexp: invalid character class range: `z-a`>',
  ],
  [
    '{{ reReplaceAll "\\\\8" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "\\\\8" "x" "y">: error calling reReplaceAll: regexp: Compile(`\\8`): error parsing regexp: invalid escape sequence: `\\8`>',
  ],
  [
    '{{ reReplaceAll "(?x)a" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "(?x)a" "x" "y">: error calling reReplaceAll: regexp: Compile(`(?x)a`): error parsing regexp: invalid or unsupported Perl syntax: `(?x`>',
  ],
  [
    '{{ reReplaceAll "(?P<a-b>x)" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "(?P<a-b>x)" "x" "y">: error calling reReplaceAll: regexp: Compile(`(?P<a-b>x)`): error parsing regexp: invalid named capture: `(?P<a-b>`>',
  ],
  [
    '{{ reReplaceAll "x\\\\" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "x\\\\" "x" "y">: error calling reReplaceAll: regexp: Compile(`x\\`): error parsing regexp: trailing backslash at end of expression: ``>',
  ],
  [
    '{{ reReplaceAll "\\\\p{Foo}" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "\\\\p{Foo}" "x" "y">: error calling reReplaceAll: regexp: Compile(`\\p{Foo}`): error parsing regexp: invalid character class range: `\\p{Foo}`>',
  ],
  [
    '{{ reReplaceAll "[[:foo:]]" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "[[:foo:]]" "x" "y">: error calling reReplaceAll: regexp: Compile(`[[:foo:]]`): error parsing regexp: invalid character class range: `[:foo:]`>',
  ],
  [
    '{{ reReplaceAll "a|*" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <reReplaceAll "a|*" "x" "y">: error calling reReplaceAll: regexp: Compile(`a|*`): error parsing regexp: missing argument to repetition operator: `*`>',
  ],
  [
    '{{ reReplaceAll "`" "x" "y" }}{{ reReplaceAll "(`" "x" "y" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:145: executing "__alert_T" at <reReplaceAll "(`" "x" "y">: error calling reReplaceAll: regexp: Compile("(`"): error parsing regexp: missing closing ): `(``>',
  ],
  [
    '{{ match "(" "x" }}',
    '<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing "__alert_T" at <match "(" "x">: error calling match: error parsing regexp: missing closing ): `(`>',
  ],
  [
    '{{ match "(?i)ß" "ẞ" }} {{ match "(?i)k" "\\u212a" }} {{ match "(?i)s" "ſ" }} {{ match "\\\\w" "ſ" }}',
    'true true true false',
  ],
  [
    '{{ match "^$" "" }} {{ match "a|" "b" }} {{ match "()" "" }} {{ match "x?" "" }} {{ match "[^a]" "\\n" }} {{ match "." "\\n" }}',
    'true true true true true false',
  ],
  [
    '{{ reReplaceAll "(a|ab)(c|bcd)(d*)" "[$1,$2,$3]" "abcd" }}|{{ reReplaceAll "(a*)*" "[$1]" "b" }}|{{ reReplaceAll "(a*)+" "[$1]" "aab" }}',
    '[a,bcd,]|[]b[]|[aa]b[]',
  ],
  [
    '{{ reReplaceAll "😀+" "x" "a😀😀b" }}|{{ reReplaceAll "." "x" "a😀" }}|{{ reReplaceAll "" "-" "😀" }}',
    'axb|xx|-😀-',
  ],
];

describe('regular expressions in templates (verified against Go)', () => {
  it.each(GO_VERIFIED)('%s', async (text, want) => {
    expect(await renderAlert(text)).toBe(want);
  });
});

// The translation itself (flags, classes, errors, unanchored matching) is tested beside it in @vigil/model
// (libs/model/src/regexp.test.ts); these cases cover what GoRegexp adds: submatches, names and expansion.
describe('GoRegexp', () => {
  it('expands a duplicated group name from the group that matched', () => {
    expect(GoRegexp.compile('(?P<n>a)|(?P<n>b)').replaceAllString('ab', '[${n}]')).toBe('[a][b]');
  });

  it('gives submatches and names', () => {
    const re = GoRegexp.compile('(?P<user>\\w+)@(\\w+)(x)?');
    expect(re.findStringSubmatch('me@host')).toEqual(['me@host', 'me', 'host', '']);
    expect(re.subexpNames).toEqual([undefined, 'user', undefined, undefined]);
  });

  it('matches unanchored and throws Go-compatible errors', () => {
    expect(GoRegexp.compile('b').matchString('abc')).toBe(true);
    expect(() => GoRegexp.compile('(?i')).toThrow(RegexpSyntaxError);
  });
});
