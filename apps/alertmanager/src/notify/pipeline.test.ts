import type { Labels } from '@vigil/model';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../alert/alert';
import { MemoryNotificationLog } from '../nflog';
import { Intervener } from '../timeinterval';
import type { Integration } from './integration';
import { NotifyError } from './notify-error';
import type { NotifyContext } from './notify-context';
import { PipelineBuilder, type PipelineDeps } from './pipeline';
import { RecordingNotifier, T0, integrationOf, makeAlert, metricValue } from './test-support';

const MIN = 60_000;
const HOUR = 60 * MIN;

function flushCtx(now: number, over: Partial<NotifyContext> = {}): NotifyContext {
  return {
    groupKey: '{}:{alertname="DiskFull"}',
    receiver: 'ops',
    groupLabels: { alertname: 'DiskFull' },
    repeatIntervalMs: 4 * HOUR,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    now,
    deadline: now + 5 * MIN,
    ...over,
  };
}

function setup(integrations: Integration[], deps: Partial<PipelineDeps> = {}) {
  let clock = T0;
  const registry = new Registry();
  const log = new MemoryNotificationLog({ now: () => clock });
  const pipeline = new PipelineBuilder({ registry, random: () => 0.5 }).build(
    new Map([['ops', integrations]]),
    {
      inhibitor: { mutes: (l: Labels) => l.alertname === 'Inhibited' },
      silencer: { mutes: (l: Labels) => l.severity === 'info' },
      timeMuter: new Intervener({}),
      notificationLog: log,
      ...deps,
    },
  );
  // The log stamps entries with the flush's time, as a real clock would just after sending.
  const flush = (now: number, alerts: Alert[], over: Partial<NotifyContext> = {}) => {
    clock = now;
    return pipeline.notify(flushCtx(now, over), alerts);
  };
  return { registry, log, pipeline, flush };
}

const disk = makeAlert({ alertname: 'DiskFull', instance: 'a', severity: 'critical' });
const disk2 = makeAlert({ alertname: 'DiskFull', instance: 'b', severity: 'critical' });
const silenced = makeAlert({ alertname: 'DiskFull', instance: 'c', severity: 'info' });
const inhibited = makeAlert({ alertname: 'Inhibited', severity: 'critical' });

