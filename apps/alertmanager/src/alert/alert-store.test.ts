import { describe, expect, it } from 'vitest';
import { fingerprint, type Labels } from '@vigil/model';
import { FakeTimerClock } from '../dispatch/fake-timer-clock';
import type { Alert } from './alert';
import { MemoryAlertPersistence } from './alert-persistence';
import { AlertStore } from './alert-store';
import { encodeStoredAlert } from './codec';
import { normalizeAlerts } from './intake';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const MIN = 60_000;

function mk(labels: Labels, startsAt: number, endsAt: number, updatedAt: number, timeout = false): Alert {
  return {
    labels,
    annotations: {},
    startsAt,
    endsAt,
    generatorURL: '',
    updatedAt,
    timeout,
    fingerprint: fingerprint(labels),
  };
}

function setup(opts: { gcIntervalMs?: number } = {}) {
  const clock = new FakeTimerClock(T0);
  const persistence = new MemoryAlertPersistence();
  const store = new AlertStore({ clock, persistence, ...opts });
  return { clock, persistence, store };
}

describe('AlertStore.put', () => {
  it.each<[string, Alert, Alert, Partial<Alert>]>([
    [
      'an update overlapping the stored span merges (earliest start kept)',
      mk({ a: '1' }, T0 - 10 * MIN, T0 + 10 * MIN, T0 - MIN),
      mk({ a: '1' }, T0 - 5 * MIN, T0 + 20 * MIN, T0),
      { startsAt: T0 - 10 * MIN, endsAt: T0 + 20 * MIN, updatedAt: T0 },
    ],
    [
      'a real end survives a later timeout guess',
      mk({ a: '1' }, T0 - 10 * MIN, T0 + 30 * MIN, T0 - MIN),
      mk({ a: '1' }, T0 - 5 * MIN, T0 + 5 * MIN, T0, true),
      { startsAt: T0 - 10 * MIN, endsAt: T0 + 30 * MIN, timeout: true },
    ],
    [
      'an update ending inside the stored span keeps the later real end',
      mk({ a: '1' }, T0 - 10 * MIN, T0 + 30 * MIN, T0 - MIN),
      mk({ a: '1' }, T0 - 10 * MIN, T0 + 5 * MIN, T0),
      { startsAt: T0 - 10 * MIN, endsAt: T0 + 30 * MIN },
    ],
    [
      'an update resolving inside the stored span resolves it',
      mk({ a: '1' }, T0 - 10 * MIN, T0 + 30 * MIN, T0 - MIN),
      mk({ a: '1' }, T0 - 10 * MIN, T0 - MIN, T0),
      { startsAt: T0 - 10 * MIN, endsAt: T0 - MIN },
    ],
    [
      'a new firing period after resolution replaces the old one',
      mk({ a: '1' }, T0 - 30 * MIN, T0 - 20 * MIN, T0 - 20 * MIN),
      mk({ a: '1' }, T0 - MIN, T0 + 5 * MIN, T0, true),
      { startsAt: T0 - MIN, endsAt: T0 + 5 * MIN, timeout: true },
    ],
  ])('%s', async (_name, first, second, want) => {
    const { store } = setup();
    await store.put([first]);
    await store.put([second]);
    expect(store.get(first.fingerprint)).toMatchObject(want);
    expect(store.size).toBe(1);
  });

  it('tells every subscriber of each put, with the merged alerts, until unsubscribed', async () => {
    const { store } = setup();
    const seen: Alert[][] = [];
    const off = store.subscribe((alerts) => seen.push([...alerts]));
    await store.put([mk({ a: '1' }, T0 - 10 * MIN, T0 + 10 * MIN, T0 - MIN)]);
    await store.put([mk({ a: '1' }, T0 - 5 * MIN, T0 + 20 * MIN, T0), mk({ a: '2' }, T0, T0 + MIN, T0)]);
    off();
    await store.put([mk({ a: '3' }, T0, T0 + MIN, T0)]);
    expect(seen.map((b) => b.map((a) => [a.labels['a'], a.startsAt - T0]))).toEqual([
      [['1', -10 * MIN]],
      [
        ['1', -10 * MIN],
        ['2', 0],
      ],
    ]);
  });

  it('never mutates a stored alert: an update stores a new object', async () => {
    const { store } = setup();
    const first = mk({ a: '1' }, T0 - 10 * MIN, T0 + 10 * MIN, T0 - MIN);
    await store.put([first]);
    await store.put([mk({ a: '1' }, T0 - 5 * MIN, T0 + 20 * MIN, T0)]);
    expect(first.endsAt).toBe(T0 + 10 * MIN);
    expect(store.get(first.fingerprint)).not.toBe(first);
  });

  it('writes each put through as one batch', async () => {
    const { store, persistence } = setup();
    const { alerts } = normalizeAlerts(
      Array.from({ length: 100 }, (_, i) => ({ labels: { alertname: 'X', i: String(i) } })),
      { now: T0, resolveTimeoutMs: 5 * MIN },
    );
    await store.put(alerts);
    expect(persistence.saveCalls).toBe(1);
    expect(persistence.entries.size).toBe(100);
  });

  it('rejects the put when persisting fails, with memory already updated', async () => {
    const persistence = new MemoryAlertPersistence();
    persistence.save = () => Promise.reject(new Error('redis down'));
    const errors: string[] = [];
    const store = new AlertStore({
      clock: new FakeTimerClock(T0),
      persistence,
      logger: { warn: () => undefined, error: (_o, msg) => errors.push(msg) },
    });
    const a = mk({ a: '1' }, T0, T0 + MIN, T0);
    await expect(store.put([a])).rejects.toThrow('redis down');
    expect(store.get(a.fingerprint)).toBe(a);
    expect(errors).toEqual(['Failed to persist alerts']);
  });
});

