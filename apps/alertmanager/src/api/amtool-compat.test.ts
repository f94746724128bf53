// Differential test: Debian's amtool 0.25 runs the same scenario against Vigil's API and against Debian's real
// Alertmanager 0.25, and must print the same things (silence IDs and times normalized).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, type ApiHarness } from './api-harness';

const AMTOOL = '/usr/bin/amtool';
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const CONFIG_FILE = new URL('./testdata/amtool-compat.yml', import.meta.url).pathname;
const HAS_AMTOOL = existsSync(AMTOOL);
const HAS_ALERTMANAGER = existsSync(ALERTMANAGER);
const MIN = 60_000;
const COMMAND_TIMEOUT_MS = 20_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** runAmtool runs amtool against a server with a clean HOME (no amtool.yml) and UTC dates; it is killed if stuck. */
function runAmtool(url: string, args: string[], home: string, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(AMTOOL, [`--alertmanager.url=${url}`, ...args], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, TZ: 'UTC' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // amtool reads stdin only for `silence import`; otherwise it may exit before the write lands.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

interface StepContext {
  /** Outputs of the steps run so far against this server, by step name. */
  out: Map<string, Run>;
  t0: number;
}

interface Step {
  name: string;
  args: (c: StepContext) => string[];
  input?: (c: StepContext) => string;
  /** Lines are compared as a set: Alertmanager's silence sort is not stable, so equal end times come in any order. */
  unordered?: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const firstLine = (s: string | undefined): string => (s ?? '').split('\n')[0] ?? '';

/** The scenario, in order; every step's output is compared between the two servers. */
const STEPS: Step[] = [
  {
    name: 'alert add (labels + annotations)',
    args: () => [
      'alert',
      'add',
      'alertname=DiskFull',
      'severity=critical',
      'instance=a',
      '--annotation=summary=disk full',
      '--annotation=runbook=http://runbooks/disk',
    ],
  },
  {
    name: 'alert add (implicit alertname; inhibited)',
    args: () => [
      'alert',
      'add',
      'DiskFull',
      'severity=warning',
      'instance=a',
      'team=a',
      '--annotation=summary=filling',
    ],
  },
  {
    name: 'alert add (generator URL)',
    args: () => [
      'alert',
      'add',
      'alertname=CPU',
      'severity=info',
      '--generator-url=http://prom:9090/graph?g0.expr=up',
    ],
  },
  {
    name: 'alert add (already ended)',
    args: (c) => [
      'alert',
      'add',
      'alertname=Gone',
      `--start=${iso(c.t0 - 10 * MIN)}`,
      `--end=${iso(c.t0 - 5 * MIN)}`,
    ],
  },
  { name: 'alert query', args: () => ['alert', 'query'] },
  { name: 'alert query alertname=DiskFull', args: () => ['alert', 'query', 'alertname=DiskFull'] },
  { name: 'alert query -i', args: () => ['alert', 'query', '-i'] },
  { name: 'alert query -a -i -o extended', args: () => ['alert', 'query', '-a', '-i', '-o', 'extended'] },
  { name: 'alert query -r team-a -i', args: () => ['alert', 'query', '-r', 'team-a', '-i'] },
  { name: 'alert query -a -i -o json', args: () => ['alert', 'query', '-a', '-i', '-o', 'json'] },
  {
    name: 'silence add (comment, author, duration)',
    args: () => ['silence', 'add', 'alertname=CPU', '--comment=cpu work', '--author=ops', '--duration=2h'],
  },
  {
    name: 'silence add (regex matcher)',
    args: () => ['silence', 'add', 'severity=~"warn.*"', 'instance=a', '-c', 'warn', '-a', 'me', '-d', '1h'],
  },
  { name: 'silence query', args: () => ['silence', 'query'] },
  { name: 'silence query -q', args: () => ['silence', 'query', '-q'] },
  { name: 'silence query alertname=CPU', args: () => ['silence', 'query', 'alertname=CPU'] },
  { name: 'silence query -o extended', args: () => ['silence', 'query', '-o', 'extended'] },
  { name: 'silence query -o json', args: () => ['silence', 'query', '-o', 'json'] },
  { name: 'alert query -s', args: () => ['alert', 'query', '-s'] },
  {
    name: 'alert query -a -s -i -o extended (silenced)',
    args: () => ['alert', 'query', '-a', '-s', '-i', '-o', 'extended'],
  },
  {
    name: 'silence expire',
    args: (c) => [
      'silence',
      'expire',
      firstLine(c.out.get('silence add (comment, author, duration)')?.stdout),
    ],
  },
  { name: 'silence query (after expire)', args: () => ['silence', 'query'] },
  { name: 'silence query --expired', args: () => ['silence', 'query', '--expired'] },
  {
    name: 'silence import (from query -o json)',
    args: () => ['silence', 'import', '-w', '1'],
    input: (c) => c.out.get('silence query -o json')?.stdout ?? '[]',
  },
  { name: 'silence query -o extended (after import)', args: () => ['silence', 'query', '-o', 'extended'] },
  { name: 'silence query --expired -q (after import)', args: () => ['silence', 'query', '--expired', '-q'] },
  {
    name: 'silence import --force',
    args: () => ['silence', 'import', '-f', '-w', '1'],
    input: (c) => c.out.get('silence query -o json')?.stdout ?? '[]',
  },
  { name: 'silence query -q (after forced import)', args: () => ['silence', 'query', '-q'], unordered: true },
  { name: 'cluster show', args: () => ['cluster', 'show'] },
];

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TABLE_TIME_RE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/g;
const JSON_TIME_RE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** Normalizer replaces silence IDs by their order of first appearance and times by minutes from the start. */
class Normalizer {
  private readonly ids = new Map<string, string>();
  constructor(private readonly t0: number) {}

  private relative(text: string, ms: number): string {
    const minutes = Math.round((ms - this.t0) / MIN);
    return `<t${minutes >= 0 ? '+' : ''}${minutes}m>`.padEnd(text.length);
  }

  text(s: string): string {
    return s
      .replace(UUID_RE, (id) => {
        let n = this.ids.get(id);
        if (n === undefined) {
          n = `<id-${this.ids.size + 1}>`.padEnd(id.length);
          this.ids.set(id, n);
        }
        return n;
      })
      .replace(TABLE_TIME_RE, (t) => this.relative(t, Date.parse(t.replace(' UTC', 'Z').replace(' ', 'T'))))
      .replace(JSON_TIME_RE, (t) => this.relative(t, Date.parse(t)));
  }

  run(r: Run): Run {
    // amtool warns on stderr when the server's version differs from its own; Vigil has its own version.
    const stderr = r.stderr
      .split('\n')
      .filter((l) => !l.startsWith('Warning: amtool version'))
      .join('\n');
    return { code: r.code, stdout: this.text(r.stdout), stderr: this.text(stderr) };
  }
}

async function runScenario(url: string, home: string): Promise<Map<string, Run>> {
  const c: StepContext = { out: new Map(), t0: Date.now() };
  const norm = new Normalizer(c.t0);
  const normalized = new Map<string, Run>();
  for (const step of STEPS) {
    const run = await runAmtool(url, step.args(c), home, step.input?.(c));
    c.out.set(step.name, run);
    const n = norm.run(run);
    if (step.unordered) n.stdout = n.stdout.split('\n').sort().join('\n');
    normalized.set(step.name, n);
  }
  return normalized;
}

async function startAlertmanager(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER,
    [
      `--config.file=${CONFIG_FILE}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(
      'Alertmanager 0.25 to be ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`alertmanager exited: ${log}`);
        const res = await fetch(`${url}/-/ready`).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      20_000,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}

describe.skipIf(!HAS_AMTOOL)(`amtool 0.25 against Vigil's API (needs ${AMTOOL})`, () => {
  let dir: string;
  let vigil: ApiHarness;
  let vigilUrl: string;
  let vigilRuns: Map<string, Run>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-amtool-'));
    vigil = await apiHarness({ config: readFileSync(CONFIG_FILE, 'utf8'), realClock: true });
    vigilUrl = await vigil.app.listen({ host: '127.0.0.1', port: 0 });
    vigilRuns = await runScenario(vigilUrl, dir);
  }, 180_000);

  afterAll(async () => {
    await vigil?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every command succeeds', () => {
    const failed = [...vigilRuns].filter(([, r]) => r.code !== 0).map(([name, r]) => `${name}: ${r.stderr}`);
    expect(failed).toEqual([]);
  });

  it('silence add prints the new ID; the silence lists with its matchers, two hours, author and comment', () => {
    expect(vigilRuns.get('silence add (comment, author, duration)')?.stdout).toBe(
      '<id-1>                              \n',
    );
    const listed = vigilRuns.get('silence query -o extended')?.stdout.split('\n') ?? [];
    expect(listed.find((l) => l.startsWith('<id-1>'))?.split(/\s{2,}/)).toEqual([
      '<id-1>',
      '{alertname="CPU"}',
      '<t+0m>',
      '<t+120m>',
      '<t+0m>',
      'ops',
      'cpu work',
      '',
    ]);
  });

  it('alert query shows the added alerts by fingerprint, the inhibited one only when asked', () => {
    expect(
      vigilRuns
        .get('alert query')
        ?.stdout.split('\n')
        .map((l) => l.split(/\s{2,}/)[0]),
    ).toEqual(['Alertname', 'DiskFull', 'CPU', '']);
    expect(vigilRuns.get('alert query -r team-a -i')?.stdout).toContain('filling');
  });

  it('expiring an unknown silence fails: 404 as Alertmanager 0.34 answers (amtool 0.25 knows only 200/500)', async () => {
    const run = await runAmtool(vigilUrl, ['silence', 'expire', '00000000-0000-0000-0000-000000000000'], dir);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('(status 404)');
  });

  describe.skipIf(!HAS_ALERTMANAGER)(`same output as Alertmanager 0.25 (needs ${ALERTMANAGER})`, () => {
    let amRuns: Map<string, Run>;
    let am: { url: string; stop: () => Promise<void> } | undefined;

    beforeAll(async () => {
      am = await startAlertmanager(dir);
      amRuns = await runScenario(am.url, dir);
    }, 180_000);

    afterAll(async () => {
      await am?.stop();
    });

    it.each(STEPS.map((s) => [s.name]))('%s', (name) => {
      expect(vigilRuns.get(name)).toEqual(amRuns.get(name));
    });
  });
});