describe('the notification pipeline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps muted alerts from the notifier and counts them', async () => {
    const notifier = new RecordingNotifier();
    const { registry, flush } = setup([integrationOf(notifier)]);
    expect(await flush(T0, [disk, silenced, inhibited])).toBe(true);
    expect(notifier.calls.map((c) => c.alerts)).toEqual([[disk]]);
    expect(
      await metricValue(registry, 'alertmanager_notifications_suppressed_total', { reason: 'silence' }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'alertmanager_notifications_suppressed_total', { reason: 'inhibition' }),
    ).toBe(1);
  });

  it('succeeds without sending when every alert is muted', async () => {
    const notifier = new RecordingNotifier();
    const { flush } = setup([integrationOf(notifier)]);
    expect(await flush(T0, [silenced, inhibited])).toBe(true);
    expect(notifier.calls).toEqual([]);
  });

  it('does not re-send an unchanged group before repeat_interval, and does after it', async () => {
    const notifier = new RecordingNotifier();
    const { flush } = setup([integrationOf(notifier)]);
    await flush(T0, [disk]);
    await flush(T0 + 5 * MIN, [disk]);
    await flush(T0 + 4 * HOUR, [disk]);
    expect(notifier.calls).toHaveLength(1);
    await flush(T0 + 4 * HOUR + 5 * MIN, [disk]);
    expect(notifier.calls).toHaveLength(2);
    expect(notifier.calls[1]?.ctx.notification?.reason).toBe('repeat interval elapsed');
  });

  it('sends at once when a new alert joins the group', async () => {
    const notifier = new RecordingNotifier();
    const { flush } = setup([integrationOf(notifier)]);
    await flush(T0, [disk]);
    await flush(T0 + 5 * MIN, [disk, disk2]);
    expect(notifier.calls.map((c) => [c.alerts.length, c.ctx.notification?.reason])).toEqual([
      [1, 'first notification'],
      [2, 'new alerts added'],
    ]);
  });

  it.each([
    ['sends the resolution with send_resolved', true, [[disk], [{ ...disk, endsAt: T0 + 4 * MIN }]]],
    ['stays quiet about the resolution without send_resolved', false, [[disk]]],
  ])('%s', async (_name, sendResolved, sent) => {
    const notifier = new RecordingNotifier();
    const { flush, log } = setup([integrationOf(notifier, { sendResolved })]);
    await flush(T0, [disk]);
    const resolved = { ...disk, endsAt: T0 + 4 * MIN };
    expect(await flush(T0 + 5 * MIN, [resolved])).toBe(true);
    expect(notifier.calls.map((c) => c.alerts)).toEqual(sent);
    // Either way the log learns the group resolved, so the next firing counts as a first notification.
    const entry = await log.query(flushCtx(T0).groupKey, {
      groupName: 'ops',
      integration: 'webhook',
      idx: 0,
    });
    expect(entry).toMatchObject({ firingAlerts: [], resolvedAlerts: [disk.fingerprint] });
  });

  it('reports failure and logs nothing when delivery fails for good, so the next flush tries again', async () => {
    const notifier = new RecordingNotifier([
      new NotifyError('unexpected status code 400', { retriable: false }),
    ]);
    const { flush } = setup([integrationOf(notifier)]);
    expect(await flush(T0, [disk])).toBe(false);
    expect(await flush(T0 + 5 * MIN, [disk])).toBe(true);
    expect(notifier.calls).toHaveLength(2);
  });

  it('delivers through the other integrations when one fails, and logs only those that succeeded', async () => {
    const bad = new RecordingNotifier([new NotifyError('no', { retriable: false })]);
    const good = new RecordingNotifier();
    const { flush, log } = setup([integrationOf(bad), integrationOf(good, { index: 1 })]);
    expect(await flush(T0, [disk])).toBe(false);
    expect(good.calls).toHaveLength(1);
    const gk = flushCtx(T0).groupKey;
    expect(await log.query(gk, { groupName: 'ops', integration: 'webhook', idx: 0 })).toBeUndefined();
    expect(await log.query(gk, { groupName: 'ops', integration: 'webhook', idx: 1 })).toBeDefined();
  });

  it('retries until the flush deadline, then fails', async () => {
    vi.useFakeTimers();
    const notifier = new RecordingNotifier(
      Array.from(
        { length: 50 },
        () => new NotifyError('unexpected status code 502', { retriable: true, reason: 'serverError' }),
      ),
    );
    const { flush, registry } = setup([integrationOf(notifier)]);
    const result = flush(T0, [disk], { deadline: T0 + 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toBe(false);
    expect(notifier.calls).toHaveLength(6);
    expect(
      await metricValue(registry, 'alertmanager_notifications_failed_total', { reason: 'serverError' }),
    ).toBe(1);
  });

  it('fails a flush the dispatcher cancels', async () => {
    const cancel = new AbortController();
    const notifier = {
      notify: async () => {
        cancel.abort();
        throw new Error('socket hang up');
      },
    };
    const { flush, registry } = setup([integrationOf(notifier)]);
    expect(await flush(T0, [disk], { signal: cancel.signal })).toBe(false);
    expect(
      await metricValue(registry, 'alertmanager_notifications_failed_total', { reason: 'contextCanceled' }),
    ).toBe(1);
  });

  it.each([
    ['at the deadline as a deadline', 10_000, 'contextDeadlineExceeded'],
    ['before the deadline as a cancel', 3_000, 'contextCanceled'],
  ])('reports a caller that aborts %s', async (_name, abortAfter, reason) => {
    vi.useFakeTimers();
    // A receiver that never answers: the attempt ends only when the flush is aborted.
    const hanging = {
      notify: (ctx: { signal: AbortSignal }) =>
        new Promise<void>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error));
        }),
    };
    const { flush, registry } = setup([integrationOf(hanging)]);
    const caller = new AbortController();
    setTimeout(() => caller.abort(new Error('flush aborted')), abortAfter);
    const result = flush(T0, [disk], { deadline: T0 + 10_000, signal: caller.signal });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toBe(false);
    expect(await metricValue(registry, 'alertmanager_notifications_failed_total', { reason })).toBe(1);
  });

  it('accepts a deadline too far for a timer', async () => {
    const notifier = new RecordingNotifier();
    const { flush } = setup([integrationOf(notifier)]);
    expect(await flush(T0, [disk], { deadline: Number.MAX_SAFE_INTEGER })).toBe(true);
    expect(notifier.calls).toHaveLength(1);
  });

  it('waits the peer delay before each integration sends', async () => {
    vi.useFakeTimers();
    const notifier = new RecordingNotifier();
    const { flush } = setup([integrationOf(notifier)], { wait: () => 15_000 });
    const result = flush(T0, [disk]);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(notifier.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toBe(true);
    expect(notifier.calls).toHaveLength(1);
  });

  it('holds a group back outside its route’s active time intervals', async () => {
    const notifier = new RecordingNotifier();
    const { flush } = setup([integrationOf(notifier)], {
      timeMuter: { activeIntervals: () => [] },
    });
    expect(await flush(T0, [disk], { activeTimeIntervals: ['business-hours'] })).toBe(true);
    expect(notifier.calls).toEqual([]);
  });

  it('fails for a receiver it was not built for, and succeeds trivially for one without integrations', async () => {
    const { flush } = setup([]);
    expect(await flush(T0, [disk], { receiver: 'nobody' })).toBe(false);
    expect(await flush(T0, [disk])).toBe(true);
  });
});
