// A local stand-in for Slack, speaking its two protocols over node:http: the Web API (`/api/chat.postMessage`,
// `/api/chat.update`: form or JSON bodies, bearer tokens, `{ok, error}` answers) and incoming webhooks
// (`/services/...`: a JSON body, `ok` in plain text). It records every request; tests can script the next answers
// (429 with Retry-After, 500, ...) ahead of its own.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** SlackRequest is one request the fake received; `params` is the decoded form or JSON body. */
export interface SlackRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  params: Record<string, unknown>;
}

/** ScriptedReply overrides the fake's own answer for one request. */
export interface ScriptedReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** FakeSlackOptions configure what the fake accepts. */
export interface FakeSlackOptions {
  /** The bot token the Web API accepts. */
  token?: string;
  /** Channels that exist; others answer `channel_not_found`. */
  channels?: string[];
}

/** FakeSlack is a started fake on 127.0.0.1. */
export interface FakeSlack {
  url: string;
  /** The Web API base, for WebClient's slackApiUrl / an app_url. */
  apiUrl: string;
  /** An incoming webhook URL. */
  webhookUrl: string;
  requests: SlackRequest[];
  /** Answers for the next requests, in order, before the fake answers on its own again. */
  script: ScriptedReply[];
  close(): Promise<void>;
}

const json = (status: number, value: unknown): ScriptedReply => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json; charset=utf-8' },
});

function decode(headers: http.IncomingHttpHeaders, body: string): Record<string, unknown> {
  const type = headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    // WebClient sends nested arguments (attachments) as JSON strings.
    out[k] = k === 'attachments' ? (JSON.parse(v) as unknown) : v;
  }
  return out;
}

/** startFakeSlack starts the fake on an ephemeral port. */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-test-token';
  const channels = new Set(opts.channels ?? ['#alerts', 'C0ALERTS']);
  const requests: SlackRequest[] = [];
  const script: ScriptedReply[] = [];
  const messages = new Map<string, string>(); // ts → channel
  let seq = 0;

  const answer = (req: SlackRequest): ScriptedReply => {
    if (req.path.startsWith('/services/')) {
      const channel = typeof req.params.channel === 'string' ? req.params.channel : '#alerts';
      if (!channels.has(channel))
        return { status: 404, body: 'channel_not_found', headers: { 'content-type': 'text/html' } };
      return { status: 200, body: 'ok', headers: { 'content-type': 'text/html' } };
    }
    const method = req.path.replace(/^\/api\//, '');
    if (method !== 'chat.postMessage' && method !== 'chat.update')
      return json(200, { ok: false, error: 'unknown_method' });
    const auth = req.headers.authorization;
    if (!auth) return json(200, { ok: false, error: 'not_authed' });
    if (auth !== `Bearer ${token}`) return json(200, { ok: false, error: 'invalid_auth' });
    const channel = String(req.params.channel ?? '');
    if (!channels.has(channel)) return json(200, { ok: false, error: 'channel_not_found' });
    if (method === 'chat.update') {
      const ts = String(req.params.ts ?? '');
      if (messages.get(ts) !== channel) return json(200, { ok: false, error: 'message_not_found' });
      return json(200, { ok: true, channel, ts });
    }
    const ts = `1700000000.${String(++seq).padStart(6, '0')}`;
    messages.set(ts, channel);
    return json(200, { ok: true, channel, ts, message: { text: req.params.text ?? '' } });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      let params: Record<string, unknown> = {};
      try {
        params = decode(req.headers, body);
      } catch {
        params = {};
      }
      const recorded: SlackRequest = { method: req.method ?? '', path, headers: req.headers, body, params };
      requests.push(recorded);
      const reply = script.shift() ?? answer(recorded);
      const send = (): void => {
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiUrl: `${url}/api/`,
    webhookUrl: `${url}/services/T0000/B0000/XXXXSECRET`,
    requests,
    script,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
