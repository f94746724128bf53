import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePostableAlerts } from '@vigil/contracts';
import type { OutgoingAlert } from './alert-sender';
import { AlertmanagerHttpSender, alertsURL } from './alertmanager-http-sender';
import type { AlertmanagerHttpSenderOptions } from './alertmanager-http-sender';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** FakeAlertmanager is a local HTTP server recording POSTs and answering with scripted statuses (then 200). */
class FakeAlertmanager {
  readonly received: Received[] = [];
  statuses: number[] = [];
  delayMs = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeAlertmanager> {
    const holder: { am?: FakeAlertmanager } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const self = holder.am;
        if (!self) return;
        self.received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
        });
        const status = self.statuses.shift() ?? 200;
        setTimeout(() => res.writeHead(status).end(status === 200 ? '' : 'boom'), self.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.am = new FakeAlertmanager(server);
    return holder.am;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  labels(): string[][] {
    return this.received.map((r) => (r.body as { labels: { n: string } }[]).map((a) => a.labels.n));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function alert(n: number): OutgoingAlert {
  return {
    labels: { alertname: 'A', n: String(n) },
    annotations: { summary: 's' },
    startsAt: '2024-01-01T00:00:00.000Z',
    endsAt: '2024-01-01T00:04:00.000Z',
    generatorURL: 'http://vigil/graph?g0.expr=up&g0.tab=1',
    rule: 'A',
  };
}

const source = { group: 'g', file: 'f.yml' };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function fakeAlertmanager(): Promise<FakeAlertmanager> {
  const am = await FakeAlertmanager.start();
  stops.push(() => am.stop());
  return am;
}

function sender(opts: AlertmanagerHttpSenderOptions): AlertmanagerHttpSender {
  const s = new AlertmanagerHttpSender(opts);
  stops.push(() => s.close({ timeoutMs: 0 }));
  return s;
}

describe('alertsURL', () => {
  it.each([
    ['http://am:9093', 'http://am:9093/api/v2/alerts'],
    ['http://am:9093/', 'http://am:9093/api/v2/alerts'],
    ['https://host/alertmanager/', 'https://host/alertmanager/api/v2/alerts'],
  ])('%s posts to %s', (base, expected) => {
    expect(alertsURL(base)).toBe(expected);
  });

  it.each([
    ['am:9093', /must be http or https/],
    ['not a url', /Invalid URL/],
  ])('rejects %j', (url, message) => {
    expect(() => new AlertmanagerHttpSender({ alertmanagers: [{ url }] })).toThrow(message);
  });
});

describe('AlertmanagerHttpSender', () => {
  it('POSTs a valid API v2 body with JSON headers, without the rule field', async () => {
    const am = await fakeAlertmanager();
    const s = sender({ alertmanagers: [{ url: am.url }] });
    s.send([alert(1), alert(2)], source);
    expect(await s.flush(5000)).toBe(true);
    expect(am.received).toHaveLength(1);
    const req = am.received[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/api/v2/alerts');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['user-agent']).toBe('vigil-rule-manager');
    const { rule: _rule, ...postable } = alert(1);
    expect(req?.body).toEqual([postable, { ...postable, labels: { alertname: 'A', n: '2' } }]);
    expect(parsePostableAlerts(req?.body).ok).toBe(true);
    expect(s.stats().alertmanagers[0]).toMatchObject({ sentAlerts: 2, errorAlerts: 0 });
  });

  it.each([
    ['basic auth', { basicAuth: { username: 'vigil', password: 's3cret' } }, 'Basic dmlnaWw6czNjcmV0'],
    ['a bearer token', { bearerToken: 'tok' }, 'Bearer tok'],
    ['no credentials', {}, undefined],
  ])('sends %s', async (_name, auth, expected) => {
    const am = await fakeAlertmanager();
    const s = sender({ alertmanagers: [{ url: am.url, ...auth }] });
    s.send([alert(1)], source);
    expect(await s.flush(5000)).toBe(true);
    expect(am.received[0]?.headers.authorization).toBe(expected);
  });

  it('splits the queue into batches of at most maxBatchSize, in order', async () => {
    const am = await fakeAlertmanager();
    const s = sender({ alertmanagers: [{ url: am.url }] });
    s.send(
      Array.from({ length: 600 }, (_, i) => alert(i)),
      source,
    );
    expect(await s.flush(5000)).toBe(true);
    expect(am.labels().map((b) => b.length)).toEqual([256, 256, 88]);
    expect(am.labels().flat()).toEqual(Array.from({ length: 600 }, (_, i) => String(i)));
  });

  it('counts a batch as delivered when one of two Alertmanagers accepts it', async () => {
    const good = await fakeAlertmanager();
    const bad = await fakeAlertmanager();
    bad.statuses = [500, 500];
    const s = sender({ alertmanagers: [{ url: bad.url }, { url: good.url }] });
    s.send([alert(1)], source);
    expect(await s.flush(5000)).toBe(true);
    s.send([alert(2)], source);
    expect(await s.flush(5000)).toBe(true);
    expect(good.labels()).toEqual([['1'], ['2']]);
    expect(bad.received).toHaveLength(2);
    const stats = s.stats();
    expect(stats.droppedAlerts).toBe(0);
    expect(stats.alertmanagers.map((a) => [a.sentAlerts, a.errorAlerts])).toEqual([
      [0, 2],
      [2, 0],
    ]);
  });

  it('drops a batch no Alertmanager accepted and delivers the next once it answers 200', async () => {
    const am = await fakeAlertmanager();
    am.statuses = [500];
    const s = sender({ alertmanagers: [{ url: am.url }] });
    s.send([alert(1)], source);
    expect(await s.flush(5000)).toBe(true);
    s.send([alert(2)], source);
    expect(await s.flush(5000)).toBe(true);
    expect(am.labels()).toEqual([['1'], ['2']]);
    expect(s.stats()).toMatchObject({ droppedAlerts: 1, alertmanagers: [{ sentAlerts: 1, errorAlerts: 1 }] });
  });

  it('gives up on a request after the timeout', async () => {
    const am = await fakeAlertmanager();
    am.delayMs = 2000;
    const s = sender({ alertmanagers: [{ url: am.url, timeoutMs: 100 }] });
    const started = Date.now();
    s.send([alert(1)], source);
    expect(await s.flush(5000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(s.stats()).toMatchObject({ droppedAlerts: 1, alertmanagers: [{ errorAlerts: 1 }] });
  });

  it('counts connection errors against the Alertmanager', async () => {
    const am = await fakeAlertmanager();
    const url = am.url;
    await am.stop();
    const s = sender({ alertmanagers: [{ url }] });
    s.send([alert(1)], source);
    expect(await s.flush(5000)).toBe(true);
    expect(s.stats()).toMatchObject({ droppedAlerts: 1, alertmanagers: [{ errorAlerts: 1, sentAlerts: 0 }] });
  });

  it('drops the oldest alerts when the queue is full', async () => {
    const am = await fakeAlertmanager();
    am.delayMs = 200;
    const s = sender({ alertmanagers: [{ url: am.url }], capacity: 3, maxBatchSize: 2 });
    s.send([alert(1), alert(2)], source);
    // The first batch is now in flight; the queue behind it holds 3.
    await new Promise((r) => setTimeout(r, 50));
    s.send([alert(3), alert(4)], source);
    s.send([alert(5), alert(6)], source);
    expect(await s.flush(5000)).toBe(true);
    expect(am.labels()).toEqual([['1', '2'], ['4', '5'], ['6']]);
    expect(s.stats().droppedAlerts).toBe(1);
  });

  it('close sends what is queued, then drops anything sent later', async () => {
    const am = await fakeAlertmanager();
    const s = sender({ alertmanagers: [{ url: am.url }] });
    s.send([alert(1)], source);
    await s.close();
    s.send([alert(2)], source);
    expect(am.labels()).toEqual([['1']]);
    expect(s.stats()).toMatchObject({ droppedAlerts: 1, queueLength: 0 });
  });

  it('needs at least one Alertmanager', () => {
    expect(() => new AlertmanagerHttpSender({ alertmanagers: [] })).toThrow(/at least one/);
  });
});
