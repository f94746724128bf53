import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { globToRegExp, parseTargetGroupsFile } from './file-sd';
import { ScrapeManager } from './scrape-manager';
import { SYSTEM_CLOCK } from './scrape-loop';
import { job, MemoryAppendable, waitFor } from './test-helpers';

let dir: string;
let manager: ScrapeManager;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-file-sd-'));
  manager = new ScrapeManager({ appendable: new MemoryAppendable(), clock: SYSTEM_CLOCK });
});

afterEach(async () => {
  await manager.stop();
  rmSync(dir, { recursive: true, force: true });
});

const instances = () =>
  manager
    .activeTargets()
    .map((t) => t.labels['instance'])
    .sort();

describe('file_sd_configs', () => {
  it('reads JSON and YAML files matched by a glob and follows changes', async () => {
    writeFileSync(join(dir, 'a.json'), JSON.stringify([{ targets: ['a:1', 'a:2'], labels: { team: 'x' } }]));
    writeFileSync(join(dir, 'b.yml'), '- targets: ["b:1"]\n');
    writeFileSync(join(dir, 'ignored.txt'), 'nothing');
    await manager.applyConfig([
      job({
        jobName: 'files',
        scrapeIntervalMs: 3_600_000,
        fileSdConfigs: [{ files: [join(dir, '*.json'), join(dir, '*.yml')], refreshIntervalMs: 300_000 }],
      }),
    ]);
    expect(instances()).toEqual(['a:1', 'a:2', 'b:1']);
    const a1 = manager.activeTargets().find((t) => t.labels['instance'] === 'a:1');
    expect(a1?.labels).toEqual({ instance: 'a:1', job: 'files', team: 'x' });
    expect(a1?.discoveredLabels['__meta_filepath']).toBe(join(dir, 'a.json'));

    writeFileSync(join(dir, 'a.json'), JSON.stringify([{ targets: ['a:3'] }]));
    await waitFor(() => instances().join() === 'a:3,b:1');

    // A broken file keeps its previous targets.
    writeFileSync(join(dir, 'b.yml'), '- targets: [b:1\n');
    writeFileSync(join(dir, 'c.json'), JSON.stringify([{ targets: ['c:1'] }]));
    await waitFor(() => instances().join() === 'a:3,b:1,c:1');

    rmSync(join(dir, 'c.json'));
    await waitFor(() => instances().join() === 'a:3,b:1');
  });

  it('re-reads on refresh_interval even without file events', async () => {
    await manager.applyConfig([
      job({ jobName: 'f', fileSdConfigs: [{ files: [join(dir, 'sub', '*.json')], refreshIntervalMs: 100 }] }),
    ]);
    expect(instances()).toEqual([]);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 't.json'), JSON.stringify([{ targets: ['late:1'] }]));
    await waitFor(() => instances().join() === 'late:1');
  });

  it.each([
    ['[{"targets": "a:1"}]', 'targets must be a list of strings'],
    ['[{"targets": ["a/b"]}]', '"a/b" is not a valid hostname'],
    ['{"targets": []}', 'expected a list of target groups'],
    ['[{"targets": [], "labels": {"a": 1}}]', 'label a must be a string'],
  ])('rejects %s', (text, message) => {
    expect(() => parseTargetGroupsFile('/x/t.json', text)).toThrow(message);
  });

  it.each([
    ['*.json', 'a.json', true],
    ['*.json', 'a.yml', false],
    ['tg_?.yml', 'tg_1.yml', true],
    ['tg_[0-9].yml', 'tg_a.yml', false],
  ])('glob %s matches %s: %s', (pattern, name, want) => {
    expect(globToRegExp(pattern).test(name)).toBe(want);
  });
});
