import { describe, expect, it } from 'vitest';
import { fingerprint, type Labels } from '@vigil/model';
import type { SilenceInput, SilenceMatcher } from './silence';
import { Silencer } from './silencer';
import { Silences } from './silences';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function setup() {
  const clock = { t: T0 };
  const silences = new Silences({ now: () => clock.t });
  return { clock, silences, silencer: new Silencer(silences) };
}

function sil(matchers: SilenceMatcher[], over: Partial<SilenceInput> = {}): SilenceInput {
  return { matchers, startsAt: T0, endsAt: T0 + HOUR, createdBy: 'ops', comment: '', ...over };
}

const eq = (name: string, value: string): SilenceMatcher => ({ name, type: '=', value });

describe('Silencer.mutes', () => {
  it.each<[string, SilenceMatcher[], Labels, boolean]>([
    ['equality match', [eq('alertname', 'DiskFull')], { alertname: 'DiskFull', instance: 'a' }, true],
    ['equality mismatch', [eq('alertname', 'DiskFull')], { alertname: 'CPU' }, false],
    [
      'all matchers must match',
      [eq('alertname', 'DiskFull'), eq('instance', 'b')],
      { alertname: 'DiskFull', instance: 'a' },
      false,
    ],
    ['regex is anchored', [{ name: 'instance', type: '=~', value: 'web' }], { instance: 'web-1' }, false],
    [
      'regex alternation',
      [{ name: 'instance', type: '=~', value: 'web-.*|db' }],
      { instance: 'web-1' },
      true,
    ],
    [
      'negative regex',
      [{ name: 'env', type: '!~', value: 'prod|staging' }, eq('team', 'a')],
      { env: 'dev', team: 'a' },
      true,
    ],
    [
      '!= matches a missing label',
      [{ name: 'env', type: '!=', value: 'prod' }, eq('team', 'a')],
      { team: 'a' },
      true,
    ],
    [
      '="" requires the label to be missing or empty',
      [eq('env', ''), eq('team', 'a')],
      { team: 'a', env: 'x' },
      false,
    ],
    ['="" with the label missing', [eq('env', ''), eq('team', 'a')], { team: 'a' }, true],
  ])('%s', async (_name, matchers, labels, expected) => {
    const { silences, silencer } = setup();
    const id = await silences.set(sil(matchers));
    expect(silencer.mutes(labels)).toBe(expected);
    expect(silencer.silencedBy(labels)).toEqual(expected ? [id] : []);
  });
});

describe('Silencer over time', () => {
  const labels = { alertname: 'DiskFull', instance: 'a' };

  it('follows a silence from pending to active to expired', async () => {
    const { clock, silences, silencer } = setup();
    await silences.set(sil([eq('alertname', 'DiskFull')], { startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR }));
    expect(silencer.mutes(labels)).toBe(false);
    clock.t = T0 + HOUR;
    expect(silencer.mutes(labels)).toBe(true);
    clock.t = T0 + 2 * HOUR;
    expect(silencer.mutes(labels)).toBe(true);
    clock.t = T0 + 2 * HOUR + 1;
    expect(silencer.mutes(labels)).toBe(false);
  });

  it('sees silences created after it cached a "not muted" answer', async () => {
    const { silences, silencer } = setup();
    expect(silencer.mutes(labels)).toBe(false);
    const id = await silences.set(sil([eq('instance', 'a')]));
    expect(silencer.silencedBy(labels)).toEqual([id]);
  });

  it('stops muting when the silence is expired', async () => {
    const { clock, silences, silencer } = setup();
    const id = await silences.set(sil([eq('alertname', 'DiskFull')]));
    expect(silencer.mutes(labels)).toBe(true);
    clock.t += MIN;
    await silences.expire(id);
    clock.t += 1;
    expect(silencer.mutes(labels)).toBe(false);
  });

  it('follows a silence replaced by one with other matchers', async () => {
    const { clock, silences, silencer } = setup();
    const id = await silences.set(sil([eq('alertname', 'DiskFull')]));
    expect(silencer.mutes(labels)).toBe(true);
    clock.t += MIN;
    const newId = await silences.set({ ...sil([eq('alertname', 'CPU')]), id });
    clock.t += 1;
    expect(silencer.mutes(labels)).toBe(false);
    expect(silencer.silencedBy({ alertname: 'CPU' })).toEqual([newId]);
  });

  it('lists every active silence, oldest first, and none that are pending', async () => {
    const { silences, silencer } = setup();
    const a = await silences.set(sil([eq('alertname', 'DiskFull')]));
    await silences.set(sil([eq('instance', 'a')], { startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR }));
    const c = await silences.set(sil([{ name: 'instance', type: '=~', value: '.+' }]));
    expect(silencer.silencedBy(labels)).toEqual([a, c]);
    expect(silencer.silencedBy(labels, fingerprint(labels))).toEqual([a, c]);
  });

  it('notices a merged copy of a silence whose matchers changed under the same ID', async () => {
    const { silences, silencer } = setup();
    const id = await silences.set(sil([eq('alertname', 'DiskFull')]));
    const before = silences.get(id);
    if (!before) throw new Error('missing');
    expect(silencer.mutes({ alertname: 'CPU' })).toBe(false);
    silences.merge({
      silence: { ...before, matchers: [eq('alertname', 'CPU')], updatedAt: before.updatedAt + 1 },
      expiresAt: before.endsAt + HOUR,
    });
    expect(silencer.silencedBy({ alertname: 'CPU' })).toEqual([id]);
    expect(silences.query({ since: 0 }).map((s) => s.id)).toEqual([id]);
  });

  it('forget drops a cached answer', async () => {
    const { silences, silencer } = setup();
    await silences.set(sil([eq('alertname', 'DiskFull')]));
    silencer.mutes(labels);
    expect(silencer.cacheSize()).toBe(1);
    silencer.forget(fingerprint(labels));
    expect(silencer.cacheSize()).toBe(0);
  });
});

describe('Silencer at scale', () => {
  it('matches 20,000 alerts against 10,000 silences quickly, then answers repeats from its cache', async () => {
    const { silences, silencer } = setup();
    for (let i = 0; i < 9_000; i++)
      await silences.set(sil([eq('alertname', `Alert${i}`), eq('env', 'prod')]));
    for (let i = 0; i < 900; i++)
      await silences.set(sil([{ name: 'instance', type: '=~', value: `host-${i}-.*` }]));
    for (let i = 0; i < 100; i++)
      await silences.set(sil([eq('team', `t${i}`), { name: 'severity', type: '!=', value: 'page' }]));
    const alerts = Array.from({ length: 20_000 }, (_, i) => ({
      alertname: `Alert${i}`,
      env: i % 2 === 0 ? 'prod' : 'dev',
      instance: `host-${i}-x`,
      team: `t${i % 200}`,
      severity: 'warn',
    }));
    const expected = (i: number): boolean => (i < 9_000 && i % 2 === 0) || i < 900 || i % 200 < 100;
    let started = performance.now();
    alerts.forEach((a, i) => expect(silencer.mutes(a)).toBe(expected(i)));
    const first = performance.now() - started;
    started = performance.now();
    alerts.forEach((a, i) => expect(silencer.mutes(a)).toBe(expected(i)));
    const repeat = performance.now() - started;
    expect(first).toBeLessThan(10_000);
    expect(repeat).toBeLessThan(5_000);
  });
});
