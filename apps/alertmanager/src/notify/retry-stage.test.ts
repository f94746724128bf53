import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlushCanceledError, FlushDeadlineError, NotifyError } from './notify-error';
import { retryStage } from './retry-stage';
import type { StageContext } from './stage';
import {
  RecordingNotifier,
  T0,
  integrationOf,
  makeAlert,
  makeCtx,
  metricValue,
  newMetrics,
} from './test-support';

const firing = makeAlert({ alertname: 'A', instance: '1' });
const resolved = makeAlert({ alertname: 'A', instance: '2' }, { endsAt: T0 - 1000 });

function ctxWith(signal: AbortSignal, firingFps = [firing.fingerprint]): StageContext {
  return makeCtx({
    signal,
    notification: { firing: firingFps, resolved: [], reason: 'first notification', receiverData: {} },
  });
}

const http = (status: number): NotifyError =>
  new NotifyError(`unexpected status code ${status}`, {
    retriable: status >= 500 || status === 429,
    reason: status >= 500 ? 'serverError' : status === 429 ? 'rateLimited' : 'clientError',
  });

describe('retryStage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits at least the receiver's Retry-After before the next attempt", async () => {
    const { metrics } = newMetrics();
    const limited = new NotifyError('rate limited', {
      retriable: true,
      reason: 'rateLimited',
      retryAfterMs: 5000,
    });
    const notifier = new RecordingNotifier([limited]);
    const run = retryStage(integrationOf(notifier), { metrics, random: () => 0.5 }).exec(
      ctxWith(new AbortController().signal),
      [firing],
    );
    await vi.advanceTimersByTimeAsync(4900);
    expect(notifier.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await run;
    expect(notifier.calls).toHaveLength(2);
  });

  it.each<[string, Error, number, string | undefined]>([
    ['a 5xx is retried', http(503), 2, undefined],
    ['a 429 is retried', http(429), 2, undefined],
    ['an unclassified error (e.g. a network error) is retried', new Error('ECONNRESET'), 2, undefined],
    ['a 4xx is not retried', http(400), 1, 'clientError'],
    [
      'an explicitly unrecoverable error is not retried',
      new NotifyError('bad template', { retriable: false }),
      1,
      'other',
    ],
  ])('%s', async (_name, failure, attempts, failedReason) => {
    const { registry, metrics } = newMetrics();
    const notifier = new RecordingNotifier([failure]);
    const run = retryStage(integrationOf(notifier), { metrics, random: () => 0.5 }).exec(
      ctxWith(new AbortController().signal),
      [firing],
    );
    const settled = run.then(
      () => 'ok',
      (err: unknown) => err,
    );
    await vi.advanceTimersByTimeAsync(1000);
    const outcome = await settled;
    expect(notifier.calls).toHaveLength(attempts);
    expect(await metricValue(registry, 'alertmanager_notifications_total', { integration: 'webhook' })).toBe(
      1,
    );
    expect(
      await metricValue(registry, 'alertmanager_notification_requests_total', { integration: 'webhook' }),
    ).toBe(attempts);
    expect(
      await metricValue(registry, 'alertmanager_notification_requests_failed_total', {
        integration: 'webhook',
      }),
    ).toBe(1);
    if (failedReason === undefined) {
      expect(outcome).toBe('ok');
    } else {
      expect(outcome).toBeInstanceOf(NotifyError);
      expect((outcome as NotifyError).message).toBe(
        `ops/webhook[0]: notify retry canceled due to unrecoverable error after 1 attempts: ${failure.message}`,
      );
      expect(
        await metricValue(registry, 'alertmanager_notifications_failed_total', { reason: failedReason }),
      ).toBe(1);
    }
  });

  it('backs off 500 ms ×1.5 between attempts and gives up at the deadline with the last error', async () => {
    const { registry, metrics } = newMetrics();
    const notifier = new RecordingNotifier(Array.from({ length: 100 }, () => http(500)));
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(new FlushDeadlineError()), 10_000);
    const started = Date.now();
    const attemptTimes: number[] = [];
    const timed = {
      notify: async (ctx: StageContext, alerts: (typeof firing)[]) => {
        attemptTimes.push(Date.now() - started);
        return notifier.notify(ctx, alerts);
      },
    };
    const settled = retryStage(integrationOf(timed), { metrics, random: () => 0.5 })
      .exec(ctxWith(deadline.signal), [firing])
      .catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(20_000);
    const err = await settled;
    // Waits of 500, 750, 1125, 1687.5, 2531.25 ms; the next (3796.875 ms) would pass the 10 s deadline.
    expect(attemptTimes).toEqual([0, 500, 1250, 2375, 4062.5, 6593.75].map(Math.floor));
    expect((err as Error).message).toBe(
      'ops/webhook[0]: notify retry canceled after 6 attempts: unexpected status code 500',
    );
    expect(
      await metricValue(registry, 'alertmanager_notifications_failed_total', { reason: 'serverError' }),
    ).toBe(1);
    expect(await metricValue(registry, 'alertmanager_notification_requests_total')).toBe(6);
  });

  it('reports a cancel before any failure as contextCanceled', async () => {
    const { registry, metrics } = newMetrics();
    const cancel = new AbortController();
    const notifier = {
      notify: async () => {
        cancel.abort(new FlushCanceledError());
        throw new Error('request failed: context canceled');
      },
    };
    const err = await retryStage(integrationOf(notifier), { metrics })
      .exec(ctxWith(cancel.signal), [firing])
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'ops/webhook[0]: notify retry canceled after 1 attempts: context canceled',
    );
    expect(
      await metricValue(registry, 'alertmanager_notifications_failed_total', { reason: 'contextCanceled' }),
    ).toBe(1);
  });

  it.each([
    ['with send_resolved, sends firing and resolved alerts', true, [firing, resolved], [[firing, resolved]]],
    ['without send_resolved, sends only the firing ones', false, [firing, resolved], [[firing]]],
    ['without send_resolved, sends nothing when all resolved, yet succeeds', false, [resolved], []],
    ['with send_resolved, sends an all-resolved group', true, [resolved], [[resolved]]],
  ])('%s', async (_name, sendResolved, alerts, sent) => {
    const { metrics } = newMetrics();
    const notifier = new RecordingNotifier();
    const firingFps = alerts.filter((a) => a.endsAt === 0).map((a) => a.fingerprint);
    const out = await retryStage(integrationOf(notifier, { sendResolved }), { metrics }).exec(
      ctxWith(new AbortController().signal, firingFps),
      alerts,
    );
    expect(out.alerts).toEqual(alerts);
    expect(notifier.calls.map((c) => c.alerts)).toEqual(sent);
  });
});
