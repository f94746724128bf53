import type { QueryResult } from '@vigil/model';
import {
  EvalError,
  ParseError,
  QueryAbortedError,
  queryErrorType,
  type Engine,
  type Value,
} from '@vigil/promql';
import type { Datasource } from './datasource';
import { DatasourceError } from './datasource-error';

/** EngineDatasourceOptions: what to release when the rule-manager stops (the storage behind the engine). */
export interface EngineDatasourceOptions {
  close?: () => Promise<void>;
}

/**
 * EngineDatasource answers rule queries with the embedded PromQL engine over a local storage, with no HTTP
 * in between. Errors are DatasourceErrors of kind `query` carrying Prometheus's `errorType` (`bad_data`
 * for parse errors, `execution` for evaluation errors, `timeout`), or of kind `aborted` when the caller
 * cancelled; the message is the engine's own, as Prometheus's rule evaluation reports it.
 */
export class EngineDatasource implements Datasource {
  readonly #engine: Engine;
  readonly #close: (() => Promise<void>) | undefined;

  constructor(engine: Engine, opts: EngineDatasourceOptions = {}) {
    this.#engine = engine;
    this.#close = opts.close;
  }

  /** query runs an instant query at `t` (ms) and converts the engine's value to a QueryResult. */
  readonly query = async (expr: string, t: number, signal?: AbortSignal): Promise<QueryResult> =>
    toQueryResult(await this.queryValue(expr, t, signal), t);

  /**
   * queryValue runs an instant query at `t` (ms) and returns the engine's own value, native histogram
   * samples included (`h`), with the same errors as query.
   */
  readonly queryValue = async (expr: string, t: number, signal?: AbortSignal): Promise<Value> => {
    if (signal?.aborted) throw new DatasourceError('aborted', 'query was canceled before it started');
    try {
      return this.#engine.instantQuery(expr, t, signal ? { signal } : {}).value;
    } catch (err) {
      throw toDatasourceError(err, signal);
    }
  };

  async close(): Promise<void> {
    await this.#close?.();
  }
}

/** toQueryResult converts an engine value evaluated at `t` (ms) to the model's QueryResult. */
export function toQueryResult(value: Value, t: number): QueryResult {
  switch (value.type) {
    case 'scalar':
      return { type: 'scalar', t, v: value.value };
    case 'string':
      return { type: 'string', t, v: value.value };
    case 'vector':
      return {
        type: 'vector',
        samples: value.value.map((s) => {
          if (isHistogram(s))
            throw new DatasourceError('query', HISTOGRAM_UNSUPPORTED, { errorType: 'execution' });
          return { labels: s.labels, t, v: s.value };
        }),
      };
    case 'matrix':
      return {
        type: 'matrix',
        series: value.value.map((s) => {
          if (isHistogram(s))
            throw new DatasourceError('query', HISTOGRAM_UNSUPPORTED, { errorType: 'execution' });
          const points: { t: number; v: number }[] = new Array<{ t: number; v: number }>(s.length);
          for (let i = 0; i < s.length; i++) points[i] = { t: s.t[i] ?? 0, v: s.v[i] ?? 0 };
          return { labels: s.labels, points };
        }),
      };
  }
}

/** The model's QueryResult carries floats only; a native histogram in a result cannot be passed on. */
const HISTOGRAM_UNSUPPORTED = 'native histogram samples are not supported in rule evaluation';

function isHistogram(s: object): boolean {
  return (s as { h?: unknown }).h !== undefined;
}

function toDatasourceError(err: unknown, signal: AbortSignal | undefined): DatasourceError {
  if (err instanceof DatasourceError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof QueryAbortedError) {
    if (signal?.aborted) return new DatasourceError('aborted', message, { cause: err });
    const errorType = queryErrorType(err) === 'timeout' ? 'timeout' : 'canceled';
    return new DatasourceError(errorType === 'timeout' ? 'timeout' : 'aborted', message, {
      errorType,
      cause: err,
    });
  }
  if (err instanceof ParseError)
    return new DatasourceError('query', message, { errorType: 'bad_data', cause: err });
  if (err instanceof EvalError)
    return new DatasourceError('query', message, { errorType: 'execution', cause: err });
  // Anything else is a bug in the engine; report it as Prometheus reports an internal error.
  return new DatasourceError('query', message, { errorType: 'internal', cause: err });
}
