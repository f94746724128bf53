import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { almostEqual, runScript } from './script-runner';

describe('runScript', () => {
  const results = runScript(readFileSync(new URL('./testdata/basic.test', import.meta.url), 'utf8'));

  it('runs every eval case and reports which pass', () => {
    expect(results.map((r) => [r.line, r.passed])).toEqual([
      [7, true],
      [10, true],
      [13, true],
      [16, true],
      [19, true],
      [23, false],
    ]);
  });

  it('says why a case fails', () => {
    expect(results[5]?.message).toMatch(/expected 3, got 2/);
  });
});

describe('almostEqual', () => {
  it.each([
    [1, 1 + 1e-9, true],
    [1, 1.001, false],
    [NaN, NaN, true],
    [0, 1e-300, false],
    [Infinity, Infinity, true],
  ])('%d ~ %d: %s', (a, b, want) => {
    expect(almostEqual(a, b)).toBe(want);
  });
});

describe('runScript with native histograms', () => {
  const results = runScript(readFileSync(new URL('./testdata/histograms.test', import.meta.url), 'utf8'));

  it('loads, evaluates and compares histogram samples and their annotations', () => {
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results).toHaveLength(7);
  });
});

describe('runScript with experimental functions and modifiers', () => {
  const results = runScript(readFileSync(new URL('./testdata/extensions.test', import.meta.url), 'utf8'));

  it('evaluates info(), anchored and smoothed selectors, limit_ratio and start timestamps', () => {
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results).toHaveLength(9);
  });
});
