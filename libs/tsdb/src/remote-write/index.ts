// Remote-write 1.0 intake: decoding `prometheus.WriteRequest` bodies and appending them to the store.
export {
  WriteRequestDecodeError,
  decodeWriteRequest,
  type DecodedSample,
  type DecodedTimeSeries,
  type DecodedWriteRequest,
} from './decode';
export {
  APPEND_ERROR_MESSAGES,
  DecompressTooLargeError,
  MAX_AHEAD_MS,
  decodeSnappyWriteRequest,
  ingestWriteRequest,
  seriesLabels,
  snappyUncompressedLength,
  type IngestOptions,
  type IngestOutcome,
  type IngestStats,
} from './ingest';
