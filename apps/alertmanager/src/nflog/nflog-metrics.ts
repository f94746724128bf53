import { Counter, Histogram, type Registry } from 'prom-client';

/** NflogMetrics are Alertmanager's `alertmanager_nflog_query*` metrics. */
export class NflogMetrics {
  /** Queries received. */
  readonly queries: Counter;
  /** Queries that failed. */
  readonly queryErrors: Counter;
  /** Query latency. */
  readonly queryDuration: Histogram;

  constructor(registry: Registry) {
    const registers = [registry];
    this.queries = new Counter({
      name: 'alertmanager_nflog_queries_total',
      help: 'Number of notification log queries were received.',
      registers,
    });
    this.queryErrors = new Counter({
      name: 'alertmanager_nflog_query_errors_total',
      help: 'Number notification log received queries that failed.',
      registers,
    });
    this.queryDuration = new Histogram({
      name: 'alertmanager_nflog_query_duration_seconds',
      help: 'Duration of notification log query evaluation.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /** observe runs a query, counting it, its failure and its duration. */
  async observe<T>(query: () => Promise<T>): Promise<T> {
    const start = performance.now();
    this.queries.inc();
    try {
      return await query();
    } catch (err) {
      this.queryErrors.inc();
      throw err;
    } finally {
      this.queryDuration.observe((performance.now() - start) / 1000);
    }
  }
}
