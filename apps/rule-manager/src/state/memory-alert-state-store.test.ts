import { describe, expect, it } from 'vitest';
import type { PersistedGroupState } from './alert-state-store';
import { MemoryAlertStateStore } from './memory-alert-state-store';

const state = (groupKey: string, evaluatedAtMs: number): PersistedGroupState => ({
  groupKey,
  evaluatedAtMs,
  rules: [
    {
      ruleKey: 'r',
      alerts: [
        {
          labels: { alertname: 'A' },
          annotations: {},
          state: 'firing',
          value: 1,
          activeAtMs: 5,
          firedAtMs: 6,
        },
      ],
    },
  ],
});

describe('MemoryAlertStateStore', () => {
  it('loads what was saved last, per group', async () => {
    const store = new MemoryAlertStateStore();
    expect(await store.load('f;g')).toBeUndefined();
    await store.save(state('f;g', 1));
    await store.save(state('f;g', 2));
    await store.save(state('f;h', 3));
    expect(await store.load('f;g')).toEqual(state('f;g', 2));
    expect(store.groupKeys().sort()).toEqual(['f;g', 'f;h']);
  });

  it('isolates saved state from later changes by either side', async () => {
    const store = new MemoryAlertStateStore();
    const s = state('f;g', 1);
    await store.save(s);
    s.rules[0]?.alerts.pop();
    const loaded = await store.load('f;g');
    expect(loaded?.rules[0]?.alerts).toHaveLength(1);
    loaded?.rules.pop();
    expect((await store.load('f;g'))?.rules).toHaveLength(1);
  });

  it('forgets removed groups', async () => {
    const store = new MemoryAlertStateStore();
    await store.save(state('f;g', 1));
    await store.remove('f;g');
    await store.remove('f;missing');
    expect(await store.load('f;g')).toBeUndefined();
  });
});
