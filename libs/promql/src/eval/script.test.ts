import { describe, expect, it } from 'vitest';
import { expandSequence, parseScript, ScriptSyntaxError, type EvalCommand } from './script';

describe('expandSequence', () => {
  it.each([
    ['5', [5]],
    ['0+10x3', [0, 10, 20, 30]],
    ['1-2x2', [1, -1, -3]],
    ['7x2', [7, 7, 7]],
    ['_', [null]],
    ['_x3', [null, null, null]],
    ['stale', ['stale']],
    ['Inf', [Infinity]],
    ['-Inf', [-Infinity]],
    ['1e3+1e1x1', [1000, 1010]],
  ])('%s', (token, want) => {
    const got = expandSequence(token);
    expect(got).toEqual(want);
  });

  it('parses NaN', () => {
    expect(Number.isNaN(expandSequence('NaN')[0])).toBe(true);
  });
});

describe('parseScript', () => {
  const script = [
    'load 5m',
    '  foo{a="b"} 1 2 3',
    '  {"utf8.name", x="y"} 0+1x2',
    '',
    '# a comment',
    'eval instant at 10m foo',
    '  expect warn msg: something',
    '  foo{a="b"} 3',
    '',
    'eval range from 0 to 10m step 5m foo',
    '  foo{a="b"} 1 _ 3',
    '',
    'eval_fail instant at 0 bar',
    '  expected_fail_message boom',
    '',
    'eval instant at 1m 1',
    '  1',
    '',
    'eval_ordered instant at 0 sort(foo)',
    '',
    'clear',
  ].join('\n');
  const cmds = parseScript(script);

  it('reads load blocks with labels, quoted names and sequences', () => {
    expect(cmds[0]).toMatchObject({
      kind: 'load',
      intervalMs: 300_000,
      series: [
        { labels: { __name__: 'foo', a: 'b' }, values: [1, 2, 3] },
        { labels: { __name__: 'utf8.name', x: 'y' }, values: [0, 1, 2] },
      ],
    });
  });

  it.each([
    [
      1,
      { instant: true, atMs: 600_000, expr: 'foo', expectations: [{ kind: 'warn', message: 'something' }] },
    ],
    [2, { instant: false, startMs: 0, endMs: 600_000, stepMs: 300_000, series: [{ values: [1, null, 3] }] }],
    [3, { fail: true, expectations: [{ kind: 'fail', message: 'boom' }] }],
    [4, { scalar: 1, line: 16 }],
    [5, { ordered: true }],
  ])('eval command %d', (i, want) => {
    expect(cmds[i] as EvalCommand).toMatchObject(want);
  });

  it('reads clear', () => {
    expect(cmds[6]).toEqual({ kind: 'clear', line: 21 });
  });

  it.each([
    ['unknown command', 'frobnicate 1'],
    ['bad load interval', 'load x'],
    ['several values for an instant eval', 'eval instant at 0 foo\n  foo 1 2'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseScript(text)).toThrow(ScriptSyntaxError);
  });
});
