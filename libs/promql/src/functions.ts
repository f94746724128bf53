// The PromQL function table: names, argument types, variadic rules and return types (Prometheus functions.go).
import type { ValueType } from './ast';

/** FunctionSignature describes one PromQL function. */
export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  /** 0: exactly argTypes; n > 0: the last argument may repeat up to n times or be left out; -1: unlimited. */
  readonly variadic: number;
  readonly returnType: ValueType;
  /** Only available with `experimentalFunctions`. */
  readonly experimental: boolean;
}

function fn(
  name: string,
  argTypes: ValueType[],
  returnType: ValueType,
  extra: { variadic?: number; experimental?: boolean } = {},
): [string, FunctionSignature] {
  const sig: FunctionSignature = {
    name,
    argTypes,
    variadic: extra.variadic ?? 0,
    returnType,
    experimental: extra.experimental ?? false,
  };
  return [name, Object.freeze(sig)];
}

/** FUNCTIONS maps each function name to its signature. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map([
  fn('abs', ['vector'], 'vector'),
  fn('absent', ['vector'], 'vector'),
  fn('absent_over_time', ['matrix'], 'vector'),
  fn('acos', ['vector'], 'vector'),
  fn('acosh', ['vector'], 'vector'),
  fn('asin', ['vector'], 'vector'),
  fn('asinh', ['vector'], 'vector'),
  fn('atan', ['vector'], 'vector'),
  fn('atanh', ['vector'], 'vector'),
  fn('avg_over_time', ['matrix'], 'vector'),
  fn('ceil', ['vector'], 'vector'),
  fn('changes', ['matrix'], 'vector'),
  fn('clamp', ['vector', 'scalar', 'scalar'], 'vector'),
  fn('clamp_max', ['vector', 'scalar'], 'vector'),
  fn('clamp_min', ['vector', 'scalar'], 'vector'),
  fn('cos', ['vector'], 'vector'),
  fn('cosh', ['vector'], 'vector'),
  fn('count_over_time', ['matrix'], 'vector'),
  fn('day_of_month', ['vector'], 'vector', { variadic: 1 }),
  fn('day_of_week', ['vector'], 'vector', { variadic: 1 }),
  fn('day_of_year', ['vector'], 'vector', { variadic: 1 }),
  fn('days_in_month', ['vector'], 'vector', { variadic: 1 }),
  fn('deg', ['vector'], 'vector'),
  fn('delta', ['matrix'], 'vector'),
  fn('deriv', ['matrix'], 'vector'),
  fn('double_exponential_smoothing', ['matrix', 'scalar', 'scalar'], 'vector', {
    variadic: 0,
    experimental: true,
  }),
  fn('end', [], 'scalar', { variadic: 0, experimental: true }),
  fn('exp', ['vector'], 'vector'),
  fn('first_over_time', ['matrix'], 'vector'),
  fn('floor', ['vector'], 'vector'),
  fn('histogram_avg', ['vector'], 'vector'),
  fn('histogram_count', ['vector'], 'vector'),
  fn('histogram_fraction', ['scalar', 'scalar', 'vector'], 'vector'),
  fn('histogram_quantile', ['scalar', 'vector'], 'vector'),
  fn('histogram_quantiles', ['vector', 'string', 'scalar', 'scalar'], 'vector', {
    variadic: 9,
    experimental: true,
  }),
  fn('histogram_stddev', ['vector'], 'vector'),
  fn('histogram_stdvar', ['vector'], 'vector'),
  fn('histogram_sum', ['vector'], 'vector'),
  fn('hour', ['vector'], 'vector', { variadic: 1 }),
  fn('idelta', ['matrix'], 'vector'),
  fn('increase', ['matrix'], 'vector'),
  fn('info', ['vector', 'vector'], 'vector', { variadic: 1, experimental: true }),
  fn('irate', ['matrix'], 'vector'),
  fn('label_join', ['vector', 'string', 'string', 'string'], 'vector', { variadic: -1 }),
  fn('label_replace', ['vector', 'string', 'string', 'string', 'string'], 'vector'),
  fn('last_over_time', ['matrix'], 'vector'),
  fn('ln', ['vector'], 'vector'),
  fn('log10', ['vector'], 'vector'),
  fn('log2', ['vector'], 'vector'),
  fn('mad_over_time', ['matrix'], 'vector', { variadic: 0, experimental: true }),
  fn('max_of', ['scalar', 'scalar'], 'scalar', { variadic: 0, experimental: true }),
  fn('max_over_time', ['matrix'], 'vector'),
  fn('min_of', ['scalar', 'scalar'], 'scalar', { variadic: 0, experimental: true }),
  fn('min_over_time', ['matrix'], 'vector'),
  fn('minute', ['vector'], 'vector', { variadic: 1 }),
  fn('month', ['vector'], 'vector', { variadic: 1 }),
  fn('pi', [], 'scalar'),
  fn('predict_linear', ['matrix', 'scalar'], 'vector'),
  fn('present_over_time', ['matrix'], 'vector'),
  fn('quantile_over_time', ['scalar', 'matrix'], 'vector'),
  fn('rad', ['vector'], 'vector'),
  fn('range', [], 'scalar', { variadic: 0, experimental: true }),
  fn('rate', ['matrix'], 'vector'),
  fn('resets', ['matrix'], 'vector'),
  fn('round', ['vector', 'scalar'], 'vector', { variadic: 1 }),
  fn('scalar', ['vector'], 'scalar'),
  fn('sgn', ['vector'], 'vector'),
  fn('sin', ['vector'], 'vector'),
  fn('sinh', ['vector'], 'vector'),
  fn('sort', ['vector'], 'vector'),
  fn('sort_by_label', ['vector', 'string'], 'vector', { variadic: -1, experimental: true }),
  fn('sort_by_label_desc', ['vector', 'string'], 'vector', { variadic: -1, experimental: true }),
  fn('sort_desc', ['vector'], 'vector'),
  fn('sqrt', ['vector'], 'vector'),
  fn('start', [], 'scalar', { variadic: 0, experimental: true }),
  fn('start_timestamp', ['vector'], 'vector', { variadic: 0, experimental: true }),
  fn('stddev_over_time', ['matrix'], 'vector'),
  fn('stdvar_over_time', ['matrix'], 'vector'),
  fn('step', [], 'scalar', { variadic: 0, experimental: true }),
  fn('sum_over_time', ['matrix'], 'vector'),
  fn('tan', ['vector'], 'vector'),
  fn('tanh', ['vector'], 'vector'),
  fn('time', [], 'scalar'),
  fn('timestamp', ['vector'], 'vector'),
  fn('ts_of_first_over_time', ['matrix'], 'vector', { variadic: 0, experimental: true }),
  fn('ts_of_last_over_time', ['matrix'], 'vector', { variadic: 0, experimental: true }),
  fn('ts_of_max_over_time', ['matrix'], 'vector', { variadic: 0, experimental: true }),
  fn('ts_of_min_over_time', ['matrix'], 'vector', { variadic: 0, experimental: true }),
  fn('vector', ['scalar'], 'vector'),
  fn('year', ['vector'], 'vector', { variadic: 1 }),
]);
