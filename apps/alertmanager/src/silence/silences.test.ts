import { describe, expect, it } from 'vitest';
import { SilenceLimitError, SilenceNotFoundError, SilenceValidationError } from './errors';
import type { Silence, SilenceInput, SilenceMatcher } from './silence';
import { MemorySilenceStore, type SilenceStore, type StoredSilence } from './silence-store';
import { DEFAULT_SILENCE_RETENTION_MS, Silences } from './silences';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const matchers: SilenceMatcher[] = [{ name: 'alertname', type: '=', value: 'DiskFull' }];
const otherMatchers: SilenceMatcher[] = [{ name: 'alertname', type: '=', value: 'CPU' }];

function setup(opts: { store?: SilenceStore; maxSilences?: number; maxSilenceSizeBytes?: number } = {}) {
  const clock = { t: T0 };
  const silences = new Silences({ now: () => clock.t, ...opts });
  return { clock, silences };
}

function input(over: Partial<SilenceInput> = {}): SilenceInput {
  return {
    matchers: matchers.map((m) => ({ ...m })),
    startsAt: T0,
    endsAt: T0 + HOUR,
    createdBy: 'ops',
    comment: 'disk swap',
    ...over,
  };
}

function must(silences: Silences, id: string): Silence {
  const s = silences.get(id);
  if (!s) throw new Error(`silence ${id} missing`);
  return s;
}

describe('Silences.set: create', () => {
  it('creates a silence with a UUID v4, updatedAt now, and the given fields', async () => {
    const { silences } = setup();
    const id = await silences.set(input({ annotations: { ticket: 'OPS-1' } }));
    expect(id).toMatch(UUID_V4);
    expect(silences.get(id)).toEqual({
      id,
      matchers,
      startsAt: T0,
      endsAt: T0 + HOUR,
      updatedAt: T0,
      createdBy: 'ops',
      comment: 'disk swap',
      annotations: { ticket: 'OPS-1' },
    });
  });

  it.each([
    ['a start in the past becomes now', T0 - HOUR, T0],
    ['a missing start is now', undefined, T0],
    ['a zero start is now', 0, T0],
    ['a future start is kept', T0 + MIN, T0 + MIN],
  ])('%s', async (_name, startsAt, expected) => {
    const { silences } = setup();
    const id = await silences.set(input({ startsAt }));
    expect(must(silences, id).startsAt).toBe(expected);
  });

  it('refuses an unknown ID with "silence not found"', async () => {
    const { silences } = setup();
    await expect(silences.set(input({ id: 'no-such-id' }))).rejects.toThrow(new SilenceNotFoundError());
    expect(silences.size).toBe(0);
  });

  it('refuses an invalid silence with Alertmanager’s message', async () => {
    const { silences } = setup();
    await expect(silences.set(input({ matchers: [{ name: 'a', type: '=', value: '' }] }))).rejects.toThrow(
      new SilenceValidationError(
        'invalid silence: matcher set 0: at least one matcher must not match the empty string',
      ),
    );
    await expect(silences.set(input({ endsAt: T0 - 1 }))).rejects.toThrow(
      'invalid silence: end time must not be before start time',
    );
  });

  it('copies its input, so later changes to it do not leak in', async () => {
    const { silences } = setup();
    const inp = input();
    const id = await silences.set(inp);
    (inp.matchers[0] as SilenceMatcher).value = 'changed';
    expect(must(silences, id).matchers).toEqual(matchers);
  });

  it('an empty ID creates a new silence', async () => {
    const { silences } = setup();
    expect(await silences.set(input({ id: '' }))).toMatch(UUID_V4);
  });
});

type Prev = 'active' | 'pending' | 'expired';

