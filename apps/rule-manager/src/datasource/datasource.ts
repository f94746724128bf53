import type { QueryFn } from '@vigil/model';

/**
 * Datasource answers instant PromQL queries for rule evaluation: a remote Prometheus-compatible API
 * or the embedded engine. `close` releases connections or storage when the rule-manager stops.
 */
export interface Datasource {
  query: QueryFn;
  close?(): Promise<void>;
}
