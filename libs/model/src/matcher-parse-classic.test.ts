import { describe, expect, it } from 'vitest';
import { parseMatchersClassic } from './matcher-parse-classic';

type Row = [string, [string, string, string][]];

// [input, expected [operator, name, value] triples]
const valid: Row[] = [
  ['{}', []],
  ["{foo='}", [['=', 'foo', "'"]]],
  ['{foo=`}', [['=', 'foo', '`']]],
  ['{foo=\\"}', [['=', 'foo', '"']]],
  ['{foo=bar}', [['=', 'foo', 'bar']]],
  ['{foo="bar"}', [['=', 'foo', 'bar']]],
  ['{foo=~bar.*}', [['=~', 'foo', 'bar.*']]],
  ['{foo!~"bar.*"}', [['!~', 'foo', 'bar.*']]],
  [
    '{foo="bar",baz!~".*quux", derp="wat"}',
    [
      ['=', 'foo', 'bar'],
      ['!~', 'baz', '.*quux'],
      ['=', 'derp', 'wat'],
    ],
  ],
  ['{foo=""}', [['=', 'foo', '']]],
  [
    '{foo="bar,quux", job="job1"}',
    [
      ['=', 'foo', 'bar,quux'],
      ['=', 'job', 'job1'],
    ],
  ],
  [
    '{foo = "bar", dings != "bums", }',
    [
      ['=', 'foo', 'bar'],
      ['!=', 'dings', 'bums'],
    ],
  ],
  ['{quote="She said: \\"Hi, ladies!\\""}', [['=', 'quote', 'She said: "Hi, ladies!"']]],
  ['tricky=~~~', [['=~', 'tricky', '~~']]],
  ['trickier==\\\\=\\=\\"', [['=', 'trickier', '=\\=\\="']]],
  [
    'contains_quote != "\\"" , contains_comma !~ "foo,bar" , ',
    [
      ['!=', 'contains_quote', '"'],
      ['!~', 'contains_comma', 'foo,bar'],
    ],
  ],
  ['{foo=bar}}', [['=', 'foo', 'bar}']]],
  ['{foo=bar}},}', [['=', 'foo', 'bar}}']]],
  [
    '{foo=,bar=}}',
    [
      ['=', 'foo', ''],
      ['=', 'bar', '}'],
    ],
  ],
  ['{foo=bar\\t}', [['=', 'foo', 'bar\\t']]],
  ['{foo=bar\\n}', [['=', 'foo', 'bar\n']]],
  ['{foo=bar\\}', [['=', 'foo', 'bar\\']]],
  ['{foo=bar\\\\}', [['=', 'foo', 'bar\\']]],
  ['job=', [['=', 'job', '']]],
  ['{foo=', [['=', 'foo', '']]],
  ['{foo=}b', [['=', 'foo', '}b']]],
];

const invalid: [string, string][] = [
  [',', 'bad matcher format: '],
  ['{,}', 'bad matcher format: '],
  ['job="value', 'matcher value contains unescaped double quote: "value'],
  ['job=value"', 'matcher value contains unescaped double quote: value"'],
  ['contains_unescaped_quote = foo"bar', 'matcher value contains unescaped double quote: foo"bar'],
  ['{invalid-name = "valid label"}', 'bad matcher format: invalid-name = "valid label"'],
  ['{foo=~"invalid[regexp"}', 'error parsing regexp: missing closing ]: `[regexp)$`'],
  ['"foo=\\"bar"', 'bad matcher format: "foo=\\"bar"'],
  ['{{foo=', 'bad matcher format: {foo='],
];

describe('parseMatchersClassic', () => {
  it.each(valid)('parses %j', (input, expected) => {
    expect(parseMatchersClassic(input).map((m) => [m.type, m.name, m.value])).toEqual(expected);
  });

  it.each(invalid)('rejects %j', (input, message) => {
    expect(() => parseMatchersClassic(input)).toThrow(message);
  });
});
