// The README's quick start as a new user runs it: `bash scripts/start.sh` from the repo root starts `vigil demo`
// (target on :9105, webhook sink on :5001), the alertmanager (:9093) and the rule-manager (:9090, embedded store)
// against Redis database 0. Within 100 s DemoQueueBacklog must be on the alertmanager, printed by the sink, and
// listed by the silence UI in Debian's chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GiveUp, waitFor } from '@vigil/testing';
import { Redis } from 'ioredis';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/processes';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** The fixed addresses start.sh uses (examples/*.yml point at them). */
const PORTS = [9090, 9093, 9105, 5001];
const AM = 'http://127.0.0.1:9093';
const NOTIFICATION = /notification \/webhook: \[firing\] .*DemoQueueBacklog.*/;

interface AmAlert {
  labels: Record<string, string>;
  updatedAt: string;
  status: { state: string };
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * forgetEarlierQuickStarts deletes the notification-log entry an earlier quick start left in Redis db 0: with it,
 * the alertmanager (rightly, repeat_interval 4h) does not notify the same firing alert again, which a new user
 * never sees. Only the demo group's entry is touched.
 */
async function forgetEarlierQuickStarts(): Promise<number> {
  const redis = new Redis('redis://127.0.0.1:6379/0');
  try {
    const keys = await redis.keys('vigil:am:nflog:*DemoQueueBacklog*');
    if (keys.length > 0) await redis.del(...keys);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

describe.skipIf(!HAVE_CHROMIUM)('quick start (scripts/start.sh) as in the README', () => {
  let proc: ChildProcess | undefined;
  let out = '';
  let dir: string;
  let browser: Browser | undefined;
  let startedAt = 0;

  beforeAll(async () => {
    const busy = [];
    for (const port of PORTS) if (await portInUse(port)) busy.push(port);
    if (busy.length > 0)
      throw new Error(`ports ${busy.join(', ')} are in use: is another Vigil quick start running?`);
    const forgotten = await forgetEarlierQuickStarts();
    if (forgotten > 0)
      console.log(`quick-start: removed ${forgotten} notification-log entry of an earlier run`);
    dir = mkdtempSync(join(tmpdir(), 'vigil-quick-start-'));
    startedAt = Date.now();
    proc = spawn('bash', ['scripts/start.sh'], {
      cwd: REPO_ROOT,
      detached: true,
      env: { ...process.env, VIGIL_STORAGE_PATH: join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  });

  afterAll(async () => {
    await browser?.close();
    const p = proc;
    if (p?.pid !== undefined && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      const group = -p.pid;
      process.kill(group, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
      // The script's children may outlive bash by a moment: wait until the fixed ports are free again.
      await waitFor('the quick start to release its ports', async () => {
        for (const port of PORTS) if (await portInUse(port)) return undefined;
        return true;
      }).catch(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // already gone
        }
      });
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const alive = (): void => {
    if (proc?.exitCode !== null || proc.signalCode !== null)
      throw new GiveUp(`start.sh exited (${proc?.exitCode ?? proc?.signalCode}):\n${out}`);
  };

  it('fires DemoQueueBacklog: on the alertmanager and printed by the sink within 100 s', async () => {
    const onAlertmanager = waitFor(
      'DemoQueueBacklog on the alertmanager',
      async () => {
        alive();
        const res = await fetch(`${AM}/api/v2/alerts`);
        const alerts = (await res.json()) as AmAlert[];
        // Sent by this run's rule-manager, not restored from an earlier run's state in Redis.
        return alerts.find(
          (a) => a.labels['alertname'] === 'DemoQueueBacklog' && Date.parse(a.updatedAt) >= startedAt,
        );
      },
      100_000,
      500,
    );
    const alert = await onAlertmanager;
    const alertMs = Date.now() - startedAt;
    expect(alert.labels).toMatchObject({ job: 'demo', severity: 'ticket', instance: '127.0.0.1:9105' });
    expect(alert.status.state).toBe('active');
    const line = await waitFor(
      'the sink to print the notification',
      () => {
        alive();
        return NOTIFICATION.exec(out)?.[0];
      },
      Math.max(1000, 100_000 - (Date.now() - startedAt)),
      200,
    );
    console.log(
      `quick-start: DemoQueueBacklog on the alertmanager ${(alertMs / 1000).toFixed(1)} s after start, ` +
        `notified ${((Date.now() - startedAt) / 1000).toFixed(1)} s after start:\n  ${line}`,
    );
  }, 120_000);

  it('lists the alert in the silence UI (chromium)', async () => {
    alive();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(`${AM}/`);
    const card = page.locator('.alert-card', { hasText: 'DemoQueueBacklog' }).first();
    await card.waitFor({ timeout: 20_000 });
    expect(await card.textContent()).toContain('queue=email');
    expect(problems).toEqual([]);
  }, 60_000);
});