describe('Silences.set: update in place or replace', () => {
  // Each case: the stored silence's state, the change (relative to the stored silence), whether the ID is kept.
  const cases: [string, Prev, (s: Silence, now: number) => Partial<SilenceInput>, boolean][] = [
    ['active: extend the end', 'active', (s) => ({ startsAt: s.startsAt, endsAt: s.endsAt + HOUR }), true],
    ['active: shorten the end to now', 'active', (s, now) => ({ startsAt: s.startsAt, endsAt: now }), true],
    [
      'active: change only the comment',
      'active',
      (s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, comment: 'new' }),
      true,
    ],
    [
      'active: same start within the second',
      'active',
      (s) => ({ startsAt: s.startsAt + 999, endsAt: s.endsAt }),
      true,
    ],
    ['active: move the start', 'active', (s) => ({ startsAt: s.startsAt + 1000, endsAt: s.endsAt }), false],
    [
      'active: omit the start (it becomes now)',
      'active',
      (s) => ({ startsAt: undefined, endsAt: s.endsAt }),
      false,
    ],
    ['active: end in the past', 'active', (s, now) => ({ startsAt: s.startsAt, endsAt: now - 1 }), false],
    [
      'active: change the matchers',
      'active',
      (s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, matchers: otherMatchers }),
      false,
    ],
    [
      'pending: move the start later',
      'pending',
      (s) => ({ startsAt: s.startsAt + HOUR, endsAt: s.endsAt + HOUR }),
      true,
    ],
    ['pending: move the start to now', 'pending', (_s, now) => ({ startsAt: now }), true],
    ['pending: move the start into the past', 'pending', (_s, now) => ({ startsAt: now - 1 }), false],
    [
      'pending: change the matchers',
      'pending',
      (s) => ({ startsAt: s.startsAt, matchers: otherMatchers }),
      false,
    ],
    ['expired: anything', 'expired', (_s, now) => ({ startsAt: now, endsAt: now + HOUR }), false],
  ];

  async function stored(state: Prev) {
    const env = setup();
    const id =
      state === 'pending'
        ? await env.silences.set(input({ startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR }))
        : await env.silences.set(input());
    env.clock.t = state === 'expired' ? T0 + 2 * HOUR : T0 + 10 * MIN;
    return { ...env, id, before: must(env.silences, id) };
  }

  it.each(cases)('%s', async (_name, state, change, keepsId) => {
    const { silences, clock, id, before } = await stored(state);
    const now = clock.t;
    const newId = await silences.set({ ...input(change(before, now)), id });
    const old = must(silences, id);
    if (keepsId) {
      expect(newId).toBe(id);
      expect(silences.size).toBe(1);
      expect(old.updatedAt).toBe(now);
      return;
    }
    expect(newId).not.toBe(id);
    expect(newId).toMatch(UUID_V4);
    const fresh = must(silences, newId);
    expect(fresh.startsAt).toBeGreaterThanOrEqual(now);
    expect(fresh.updatedAt).toBe(now);
    if (state === 'expired') {
      // An already expired silence is left as it was.
      expect(old).toEqual(before);
    } else if (state === 'active') {
      expect(old).toEqual({ ...before, endsAt: now, updatedAt: now });
    } else {
      expect(old).toEqual({ ...before, startsAt: now, endsAt: now, updatedAt: now });
    }
  });

  it('an in-place update keeps the new end and comment', async () => {
    const { silences, clock, id, before } = await stored('active');
    await silences.set({
      ...input({ startsAt: before.startsAt, endsAt: T0 + 5 * HOUR, comment: 'longer' }),
      id,
    });
    expect(silences.get(id)).toMatchObject({ endsAt: T0 + 5 * HOUR, comment: 'longer', updatedAt: clock.t });
  });

  it('a replacement with its end in the past is created already over', async () => {
    const { silences, clock, id, before } = await stored('active');
    const newId = await silences.set({ ...input({ startsAt: before.startsAt, endsAt: clock.t - MIN }), id });
    expect(silences.query({ ids: [newId], states: ['expired'] })).toHaveLength(1);
  });
});

describe('Silences.expire', () => {
  it.each<[Prev, (s: Silence, now: number) => Partial<Silence>]>([
    ['active', (_s, now) => ({ endsAt: now, updatedAt: now })],
    ['pending', (_s, now) => ({ startsAt: now, endsAt: now, updatedAt: now })],
    ['expired', () => ({})],
  ])('%s silence', async (state, expected) => {
    const { silences, clock } = setup();
    const id =
      state === 'pending'
        ? await silences.set(input({ startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR }))
        : await silences.set(input());
    clock.t = state === 'expired' ? T0 + 2 * HOUR : T0 + 10 * MIN;
    const before = must(silences, id);
    await silences.expire(id);
    expect(silences.get(id)).toEqual({ ...before, ...expected(before, clock.t) });
    clock.t += 1;
    expect(silences.query({ ids: [id], states: ['expired'] })).toHaveLength(1);
  });

  it('is idempotent, as in Alertmanager', async () => {
    const { silences, clock } = setup();
    const id = await silences.set(input());
    await silences.expire(id);
    clock.t += MIN;
    await expect(silences.expire(id)).resolves.toBeUndefined();
    expect(must(silences, id).endsAt).toBe(T0);
  });

  it('refuses an unknown ID', async () => {
    const { silences } = setup();
    await expect(silences.expire('nope')).rejects.toThrow('silence not found');
  });

  it('makes updatedAt strictly newer even within the same millisecond', async () => {
    const { silences } = setup();
    const id = await silences.set(input({ startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR }));
    await silences.expire(id);
    expect(must(silences, id).updatedAt).toBe(T0 + 1);
  });
});

