// The benchmark's stub backend, run as its own process so its CPU is never counted against an evaluator:
// a Prometheus query API that answers at once with a canned vector, and sinks that accept and discard
// remote-write requests and Alertmanager alert posts. Prints `{"port":N}` on stdout once listening.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** StubStats is what the stub has seen, served as JSON at `GET /stats`. */
export interface StubStats {
  /** `/api/v1/query` requests (one per rule evaluation). */
  queries: number;
  /** `/api/v1/write` requests and their body bytes (snappy-compressed protobuf, not decoded). */
  writes: number;
  writeBytes: number;
  /** `/api/v2/alerts` posts (vmalert's notifier) and their body bytes. */
  alertPosts: number;
  alertBytes: number;
  /** Any other request: a sign that an evaluator is configured wrong. */
  other: number;
  /**
   * TCP connections by the path of their first request: far more than a few hundred means a client is not
   * reusing connections, and pays for a connect per request.
   */
  connections: { query: number; write: number; alerts: number; other: number };
}

const stats: StubStats = {
  queries: 0,
  writes: 0,
  writeBytes: 0,
  alertPosts: 0,
  alertBytes: 0,
  other: 0,
  connections: { query: 0, write: 0, alerts: 0, other: 0 },
};

// Two series per query, as `sum by (instance, job) (...)` would return: every alerting rule has two alerts
// and every recording rule writes two samples. No `__name__`, so neither side has to drop it.
const SERIES = [
  { labels: '{"instance":"host-1:9100","job":"bench"}', value: '3.5' },
  { labels: '{"instance":"host-2:9100","job":"bench"}', value: '7' },
];

function queryAnswer(time: string | null): string {
  const t = time !== null && Number.isFinite(Number(time)) ? Number(time) : Date.now() / 1000;
  const result = SERIES.map((s) => `{"metric":${s.labels},"value":[${t},"${s.value}"]}`).join(',');
  return `{"status":"success","data":{"resultType":"vector","result":[${result}]}}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const seenSockets = new WeakSet<Socket>();

function countConnection(socket: Socket, path: string): void {
  if (seenSockets.has(socket)) return;
  seenSockets.add(socket);
  if (path === '/api/v1/query') stats.connections.query++;
  else if (path === '/api/v1/write') stats.connections.write++;
  else if (path === '/api/v2/alerts') stats.connections.alerts++;
  else stats.connections.other++;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stub');
  countConnection(req.socket, url.pathname);
  const body = await readBody(req);
  switch (url.pathname) {
    case '/api/v1/query': {
      stats.queries++;
      // Vigil POSTs a form by default; vmalert sends the query in the URL. Read `time` from either.
      const form =
        req.method === 'POST' && body.length > 0
          ? new URLSearchParams(body.toString('utf8'))
          : url.searchParams;
      const answer = queryAnswer(form.get('time') ?? url.searchParams.get('time'));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
      return;
    }
    case '/api/v1/write':
      stats.writes++;
      stats.writeBytes += body.length;
      res.writeHead(204);
      res.end();
      return;
    case '/api/v2/alerts':
      stats.alertPosts++;
      stats.alertBytes += body.length;
      // As Alertmanager answers: an empty body with a length, so a client that does not read it keeps the connection.
      res.writeHead(200, { 'content-length': 0 });
      res.end();
      return;
    case '/stats':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
      return;
    default:
      stats.other++;
      res.writeHead(404);
      res.end();
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    res.writeHead(500);
    res.end();
  });
});
// Keep idle keep-alive connections longer than any client's idle timeout, so a client never writes a request
// onto a socket the server is closing (which would surface as a spurious evaluation failure).
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
