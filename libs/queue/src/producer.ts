import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseAlertBatchJob } from '@vigil/contracts';
import type { AlertBatchJob } from '@vigil/contracts';
import { closeRedis, createRedisConnection, isRedisReady } from './connection';
import { ALERT_BATCH_JOB_NAME, DEFAULT_QUEUE_NAME, DEFAULT_QUEUE_PREFIX } from './names';

/** AlertJobOptions are the BullMQ options every alert batch job gets. */
export interface AlertJobOptions {
  /** Processing attempts before the job is failed (the consumer's handler errors are retried). */
  attempts: number;
  /** First retry delay in ms; doubles per attempt. */
  backoffMs: number;
  /** Completed jobs kept for inspection; older ones are deleted so Redis memory stays bounded. */
  keepCompleted: number;
  /** Failed jobs kept for inspection (invalid payloads land here). */
  keepFailed: number;
}

/** DEFAULT_ALERT_JOB_OPTIONS: 5 attempts from 1 s, keep the last 1000 completed and 5000 failed jobs. */
export const DEFAULT_ALERT_JOB_OPTIONS: AlertJobOptions = {
  attempts: 5,
  backoffMs: 1000,
  keepCompleted: 1000,
  keepFailed: 5000,
};

/** AlertBatchEntry is one job to add; a stable jobId makes a retried add a no-op instead of a duplicate. */
export interface AlertBatchEntry {
  job: AlertBatchJob;
  /** Unique id (no `:`, not an integer); BullMQ numbers the job when it is absent. */
  jobId?: string;
}

/** AlertQueueProducerOptions configures an AlertQueueProducer. */
export interface AlertQueueProducerOptions {
  /** A `producer`-role client (kept open for the caller), or a URL for which the producer opens and closes its own. */
  connection: Redis | string;
  queueName?: string;
  /** BullMQ key prefix; default DEFAULT_QUEUE_PREFIX. */
  prefix?: string;
  jobOptions?: Partial<AlertJobOptions>;
  /** Receives errors the queue emits outside a call (connection errors, mostly). */
  onError?: (err: Error) => void;
}

/** InvalidAlertBatchJobError is thrown for a payload that fails the contract; retrying it cannot help. */
export class InvalidAlertBatchJobError extends Error {
  /** The `path: message` lines from parseAlertBatchJob. */
  readonly errors: string[];
  constructor(errors: string[]) {
    super(`invalid alert batch job: ${errors.join('; ')}`);
    this.name = 'InvalidAlertBatchJobError';
    this.errors = errors;
  }
}

/** AlertQueueProducer adds AlertBatchJobs to the BullMQ queue, checking each against the contract first. */
export class AlertQueueProducer {
  /** The BullMQ queue name jobs go to. */
  readonly queueName: string;
  /** The BullMQ queue, for inspection (counts, getters) by tests and admin code. */
  readonly queue: Queue<AlertBatchJob, void, typeof ALERT_BATCH_JOB_NAME>;
  private readonly redis: Redis;
  private readonly ownsRedis: boolean;
  private readonly jobOptions: AlertJobOptions;

  constructor(opts: AlertQueueProducerOptions) {
    this.queueName = opts.queueName ?? DEFAULT_QUEUE_NAME;
    this.ownsRedis = typeof opts.connection === 'string';
    this.redis =
      typeof opts.connection === 'string'
        ? createRedisConnection({
            role: 'producer',
            url: opts.connection,
            connectionName: `${this.queueName}:producer`,
          })
        : opts.connection;
    this.jobOptions = { ...DEFAULT_ALERT_JOB_OPTIONS, ...opts.jobOptions };
    this.queue = new Queue<AlertBatchJob, void, typeof ALERT_BATCH_JOB_NAME>(this.queueName, {
      connection: this.redis,
      prefix: opts.prefix ?? DEFAULT_QUEUE_PREFIX,
      defaultJobOptions: {
        attempts: this.jobOptions.attempts,
        backoff: { type: 'exponential', delay: this.jobOptions.backoffMs },
        removeOnComplete: { count: this.jobOptions.keepCompleted },
        removeOnFail: { count: this.jobOptions.keepFailed },
      },
    });
    // An 'error' event without a listener would be rethrown by the emitter.
    const onError = opts.onError ?? (() => undefined);
    this.queue.on('error', onError);
  }

  /** add queues one job and returns its id; it throws InvalidAlertBatchJobError or the Redis error. */
  async add(job: AlertBatchJob, jobId?: string): Promise<string> {
    const [id] = await this.addBulk([jobId === undefined ? { job } : { job, jobId }]);
    if (id === undefined) throw new Error('BullMQ returned no job id');
    return id;
  }

  /**
   * addBulk queues jobs in order in one round trip and returns their ids. It is not atomic: after a failure some
   * jobs may be in; adding the same entries again is safe because BullMQ ignores a jobId it already holds.
   */
  async addBulk(entries: readonly AlertBatchEntry[]): Promise<string[]> {
    for (const entry of entries) {
      const parsed = parseAlertBatchJob(entry.job);
      if (!parsed.ok) throw new InvalidAlertBatchJobError(parsed.errors);
    }
    const jobs = await this.queue.addBulk(
      entries.map((entry) => ({
        name: ALERT_BATCH_JOB_NAME,
        data: entry.job,
        opts: entry.jobId === undefined ? {} : { jobId: entry.jobId },
      })),
    );
    return jobs.map((job) => job.id ?? '');
  }

  /** isReady tells whether Redis can take commands now; adds made while it cannot fail at once. */
  isReady(): boolean {
    return isRedisReady(this.redis);
  }

  /** onReady calls listener each time the connection becomes ready (after a reconnect too); returns an unsubscribe. */
  onReady(listener: () => void): () => void {
    this.redis.on('ready', listener);
    return () => {
      this.redis.off('ready', listener);
    };
  }

  /** close closes the queue, and the connection when the producer opened it. */
  async close(): Promise<void> {
    await this.queue.close();
    if (this.ownsRedis) await closeRedis(this.redis);
  }
}
