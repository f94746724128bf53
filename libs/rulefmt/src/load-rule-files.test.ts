import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRuleFileError } from './format';
import { loadRuleFiles } from './load-rule-files';
import type { ParseRuleFileOptions } from './parse-rule-file';

const testdata = fileURLToPath(new URL('../testdata', import.meta.url));
const noCheck: ParseRuleFileOptions = { checkExpr: () => undefined, checkTemplate: () => undefined };

describe('loadRuleFiles', () => {
  it('loads every file a glob matches, once, in order', async () => {
    const r = await loadRuleFiles(
      [join(testdata, 'glob', '*.rules.yml'), join(testdata, 'glob', 'a.rules.yml')],
      noCheck,
    );
    expect(r.errors).toEqual([]);
    expect(r.files).toEqual([join(testdata, 'glob', 'a.rules.yml'), join(testdata, 'glob', 'b.rules.yml')]);
    expect(r.groups.map((g) => [g.name, g.file, g.labels])).toEqual([
      ['a', join(testdata, 'glob', 'a.rules.yml'), {}],
      ['b', join(testdata, 'glob', 'b.rules.yml'), { team: 'storage' }],
    ]);
  });

  it('loads PrometheusRule manifests alongside rule files', async () => {
    const r = await loadRuleFiles([join(testdata, 'manifest.yaml')], noCheck);
    expect(r.errors).toEqual([]);
    expect(r.groups.map((g) => [g.name, g.rules.map((x) => x.alert)])).toEqual([['example', ['Down']]]);
  });

  it('ignores a glob that matches nothing', async () => {
    const r = await loadRuleFiles([join(testdata, 'glob', '*.json')], noCheck);
    expect(r).toEqual({ groups: [], errors: [], warnings: [], files: [] });
  });

  it('reports a missing file, a directory, a bad pattern and a bad file, and keeps the good groups', async () => {
    const missing = join(testdata, 'missing.yml');
    const dir = join(testdata, 'glob');
    const bad = join(testdata, 'bad.rules.yml');
    const r = await loadRuleFiles(
      [missing, dir, `${testdata}/[`, bad, join(testdata, 'glob', 'a.rules.yml')],
      noCheck,
    );
    expect(r.errors.map(formatRuleFileError)).toEqual([
      `${missing}: open ${missing}: no such file or directory`,
      `${dir}: read ${dir}: is a directory`,
      `${testdata}/[: error retrieving rule files for ${testdata}/[: syntax error in pattern`,
      `${bad}: 4:17: 5:16: group "bad", rule 1, "b": only one of 'record' and 'alert' must be set`,
    ]);
    expect(r.groups.map((g) => g.name)).toEqual(['a']);
  });
});
