// A stand-in for Slack's Web API, the side a bot token (`app_token`) talks to: `chat.postMessage` with a form or
// JSON body and a bearer token, answered `{ok, channel, ts}` as Slack does. It records each message it accepts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** SlackAttachment is the part of a message attachment the tests read. */
export interface SlackAttachment {
  title?: string;
  title_link?: string;
  text?: string;
  color?: string;
  fallback?: string;
}

/** SlackPost is one accepted chat.postMessage call. */
export interface SlackPost {
  at: number;
  channel: string;
  text: string;
  attachments: SlackAttachment[];
}

/** SlackApiServer is a listening stub on 127.0.0.1. */
export interface SlackApiServer {
  /** The `chat.postMessage` URL, for a slack_config's `app_url`. */
  postMessageUrl: string;
  posts: SlackPost[];
  /** Requests refused (wrong token, unknown method or channel), as `method: error`. */
  refused: string[];
  close(): Promise<void>;
}

function params(type: string, body: string): Record<string, unknown> {
  if (type.startsWith('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    // WebClient sends nested arguments (attachments, blocks) as JSON strings in form bodies.
    out[k] = k === 'attachments' || k === 'blocks' ? (JSON.parse(v) as unknown) : v;
  }
  return out;
}

/** startSlackApiServer accepts `token` for the given channels. */
export async function startSlackApiServer(token: string, channels: string[]): Promise<SlackApiServer> {
  const posts: SlackPost[] = [];
  const refused: string[] = [];
  let seq = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const p = params(req.headers['content-type'] ?? '', body);
      const channel = String(p['channel'] ?? '');
      let error: string | undefined;
      if (method !== 'chat.postMessage') error = 'unknown_method';
      else if (req.headers.authorization !== `Bearer ${token}`) error = 'invalid_auth';
      else if (!channels.includes(channel)) error = 'channel_not_found';
      let answer: object;
      if (error) {
        refused.push(`${method}: ${error}`);
        answer = { ok: false, error };
      } else {
        posts.push({
          at: Date.now(),
          channel,
          text: String(p['text'] ?? ''),
          attachments: Array.isArray(p['attachments']) ? (p['attachments'] as SlackAttachment[]) : [],
        });
        answer = { ok: true, channel, ts: `1700000000.${String(++seq).padStart(6, '0')}` };
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    postMessageUrl: `http://127.0.0.1:${port}/api/chat.postMessage`,
    posts,
    refused,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
