import { UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseAlertBatchJob } from '@vigil/contracts';
import type { AlertBatchJob } from '@vigil/contracts';
import { closeRedis, createRedisConnection } from './connection';
import { ALERT_BATCH_JOB_NAME, DEFAULT_QUEUE_NAME, DEFAULT_QUEUE_PREFIX } from './names';

/** AlertBatchContext tells a handler which delivery of which job it is processing. */
export interface AlertBatchContext {
  jobId: string;
  /** Attempts made before this one (0 on first delivery). */
  attemptsMade: number;
  queueName: string;
}

/** AlertBatchHandler processes one valid batch; throwing makes BullMQ retry it with backoff. */
export type AlertBatchHandler = (job: AlertBatchJob, ctx: AlertBatchContext) => Promise<void>;

/** AlertQueueConsumerOptions configures an AlertQueueConsumer. */
export interface AlertQueueConsumerOptions {
  /** A `worker`-role client (maxRetriesPerRequest: null; BullMQ duplicates it), or a URL to open one from. */
  connection: Redis | string;
  handler: AlertBatchHandler;
  queueName?: string;
  /** BullMQ key prefix; default DEFAULT_QUEUE_PREFIX. */
  prefix?: string;
  /** Jobs processed at once; the default 1 keeps batches in queue order. */
  concurrency?: number;
  /** Start fetching at once (default true); otherwise call `run()`. */
  autorun?: boolean;
  /** Called for a payload that breaks the contract; the job is failed without retries. */
  onInvalid?: (jobId: string, errors: string[]) => void;
  /** Called when an attempt fails (handler error or invalid payload). */
  onFailed?: (jobId: string, err: Error) => void;
  /** Receives worker errors outside a job (connection errors, mostly). */
  onError?: (err: Error) => void;
}

/**
 * AlertQueueConsumer runs a BullMQ Worker that hands valid AlertBatchJobs to a handler.
 * A payload that fails the contract raises UnrecoverableError, so BullMQ fails it at once: it is never retried and
 * never blocks the jobs behind it.
 */
export class AlertQueueConsumer {
  /** The BullMQ queue name jobs are taken from. */
  readonly queueName: string;
  /** The BullMQ worker, for event subscriptions beyond the callbacks above. */
  readonly worker: Worker<unknown, void, string>;
  private readonly redis: Redis | undefined;

  constructor(opts: AlertQueueConsumerOptions) {
    this.queueName = opts.queueName ?? DEFAULT_QUEUE_NAME;
    if (typeof opts.connection !== 'string' && opts.connection.options.maxRetriesPerRequest !== null) {
      throw new Error('AlertQueueConsumer needs a worker-role Redis client (maxRetriesPerRequest: null)');
    }
    let connection: Redis;
    if (typeof opts.connection === 'string') {
      connection = createRedisConnection({
        role: 'worker',
        url: opts.connection,
        connectionName: `${this.queueName}:worker`,
      });
      this.redis = connection;
    } else {
      connection = opts.connection;
    }
    const queueName = this.queueName;
    const { handler, onInvalid } = opts;

    const process = async (job: Job<unknown, void, string>): Promise<void> => {
      const jobId = job.id ?? '';
      if (job.name !== ALERT_BATCH_JOB_NAME) {
        const errors = [`job name: expected "${ALERT_BATCH_JOB_NAME}", got "${job.name}"`];
        onInvalid?.(jobId, errors);
        throw new UnrecoverableError(`invalid alert batch job: ${errors.join('; ')}`);
      }
      const parsed = parseAlertBatchJob(job.data);
      if (!parsed.ok) {
        onInvalid?.(jobId, parsed.errors);
        throw new UnrecoverableError(`invalid alert batch job: ${parsed.errors.join('; ')}`);
      }
      await handler(parsed.job, { jobId, attemptsMade: job.attemptsMade, queueName });
    };

    this.worker = new Worker<unknown, void, string>(this.queueName, process, {
      connection,
      prefix: opts.prefix ?? DEFAULT_QUEUE_PREFIX,
      concurrency: opts.concurrency ?? 1,
      autorun: opts.autorun ?? true,
    });
    const onError = opts.onError ?? (() => undefined);
    this.worker.on('error', onError);
    const onFailed = opts.onFailed;
    if (onFailed) this.worker.on('failed', (job, err) => onFailed(job?.id ?? '', err));
  }

  /** run starts fetching when the consumer was built with `autorun: false`; it resolves when the worker stops. */
  run(): Promise<void> {
    return this.worker.run();
  }

  /** waitUntilReady resolves once the worker's connections are up. */
  waitUntilReady(): Promise<void> {
    return this.worker.waitUntilReady().then(() => undefined);
  }

  /** close stops fetching, waits for the batches in hand to finish, then closes the connections it opened. */
  async close(): Promise<void> {
    await this.worker.close();
    if (this.redis) await closeRedis(this.redis);
  }
}