describe('AlertStore GC', () => {
  it('removes alerts resolved by the tick, from memory and persistence, every gcInterval', async () => {
    const { store, persistence, clock } = setup({ gcIntervalMs: 30 * MIN });
    const collected: string[][] = [];
    store.onGc((deleted) => collected.push(deleted.map((a) => a.labels['a'] as string)));
    await store.put([
      mk({ a: 'resolved' }, T0 - 10 * MIN, T0 - MIN, T0),
      mk({ a: 'ends-soon' }, T0 - 10 * MIN, T0 + 10 * MIN, T0),
      mk({ a: 'firing' }, T0 - 10 * MIN, T0 + 60 * MIN, T0),
    ]);
    store.startGc();
    await clock.advance(29 * MIN);
    expect(store.size).toBe(3);
    await clock.advance(MIN);
    expect(collected).toEqual([['resolved', 'ends-soon']]);
    expect(store.list().map((a) => a.labels['a'])).toEqual(['firing']);
    await store.flush();
    expect([...persistence.entries.keys()]).toEqual([fingerprint({ a: 'firing' })]);
    await clock.advance(30 * MIN);
    expect(collected).toHaveLength(2);
    await store.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts unresolved alerts per state', async () => {
    const { store } = setup();
    await store.put([
      mk({ a: '1', muted: 'yes' }, T0, T0 + MIN, T0),
      mk({ a: '2' }, T0, T0 + MIN, T0),
      mk({ a: '3' }, T0 - 2 * MIN, T0 - MIN, T0),
    ]);
    expect(store.countByState()).toEqual({ active: 2, suppressed: 0, unprocessed: 0 });
    expect(store.countByState(T0, (a) => (a.labels['muted'] ? 'suppressed' : 'active'))).toEqual({
      active: 1,
      suppressed: 1,
      unprocessed: 0,
    });
  });
});

describe('AlertStore.load', () => {
  it('restores persisted alerts, skipping corrupt entries with a logged reason', async () => {
    const persistence = new MemoryAlertPersistence({
      warn: (obj, msg) => warnings.push([msg, (obj as { reason: string }).reason]),
      error: () => undefined,
    });
    const warnings: [string, string][] = [];
    const good = mk({ a: '1' }, T0, T0 + MIN, T0);
    persistence.entries.set(good.fingerprint, encodeStoredAlert(good));
    persistence.entries.set('0123456789abcdef', '{"v":1');
    const store = new AlertStore({ clock: new FakeTimerClock(T0), persistence });
    const seen: Alert[] = [];
    store.subscribe((alerts) => seen.push(...alerts));
    expect(await store.load()).toBe(1);
    expect(store.get(good.fingerprint)).toEqual(good);
    expect(seen).toEqual([good]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[0]).toBe('Skipping unreadable stored alert');
    expect(warnings[0]?.[1]).toMatch(/^not JSON/);
  });
});

describe('AlertStore throughput', () => {
  it('takes 100,000 alerts in batches of 100 (sanity figure, logged)', async () => {
    const { store } = setup();
    const started = performance.now();
    for (let b = 0; b < 1000; b++) {
      const { alerts } = normalizeAlerts(
        Array.from({ length: 100 }, (_, i) => ({
          labels: { alertname: 'Load', instance: `host-${b}`, i: String(i) },
          annotations: { summary: 'load test' },
        })),
        { now: T0, resolveTimeoutMs: 5 * MIN },
      );
      await store.put(alerts);
    }
    const putMs = performance.now() - started;
    const listStarted = performance.now();
    const listed = store.list().length;
    const listMs = performance.now() - listStarted;
    console.log(
      `AlertStore: 100,000 puts in ${putMs.toFixed(0)} ms (memory persistence), list in ${listMs.toFixed(1)} ms`,
    );
    expect(listed).toBe(100_000);
  }, 120_000);
});
