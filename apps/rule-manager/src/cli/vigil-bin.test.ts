// The vigil executable end to end: `vigil check rules` and `vigil test rules` are wired to their commands and
// exit as promtool does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fx = (name: string): string => `apps/rule-manager/testdata/check-rules/${name}`;
const unittestFx = (name: string): string => `apps/rule-manager/src/unittest/testdata/${name}`;

function vigil(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/vigil.mjs', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('node bin/vigil.mjs check rules', () => {
  it.each([
    ['a good file', [fx('alerts.good.yml')], 0],
    [
      'a bad file among good ones',
      [fx('alerts.good.yml'), fx('wrong-type.bad.yml'), fx('manifest.good.yaml')],
      1,
    ],
    ['duplicates without --lint-fatal', [fx('duplicates.good.yml')], 0],
    ['duplicates with --lint-fatal', ['--lint-fatal', fx('duplicates.good.yml')], 3],
    [
      'duplicates with --lint=none --lint-fatal',
      ['--lint=none', '--lint-fatal', fx('duplicates.good.yml')],
      0,
    ],
  ])(
    'exits as promtool does for %s',
    (_what, args, code) => {
      const r = vigil('check', 'rules', ...args);
      expect(r.code).toBe(code);
      expect(r.stdout).toContain(`Checking ${args[args.length - 1]}\n`);
    },
    60_000,
  );

  it('prints promtool-style output', () => {
    const r = vigil('check', 'rules', fx('record-and-alert.bad.yml'));
    expect(r.stdout).toBe(`Checking ${fx('record-and-alert.bad.yml')}\n`);
    expect(r.stderr).toBe(
      `  FAILED:\n${fx('record-and-alert.bad.yml')}: 4:17: 5:16: group "g", rule 1, "b": only one of 'record' and 'alert' must be set\n`,
    );
  }, 60_000);
});

describe('node bin/vigil.mjs test rules', () => {
  it.each([
    ['a failing file among passing ones', [unittestFx('passing.yml'), unittestFx('failing.yml')], 1],
    ['--run given twice', ['--run', 'nothing', '--run', 'far', unittestFx('fuzzy.yml')], 1],
  ])(
    'exits as promtool does for %s',
    (_what, args, code) => {
      const r = vigil('test', 'rules', ...args);
      expect(r.code).toBe(code);
      expect(r.stdout).toContain(`Unit Testing:  ${args[args.length - 1]}\n`);
    },
    60_000,
  );

  it('prints the diff with --diff', () => {
    const r = vigil('test', 'rules', '--diff', unittestFx('failing.yml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('        diff: [');
  }, 60_000);
});
