import { newMatcher } from '@vigil/model';
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, filterQuery, type Fetch } from './client';
import type { TokenStore } from './token-store';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

function client(token: string, answer: () => Response): { api: ApiClient; calls: Call[] } {
  const calls: Call[] = [];
  const tokens: TokenStore = { get: () => token, set: () => undefined };
  const fetch: Fetch = async (url, init) => {
    calls.push({ url, init });
    return answer();
  };
  return { api: new ApiClient({ tokens, fetch }), calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const header = (c: Call | undefined, name: string) => (c?.init?.headers as Record<string, string>)[name];

describe('ApiClient', () => {
  it('sends each filter matcher as its own filter parameter, as the API expects', async () => {
    const { api, calls } = client('', () => json([]));
    await api.alerts([newMatcher('=', 'severity', 'critical'), newMatcher('=~', 'team', 'db.*')], {
      active: true,
      silenced: false,
      inhibited: true,
    });
    expect(calls[0]?.url).toBe(
      'api/v2/alerts?filter=severity%3D%22critical%22&filter=team%3D%7E%22db.*%22&active=true&silenced=false&inhibited=true',
    );
  });

  it('sends the token on writes only', async () => {
    const { api, calls } = client('s3cret', () => json({ silenceID: 'id-1' }));
    await api.silences();
    const id = await api.saveSilence({
      matchers: [{ name: 'a', value: 'b', isRegex: false, isEqual: true }],
      startsAt: '2024-05-01T12:00:00.000Z',
      endsAt: '2024-05-01T14:00:00.000Z',
      createdBy: 'me',
      comment: 'why',
    });
    await api.expireSilence('id-1');
    expect(id).toBe('id-1');
    expect(header(calls[0], 'Authorization')).toBeUndefined();
    expect(header(calls[1], 'Authorization')).toBe('Bearer s3cret');
    expect(calls[1]?.init?.method).toBe('POST');
    expect(header(calls[2], 'Authorization')).toBe('Bearer s3cret');
    expect(calls[2]).toMatchObject({ url: 'api/v2/silence/id-1', init: { method: 'DELETE' } });
  });

  it('marks every request as a script, so a 401 brings no browser password dialog', async () => {
    const { api, calls } = client('t', () => json([]));
    await api.silences();
    await api.expireSilence('x');
    expect(calls.map((c) => header(c, 'X-Requested-With'))).toEqual(['XMLHttpRequest', 'XMLHttpRequest']);
  });

  it('sends no Authorization header without a token', async () => {
    const { api, calls } = client('', () => new Response(null, { status: 200 }));
    await api.expireSilence('x');
    expect(header(calls[0], 'Authorization')).toBeUndefined();
  });

  it.each([
    ['', 401, /requires an API token.*Set your token/],
    ['', 403, /requires an API token.*Set your token/],
    ['wrong-token', 401, /token was refused/],
    ['weak-token', 403, /token is not allowed/],
  ])(
    'explains a refusal (token %j, status %i) and marks it as an auth error',
    async (token, status, message) => {
      const { api } = client(token, () => json('missing or invalid bearer token', status));
      const err = await api.expireSilence('x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).isAuth).toBe(true);
      expect((err as ApiError).message).toMatch(message);
      expect((err as ApiError).message).toMatch(/missing or invalid bearer token/);
    },
  );

  it.each([
    [
      json("Failed to create silence: end time can't be in the past", 400),
      "400 Failed to create silence: end time can't be in the past",
    ],
    [json({ code: 602, message: 'comment in body is required' }, 422), '422 comment in body is required'],
    [new Response('boom', { status: 500 }), '500 boom'],
  ])('reports API errors with their message', async (res, message) => {
    const { api } = client('', () => res);
    await expect(api.silences()).rejects.toThrow(message);
  });

  it('reports an unreachable alertmanager', async () => {
    const tokens: TokenStore = { get: () => '', set: () => undefined };
    const api = new ApiClient({ tokens, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(api.silences()).rejects.toMatchObject({
      status: 0,
      message: /did not answer: Failed to fetch/,
    });
  });

  it('builds no state parameters when none are asked for', () => {
    expect(filterQuery([]).toString()).toBe('');
  });
});
