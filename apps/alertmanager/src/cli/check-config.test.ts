import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheckConfig } from './check-config';

const testdata = join(import.meta.dirname, 'testdata');

async function run(files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCheckConfig(files, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('runCheckConfig', () => {
  it('prints what amtool check-config prints for a good file', async () => {
    const file = join(testdata, 'routing.yml');
    expect(await run([file])).toEqual({
      code: 0,
      stdout: `Checking '${file}'  SUCCESS\nFound:\n - global config\n - route\n - 0 inhibit rules\n - 5 receivers\n - 0 templates\n\n`,
      stderr: '',
    });
  });

  it('lists every problem of a bad file and exits 1', async () => {
    const file = join(testdata, 'bad.yml');
    const result = await run([file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `Checking '${file}'  FAILED: 2 errors:\n` +
        '  line 2: route.receiver: undefined receiver "missing" used in route\n' +
        '  line 3: route.group_wait: not a valid duration string: "soon"\n\n',
    );
    expect(result.stderr).toBe('vigil: error: failed to validate 1 file(s)\n');
  });

  it('checks the templates a valid config names', async () => {
    const file = join(testdata, 'bad-template.yml');
    const result = await run([file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `Checking '${file}'  SUCCESS\nFound:\n - global config\n - route\n - 0 inhibit rules\n - 1 receivers\n - 2 templates\n` +
        '  FAILED: template: broken.tmpl:2: unexpected EOF\n\n',
    );
  });

  it('checks every file and counts the failures', async () => {
    const result = await run([
      join(testdata, 'bad.yml'),
      join(testdata, 'routing.yml'),
      join(testdata, 'bad-template.yml'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/^Checking/gm)).toHaveLength(3);
    expect(result.stderr).toBe('vigil: error: failed to validate 2 file(s)\n');
  });

  it('refuses a missing file before checking anything', async () => {
    const result = await run([join(testdata, 'routing.yml'), '/no/such/file.yml']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "vigil: error: path '/no/such/file.yml' does not exist\n",
    });
  });
});
