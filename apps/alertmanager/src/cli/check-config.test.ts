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

  const found = (receivers: number, templates: number) =>
    `Found:\n - global config\n - route\n - 0 inhibit rules\n - ${receivers} receivers\n - ${templates} templates\n`;

  it('loads the templates and builds the receivers a valid config names, as the alertmanager does at start', async () => {
    const file = join(testdata, 'check-config/good-templates.yml');
    expect(await run([file])).toEqual({
      code: 0,
      stdout: `Checking '${file}'  SUCCESS\n${found(1, 1)}  SUCCESS\n\n`,
      stderr: '',
    });
  });

  it.each([
    [
      'a Handlebars syntax error in a template file',
      'bad-template.yml',
      2,
      `template: ${testdata}/templates-bad/broken.tmpl:3: each doesn't match inline near "{{#each alerts}}"`,
    ],
    [
      'an unknown helper in a template file',
      'check-config/unknown-helper.yml',
      1,
      `template: ${testdata}/check-config/templates-helper/team.title.tmpl:2: unknown helper "shout"`,
    ],
    [
      'a receiver field naming a partial no file defines',
      'check-config/unknown-partial.yml',
      1,
      'template: receiver "team" slack_configs[0].text:1: unknown partial "team.details"',
    ],
    [
      'a broken template in a receiver field, with no template files',
      'check-config/receiver-template.yml',
      0,
      'template: receiver "team" email_configs[0].html:3: syntax error: unexpected end of template (is a block left open?)',
    ],
    [
      'an integration Vigil cannot send through',
      'check-config/unsupported.yml',
      0,
      'receiver "pager": pagerduty_configs is not supported',
    ],
  ])('fails on %s, naming where it is', async (_name, config, templates, problem) => {
    const file = join(testdata, config);
    expect(await run([file])).toEqual({
      code: 1,
      stdout: `Checking '${file}'  SUCCESS\n${found(1, templates)}  FAILED: ${problem}\n\n`,
      stderr: 'vigil: error: failed to validate 1 file(s)\n',
    });
  });

  it('says when a template file is written in Go template syntax', async () => {
    const result = await run([join(testdata, 'check-config/go-template.yml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  FAILED: template: ${testdata}/check-config/templates-go/team.tmpl:1: syntax error: unexpected '.' or '/'`,
    );
    expect(result.stdout).toContain('Vigil notification templates are Handlebars, not Go templates');
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
