// Reads and validates Prometheus rule files (and PrometheusRule manifests) as promtool does.
export type * from './types';
