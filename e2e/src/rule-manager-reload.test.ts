// Reloads of the rule-manager: all or nothing, by POST /-/reload and by the opt-in file watch; a broken or
// deleted rule file keeps the running rules and says why.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_PROMETHEUS, startPrometheus, startVigil, type Started } from './support/processes';
import { getRuleGroups } from './support/prometheus-api';

const REDIS_URL = process.env['VIGIL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const rules = (names: string[]) =>
  `groups:\n  - name: reload\n    interval: 1s\n    rules:\n` +
  names.map((n) => `      - record: ${n}\n        expr: vector(1)\n`).join('');

const ruleNames = async (url: string) =>
  (await getRuleGroups(url)).flatMap((g) => g.rules.map((r) => r.name));

describe.skipIf(!HAVE_PROMETHEUS)('rule-manager reloads (needs /usr/bin/prometheus)', () => {
  let prom: Started;
  let vigil: Started;
  let dir: string;

  beforeAll(async () => {
    prom = await startPrometheus('global:\n  scrape_interval: 1m\n');
    dir = mkdtempSync(join(tmpdir(), 'vigil-reload-'));
    writeFileSync(join(dir, 'rules.yml'), rules(['first:rule']));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global:\n  evaluation_interval: 1s\nrule_files: ['rules.yml']\n`,
    );
    const port = await freePort();
    vigil = await startVigil(
      [
        'rule-manager',
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--datasource.url=${prom.url}`,
        `--redis.url=${REDIS_URL}`,
        `--queue.name=vigil-e2e-${randomUUID()}`,
        '--rules.watch',
        '--log.level=error',
      ],
      port,
    );
  });

  afterAll(async () => {
    await vigil?.stop();
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('picks up an edited rule file by itself (--rules.watch)', async () => {
    writeFileSync(join(dir, 'rules.yml'), rules(['first:rule', 'second:rule']));
    await waitFor('the new rule after the file changed', async () =>
      (await ruleNames(vigil.url)).includes('second:rule') ? true : undefined,
    );
  });

  it('refuses an invalid rule file on POST /-/reload and keeps the running rules', async () => {
    writeFileSync(
      join(dir, 'rules.yml'),
      'groups:\n  - name: reload\n    rules:\n      - record: bad\n        expr: sum(\n',
    );
    const res = await fetch(`${vigil.url}/-/reload`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(
      /rules\.yml: 5:\d+: group "reload", rule 1, "bad": could not parse expression: 1:5: parse error: unclosed left parenthesis/,
    );
    await new Promise((r) => setTimeout(r, 1500)); // the watcher's reload is refused too
    expect(await ruleNames(vigil.url)).toEqual(['first:rule', 'second:rule']);
    const metrics = await (await fetch(`${vigil.url}/metrics`)).text();
    expect(metrics).toMatch(/^prometheus_config_last_reload_successful 0$/m);
  });

  it('keeps evaluating the running rules when the rule file is deleted', async () => {
    unlinkSync(join(dir, 'rules.yml'));
    const res = await fetch(`${vigil.url}/-/reload`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('rules.yml');
    const before = (await getRuleGroups(vigil.url))[0]?.lastEvaluation;
    await waitFor('another evaluation', async () =>
      (await getRuleGroups(vigil.url))[0]?.lastEvaluation !== before ? true : undefined,
    );
    expect(await ruleNames(vigil.url)).toEqual(['first:rule', 'second:rule']);
    expect(vigil.proc.exitCode).toBeNull();
  });
});