describe('Silences.query', () => {
  async function fixture() {
    const env = setup();
    const active = await env.silences.set(input());
    const pending = await env.silences.set(
      input({ startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR, matchers: otherMatchers }),
    );
    const expired = await env.silences.set(
      input({ matchers: [{ name: 'job', type: '=~', value: 'api|web' }] }),
    );
    await env.silences.expire(expired);
    env.clock.t += 1;
    return { ...env, active, pending, expired };
  }

  it.each([
    ['everything', {}, ['active', 'pending', 'expired']],
    ['by state', { states: ['active', 'pending'] as const }, ['active', 'pending']],
    ['by ID', { ids: ['expired', 'active', 'missing'] }, ['expired', 'active']],
    ['by ID and state', { ids: ['expired', 'active'], states: ['active'] as const }, ['active']],
    ['by labels', { matches: { alertname: 'DiskFull', job: 'x' } }, ['active']],
    ['by labels, regex', { matches: { alertname: 'Other', job: 'web' } }, ['expired']],
    ['by labels and state', { matches: { alertname: 'Other', job: 'web' }, states: ['active'] as const }, []],
  ])('%s', async (_name, q, expected) => {
    const f = await fixture();
    const names = { [f.active]: 'active', [f.pending]: 'pending', [f.expired]: 'expired' };
    const ids =
      'ids' in q ? q.ids.map((n) => (n === 'missing' ? n : (f[n as 'active'] as string))) : undefined;
    const result = f.silences.query({ ...q, ...(ids ? { ids } : {}) });
    expect(result.map((s) => names[s.id])).toEqual(expected);
  });

  it('since returns only silences added after a version', async () => {
    const { silences } = setup();
    await silences.set(input());
    const v = silences.version;
    const later = await silences.set(input({ matchers: otherMatchers }));
    expect(silences.queryWithVersion({ since: v })).toEqual({
      silences: [must(silences, later)],
      version: v + 1,
    });
    expect(() => silences.query({ since: 0, ids: [later] })).toThrow('QSince cannot be used with QIDs');
  });

  it('returns copies', async () => {
    const { silences } = setup();
    const id = await silences.set(input());
    const [s] = silences.query();
    if (s) s.comment = 'changed';
    expect(must(silences, id).comment).toBe('disk swap');
  });

  it('countState counts by state', async () => {
    const f = await fixture();
    expect([f.silences.countState('active'), f.silences.countState('pending', 'expired')]).toEqual([1, 2]);
  });
});

describe('Silences.version', () => {
  it('grows when an ID is added, not when a silence is updated in place or expired', async () => {
    const { silences, clock } = setup();
    expect(silences.version).toBe(0);
    const id = await silences.set(input());
    expect(silences.version).toBe(1);
    await silences.set({ ...input({ endsAt: T0 + 2 * HOUR }), id });
    expect(silences.version).toBe(1);
    clock.t += MIN;
    await silences.set({ ...input({ matchers: otherMatchers }), id });
    expect(silences.version).toBe(2);
    await silences.expire(id);
    expect(silences.version).toBe(2);
  });
});

describe('Silences.gc', () => {
  it.each([
    ['kept until the retention has passed', DEFAULT_SILENCE_RETENTION_MS - 1, 1],
    ['removed once it has', DEFAULT_SILENCE_RETENTION_MS, 0],
  ])('an expired silence is %s', async (_name, after, left) => {
    const { silences, clock } = setup();
    const id = await silences.set(input());
    await silences.expire(id);
    clock.t = T0 + after;
    await silences.gc();
    expect(silences.size).toBe(left);
  });

  it('never removes an active or pending silence, and counts what it removed', async () => {
    const { silences, clock } = setup();
    await silences.set(input({ endsAt: T0 + 1000 * HOUR }));
    await silences.set(input({ startsAt: T0 + 500 * HOUR, endsAt: T0 + 1000 * HOUR }));
    const gone = await silences.set(input());
    clock.t = T0 + HOUR + DEFAULT_SILENCE_RETENTION_MS;
    expect(await silences.gc()).toBe(1);
    expect(silences.get(gone)).toBeUndefined();
    expect(silences.size).toBe(2);
    expect(silences.query({ matches: { alertname: 'DiskFull' } })).toHaveLength(2);
  });

  it('honours a custom retention', async () => {
    const clock = { t: T0 };
    const silences = new Silences({ now: () => clock.t, retentionMs: HOUR });
    const id = await silences.set(input());
    await silences.expire(id);
    clock.t = T0 + HOUR;
    expect(await silences.gc()).toBe(1);
  });
});

