/** DEFAULT_QUEUE_NAME is the BullMQ queue the rule-manager fills and the alertmanager drains. */
export const DEFAULT_QUEUE_NAME = 'vigil-alerts';

/** DEFAULT_REDIS_URL is where both services look for Redis unless configured otherwise. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** DEFAULT_QUEUE_PREFIX is BullMQ's key prefix for Vigil's queues (`<prefix>:<queue>:…`). */
export const DEFAULT_QUEUE_PREFIX = 'vigil';

/** ALERT_BATCH_JOB_NAME is the BullMQ job name of an AlertBatchJob. */
export const ALERT_BATCH_JOB_NAME = 'alert-batch';
