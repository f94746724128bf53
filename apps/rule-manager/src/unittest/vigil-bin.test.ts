// The vigil executable end to end: `vigil test rules` is wired to runTestRules with promtool's flags.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fx = (name: string): string => `apps/rule-manager/src/unittest/testdata/${name}`;

function vigil(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/vigil.mjs', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('node bin/vigil.mjs test rules', () => {
  it.each([
    ['a failing file among passing ones', [fx('passing.yml'), fx('failing.yml')], 1],
    ['--run given twice', ['--run', 'nothing', '--run', 'far', fx('fuzzy.yml')], 1],
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
    const r = vigil('test', 'rules', '--diff', fx('failing.yml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('        diff: [');
  }, 60_000);
});
