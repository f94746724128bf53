import { createServer, type Server } from 'node:http';

/** WebhookMessage is Alertmanager's webhook payload (version 4), as far as the tests read it. */
export interface WebhookMessage {
  version: string;
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  alerts: {
    status: string;
    labels: Record<string, string>;
    startsAt: string;
    endsAt: string;
    fingerprint: string;
  }[];
}

/** WebhookReceiver records every notification posted to it, with its arrival time and path. */
export interface WebhookReceiver {
  url: string;
  received: { at: number; path: string; body: WebhookMessage }[];
  close(): Promise<void>;
}

/** startWebhookReceiver listens on a free loopback port and answers 200 to every POST. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ at: Date.now(), path: req.url ?? '', body: JSON.parse(body) as WebhookMessage });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
