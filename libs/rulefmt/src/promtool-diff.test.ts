import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestSpec, nameExpectation, ruleFileKind } from './promtool-diff';

const testdata = fileURLToPath(new URL('../testdata', import.meta.url));

describe('manifestSpec', () => {
  it('extracts the groups of a PrometheusRule as a rule file', () => {
    const text =
      'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: x}\nspec:\n  groups:\n    - name: g\n      rules: []\n';
    expect(manifestSpec(text)).toBe('groups:\n  - name: g\n    rules: []\n');
  });

  it('gives an empty document for a manifest without spec', () => {
    expect(manifestSpec('kind: PrometheusRule\n')).toBe('null\n');
  });
});

describe('ruleFileKind', () => {
  it.each([
    ['manifest.yaml', false, 'PrometheusRule'],
    ['bad.rules.yml', false, 'rules'],
    ['glob/broken.txt', false, undefined],
    ['glob/broken.txt', true, 'rules'],
    ['glob/sub', true, undefined],
    ['missing.yml', true, undefined],
  ])('%s (expect anyway: %s) is %s', (name, expectAnyway, want) => {
    expect(ruleFileKind(join(testdata, name), expectAnyway)).toBe(want);
  });
});

describe('nameExpectation', () => {
  it.each([
    ['x.good.yaml', 'pass'],
    ['x.good.yml', 'pass'],
    ['dir/x.bad.yaml', 'fail'],
    ['rules.yml', undefined],
  ])('%s promises %s', (name, want) => {
    expect(nameExpectation(name)).toBe(want);
  });
});
