// The silence UI end to end: Debian's chromium (driven by playwright-core) against a real `vigil alertmanager` with
// real Redis, alerts posted to its API v2. Filter alerts; create a silence from an alert with the preview listing
// exactly the alerts the API then reports silenced; edit it (in place, then replaced); expire it; the alerts come
// back active. Label and annotation text never becomes HTML. With auth configured, a write without the token is
// refused and the UI says why.
//
// VIGIL_UI_SCREENSHOTS=1 also writes docs/ui-*.png (the README shows them).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort, waitFor } from '@vigil/testing';
import { Redis } from 'ioredis';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startVigil, type Started } from './support/processes';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const REDIS_URL = process.env['VIGIL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
// A Redis database of its own, flushed before and after, so the test neither sees nor leaves other state.
const REDIS_DB = 11;
const UI_DIR = join(REPO_ROOT, 'apps/silence-ui');
const SCREENSHOTS = process.env['VIGIL_UI_SCREENSHOTS'] === '1';
// The web config (exporter-toolkit's, plus Vigil's write_auth) that makes writes need a bearer token.
const AUTH_FLAG = '--web.config.file';

const CONFIG = `
route:
  receiver: default
  group_by: [alertname]
  routes:
    - receiver: db-team
      matchers: [team="db"]
receivers:
  - name: default
  - name: db-team
inhibit_rules:
  - source_matchers: [alertname="NodeDown"]
    target_matchers: [alertname="ServiceDown"]
    equal: [instance]
`;

interface ApiAlert {
  fingerprint: string;
  labels: Record<string, string>;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}

interface ApiSilence {
  id: string;
  status: { state: string };
  comment: string;
  createdBy: string;
  startsAt: string;
  endsAt: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
}

const HOUR = 3_600_000;

// The page globals the evaluate() callbacks use: they run in chromium, while this project compiles without the DOM
// library, so the little they need is declared here (module-scoped: nothing leaks into other files).
interface PageNode {
  readonly href: string;
  readonly src: string;
  getAttribute(name: string): string | null;
}
declare const window: { scrollTo(x: number, y: number): void; readonly innerWidth: number; __xss?: string };
declare const document: {
  querySelectorAll(selector: string): Iterable<PageNode> & { readonly length: number };
  readonly scripts: Iterable<PageNode>;
  readonly body: { readonly innerText: string };
  readonly activeElement: unknown;
  readonly documentElement: { readonly scrollWidth: number };
};
declare const sessionStorage: { getItem(key: string): string | null };

function alertsToPost(): object[] {
  const startsAt = new Date(Date.now() - 2 * HOUR).toISOString();
  const endsAt = new Date(Date.now() + 24 * HOUR).toISOString();
  const alert = (labels: Record<string, string>, summary: string, minutesAgo?: number) => ({
    labels,
    annotations: { summary },
    startsAt: minutesAgo === undefined ? startsAt : new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    endsAt,
    generatorURL: `http://prometheus.example:9090/graph?g0.expr=${encodeURIComponent(labels['alertname'] ?? '')}`,
  });
  return [
    alert(
      { alertname: 'DiskFull', instance: 'db1:9100', severity: 'critical', team: 'db' },
      'db1 disk 97% full',
    ),
    alert(
      { alertname: 'DiskFull', instance: 'db2:9100', severity: 'warning', team: 'db' },
      'db2 disk 91% full',
      50,
    ),
    alert(
      { alertname: 'DiskFull', instance: 'files1:9100', severity: 'warning', team: 'storage' },
      'files1 90%',
      20,
    ),
    alert(
      { alertname: 'HighLatency', instance: 'web1:8080', severity: 'critical', team: 'web' },
      'p99 > 2s',
      12,
    ),
    alert(
      { alertname: 'NodeDown', instance: 'cache1:9100', severity: 'critical', team: 'ops' },
      'cache1 down',
      7,
    ),
    alert(
      { alertname: 'ServiceDown', instance: 'cache1:9100', severity: 'warning', team: 'ops' },
      'redis down',
      6,
    ),
    alert({ alertname: 'Watchdog', severity: 'none' }, 'Always firing: the pipeline works.', 3 * 24 * 60),
  ];
}

async function flushDb(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
}

function ensureUiBuilt(): void {
  if (existsSync(join(UI_DIR, 'dist/index.html'))) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: UI_DIR,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building the silence UI failed:\n${r.stdout}\n${r.stderr}`);
}

/** Alertmanager is a running `vigil alertmanager` on its own Redis database and queue. */
interface Alertmanager extends Started {
  dir: string;
  redisUrl: string;
  api: <T>(path: string, init?: RequestInit) => Promise<T>;
  close: () => Promise<void>;
}

async function startAlertmanager(extraArgs: (dir: string) => string[] = () => []): Promise<Alertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ui-e2e-'));
  writeFileSync(join(dir, 'alertmanager.yml'), CONFIG);
  const redisUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/${REDIS_DB}`;
  await flushDb(redisUrl);
  const port = await freePort();
  const am = await startVigil(
    [
      'alertmanager',
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--redis.url=${redisUrl}`,
      `--queue.name=vigil-ui-e2e-${randomUUID()}`,
      '--log.level=warn',
      ...extraArgs(dir),
    ],
    port,
  );
  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${am.url}/api/v2${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    ...am,
    dir,
    redisUrl,
    api,
    close: async () => {
      await am.stop();
      await flushDb(redisUrl).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postAlerts(am: Alertmanager, alerts: object[], token?: string): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  await am.api('/alerts', { method: 'POST', headers, body: JSON.stringify(alerts) });
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
}

/** newPage opens a tab that fails the test on any script error or dialog (an XSS would raise one). */
async function newPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  // From the top, so the sticky header sits where it belongs in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(REPO_ROOT, 'docs', name), fullPage: true });
}

const byFingerprint = (alerts: ApiAlert[]) => alerts.map((a) => a.fingerprint).sort();

async function previewFingerprints(page: Page): Promise<string[]> {
  const fps = await page
    .locator('.preview-alert')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-fingerprint') ?? ''));
  return fps.sort();
}

async function cardStates(page: Page, fingerprint: string): Promise<string[]> {
  return page.locator(`.alert-card[data-fingerprint="${fingerprint}"] .states .badge`).allTextContents();
}

describe.skipIf(!HAVE_CHROMIUM)(
  'silence UI in chromium against a real alertmanager (needs /usr/bin/chromium)',
  () => {
    let am: Alertmanager;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const problems: string[] = [];
    let silenceId = '';
    let mutedByPreview: string[] = [];

    beforeAll(async () => {
      ensureUiBuilt();
      am = await startAlertmanager();
      await postAlerts(am, alertsToPost());
      browser = await launch();
      context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        timezoneId: 'UTC',
        locale: 'en-US',
      });
      page = await newPage(context, problems);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await am?.close();
    });

    const ui = (hash: string): string => `${am.url}/${hash}`;

    it('serves the UI at / from the alertmanager, with a strict content security policy', async () => {
      const res = await fetch(`${am.url}/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<div id="app">');
      expect(html.replace(/&#39;/g, "'")).toMatch(/Content-Security-Policy[^>]*script-src 'self'/);
    });

    it('filters alerts in matcher syntax, shows errors as typed, and keeps the filter in the URL', async () => {
      await page.goto(ui('#/alerts'));
      await page.locator('.alert-card').first().waitFor();
      expect(await page.locator('.alert-card').count()).toBeGreaterThanOrEqual(7);

      const filter = page.getByRole('searchbox', { name: 'Filter' });
      await filter.fill('severity="critical", team=~"d');
      await expect.poll(() => filter.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#filter-help').textContent()).toMatch(/expected|unexpected|missing/);

      await filter.fill('severity="critical", team=~"d.*"');
      await expect.poll(() => filter.getAttribute('aria-invalid')).toBe('false');
      await expect.poll(async () => (await page.locator('.alert-card').allTextContents()).length).toBe(1);
      expect(await page.locator('.alert-card .chip').allTextContents()).toContain('instance=db1:9100');
      const hash = new URL(page.url()).hash;
      expect(new URLSearchParams(hash.slice(hash.indexOf('?'))).get('filter')).toBe(
        'severity="critical", team=~"d.*"',
      );

      // The link reproduces the view for whoever opens it.
      const shared = await context.newPage();
      await shared.goto(page.url());
      await shared.locator('.alert-card').first().waitFor();
      expect(await shared.locator('.alert-card').count()).toBe(1);
      expect(await shared.getByRole('searchbox', { name: 'Filter' }).inputValue()).toBe(
        'severity="critical", team=~"d.*"',
      );
      await shared.close();

      // Group by a label the user picks.
      await filter.fill('');
      await expect.poll(() => page.url()).not.toContain('filter=');
      await page.getByLabel('Group by').selectOption('team');
      await expect.poll(() => page.locator('.group').count()).toBe(5);
      expect(page.url()).toContain('groupBy=team');

      // The inhibited alert names the alert that inhibits it.
      await page.getByLabel('Group by').selectOption('');
      const serviceDown = page.locator('.alert-card', { hasText: 'alertname=ServiceDown' });
      await serviceDown.waitFor();
      expect(await serviceDown.locator('.badge').allTextContents()).toEqual(['inhibited']);
      expect(await serviceDown.locator('.inhibitors').textContent()).toContain('alertname=NodeDown');
    });

    it('creates a silence from an alert; the preview lists exactly the alerts the API then reports silenced', async () => {
      await page.goto(ui('#/alerts?filter=alertname%3D%22DiskFull%22'));
      const db1 = page.locator('.alert-card', { hasText: 'instance=db1:9100' });
      await db1.getByRole('link', { name: 'Silence', exact: true }).click();
      await page.getByRole('heading', { name: 'New silence' }).waitFor();

      // Pre-filled from the alert's labels: only that alert matches.
      expect(await page.locator('.matcher-row').count()).toBe(4);
      await expect.poll(() => page.locator('.preview-summary').getAttribute('data-count')).toBe('1');

      // Remove the matchers that are too narrow: the silence now covers the db team's disks.
      await page.getByRole('button', { name: /^Remove matcher \d \(instance=/ }).click();
      await page.getByRole('button', { name: /^Remove matcher \d \(severity=/ }).click();
      await expect.poll(() => page.locator('.preview-summary').getAttribute('data-count')).toBe('2');
      mutedByPreview = await previewFingerprints(page);

      // Creator and comment are required.
      await page.getByRole('button', { name: 'Create silence' }).click();
      expect(await page.locator('#silence-creator-error').textContent()).toMatch(/who/);
      expect(await page.locator('#silence-comment-error').textContent()).toMatch(/why/);

      await page.getByLabel('Creator').fill('alice');
      await page.getByLabel('Comment').fill('Disk swap on the db hosts, INC-42');
      await page.getByRole('group', { name: 'Duration presets' }).getByRole('button', { name: '4h' }).click();
      expect(await page.locator('#silence-duration').inputValue()).toBe('4h');
      if (SCREENSHOTS) await screenshot(page, 'ui-new-silence.png');
      await page.getByRole('button', { name: 'Create silence' }).click();

      await page.locator('.silence-card').first().waitFor();
      silenceId = (await page.locator('.silence-card').first().getAttribute('data-silence-id')) ?? '';
      expect(await page.locator('main > .notice').textContent()).toContain(`Silence ${silenceId} saved.`);

      const silence = await am.api<ApiSilence>(`/silence/${silenceId}`);
      expect(silence).toMatchObject({ createdBy: 'alice', comment: 'Disk swap on the db hosts, INC-42' });
      // Left at "now", the start is when it was saved (the alertmanager moves a past start to its own now).
      const length = Date.parse(silence.endsAt) - Date.parse(silence.startsAt);
      expect(length).toBeGreaterThan(4 * HOUR - 5000);
      expect(length).toBeLessThanOrEqual(4 * HOUR);
      expect(silence.matchers).toEqual([
        { name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true },
        { name: 'team', value: 'db', isRegex: false, isEqual: true },
      ]);

      const alerts = await am.api<ApiAlert[]>('/alerts');
      const silenced = alerts.filter((a) => a.status.silencedBy.includes(silenceId));
      expect(byFingerprint(silenced)).toEqual(mutedByPreview);
      expect(silenced.map((a) => a.labels['instance']).sort()).toEqual(['db1:9100', 'db2:9100']);

      // The list says how many alerts it mutes now, and the alerts view shows them silenced.
      expect(await page.locator('.silence-card .mutes').first().textContent()).toBe('mutes 2 alerts now');
      await page.goto(ui('#/alerts?filter=alertname%3D%22DiskFull%22'));
      await page.locator('.alert-card').first().waitFor();
      for (const fp of mutedByPreview) expect(await cardStates(page, fp)).toEqual(['silenced']);
      const files1 = alerts.find((a) => a.labels['instance'] === 'files1:9100');
      expect(await cardStates(page, files1?.fingerprint ?? '')).toEqual(['active']);
      await page.locator('.alert-card .muted-by a', { hasText: silenceId }).first().waitFor();
      if (SCREENSHOTS) {
        await page.goto(ui('#/alerts'));
        await page.locator('.alert-card .badge-silenced').first().waitFor();
        await screenshot(page, 'ui-alerts.png');
      }
    });

    it('edits the silence in place when only its end and comment change', async () => {
      await page.goto(ui('#/silences'));
      await page
        .locator(`.silence-card[data-silence-id="${silenceId}"]`)
        .getByRole('link', { name: 'Edit' })
        .click();
      await page.getByRole('heading', { name: 'Edit silence' }).waitFor();
      expect(await page.getByLabel('Comment').inputValue()).toBe('Disk swap on the db hosts, INC-42');
      await page.getByLabel('Comment').fill('Disk swap on the db hosts, INC-42 (vendor is late)');
      await page.getByRole('group', { name: 'Duration presets' }).getByRole('button', { name: '1d' }).click();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.locator('.silence-card').first().waitFor();

      const silence = await am.api<ApiSilence>(`/silence/${silenceId}`);
      expect(silence.status.state).toBe('active');
      expect(silence.comment).toBe('Disk swap on the db hosts, INC-42 (vendor is late)');
      expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(24 * HOUR);
      const alerts = await am.api<ApiAlert[]>('/alerts');
      expect(byFingerprint(alerts.filter((a) => a.status.silencedBy.includes(silenceId)))).toEqual(
        mutedByPreview,
      );
    });

    it('replaces the silence when its matchers change, as Alertmanager does', async () => {
      await page.goto(ui(`#/silences/${silenceId}/edit`));
      await page.getByRole('heading', { name: 'Edit silence' }).waitFor();
      await page.getByRole('button', { name: '+ Add matcher' }).click();
      await page.getByLabel('Label name 3').fill('instance');
      await page.getByLabel('Operator 3').selectOption('=~');
      await page.getByLabel('Value 3').fill('db[12');
      expect(await page.locator('#matcher-error-2').textContent()).toMatch(/invalid regular expression/);
      await page.getByLabel('Value 3').fill('db[12]:9100');
      await expect.poll(() => page.locator('.preview-summary').getAttribute('data-count')).toBe('2');
      expect(await previewFingerprints(page)).toEqual(mutedByPreview);
      await page.getByRole('button', { name: 'Save changes' }).click();

      await page.locator('main > .notice').waitFor();
      const notice = (await page.locator('main > .notice').textContent()) ?? '';
      const newId = /saved as ([0-9a-f-]{36})/.exec(notice)?.[1] ?? '';
      expect(notice).toContain(`it replaces ${silenceId}, which is now expired`);
      expect((await am.api<ApiSilence>(`/silence/${silenceId}`)).status.state).toBe('expired');
      expect((await am.api<ApiSilence>(`/silence/${newId}`)).status.state).toBe('active');
      const alerts = await am.api<ApiAlert[]>('/alerts');
      expect(byFingerprint(alerts.filter((a) => a.status.silencedBy.includes(newId)))).toEqual(
        mutedByPreview,
      );
      silenceId = newId;
      if (SCREENSHOTS) {
        await page.goto(ui('#/silences'));
        await page.locator('.silence-card').nth(1).waitFor();
        await screenshot(page, 'ui-silences.png');
      }
    });

    it('expires the silence after confirmation; the alerts come back active', async () => {
      await page.goto(ui('#/silences?state=active'));
      const card = page.locator(`.silence-card[data-silence-id="${silenceId}"]`);
      await card.getByRole('button', { name: 'Expire', exact: true }).click();
      // Nothing happens before the confirmation; Escape backs out and gives the focus back.
      const confirm = card.getByRole('button', { name: 'Expire now' });
      await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Escape');
      expect((await am.api<ApiSilence>(`/silence/${silenceId}`)).status.state).toBe('active');
      await expect
        .poll(() =>
          card
            .getByRole('button', { name: 'Expire', exact: true })
            .evaluate((el) => el === document.activeElement),
        )
        .toBe(true);

      // Keyboard only from here: Enter opens the question, Enter on the focused "Expire now" confirms.
      await page.keyboard.press('Enter');
      await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await waitFor('the silence to expire', async () =>
        (await am.api<ApiSilence>(`/silence/${silenceId}`)).status.state === 'expired' ? true : undefined,
      );
      await page.locator('main > .notice', { hasText: `Silence ${silenceId} expired.` }).waitFor();

      const alerts = await am.api<ApiAlert[]>('/alerts');
      for (const fp of mutedByPreview) {
        const a = alerts.find((x) => x.fingerprint === fp);
        expect(a?.status).toMatchObject({ state: 'active', silencedBy: [] });
      }
      await page.goto(ui('#/alerts?filter=alertname%3D%22DiskFull%22'));
      await page.locator('.alert-card').first().waitFor();
      for (const fp of mutedByPreview) expect(await cardStates(page, fp)).toEqual(['active']);
    });

    it('opens the "silence this" deep link pre-filled, and recreates an expired silence', async () => {
      const filter = '{alertname="HighLatency", instance="web1:8080"}';
      await page.goto(ui(`#/silences/new?filter=${encodeURIComponent(filter)}`));
      await page.getByRole('heading', { name: 'New silence' }).waitFor();
      expect(await page.getByLabel('Label name 1').inputValue()).toBe('alertname');
      expect(await page.getByLabel('Value 2').inputValue()).toBe('web1:8080');
      await expect.poll(() => page.locator('.preview-summary').getAttribute('data-count')).toBe('1');

      // A silence that would mute everything is flagged before it is saved.
      await page.getByLabel('Value 1').fill('.*');
      await page.getByLabel('Operator 1').selectOption('=~');
      await page.getByRole('button', { name: /^Remove matcher 2/ }).click();
      await expect
        .poll(() => page.locator('.preview .notice-warn').allTextContents())
        .toEqual([
          'These matchers accept any value: the silence would mute nearly every alert, now and later.',
        ]);

      await page.goto(ui('#/silences?state=expired'));
      await page.locator('.silence-card').first().getByRole('link', { name: 'Recreate' }).click();
      await page.getByRole('heading', { name: 'New silence' }).waitFor();
      expect(await page.getByLabel('Comment').inputValue()).toContain('INC-42');
    });

    it('renders label and annotation text as text, never as HTML', async () => {
      const evil = {
        alertname: 'XssProbe',
        script: '<script>window.__xss = "label"</script>',
        attr: '"><img src=x onerror="window.__xss=\'label-img\'">',
      };
      await postAlerts(am, [
        {
          labels: evil,
          annotations: {
            summary: '<b>bold?</b><script>window.__xss = "annotation"</script>',
            description:
              '"><img src=x onerror="window.__xss=\'annotation-img\'"><a href="javascript:window.__xss=1">x</a>',
          },
          endsAt: new Date(Date.now() + HOUR).toISOString(),
          generatorURL: 'javascript:window.__xss="generatorURL"',
        },
      ]);
      const id = (
        await am.api<{ silenceID: string }>('/silences', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            matchers: [{ name: 'attr', value: evil.attr, isRegex: false, isEqual: true }],
            startsAt: new Date().toISOString(),
            endsAt: new Date(Date.now() + HOUR).toISOString(),
            createdBy: '<img src=x onerror="window.__xss=\'creator\'">',
            comment: '<script>window.__xss = "comment"</script>',
          }),
        })
      ).silenceID;

      const probe = await newPage(context, problems);
      for (const hash of [
        '#/alerts?filter=alertname%3D%22XssProbe%22',
        `#/silences?q=${id}`,
        `#/silences/new?filter=${encodeURIComponent(`alertname="XssProbe", attr="${evil.attr.replace(/"/g, '\\"')}"`)}`,
      ]) {
        await probe.goto(ui(hash));
        await probe.locator('.alert-card, .silence-card, .preview-alert').first().waitFor();
        const seen = await probe.evaluate(() => ({
          xss: window.__xss,
          imgs: document.querySelectorAll('img').length,
          scripts: [...document.scripts].filter((s) => !s.src).length,
          jsLinks: [...document.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
          text: document.body.innerText,
        }));
        expect(seen).toMatchObject({ xss: undefined, imgs: 0, scripts: 0, jsLinks: 0 });
        if (hash.startsWith('#/alerts')) {
          expect(seen.text).toContain(`script=${evil.script}`);
          expect(seen.text).toContain(`attr=${evil.attr}`);
          expect(seen.text).toContain('<b>bold?</b><script>window.__xss = "annotation"</script>');
          expect(seen.text).toContain('javascript:window.__xss="generatorURL"');
        } else if (hash.startsWith('#/silences?')) {
          expect(seen.text).toContain('<script>window.__xss = "comment"</script>');
          expect(seen.text).toContain(`<img src=x onerror="window.__xss='creator'">`);
        } else {
          expect(await probe.getByLabel('Value 2').inputValue()).toBe(evil.attr);
        }
      }
      await probe.close();
      expect(problems).toEqual([]);
    });

    it('fits a phone screen without sideways scrolling', async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        timezoneId: 'UTC',
        locale: 'en-US',
      });
      const p = await newPage(phone, problems);
      for (const hash of [
        '#/alerts',
        '#/silences?state=expired',
        '#/silences/new?filter=alertname%3D%22DiskFull%22',
      ]) {
        await p.goto(ui(hash));
        await p.locator('.alert-card, .silence-card, .preview-summary').first().waitFor();
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, hash).toBeLessThanOrEqual(0);
        if (SCREENSHOTS && hash === '#/alerts') {
          await p.screenshot({ path: join(REPO_ROOT, 'docs/ui-alerts-phone.png') });
        }
      }
      await phone.close();
      expect(problems).toEqual([]);
    });
  },
);

