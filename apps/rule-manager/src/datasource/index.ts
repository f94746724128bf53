// Where rule evaluation gets query results: a remote Prometheus-compatible API (the embedded engine comes later).
export type { Datasource } from './datasource';
export { DatasourceError, type DatasourceErrorKind } from './datasource-error';
export {
  parseQueryResponse,
  parseSampleValue,
  type HttpAnswer,
  type ParsedQueryResponse,
} from './parse-query-response';
export {
  DEFAULT_QUERY_TIMEOUT_MS,
  PrometheusHttpDatasource,
  formatTime,
  type PrometheusHttpDatasourceOptions,
} from './prometheus-http-datasource';
export { EngineDatasource, toQueryResult, type EngineDatasourceOptions } from './engine-datasource';
