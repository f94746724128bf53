// Go's fmt as templates use it. GO_VERIFIED's outputs were checked against Go (promtool 2.42) while writing
// them; the direct tests exercise the Value-level API.
import { describe, expect, it } from 'vitest';
import { renderAlert } from '../testing/render-alert';
import { sprint, sprintf, sprintln } from './fmt';
import { T, mapOf, namedType, sliceOf, structOf } from './types';
import { Value, makeMap, makeSlice, makeStruct } from './value';

const GO_VERIFIED: [string, string][] = [
  ['{{ printf "%x %X %#v %b" 1.5 -2.25 1.0 8.0 }}', '0x1.8p+00 -0X1.2P+01 1 4503599627370496p-49'],
  [
    '{{ printf "%v %v %v %v %v %v" 1e-7 0.0001 0.00001 123456.0 1234567.0 1e20 }}',
    '1e-07 0.0001 1e-05 123456 1.234567e+06 1e+20',
  ],
  ['{{ printf "%v %v %v" 100000000000000000000.0 1e21 5e-324 }}', '1e+20 1e+21 5e-324'],
  [
    '{{ printf "%.3e %.0e %E %.10f %f" 1234.5678 15.0 0.000123 0.1 1e15 }}',
    '1.235e+03 2e+01 1.230000E-04 0.1000000000 1000000000000000.000000',
  ],
  [
    '{{ printf "%g %G %.3g %.1g %#g %#.3g" 100000.0 1e-10 0.0001234 0.05 1.0 2.0 }}',
    '100000 1E-10 0.000123 0.05 1.00000 2.00',
  ],
  [
    '{{ printf "%5.2f|%-8.3f|%+.1f|% .1f|%08.2f|%-08.2f|%+08.2f" 3.14159 2.5 1.25 1.25 -3.5 3.5 3.5 }}',
    ' 3.14|2.500   |+1.2| 1.2|-0003.50|3.50    |+0003.50',
  ],
  ['{{ printf "%.2f %.2f %.2f %.1f %.1f" 0.125 0.135 2.675 0.05 0.15 }}', '0.12 0.14 2.67 0.1 0.1'],
  ['{{ printf "%6.2f|%6.0f|%.0f|%.0f|%.0f" 1e-5 0.5 1.5 -0.5 -2.5 }}', '  0.00|     0|2|-0|-2'],
  [
    '{{ printf "%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%o|%O|%b|%#x|%#o|%#b" -42 42 42 -42 42 42 -255 255 8 8 5 -255 8 5 }}',
    '-42|   42|42   |-0042|+42| 42|-ff|FF|10|0o10|101|-0xff|010|0b101',
  ],
  [
    '{{ printf "%.3d|%8.3d|%c|%q|%U|%#U|%08.3d" 7 -7 9731 9731 9731 9731 7 }}',
    "007|    -007|☃|'☃'|U+2603|U+2603 '☃'|     007",
  ],
  [
    '{{ printf "%s|%10s|%-10s|%.2s|%q|%#q|%+q|%x|%X|% x|%#x" "héllo" "r" "l" "héllo" "a\\tb\\"c" "bq" "é" "hé" "hé" "ab" "ab" }}',
    'héllo|         r|l         |hé|"a\\tb\\"c"|`bq`|"\\u00e9"|68c3a9|68C3A9|61 62|0x6162',
  ],
  ['{{ printf "%t|%v|%5t|%s" false true true true }}', 'false|true| true|%!s(bool=true)'],
  [
    '{{ printf "%v|%+v|%d|%s" $labels $labels 1 2 }}',
    'map[__name__:up instance:host.example.com:9100 job:node]|map[__name__:up instance:host.example.com:9100 job:node]|1|%!s(int=2)',
  ],
  ['{{ printf "%v %v" nil (index $labels "x") }}', '<nil> '],
  [
    '{{ printf "%d %d" }}{{ printf "x" 1 "a" }}{{ printf "%!" }}',
    '%!d(MISSING) %!d(MISSING)x%!(EXTRA int=1, string=a)%!!(MISSING)',
  ],
  [
    '{{ printf "%[3]d %[1]d %d" 1 2 3 }}|{{ printf "%[5]d" 1 }}|{{ printf "%[x]d" 1 }}|{{ printf "%-*d|" 4 7 }}|{{ printf "%*d" -4 7 }}|{{ printf "%*d" "a" 7 }}',
    '3 1 2|%!d(BADINDEX)|%!d(BADINDEX)|7   ||7   |%!(BADWIDTH)7',
  ],
  ['{{ printf "%v %.2v %10.3v" 3.14159 3.14159 3.14159 }}', '3.14159 3.1       3.14'],
  ['{{ printf "%e %e %e" 0.0 -0.0 1e100 }}', '0.000000e+00 -0.000000e+00 1.000000e+100'],
  [
    '{{ printf "%v|%v|%v|%.1f|%5.1f|%-5v|%05v|%+v" (humanize "NaN") 1.5 -1.5 -1.0 -1.0 "x" 5 5 }}',
    'NaN|1.5|-1.5|-1.0| -1.0|x    |00005|5',
  ],
  ['{{ printf "%s %d" (args 1 2) 3 }}', 'map[arg0:%!s(int=1) arg1:%!s(int=2)] 3'],
  ['{{ printf "%5%|%-5%|%v%%" 1 }}', '%|%|1%'],
  ['{{ printf "%.3x %x %X" "hello" 3.5 "" }}', '68656c 0x1.cp+01 '],
  [
    '{{ print nil 1 nil "a" nil }}|{{ print "a" "b" 1 2 "c" }}|{{ print 1.0 2.5 true false }}',
    '<nil> 1 <nil>a<nil>|ab1 2c|1 2.5 true false',
  ],
  ['{{ println }}|{{ println 1 "a" nil }}', '\n|1 a <nil>\n'],
];

