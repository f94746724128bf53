// `vigil demo`: a small target whose metric crosses a threshold, and a webhook sink that prints notifications,
// so the quick start shows an alert going pending, firing, resolving and being delivered without other software.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseListenAddress } from '@vigil/service-kit';

/** DemoOptions are the demo's listen addresses and clock. */
export interface DemoOptions {
  /** Where `/metrics` is served (the example prometheus.yml scrapes 127.0.0.1:9105). */
  metricsAddress: string;
  /** Where the webhook sink listens (the example alertmanager.yml sends to 127.0.0.1:5001). */
  sinkAddress: string;
  /** Lines the sink prints, one per notification. */
  print: (line: string) => void;
  now?: () => number;
}

/** DEMO_CYCLE_MS is one backlog cycle: the queue fills for 5 minutes, then drains for 3. */
export const DEMO_CYCLE_MS = 8 * 60_000;
const FILL_MS = 5 * 60_000;
const FILL_PER_SECOND = 2;

/**
 * demoQueueDepth is the demo gauge `msSinceStart` into the run: it rises by 2 per second (crossing the example
 * rule's threshold of 20 after ten seconds), then drains to 0, and starts over.
 */
export function demoQueueDepth(msSinceStart: number): number {
  const inCycle = msSinceStart % DEMO_CYCLE_MS;
  const peak = (FILL_MS / 1000) * FILL_PER_SECOND;
  if (inCycle <= FILL_MS) return Math.floor((inCycle / 1000) * FILL_PER_SECOND);
  const drained = (inCycle - FILL_MS) / (DEMO_CYCLE_MS - FILL_MS);
  return Math.max(0, Math.floor(peak * (1 - drained)));
}

/** demoExposition renders the demo's metrics in the Prometheus text format. */
export function demoExposition(msSinceStart: number): string {
  const seconds = msSinceStart / 1000;
  const ok = Math.floor(seconds * 10);
  const failed = Math.floor(seconds * 0.5);
  return [
    '# HELP demo_queue_depth Jobs waiting in the demo queue.',
    '# TYPE demo_queue_depth gauge',
    `demo_queue_depth{queue="email"} ${demoQueueDepth(msSinceStart)}`,
    '# HELP demo_requests_total Requests served by the demo, by status code.',
    '# TYPE demo_requests_total counter',
    `demo_requests_total{code="200"} ${ok}`,
    `demo_requests_total{code="500"} ${failed}`,
    '',
  ].join('\n');
}

interface WebhookAlert {
  status?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** describeNotification turns one Alertmanager webhook payload into a line per alert. */
export function describeNotification(path: string, body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [`${path}: unreadable notification`];
  const alerts = (body as { alerts?: unknown }).alerts;
  if (!Array.isArray(alerts)) return [`${path}: notification without alerts`];
  return (alerts as WebhookAlert[]).map((a) => {
    const labels = a.labels ?? {};
    const summary = a.annotations?.summary;
    const shown = Object.entries(labels)
      .map(([k, v]) => `${k}="${String(v)}"`)
      .join(', ');
    return `notification ${path}: [${String(a.status ?? '?')}] {${shown}}${summary ? ` ${String(summary)}` : ''}`;
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server, address: string): Promise<void> {
  const { host, port } = parseListenAddress(address);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** DemoServers are the running demo target and sink. */
export interface DemoServers {
  metrics: Server;
  sink: Server;
  close(): Promise<void>;
}

/** startDemo starts the demo target and the notification sink. */
export async function startDemo(opts: DemoOptions): Promise<DemoServers> {
  const now = opts.now ?? Date.now;
  const started = now();
  const metrics = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end('the demo serves /metrics\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(demoExposition(now() - started));
  });
  const sink = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split('?')[0] ?? '/';
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    readBody(req)
      .then((text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        for (const line of describeNotification(path, body)) opts.print(line);
        res.writeHead(200).end();
      })
      .catch(() => res.writeHead(400).end());
  });
  await listen(metrics, opts.metricsAddress);
  try {
    await listen(sink, opts.sinkAddress);
  } catch (err) {
    metrics.close();
    throw err;
  }
  const closeOne = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  return { metrics, sink, close: async () => void (await Promise.all([closeOne(metrics), closeOne(sink)])) };
}
