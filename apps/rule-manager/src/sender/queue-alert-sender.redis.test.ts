import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertBatchJob } from '@vigil/contracts';
import {
  AlertQueueConsumer,
  AlertQueueProducer,
  closeRedis,
  createRedisConnection,
  DEFAULT_REDIS_URL,
  waitForRedisReady,
} from '@vigil/queue';
import type { Redis } from 'ioredis';
import type { OutgoingAlert } from './alert-sender';
import { QueueAlertSender } from './queue-alert-sender';
import { RedisTestServer } from '@vigil/testing';
import { waitForAssertion as waitFor } from '@vigil/testing';

const PREFIX = 'vigil-test';

function alert(n: number): OutgoingAlert {
  return {
    labels: { alertname: 'DiskFull', n: String(n) },
    annotations: { summary: `evaluation ${n}` },
    startsAt: '2024-01-01T00:00:00.000Z',
    endsAt: '2024-01-01T00:04:00.000Z',
    generatorURL: 'http://vigil:9096/graph?g0.expr=disk_free%20%3C%200.1&g0.tab=1',
  };
}

async function waitingJobs(producer: AlertQueueProducer): Promise<AlertBatchJob[]> {
  const jobs = await producer.queue.getJobs(['waiting'], 0, -1, true);
  return jobs.map((j) => j.data);
}

/** Tears down in reverse order of setup, whatever failed. */
class Cleanup {
  private steps: (() => Promise<void> | void)[] = [];
  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }
}

describe('QueueAlertSender on the shared Redis', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('jobs arrive at a worker with the payload the rules produced', async () => {
    const queueName = `test-${randomUUID()}`;
    const redis = createRedisConnection({ role: 'producer', url: DEFAULT_REDIS_URL });
    cleanup.add(() => closeRedis(redis));
    const producer = new AlertQueueProducer({ connection: redis, queueName, prefix: PREFIX });
    cleanup.add(async () => {
      await producer.queue.obliterate({ force: true });
      await producer.close();
    });
    const sender = new QueueAlertSender({ queue: producer, instance: 'rm-a:9096' });
    cleanup.add(() => sender.close());

    const received: AlertBatchJob[] = [];
    const consumer = new AlertQueueConsumer({
      connection: DEFAULT_REDIS_URL,
      queueName,
      prefix: PREFIX,
      handler: async (job) => {
        received.push(job);
      },
    });
    cleanup.add(() => consumer.close());

    sender.send([alert(1), alert(2)], { group: 'disks', file: 'rules/disk.yml', rule: 'DiskFull' });
    sender.send([alert(3)], { group: 'disks', file: 'rules/disk.yml', rule: 'DiskFull' });
    await waitFor(() => expect(received).toHaveLength(2));
    expect(received[0]).toMatchObject({
      version: 1,
      source: { instance: 'rm-a:9096', group: 'disks', file: 'rules/disk.yml' },
      alerts: [
        { ...alert(1), rule: 'DiskFull' },
        { ...alert(2), rule: 'DiskFull' },
      ],
    });
    expect(received[1]?.alerts).toEqual([{ ...alert(3), rule: 'DiskFull' }]);
    expect(Date.parse(received[0]?.sentAt ?? '')).toBeLessThanOrEqual(Date.parse(received[1]?.sentAt ?? ''));
  });
});

describe('QueueAlertSender across a Redis outage (private redis-server)', () => {
  let server: RedisTestServer;
  let redis: Redis;
  let producer: AlertQueueProducer;
  let sender: QueueAlertSender;
  const queueName = `test-${randomUUID()}`;

  beforeAll(async () => {
    server = await RedisTestServer.start();
    redis = createRedisConnection({
      role: 'producer',
      url: server.url,
      minRetryDelayMs: 20,
      maxRetryDelayMs: 200,
    });
    await waitForRedisReady(redis, 5000);
    producer = new AlertQueueProducer({ connection: redis, queueName, prefix: PREFIX });
    sender = new QueueAlertSender({
      queue: producer,
      instance: 'rm-b:9096',
      minRetryDelayMs: 20,
      maxRetryDelayMs: 200,
      writeTimeoutMs: 1000,
    });
  }, 20_000);

  afterAll(async () => {
    await sender?.close({ timeoutMs: 0 });
    await producer?.close();
    if (redis) await closeRedis(redis);
    await server?.kill();
  });

  it('keeps every batch sent while Redis is dead and delivers them in order when it returns', async () => {
    sender.send([alert(0)], { group: 'g', file: 'f.yml' });
    expect(await sender.flush(5000)).toBe(true);
    expect((await waitingJobs(producer)).map((j) => j.alerts[0]?.labels.n)).toEqual(['0']);

    await server.kill();
    await waitFor(() => expect(redis.status).not.toBe('ready'));

    // Evaluations keep running: each send returns at once although nothing can be written.
    for (let n = 1; n <= 6; n++) {
      const started = performance.now();
      sender.send([alert(n), alert(n + 100)], { group: 'g', file: 'f.yml' });
      expect(performance.now() - started).toBeLessThan(50);
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(sender.stats()).toMatchObject({ bufferedBatches: 6, bufferedAlerts: 12, droppedAlerts: 0 });

    // The restarted server has no persistence: batch 0 is gone with it, and everything buffered must arrive.
    await server.restart();
    await waitFor(async () => expect(await producer.queue.count()).toBe(6), 10_000, 50);
    const jobs = await waitingJobs(producer);
    expect(jobs.map((j) => j.alerts.map((a) => a.labels.n))).toEqual([
      ['1', '101'],
      ['2', '102'],
      ['3', '103'],
      ['4', '104'],
      ['5', '105'],
      ['6', '106'],
    ]);
    const sentAts = jobs.map((j) => Date.parse(j.sentAt));
    expect([...sentAts].sort((a, b) => a - b)).toEqual(sentAts);
    expect(sender.stats()).toMatchObject({
      bufferedAlerts: 0,
      droppedAlerts: 0,
      sentBatches: 7,
      sentAlerts: 13,
    });

    // A worker started now sees the same order.
    const seen: string[] = [];
    const consumer = new AlertQueueConsumer({
      connection: server.url,
      queueName,
      prefix: PREFIX,
      handler: async (job) => {
        seen.push(job.alerts[0]?.labels.n ?? '');
      },
    });
    try {
      await waitFor(() => expect(seen).toEqual(['1', '2', '3', '4', '5', '6']), 10_000);
    } finally {
      await consumer.close();
    }
  }, 30_000);

  it('rides out a frozen Redis without losing or duplicating batches', async () => {
    await producer.queue.obliterate({ force: true });
    const before = sender.stats();
    server.pause();
    try {
      for (let n = 1; n <= 4; n++) {
        sender.send([alert(n)], { group: 'h', file: 'f.yml' });
        await new Promise((r) => setTimeout(r, 300));
      }
      // Writes time out (producer command timeout / sender write timeout) and are retried with the same job ids.
      await waitFor(() => expect(sender.stats().failedWrites).toBeGreaterThan(before.failedWrites), 10_000);
      expect(sender.stats().bufferedAlerts).toBeGreaterThan(0);
    } finally {
      server.resume();
    }
    expect(await sender.flush(15_000)).toBe(true);
    const jobs = await waitingJobs(producer);
    expect(jobs.map((j) => j.alerts[0]?.labels.n)).toEqual(['1', '2', '3', '4']);
    expect(sender.stats().droppedAlerts).toBe(0);
  }, 40_000);
});
