// Renders Vigil's default notification email for a firing group of three alerts and for the same group resolved,
// and screenshots both with headless Chromium (playwright-core driving Debian's /usr/bin/chromium).
// Usage: npx tsx scripts/screenshot-emails.ts [--html] [out-dir]   (default docs/; run from the repo root)
// Writes email-firing.png and email-resolved.png; with --html also the rendered pages beside them.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fingerprint, type Labels } from '@vigil/model';
import { chromium } from 'playwright-core';
// Like the conformance scripts, this tool reaches into the alertmanager's sources (its package exports no templates).
/* eslint-disable @nx/enforce-module-boundaries */
import type { Alert } from '../apps/alertmanager/src/alert/alert';
import { buildTemplateData } from '../apps/alertmanager/src/notify/template-data';
import { defaultTemplateSet, notificationData } from '../apps/alertmanager/src/templates';
/* eslint-enable @nx/enforce-module-boundaries */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NOW = Date.parse('2024-05-14T09:30:00Z');
const MIN = 60_000;

function alert(labels: Labels, annotations: Labels, startsAgoMin: number, endsAgoMin?: number): Alert {
  return {
    labels,
    annotations,
    startsAt: NOW - startsAgoMin * MIN,
    endsAt: endsAgoMin === undefined ? 0 : NOW - endsAgoMin * MIN,
    generatorURL: `https://prometheus.example.com/graph?g0.expr=${encodeURIComponent(
      'histogram_quantile(0.99, sum by (le, instance) (rate(http_request_duration_seconds_bucket{job="api"}[5m]))) > 0.5',
    )}&g0.tab=1`,
    updatedAt: NOW,
    timeout: false,
    fingerprint: fingerprint(labels),
  };
}

const common = { alertname: 'HighLatency', job: 'api', severity: 'page', team: 'payments' };
const firing = [
  alert(
    { ...common, instance: 'api-1.eu-west-1:8080' },
    {
      summary: 'p99 latency on api-1 is 1.8s',
      description: 'The 99th percentile of request latency has been above 500ms for more than 10 minutes.',
      runbook_url: 'https://runbooks.example.com/api/high-latency',
    },
    134,
  ),
  alert(
    { ...common, instance: 'api-2.eu-west-1:8080' },
    {
      summary: 'p99 latency on api-2 is 950ms',
      description: 'The 99th percentile of request latency has been above 500ms for more than 10 minutes.',
      runbook_url: 'https://runbooks.example.com/api/high-latency',
    },
    47,
  ),
  alert(
    { ...common, instance: 'api-3.eu-west-1:8080' },
    {
      summary: 'p99 latency on api-3 is 640ms',
      description: 'The 99th percentile of request latency has been above 500ms for more than 10 minutes.',
      runbook_url: 'https://runbooks.example.com/api/high-latency',
    },
    12,
  ),
];
const resolved = firing.map((a, i) => ({ ...a, endsAt: NOW - (i + 1) * 3 * MIN }));

function render(alerts: Alert[]): string {
  const data = notificationData(
    buildTemplateData({
      receiver: 'payments-oncall',
      groupLabels: { alertname: 'HighLatency', job: 'api' },
      notificationReason: alerts.some((a) => a.endsAt === 0) ? 'first notification' : 'all alerts resolved',
      externalUrl: 'https://alertmanager.example.com',
      alerts,
      now: NOW,
    }),
    {
      receiverName: 'payments-oncall',
      groupKey: '{}/{team="payments"}:{alertname="HighLatency", job="api"}',
      now: NOW,
    },
  );
  return defaultTemplateSet().renderPartial('email.default.html', 'html', data);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keepHtml = args.includes('--html');
  const outDir = resolve(args.find((a) => a !== '--html') ?? 'docs');
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 600 }, deviceScaleFactor: 2 });
    for (const [name, alerts] of [
      ['email-firing', firing],
      ['email-resolved', resolved],
    ] as const) {
      const html = render(alerts);
      if (keepHtml) await writeFile(join(outDir, `${name}.html`), html);
      await page.setContent(html, { waitUntil: 'load' });
      await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
      console.log(`wrote ${join(outDir, `${name}.png`)}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
