import { describe, expect, it } from 'vitest';
import { entryExpiry } from './entry';
import { MemoryNotificationLog } from './memory-notification-log';

const HOUR = 3_600_000;
const recv = { groupName: 'ops', integration: 'webhook', idx: 0 };

describe('entryExpiry', () => {
  it.each([
    ['2 × repeat interval when shorter than retention', 120 * HOUR, 8 * HOUR, 8 * HOUR],
    ['retention when shorter than 2 × repeat interval', 4 * HOUR, 8 * HOUR, 4 * HOUR],
    ['retention when no expiry is asked', 120 * HOUR, 0, 120 * HOUR],
  ])('lives %s', (_name, retention, expiry, life) => {
    expect(entryExpiry(1000, retention, expiry)).toBe(1000 + life);
  });
});

describe('MemoryNotificationLog', () => {
  it('returns the last entry until it expires', async () => {
    let now = 10 * HOUR;
    const log = new MemoryNotificationLog({ now: () => now });
    await log.log({
      groupKey: 'g',
      receiver: recv,
      firingAlerts: ['a'],
      resolvedAlerts: [],
      receiverData: {},
      expiryMs: 2 * HOUR,
    });
    expect(await log.query('g', recv)).toMatchObject({ timestamp: 10 * HOUR, firingAlerts: ['a'] });
    expect(await log.query('g', { ...recv, idx: 1 })).toBeUndefined();
    now += 2 * HOUR;
    expect(await log.query('g', recv)).toBeUndefined();
  });

  it('does not overwrite an entry stamped later', async () => {
    let now = 10 * HOUR;
    const log = new MemoryNotificationLog({ now: () => now });
    const req = { groupKey: 'g', receiver: recv, resolvedAlerts: [], receiverData: {}, expiryMs: 0 };
    await log.log({ ...req, firingAlerts: ['new'] });
    now -= 1000;
    await log.log({ ...req, firingAlerts: ['old'] });
    now += 1000;
    expect((await log.query('g', recv))?.firingAlerts).toEqual(['new']);
  });
});