const helpText = HAVE_CHROMIUM
  ? spawnSync(process.execPath, [join(REPO_ROOT, 'bin/vigil.mjs'), 'alertmanager', '--help'], {
      encoding: 'utf8',
    }).stdout
  : '';
const HAVE_AUTH = helpText.includes(AUTH_FLAG);

describe.skipIf(!HAVE_CHROMIUM || !HAVE_AUTH)(
  `silence UI with API auth (needs /usr/bin/chromium and ${AUTH_FLAG})`,
  () => {
    const TOKEN = `t-${randomUUID()}`;
    let am: Alertmanager;
    let browser: Browser;

    beforeAll(async () => {
      ensureUiBuilt();
      am = await startAlertmanager((dir) => {
        writeFileSync(join(dir, 'tokens'), `# silence UI e2e\n${TOKEN}\n`);
        writeFileSync(join(dir, 'web.yml'), 'write_auth:\n  bearer_tokens_file: tokens\n');
        return [`${AUTH_FLAG}=${join(dir, 'web.yml')}`];
      });
      await postAlerts(am, alertsToPost(), TOKEN);
      browser = await launch();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await am?.close();
    });

    it('refuses a write without the token, says why, and succeeds once the token is set', async () => {
      const problems: string[] = [];
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await newPage(context, problems);
      const requests: (string | undefined)[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') requests.push(r.headers()['authorization']);
      });

      // The API itself refuses an unauthenticated write.
      const bare = await fetch(`${am.url}/api/v2/silences`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          matchers: [{ name: 'alertname', value: 'Watchdog', isRegex: false, isEqual: true }],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + HOUR).toISOString(),
          createdBy: 'mallory',
          comment: 'no token',
        }),
      });
      expect(bare.status).toBe(401);

      await page.goto(`${am.url}/#/silences/new?filter=${encodeURIComponent('alertname="Watchdog"')}`);
      await page.getByLabel('Creator').fill('alice');
      await page.getByLabel('Comment').fill('quiet the watchdog');
      await page.getByRole('button', { name: 'Create silence' }).click();
      const error = page.locator('.notice-error', { hasText: 'Not saved.' });
      await error.waitFor();
      expect(await error.textContent()).toMatch(/requires an API token for changes/);
      expect(await am.api<ApiSilence[]>('/silences')).toEqual([]);

      // A wrong token is refused with its own message.
      await error.getByRole('button', { name: 'Set token' }).click();
      await page.getByLabel('API token', { exact: true }).fill('wrong-token-0123456789');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Create silence' }).click();
      await page.locator('.notice-error', { hasText: 'The API token was refused' }).waitFor();
      expect(await am.api<ApiSilence[]>('/silences')).toEqual([]);

      await page.getByRole('button', { name: /^Token/ }).click();
      await page.getByLabel('API token', { exact: true }).fill(TOKEN);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Create silence' }).click();
      await page.locator('.silence-card').first().waitFor();
      expect(requests).toEqual([undefined, 'Bearer wrong-token-0123456789', `Bearer ${TOKEN}`]);
      expect(await page.evaluate(() => sessionStorage.getItem('vigil.silence-ui.token'))).toBe(TOKEN);
      const silences = await am.api<ApiSilence[]>('/silences');
      expect(silences.map((s) => s.createdBy)).toEqual(['alice']);
      await context.close();
      expect(problems).toEqual([]);
    });
  },
);
