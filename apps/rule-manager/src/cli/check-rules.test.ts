import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheckRules } from './check-rules';
import type { CheckRulesOptions } from './check-rules';

const fixtures = fileURLToPath(new URL('../../testdata/check-rules', import.meta.url));
// Paths as a user types them, relative to the working directory, so the output reads like promtool's.
const fx = (name: string): string => relative(process.cwd(), join(fixtures, name));

async function check(files: string[], opts: Partial<CheckRulesOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCheckRules(
    files,
    { lint: 'duplicate-rules', lintFatal: false, ...opts },
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
  );
  return { code, stdout, stderr };
}

describe('runCheckRules', () => {
  it('prints SUCCESS with the rule count and exits 0', async () => {
    const f = fx('alerts.good.yml');
    expect(await check([f])).toEqual({
      code: 0,
      stdout: `Checking ${f}\n  SUCCESS: 2 rules found\n\n`,
      stderr: '',
    });
  });

  it('prints FAILED and each error with file and position, and exits 1', async () => {
    const f = fx('record-and-alert.bad.yml');
    expect(await check([f])).toEqual({
      code: 1,
      stdout: `Checking ${f}\n`,
      stderr: `  FAILED:\n${f}: 4:17: 5:16: group "g", rule 1, "b": only one of 'record' and 'alert' must be set\n`,
    });
  });

  it.each([
    [
      'unknown-field.bad.yml',
      'yaml: unmarshal errors:\n  line 6:9: field annotation not found in type rulefmt.Rule',
    ],
    [
      'wrong-type.bad.yml',
      'yaml: unmarshal errors:\n  line 3:12: cannot unmarshal !!int `5` into []rulefmt.Rule',
    ],
    ['bad-duration.bad.yml', '6:14: not a valid duration string: "5 minutes"'],
    ['tabs.bad.yml', 'yaml: line 2:1: tabs are not allowed as indentation'],
    ['duplicate-group.bad.yml', '3:5: groupname: "g" is repeated in the same file'],
    ['recording-with-for.bad.yml', `4:17: group "g", rule 1, "r": invalid field 'for' in recording rule`],
    ['name-label.bad.yml', '7:11: group "g", rule 1, "r": invalid label name: __name__'],
    [
      'top-level-list.bad.yml',
      'yaml: unmarshal errors:\n  line 1:1: cannot unmarshal !!seq into rulefmt.RuleGroups',
    ],
  ])('rejects %s', async (name, message) => {
    const f = fx(name);
    const r = await check([f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`  FAILED:\n${f}: ${message}\n`);
  });

  it('checks PrometheusRule manifests', async () => {
    const f = fx('manifest.good.yaml');
    expect(await check([f])).toMatchObject({
      code: 0,
      stdout: `Checking ${f}\n  SUCCESS: 1 rules found\n\n`,
    });
  });

  it('reports a missing file and a directory as promtool would read them', async () => {
    const r = await check(['no-such-file.yml', fixtures]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `  FAILED:\nno-such-file.yml: open no-such-file.yml: no such file or directory\n` +
        `  FAILED:\n${fixtures}: read ${fixtures}: is a directory\n`,
    );
  });

  it('reports a checker bug as that file failing and goes on with the others', async () => {
    const good = fx('alerts.good.yml');
    const empty = fx('empty.good.yml');
    const checkExpr = (): void => {
      throw new TypeError('boom is not a function');
    };
    const r = await check([good, empty], { parse: { checkExpr } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`  FAILED:\n${good}: internal error: boom is not a function\n`);
    expect(r.stdout).toBe(`Checking ${good}\nChecking ${empty}\n  SUCCESS: 0 rules found\n\n`);
  });

  describe('lint', () => {
    const dup = fx('duplicates.good.yml');
    const warning =
      '  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: job:up:sum\nLabel(s):\n' +
      'Might cause inconsistency while recording expressions\n';

    it.each([
      ['duplicate-rules', false, 0, warning],
      ['all', false, 0, warning],
      ['duplicate-rules', true, 3, warning],
      ['none', true, 0, ''],
      ['', true, 0, ''],
    ])('--lint=%j --lint-fatal=%s exits %d', async (lint, lintFatal, code, stderr) => {
      const r = await check([dup], { lint, lintFatal });
      expect(r).toMatchObject({ code, stderr });
      expect(r.stdout).toBe(stderr ? `Checking ${dup}\n\n` : `Checking ${dup}\n  SUCCESS: 2 rules found\n\n`);
    });

    it('warns about an unknown lint option', async () => {
      const r = await check([dup], { lint: 'none,bogus' });
      expect(r.stdout).toBe(
        `WARNING: unknown lint option: "bogus"\nChecking ${dup}\n  SUCCESS: 2 rules found\n\n`,
      );
    });

    it('prefers exit 1 over exit 3 when errors and lint problems mix', async () => {
      const r = await check([dup, fx('wrong-type.bad.yml'), dup], { lintFatal: true });
      expect(r.code).toBe(1);
      expect(r.stdout.match(/^Checking /gm)).toHaveLength(3);
    });
  });

  describe('many files at once (pre-commit)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-check-rules-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('checks every file and fails if any fails', async () => {
      const files: string[] = [];
      for (let i = 0; i < 30; i++) {
        const path = join(dir, `r${i}.yml`);
        const body =
          i === 17
            ? 'groups:\n  - name: g\n    rules: [1]\n'
            : `groups:\n  - name: g${i}\n    rules:\n      - record: r${i}\n        expr: "1"\n`;
        writeFileSync(path, body);
        files.push(path);
      }
      const r = await check(files);
      expect(r.code).toBe(1);
      expect(r.stdout.match(/SUCCESS: 1 rules found/g)).toHaveLength(29);
      expect(r.stderr).toBe(
        `  FAILED:\n${files[17]}: yaml: unmarshal errors:\n  line 3:13: cannot unmarshal !!int \`1\` into rulefmt.Rule\n`,
      );
    });

    it('expands a quoted glob itself', async () => {
      const r = await check([join(dir, 'r1*.yml')]);
      expect(r.stdout.match(/^Checking /gm)).toHaveLength(11);
      expect(r.code).toBe(1); // r17.yml is among them
    });

    it('warns about a second YAML document but still passes', async () => {
      const path = join(dir, 'multi.yml');
      writeFileSync(path, 'groups: []\n---\ngroups: []\n');
      expect(await check([path])).toEqual({
        code: 0,
        stdout: `Checking ${path}\n  SUCCESS: 0 rules found\n\n`,
        stderr: `  WARNING: ${path}: 2:1: Multiple document yaml rules files are not supported, only the first document is processed\n`,
      });
    });
  });
});
