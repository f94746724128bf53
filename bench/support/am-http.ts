// A keep-alive HTTP client for the alertmanager benchmark: requests time to the last byte of the answer, and
// a bounded number of posters share a few connections, as Prometheus's notifier does.
import { Agent, request } from 'node:http';

/** HttpAnswer is one answered request: status, whole body, and the time from sending to its last byte. */
export interface HttpAnswer {
  status: number;
  body: Buffer;
  ms: number;
}

/** TimeoutError is a request that got no answer in time (the server may still be working on it). */
export class TimeoutError extends Error {}

/** HttpClient sends requests to one base URL over at most `maxSockets` kept-alive connections. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    baseUrl: string,
    maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /**
   * send makes one request; it rejects on a network error, or with a TimeoutError once the connection has been
   * idle for `timeoutMs` (default the client's), but not on an error status.
   */
  send(method: 'GET' | 'POST', path: string, body?: string, timeoutMs = this.timeoutMs): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers,
          agent: this.agent,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks),
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new TimeoutError(`${method} ${path}: no answer in ${timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** close drops the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** BulkResult is how a run of requests went: wall time, and the first few failures for the report. */
export interface BulkResult {
  wallMs: number;
  failed: number;
  firstFailures: string[];
}

/**
 * postAll POSTs every body to `path` with `concurrency` requests in flight, each poster taking the next body
 * as soon as its previous one is answered. A non-2xx answer counts as a failure; a network error aborts.
 */
export async function postAll(
  client: HttpClient,
  path: string,
  bodies: readonly string[],
  concurrency: number,
): Promise<BulkResult> {
  let next = 0;
  let failed = 0;
  const firstFailures: string[] = [];
  const poster = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      const body = bodies[i];
      if (body === undefined) return;
      const ans = await client.send('POST', path, body);
      if (ans.status < 200 || ans.status > 299) {
        failed++;
        if (firstFailures.length < 3) {
          firstFailures.push(`HTTP ${ans.status}: ${ans.body.toString('utf8').slice(0, 200)}`);
        }
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, poster));
  return { wallMs: performance.now() - started, failed, firstFailures };
}
