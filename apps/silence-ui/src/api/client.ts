// The UI's only way out: Alertmanager's HTTP API v2, on the same origin as the page.

import type { Matcher } from '@vigil/model';
import type { TokenStore } from './token-store';
import type { AlertGroup, AlertStateFilter, GettableAlert, GettableSilence, PostableSilence } from './types';

/** ApiError is a failed API call: the HTTP status (0 when the request did not complete) and a readable message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** isAuth tells whether the API refused the request for want of a (valid) token. */
  get isAuth(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/**
 * authMessage explains a 401/403 answer in words that say what to do: without a token, that one is needed; with
 * one, that it was refused.
 */
export function authMessage(status: number, detail: string, sentToken: boolean): string {
  const why = detail ? ` (${detail})` : '';
  if (!sentToken) {
    return `This alertmanager requires an API token for changes${why}. Set your token with the “Token” button and try again.`;
  }
  if (status === 401) return `The API token was refused${why}. Check the token under “Token”.`;
  return `The API token is not allowed to make this change${why}. Check the token under “Token”.`;
}

async function errorDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  if (text === '') return res.statusText;
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'string') return body;
    if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string')
      return body.message;
  } catch {
    // Not JSON: the text is the message.
  }
  return text.slice(0, 500);
}

// X-Requested-With tells the alertmanager a script is asking, so a 401 carries no Basic challenge that would make
// the browser open its own password dialog over the UI's.
const SCRIPT_HEADERS = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' } as const;

/** Fetch is the subset of window.fetch the client needs (tests pass their own). */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** ApiClientOptions say where the API is and how writes authenticate. */
export interface ApiClientOptions {
  /** The API v2 root, e.g. `api/v2` (relative: resolved against the page, so route prefixes work). */
  base?: string;
  tokens: TokenStore;
  fetch?: Fetch;
}

/** ApiClient reads alerts and silences and writes silences through Alertmanager's API v2. */
export class ApiClient {
  private readonly base: string;
  private readonly tokens: TokenStore;
  private readonly doFetch: Fetch;

  constructor(opts: ApiClientOptions) {
    this.base = (opts.base ?? 'api/v2').replace(/\/$/, '');
    this.tokens = opts.tokens;
    this.doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** alerts lists the current alerts matching every filter matcher, in the chosen states. */
  alerts(filter: readonly Matcher[] = [], states?: AlertStateFilter): Promise<GettableAlert[]> {
    return this.get('/alerts', filterQuery(filter, states));
  }

  /** alertGroups lists the alerts as the route tree groups them. */
  alertGroups(filter: readonly Matcher[] = [], states?: AlertStateFilter): Promise<AlertGroup[]> {
    return this.get('/alerts/groups', filterQuery(filter, states));
  }

  /** silences lists all silences (active, pending and expired). */
  silences(): Promise<GettableSilence[]> {
    return this.get('/silences', new URLSearchParams());
  }

  /** silence reads one silence. */
  silence(id: string): Promise<GettableSilence> {
    return this.get(`/silence/${encodeURIComponent(id)}`, new URLSearchParams());
  }

  /** saveSilence creates a silence, or replaces the one named by `id`; resolves to the (possibly new) ID. */
  async saveSilence(silence: PostableSilence): Promise<string> {
    const body = await this.write<{ silenceID: string }>('POST', '/silences', silence);
    return body.silenceID;
  }

  /** expireSilence ends a silence now. */
  async expireSilence(id: string): Promise<void> {
    await this.write('DELETE', `/silence/${encodeURIComponent(id)}`);
  }

  private async get<T>(path: string, query: URLSearchParams): Promise<T> {
    const qs = query.toString();
    return this.send<T>(
      `${this.base}${path}${qs ? `?${qs}` : ''}`,
      { headers: { ...SCRIPT_HEADERS } },
      false,
    );
  }

  private async write<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { ...SCRIPT_HEADERS };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = this.tokens.get();
    if (token) headers.Authorization = `Bearer ${token}`;
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    return this.send<T>(`${this.base}${path}`, init, token !== '');
  }

  private async send<T>(url: string, init: RequestInit, sentToken: boolean): Promise<T> {
    let res: Response;
    try {
      res = await this.doFetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
    } catch (err) {
      throw new ApiError(
        0,
        `The alertmanager did not answer: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!res.ok) {
      const detail = await errorDetail(res);
      if (res.status === 401 || res.status === 403) {
        throw new ApiError(res.status, authMessage(res.status, detail, sentToken));
      }
      throw new ApiError(res.status, `${res.status} ${detail}`.trim());
    }
    const text = await res.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

/** filterQuery builds the `filter` (one matcher each, as Alertmanager's API takes them) and state parameters. */
export function filterQuery(filter: readonly Matcher[], states?: AlertStateFilter): URLSearchParams {
  const q = new URLSearchParams();
  for (const m of filter) q.append('filter', m.toString());
  if (states) {
    q.set('active', String(states.active));
    q.set('silenced', String(states.silenced));
    q.set('inhibited', String(states.inhibited));
  }
  return q;
}
