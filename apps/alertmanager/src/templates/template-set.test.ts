import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureData } from './test-fixtures';
import { TemplateError } from './template-error';
import { defaultTemplateSet, loadTemplates, partialsOfFile, templateSetOf } from './template-files';

const testdata = (glob: string): string => fileURLToPath(new URL(`./testdata/${glob}`, import.meta.url));
const data = fixtureData(
  [
    {
      labels: { alertname: 'Disk<Full>', service: 'api', note: `a&b "c" 'd' =e` },
      annotations: { runbook: 'http://rb' },
    },
  ],
  { groupLabels: { alertname: 'Disk<Full>' } },
);

describe('output flavors', () => {
  const set = defaultTemplateSet();
  it.each([
    [
      'html',
      '<b>{{commonLabels.note}}</b> {{commonLabels.alertname}}',
      `<b>a&amp;b &quot;c&quot; &#x27;d&#x27; &#x3D;e</b> Disk&lt;Full&gt;`,
    ],
    [
      'slack',
      '<b>{{commonLabels.note}}</b> {{commonLabels.alertname}}',
      `<b>a&amp;b "c" 'd' =e</b> Disk&lt;Full&gt;`,
    ],
    ['text', '<b>{{commonLabels.note}}</b> {{commonLabels.alertname}}', `<b>a&b "c" 'd' =e</b> Disk<Full>`],
    ['html', '{{{commonLabels.alertname}}}', 'Disk<Full>'],
    ['slack', '{{{commonLabels.alertname}}}', 'Disk<Full>'],
  ] as const)('%s: %s', (flavor, template, expected) => {
    expect(set.compile(template, flavor, 'test').render(data)).toBe(expected);
  });

  it('escapes inside partials by the flavor of the template that includes them', () => {
    expect(set.compile('{{> slack.default.title}}', 'slack', 'x').render(data)).toBe(
      '[FIRING:1] Disk&lt;Full&gt; (a&amp;b "c" \'d\' =e api)',
    );
    expect(set.compile('{{ template "slack.default.title" . }}', 'html', 'x').render(data)).toContain(
      'Disk&lt;Full&gt;',
    );
  });
});

describe('template files', () => {
  it('defines one partial per inline block, or one named after the file', () => {
    const defs = partialsOfFile('/t/team.slack.text.hbs', 'Hello {{receiver}}\n');
    expect(defs.map((d) => d.name)).toEqual(['team.slack.text']);
    const set = templateSetOf([{ path: '/t/team.slack.text.hbs', text: 'Hello {{receiverName}}\n' }]);
    // The file's trailing newline is not part of the partial.
    expect(set.compile('{{> team.slack.text}}|', 'text', 'x').render(data)).toBe('Hello team-api|');
  });

  it('loads files from the config’s globs; later definitions replace Vigil’s defaults', async () => {
    const set = await loadTemplates([testdata('good/*.hbs'), testdata('nothing-here/*.hbs')]);
    expect(set.partialNames()).toEqual(
      expect.arrayContaining(['team.title', 'team.footer', 'slack.default.title']),
    );
    expect(set.compile('{{ template "slack.default.title" . }}', 'text', 'x').render(data)).toBe(
      'Team: [FIRING] Disk<Full> on api',
    );
    expect(set.compile('{{> team.footer}}', 'text', 'x').render(data)).toBe('Runbook: http://rb');
  });

  it.each([
    [
      'a syntax error',
      'bad/broken.hbs',
      /bad\/broken\.hbs:3: each doesn't match inline near "\{\{#each alerts\}\}"$/,
    ],
    [
      'a reference to a missing partial',
      'bad/missing-partial.hbs',
      /bad\/missing-partial\.hbs:3: unknown partial "team\.nowhere"$/,
    ],
    [
      'text beside inline blocks',
      'stray/stray.hbs',
      /stray\/stray\.hbs:1: text outside \{\{#\*inline "name"\}\}/,
    ],
  ])('rejects %s at load, naming file and line', async (_name, glob, message) => {
    const load = loadTemplates([testdata(glob)]);
    await expect(load).rejects.toBeInstanceOf(TemplateError);
    await expect(load).rejects.toThrow(message);
  });

  it('names the file line of an unknown helper inside an inline block that starts further down', () => {
    const text = '{{!-- team templates --}}\n\n{{#*inline "team.title"}}\n{{nosuchhelper status}}\n{{/inline}}\n';
    expect(() => templateSetOf([{ path: '/t/team.hbs', text }])).toThrow(
      /team\.hbs:4: unknown helper "nosuchhelper"/,
    );
  });

  it('rejects a bad glob pattern', async () => {
    await expect(loadTemplates([testdata('[')])).rejects.toThrow('syntax error in pattern');
  });
});

describe('compiling a field', () => {
  const set = defaultTemplateSet();
  it.each([
    [
      '{{#if x}}',
      /^f:1: syntax error: unexpected end of template \(is a block left open\?\) near "\{\{#if x\}\}"$/,
    ],
    [
      'a\n{{/each}}',
      /^f:2: syntax error: unexpected '\{\{\/' \(a closing tag without its opening block\?\) near "\{\{\/each\}\}"$/,
    ],
    ['{{#each alerts}}{{/with}}', /^f:1: each doesn't match with/],
    [
      '{{ .CommonLabels.alertname }}',
      /^f:1: syntax error: unexpected '\.' or '\/' .*\(Vigil notification templates are Handlebars, not Go templates/,
    ],
    [
      '{{ range .Alerts }}x{{ end }}',
      /^f:1: "\{\{range\.Alerts\}\}" looks like Go template syntax \(Vigil notification templates are Handlebars/,
    ],
    ['{{if status "a" "b"}}{{#if x}}y{{else if z}}w{{/if}}', /^$/],
    ['ok\n\n{{upper status}}', /^f:3: unknown helper "upper"$/],
    ['{{#each alerts as |a|}}{{a status}}{{/each}}', /^$/],
    ['{{> nope}}', /^f:1: unknown partial "nope"$/],
    ['{{ template "nope" . }}', /^f:1: unknown partial "nope"$/],
    ['{{*decorate}}', /^f:1: unknown decorator "decorate"$/],
    ['{{#*inline "local"}}x{{/inline}}{{> local}}', /^$/],
  ])('%j', (text, message) => {
    const compile = (): unknown => set.compile(text, 'text', 'f');
    if (message.source === '^$') expect(compile).not.toThrow();
    else expect(compile).toThrow(message);
  });
});
