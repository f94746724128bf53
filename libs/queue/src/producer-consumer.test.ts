import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertBatchJob } from '@vigil/contracts';
import { closeRedis, createRedisConnection, waitForRedisReady } from './connection';
import { AlertQueueConsumer } from './consumer';
import type { AlertBatchContext } from './consumer';
import { ALERT_BATCH_JOB_NAME, DEFAULT_REDIS_URL } from './names';
import { AlertQueueProducer, InvalidAlertBatchJobError } from './producer';

const PREFIX = 'vigil-test';

function batch(n: number, group = 'g'): AlertBatchJob {
  return {
    version: 1,
    source: { instance: 'test:1', group, file: 'rules.yml' },
    alerts: [
      {
        labels: { alertname: 'A', n: String(n) },
        annotations: { summary: `alert ${n}` },
        startsAt: '2024-01-01T00:00:00.000Z',
        endsAt: '2024-01-01T00:04:00.000Z',
        generatorURL: 'http://vigil:9096/graph?g0.expr=up&g0.tab=1',
        rule: 'A',
      },
    ],
    sentAt: new Date(1_700_000_000_000 + n).toISOString(),
  };
}

/** waitFor polls until check passes or the deadline ends the test with the last failure. */
async function waitFor(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

describe('AlertQueueProducer and AlertQueueConsumer (real Redis)', () => {
  const producerRedis = createRedisConnection({ role: 'producer', url: DEFAULT_REDIS_URL });
  const workerRedis = createRedisConnection({ role: 'worker', url: DEFAULT_REDIS_URL });
  const cleanups: (() => Promise<void>)[] = [];
  let queueName = '';

  beforeAll(async () => {
    await Promise.all([waitForRedisReady(producerRedis, 5000), waitForRedisReady(workerRedis, 5000)]);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    const admin = new Queue(queueName, { connection: producerRedis, prefix: PREFIX });
    await admin.obliterate({ force: true });
    await admin.close();
  });
  afterAll(async () => {
    await closeRedis(producerRedis);
    await closeRedis(workerRedis);
  });

  function producer(jobOptions?: ConstructorParameters<typeof AlertQueueProducer>[0]['jobOptions']) {
    queueName = `test-${randomUUID()}`;
    const p = new AlertQueueProducer({ connection: producerRedis, queueName, prefix: PREFIX, jobOptions });
    cleanups.push(() => p.close());
    return p;
  }

  function consumer(
    handler: (job: AlertBatchJob, ctx: AlertBatchContext) => Promise<void>,
    extra: Partial<ConstructorParameters<typeof AlertQueueConsumer>[0]> = {},
  ) {
    const c = new AlertQueueConsumer({
      connection: workerRedis,
      queueName,
      prefix: PREFIX,
      handler,
      ...extra,
    });
    cleanups.push(() => c.close());
    return c;
  }

  it('delivers batches in order with their payloads intact', async () => {
    const p = producer();
    const ids = await p.addBulk([{ job: batch(1) }, { job: batch(2) }]);
    await p.add(batch(3), 'fixed-id-3');
    expect(ids).toHaveLength(2);

    const seen: { job: AlertBatchJob; ctx: AlertBatchContext }[] = [];
    consumer(async (job, ctx) => {
      seen.push({ job, ctx });
    });
    await waitFor(() => expect(seen).toHaveLength(3));
    expect(seen.map((s) => s.job)).toEqual([batch(1), batch(2), batch(3)]);
    expect(seen[2]?.ctx).toEqual({ jobId: 'fixed-id-3', attemptsMade: 0, queueName });
  });

  it('gives jobs bounded retention and retries', async () => {
    const p = producer({ attempts: 3, keepCompleted: 7, keepFailed: 9 });
    const id = await p.add(batch(1));
    const job = await p.queue.getJob(id);
    expect(job?.name).toBe(ALERT_BATCH_JOB_NAME);
    expect(job?.opts).toMatchObject({
      attempts: 3,
      removeOnComplete: { count: 7 },
      removeOnFail: { count: 9 },
      backoff: { type: 'exponential', delay: 1000 },
    });
  });

  it('does not duplicate a job re-added with the same id', async () => {
    const p = producer();
    await p.addBulk([{ job: batch(1), jobId: 'b-1' }]);
    await p.addBulk([
      { job: batch(1), jobId: 'b-1' },
      { job: batch(2), jobId: 'b-2' },
    ]);
    const waiting = await p.queue.getJobs(['waiting'], 0, -1, true);
    expect(waiting.map((j) => j.id)).toEqual(['b-1', 'b-2']);
  });

  it('refuses to queue a payload that breaks the contract', async () => {
    const p = producer();
    const bad = { ...batch(1), sentAt: 'soon' };
    await expect(p.add(bad)).rejects.toThrow(InvalidAlertBatchJobError);
    await expect(p.add(bad)).rejects.toThrow('sentAt: must match format "date-time"');
    expect(await p.queue.count()).toBe(0);
  });

  it('fails an invalid payload once, without retries, and keeps going', async () => {
    const p = producer({ attempts: 5, backoffMs: 10 });
    // Written past the producer's check, as an older or foreign producer might.
    await p.queue.add(ALERT_BATCH_JOB_NAME, { version: 1, alerts: 'nope' } as unknown as AlertBatchJob, {
      jobId: 'poison',
    });
    await p.queue.add('something-else' as typeof ALERT_BATCH_JOB_NAME, batch(0), { jobId: 'wrong-name' });
    await p.add(batch(2), 'good');

    const invalid: [string, string[]][] = [];
    const handled: string[] = [];
    consumer(
      async (_job, ctx) => {
        handled.push(ctx.jobId);
      },
      { onInvalid: (id, errors) => invalid.push([id, errors]) },
    );
    await waitFor(() => expect(handled).toEqual(['good']));
    await waitFor(async () => expect(await p.queue.getFailedCount()).toBe(2));
    const poison = await p.queue.getJob('poison');
    expect(poison?.attemptsMade).toBe(1);
    expect(poison?.failedReason).toMatch(/source: is required; sentAt: is required; alerts: must be array/);
    expect(invalid.map(([id]) => id)).toEqual(['poison', 'wrong-name']);
  });

  it('retries a batch whose handler fails', async () => {
    const p = producer({ attempts: 3, backoffMs: 10 });
    await p.add(batch(1), 'flaky');
    const attempts: number[] = [];
    const failures: string[] = [];
    consumer(
      async (_job, ctx) => {
        attempts.push(ctx.attemptsMade);
        if (ctx.attemptsMade === 0) throw new Error('downstream unavailable');
      },
      { onFailed: (id, err) => failures.push(`${id}: ${err.message}`) },
    );
    await waitFor(() => expect(attempts).toEqual([0, 1]));
    expect(failures).toEqual(['flaky: downstream unavailable']);
    await waitFor(async () => expect(await p.queue.getCompletedCount()).toBe(1));
  });

  it('close waits for the batch in hand to finish', async () => {
    const p = producer();
    await p.add(batch(1));
    let release: () => void = () => undefined;
    let finished = false;
    let started = false;
    const c = consumer(async () => {
      started = true;
      await new Promise<void>((r) => (release = r));
      finished = true;
    });
    await waitFor(() => expect(started).toBe(true));
    const closing = c.close();
    setTimeout(() => release(), 50);
    await closing;
    expect(finished).toBe(true);
    expect(await p.queue.getCompletedCount()).toBe(1);
  });

  it('accepts a URL and opens and closes its own connections', async () => {
    queueName = `test-${randomUUID()}`;
    const p = new AlertQueueProducer({ connection: DEFAULT_REDIS_URL, queueName, prefix: PREFIX });
    const seen: AlertBatchJob[] = [];
    const c = new AlertQueueConsumer({
      connection: DEFAULT_REDIS_URL,
      queueName,
      prefix: PREFIX,
      handler: async (job) => {
        seen.push(job);
      },
    });
    await p.add(batch(7));
    await waitFor(() => expect(seen).toEqual([batch(7)]));
    await c.close();
    await p.close();
    expect(p.isReady()).toBe(false);
  });

  it('rejects a worker connection that would give up on commands', () => {
    queueName = `test-${randomUUID()}`;
    expect(
      () => new AlertQueueConsumer({ connection: producerRedis, queueName, handler: async () => undefined }),
    ).toThrow(/maxRetriesPerRequest: null/);
  });
});
