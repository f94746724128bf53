import { AlertQueueProducer, createRedisConnection, closeRedis } from '@vigil/queue';
import type { AlertBatchJob } from '@vigil/contracts';

/** QueueReader reads every job a test's unique queue holds, oldest first. */
export interface QueueReader {
  jobs(): Promise<AlertBatchJob[]>;
  close(): Promise<void>;
}

/** openQueueReader opens the BullMQ queue `name` on Redis for reading what the rule-manager enqueued. */
export function openQueueReader(redisUrl: string, name: string): QueueReader {
  const redis = createRedisConnection({ role: 'producer', url: redisUrl });
  const producer = new AlertQueueProducer({ connection: redis, queueName: name });
  return {
    async jobs() {
      const jobs = await producer.queue.getJobs([
        'waiting',
        'active',
        'completed',
        'failed',
        'delayed',
        'prioritized',
      ]);
      return jobs
        .filter((j) => j !== undefined)
        .sort((a, b) => a.timestamp - b.timestamp || Number(a.id) - Number(b.id))
        .map((j) => j.data as AlertBatchJob);
    },
    async close() {
      await producer.queue.obliterate({ force: true }).catch(() => undefined);
      await producer.close();
      await closeRedis(redis);
    },
  };
}