describe('printf, print and println (verified against Go)', () => {
  it.each(GO_VERIFIED)('%s', async (text, want) => {
    expect(await renderAlert(text)).toBe(want);
  });
});

describe('sprintf on Go values', () => {
  const s = Value.string;
  const f = Value.float;
  const i = Value.int;
  it.each([
    ['%v', [f(1234567.89)], '1.23456789e+06'],
    ['%v %v %v', [f(0.1), f(-0), f(100000)], '0.1 -0 100000'],
    ['%.4g', [f(1234567)], '1.235e+06'],
    ['%.4g|%.4g|%.4g', [f(0.0001234), f(12.345), f(123456)], '0.0001234|12.35|1.235e+05'],
    ['%d|%x|%q', [i(-7), i(255), i(65)], "-7|ff|'A'"],
    ['%s|%v|%d', [Value.INVALID, Value.INVALID, Value.INVALID], '%!s(<nil>)|<nil>|%!d(<nil>)'],
    ['%v', [makeSlice(sliceOf(T.string), [s('a'), s('b')])], '[a b]'],
    [
      '%v|%+v',
      [
        ...[0, 1].map(() =>
          makeStruct(
            structOf([
              { name: 'A', type: T.int },
              { name: 'B', type: T.string },
            ]),
            [i(1), s('x')],
          ),
        ),
      ],
      '{1 x}|{A:1 B:x}',
    ],
    ['%v', [Value.ptrTo(makeStruct(structOf([{ name: 'A', type: T.int }]), [i(1)]))], '&{1}'],
    [
      '%v',
      [
        makeMap(mapOf(T.int, T.bool), [
          [i(2), Value.bool(true)],
          [i(-1), Value.bool(false)],
        ]),
      ],
      'map[-1:false 2:true]',
    ],
    [
      '%#v|%#v|%#v',
      [s('a"b'), makeSlice(sliceOf(T.int), [i(1)]), Value.zero(sliceOf(T.int))],
      '"a\\"b"|[]int{1}|[]int(nil)',
    ],
    ['%v', [Value.iface(Value.INVALID)], '<nil>'],
  ] as [string, Value[], string][])('%s', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });

  it('uses String methods, but not for bad verbs', () => {
    const level = namedType('main.Level', { kind: 'int' });
    level.methods.set('String', {
      sig: { in: [], out: T.string, variadic: false, err: false },
      call: (r) => Value.string(`L${r.bigint()}`),
    });
    const v = Value.of(level, 3n);
    expect(sprintf('%v %s %d %x', [v, v, v, v])).toBe('L3 L3 3 4c33');
    expect(sprintf('%t', [v])).toBe('%!t(main.Level=3)');
    expect(sprint([makeSlice(sliceOf(level), [v])])).toBe('[L3]');
  });
});

describe('sprint and sprintln', () => {
  it.each([
    [[Value.int(1), Value.int(2)], '1 2'],
    [[Value.string('a'), Value.int(1), Value.string('b')], 'a1b'],
    [[Value.float(1.5), Value.bool(true)], '1.5 true'],
    [[], ''],
  ])('sprint %#', (args, want) => {
    expect(sprint(args)).toBe(want);
  });

  it('sprintln always separates and ends with a newline', () => {
    expect(sprintln([Value.string('a'), Value.string('b')])).toBe('a b\n');
  });
});
