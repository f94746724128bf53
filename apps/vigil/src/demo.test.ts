import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CYCLE_MS, demoQueueDepth, startDemo, type DemoServers } from './demo';

const port = (s: DemoServers['metrics']) => (s.address() as AddressInfo).port;

describe('vigil demo', () => {
  let demo: DemoServers | undefined;
  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  it.each([
    [0, 0],
    [9_000, 18],
    [11_000, 22],
    [5 * 60_000, 600],
    [DEMO_CYCLE_MS - 1, 0],
    [DEMO_CYCLE_MS + 11_000, 22],
  ])(
    'the queue depth %i ms into the run is %i (crosses the example threshold 20 after 10 s)',
    (ms, depth) => {
      expect(demoQueueDepth(ms)).toBe(depth);
    },
  );

  it('serves its metrics in the text format as time passes', async () => {
    let now = 1_000_000;
    demo = await startDemo({
      metricsAddress: '127.0.0.1:0',
      sinkAddress: '127.0.0.1:0',
      print: () => undefined,
      now: () => now,
    });
    now += 30_000;
    const res = await fetch(`http://127.0.0.1:${port(demo.metrics)}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('demo_queue_depth{queue="email"} 60\n');
    expect(text).toContain('demo_requests_total{code="200"} 300\n');
    expect((await fetch(`http://127.0.0.1:${port(demo.metrics)}/other`)).status).toBe(404);
  });

  it('prints one line per alert of a webhook notification', async () => {
    const lines: string[] = [];
    demo = await startDemo({
      metricsAddress: '127.0.0.1:0',
      sinkAddress: '127.0.0.1:0',
      print: (l) => lines.push(l),
    });
    const payload = {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DemoQueueBacklog', queue: 'email' },
          annotations: { summary: 'backlog' },
        },
        { status: 'resolved', labels: { alertname: 'Other' }, annotations: {} },
      ],
    };
    const res = await fetch(`http://127.0.0.1:${port(demo.sink)}/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(res.status).toBe(200);
    expect(lines).toEqual([
      'notification /webhook: [firing] {alertname="DemoQueueBacklog", queue="email"} backlog',
      'notification /webhook: [resolved] {alertname="Other"}',
    ]);
  });
});