describe('Silences limits', () => {
  it('refuses a silence beyond --silences.max-silences, counting expired ones', async () => {
    const { silences } = setup({ maxSilences: 1 });
    const id = await silences.set(input());
    await silences.expire(id);
    await expect(silences.set(input())).rejects.toThrow(
      new SilenceLimitError('exceeded maximum number of silences: 1 (limit: 1)'),
    );
  });

  it('still allows an in-place update at the limit', async () => {
    const { silences } = setup({ maxSilences: 1 });
    const id = await silences.set(input());
    await expect(silences.set({ ...input({ comment: 'x' }), id })).resolves.toBe(id);
  });

  it('refuses a silence larger than --silences.max-silence-size-bytes', async () => {
    const { silences } = setup({ maxSilenceSizeBytes: 300 });
    await expect(silences.set(input({ comment: 'x'.repeat(300) }))).rejects.toThrow(
      /^silence exceeded maximum size: \d+ bytes \(limit: 300 bytes\)$/,
    );
    expect(silences.size).toBe(0);
  });
});

describe('Silences persistence', () => {
  it('writes through and restores everything on load', async () => {
    const store = new MemorySilenceStore();
    const { silences, clock } = setup({ store });
    const a = await silences.set(input());
    const b = await silences.set(
      input({ startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR, matchers: otherMatchers }),
    );
    clock.t += MIN;
    await silences.expire(a);
    const restored = new Silences({ now: () => clock.t, store });
    expect(await restored.load()).toBe(2);
    expect(restored.query()).toEqual(silences.query());
    expect(restored.get(a)?.endsAt).toBe(clock.t);
    expect(restored.get(b)?.startsAt).toBe(T0 + HOUR);
    expect(store.entries.get(a)?.expiresAt).toBe(clock.t + DEFAULT_SILENCE_RETENTION_MS);
  });

  it('stores the replaced silence and its replacement together', async () => {
    const store = new MemorySilenceStore();
    const { silences, clock } = setup({ store });
    const id = await silences.set(input());
    clock.t += MIN;
    const newId = await silences.set({ ...input({ matchers: otherMatchers }), id });
    expect(store.entries.get(id)?.silence.endsAt).toBe(clock.t);
    expect(store.entries.get(newId)?.silence.matchers).toEqual(otherMatchers);
  });

  it('changes nothing when the store write fails', async () => {
    const failing: SilenceStore = {
      load: async () => [],
      save: async () => {
        throw new Error('redis down');
      },
      remove: async () => undefined,
    };
    const { silences } = setup({ store: failing });
    await expect(silences.set(input())).rejects.toThrow('redis down');
    expect(silences.size).toBe(0);
    expect(silences.version).toBe(0);
  });

  it('gc removes from the store too', async () => {
    const store = new MemorySilenceStore();
    const { silences, clock } = setup({ store });
    const id = await silences.set(input());
    await silences.expire(id);
    clock.t += DEFAULT_SILENCE_RETENTION_MS;
    await silences.gc();
    expect(store.entries.size).toBe(0);
  });

  it('serializes concurrent writes', async () => {
    const { silences } = setup({ store: new MemorySilenceStore() });
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => silences.set(input({ comment: `c${i}` }))),
    );
    expect(new Set(ids).size).toBe(20);
    expect(silences.version).toBe(20);
  });
});

describe('Silences.merge', () => {
  function stored(over: Partial<Silence>, expiresAt = T0 + 10 * HOUR): StoredSilence {
    return {
      silence: {
        id: 'peer-1',
        matchers,
        startsAt: T0,
        endsAt: T0 + HOUR,
        updatedAt: T0,
        createdBy: 'p',
        comment: '',
        ...over,
      },
      expiresAt,
    };
  }

  it.each([
    ['a new silence is added', [stored({})], true, T0],
    ['a newer copy wins', [stored({}), stored({ updatedAt: T0 + 1, comment: 'newer' })], true, T0 + 1],
    [
      'an older copy loses',
      [stored({ updatedAt: T0 + 1 }), stored({ updatedAt: T0, comment: 'older' })],
      false,
      T0 + 1,
    ],
    ['an equally new copy loses', [stored({ comment: 'first' }), stored({ comment: 'second' })], false, T0],
  ])('%s', (_name, copies, lastChanged, updatedAt) => {
    const { silences } = setup();
    let changed = false;
    for (const c of copies) changed = silences.merge(c);
    expect(changed).toBe(lastChanged);
    expect(silences.get('peer-1')?.updatedAt).toBe(updatedAt);
  });

  it('drops a copy already past its retention', () => {
    const { silences } = setup();
    expect(silences.merge(stored({}, T0 - 1))).toBe(false);
    expect(silences.size).toBe(0);
  });

  it('indexes merged silences for matching', () => {
    const { silences } = setup();
    silences.merge(stored({}));
    expect(silences.query({ matches: { alertname: 'DiskFull' }, states: ['active'] })).toHaveLength(1);
  });
});
