// Prometheus remote write 1.0: the WriteRequest encoder and a buffered, retrying client.
export {
  DEFAULT_FLUSH_DEADLINE_MS,
  RemoteWriteClient,
  RemoteWriteError,
  retryAfterMs,
  type RemoteWriteClientOptions,
  type RemoteWriteStats,
  type WriteSample,
} from './remote-write-client';
export { SampleQueue } from './sample-queue';
export { encodeWriteRequest, type WritePoint, type WriteSeries } from './write-request';
