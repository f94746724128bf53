import { describe, expect, it } from 'vitest';
import { MemoryNotificationLog } from '../nflog';
import { dedupStage, needsUpdate, type LastNotification } from './dedup-stage';
import type { NotifyReason } from './notify-reason';
import { T0, makeAlert, makeCtx } from './test-support';

const MIN = 60_000;
const last = (firing: string[], resolved: string[], agoMs: number | 'epoch'): LastNotification => ({
  firingAlerts: firing,
  resolvedAlerts: resolved,
  timestamp: agoMs === 'epoch' ? 0 : T0 - agoMs,
});

describe('needsUpdate (when the dedup stage lets a notification through)', () => {
  it.each<[string, LastNotification | undefined, string[], string[], boolean, NotifyReason]>([
    ['never notified and alerts fire', undefined, ['b', 'c', 'd'], [], false, 'first notification'],
    ['never notified and only resolved alerts', undefined, [], ['b', 'c', 'd'], true, 'none'],
    ['a new alert fires', last(['a', 'b', 'c'], [], 1 * MIN), ['b', 'c', 'd'], [], false, 'new alerts added'],
    [
      'alerts fire again after a resolution was sent',
      last([], ['a'], 1 * MIN),
      ['a'],
      [],
      false,
      'first notification',
    ],
    [
      'the last entry has a zero timestamp',
      last(['a', 'b', 'c'], [], 'epoch'),
      ['a', 'b', 'c'],
      [],
      false,
      'repeat interval elapsed',
    ],
    [
      'nothing changed within repeat_interval',
      last(['a', 'b', 'c'], [], 9 * MIN),
      ['a', 'b', 'c'],
      [],
      false,
      'none',
    ],
    [
      'nothing changed past repeat_interval',
      last(['a', 'b', 'c'], [], 11 * MIN),
      ['a', 'b', 'c'],
      [],
      false,
      'repeat interval elapsed',
    ],
    [
      'fewer alerts fire, none newly resolved',
      last(['a', 'b', 'c'], [], 1 * MIN),
      ['a', 'b'],
      [],
      true,
      'none',
    ],
    [
      'only other resolved alerts, nothing fired before',
      last([], ['a', 'b', 'c'], 11 * MIN),
      [],
      ['c', 'd', 'e'],
      true,
      'none',
    ],
    [
      'an alert resolved, send_resolved off',
      last(['a', 'b'], ['c'], 9 * MIN),
      ['a'],
      ['b', 'c'],
      false,
      'none',
    ],
    [
      'an alert resolved, send_resolved on',
      last(['a', 'b'], ['c'], 9 * MIN),
      ['a'],
      ['b', 'c'],
      true,
      'some alerts resolved',
    ],
    [
      'everything resolved, send_resolved off',
      last(['a', 'b'], ['c'], 9 * MIN),
      [],
      ['a', 'b', 'c'],
      false,
      'all alerts resolved',
    ],
    [
      'everything resolved, send_resolved on',
      last(['a', 'b'], ['c'], 9 * MIN),
      [],
      ['a', 'b', 'c'],
      true,
      'all alerts resolved',
    ],
  ])('%s', (_name, entry, firing, resolved, sendResolved, reason) => {
    expect(needsUpdate(entry, new Set(firing), new Set(resolved), sendResolved, 10 * MIN, T0)).toBe(reason);
  });
});

describe('dedupStage', () => {
  const recv = { groupName: 'ops', integration: 'webhook', idx: 0 };
  const firing = makeAlert({ alertname: 'A', instance: '1' });
  const resolved = makeAlert({ alertname: 'A', instance: '2' }, { endsAt: T0 - 1000 });

  it('passes a first notification on with the fingerprints it saw and empty integration data', async () => {
    const log = new MemoryNotificationLog({ now: () => T0 });
    const out = await dedupStage(log, recv, true).exec(makeCtx(), [firing, resolved]);
    expect(out.alerts).toEqual([firing, resolved]);
    expect(out.ctx.notification).toEqual({
      firing: [firing.fingerprint],
      resolved: [resolved.fingerprint],
      reason: 'first notification',
      receiverData: {},
    });
  });

  it('stops an unchanged group before repeat_interval, judged at the flush time not the wall clock', async () => {
    const log = new MemoryNotificationLog({ now: () => T0 - 10 * MIN });
    const entry = { groupKey: makeCtx().groupKey, receiver: recv, resolvedAlerts: [], expiryMs: 0 };
    await log.log({ ...entry, firingAlerts: [firing.fingerprint], receiverData: { thread: 't1' } });
    const stage = dedupStage(log, recv, true);
    const early = await stage.exec(makeCtx({ repeatIntervalMs: 30 * MIN }), [firing]);
    expect(early.alerts).toEqual([]);
    expect(early.ctx.notification?.reason).toBe('none');
    const late = await stage.exec(makeCtx({ repeatIntervalMs: 30 * MIN, now: T0 + 30 * MIN }), [firing]);
    expect(late.alerts).toEqual([firing]);
    expect(late.ctx.notification).toMatchObject({
      reason: 'repeat interval elapsed',
      receiverData: { thread: 't1' },
    });
  });

  it('starts integration data afresh when a group fires again after its resolution', async () => {
    const log = new MemoryNotificationLog({ now: () => T0 - MIN });
    const entry = { groupKey: makeCtx().groupKey, receiver: recv, firingAlerts: [], expiryMs: 0 };
    await log.log({ ...entry, resolvedAlerts: [firing.fingerprint], receiverData: { thread: 'old' } });
    const out = await dedupStage(log, recv, true).exec(makeCtx(), [firing]);
    expect(out.ctx.notification).toMatchObject({ reason: 'first notification', receiverData: {} });
  });
});
