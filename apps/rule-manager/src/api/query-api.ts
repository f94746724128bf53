import {
  ALL_FEATURES,
  DEFAULT_QUERY_TIMEOUT_MS,
  Engine,
  ParseError,
  compareLabels,
  exprType,
  parseExpr,
  queryErrorType,
  type EngineOptions,
  type Labels,
  type Matcher,
  type Querier,
  type QueryErrorType,
  type QueryOptions,
} from '@vigil/promql';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { sendApiError, type ApiErrorType } from './envelope';
import { prettify } from './prettify';
import { translateAst } from './translate-ast';
import { capAnnotations, resultJson, seriesJson, sortedLabels } from './query-json';
import {
  Form,
  isValidUtf8,
  MAX_TIME_MS,
  MIN_TIME_MS,
  ParamError,
  parseDurationParam,
  parseLimit,
  parseMatcherSets,
  parseRequiredTime,
  parseTimeParam,
  readForm,
  unescapeName,
} from './query-params';

/** BuildInfo is `GET /api/v1/status/buildinfo`'s data; Grafana reads `version` to pick Prometheus features. */
export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

/** MetricMetadata is one entry of `GET /api/v1/metadata`. */
export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

/** QueryApiOptions gives the query API its engine, the store it reads, and what it reports about itself. */
export interface QueryApiOptions {
  engine: Engine;
  querier: Querier;
  /**
   * The options `engine` was built with; a request with `timeout` or `lookback_delta` runs on an engine built
   * from them with that one setting changed (default: the engine's defaults).
   */
  engineOptions?: EngineOptions;
  /** Largest url-encoded POST body (default 8 MiB). */
  bodyLimitBytes?: number;
  /** The clock, for `time` defaulting to now (epoch ms). */
  now?: () => number;
  /** Build information to report (defaults: version 3.0.0, revision "vigil"). */
  buildInfo?: Partial<BuildInfo>;
  /** Metric metadata by metric name (default: none known). */
  metadata?: () => ReadonlyMap<string, readonly MetricMetadata[]>;
}

/** DEFAULT_BUILD_INFO is what the API reports without `buildInfo`: a Prometheus 3 compatible server. */
export const DEFAULT_BUILD_INFO: BuildInfo = {
  version: '3.0.0',
  revision: 'vigil',
  branch: 'main',
  buildUser: 'vigil',
  buildDate: '',
  goVersion: 'none',
};

const MAX_POINTS = 11_000;
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** Edge schemas: every parameter is a string or repeated string; Prometheus's parsers read them in handlers. */
const FormSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));
const LabelNameParams = Type.Object({ name: Type.String() });

/** SchemaError is a request refused by an edge schema; answered as bad_data. */
class SchemaError extends Error {}

/** respond writes the success envelope; empty warnings and infos are left out, as Go's omitempty does. */
function respond(
  reply: FastifyReply,
  data: unknown,
  warnings: readonly string[] = [],
  infos: readonly string[] = [],
) {
  const body: Record<string, unknown> = { status: 'success', data };
  const w = capAnnotations(warnings, 'warning');
  const i = capAnnotations(infos, 'info');
  if (w.length > 0) body['warnings'] = w;
  if (i.length > 0) body['infos'] = i;
  return reply.code(200).send(body);
}

/** sendError answers with Prometheus's error envelope; `canceled` is 499 (the client went away). */
function sendError(reply: FastifyReply, type: QueryErrorType | ApiErrorType, message: string): FastifyReply {
  if (type === 'canceled')
    return reply.code(499).send({ status: 'error', errorType: 'canceled', error: message });
  return sendApiError(reply, type, message);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * queryApi serves Prometheus's query API over the embedded store, so Grafana's Prometheus data source works
 * against the rule-manager: `/api/v1/query`, `/query_range`, `/series`, `/labels`, `/label/:name/values`,
 * `/format_query`, `/parse_query`, `/query_exemplars` (always empty), `/metadata` and `/status/buildinfo`, with GET and
 * url-encoded POST, answering with Prometheus's JSON shapes, status codes and messages.
 */
export const queryApi: FastifyPluginAsync<QueryApiOptions> = async (app, opts) => {
  const now = opts.now ?? Date.now;
  const buildInfo: BuildInfo = { ...DEFAULT_BUILD_INFO, ...opts.buildInfo };
  const bodyLimit = opts.bodyLimitBytes ?? 8 << 20;

  // Form bodies are kept raw and read with the URL query, body values first (Go's Request.Form).
  if (!app.hasContentTypeParser(FORM_TYPE)) {
    app.addContentTypeParser(FORM_TYPE, { parseAs: 'string', bodyLimit }, (_req, body, done) =>
      done(null, body),
    );
  }
  app.setValidatorCompiler(({ schema }) => {
    const check = Compile(schema as typeof FormSchema);
    return (data: unknown) =>
      check.Check(data) ? { value: data } : { error: new SchemaError('invalid request parameters') };
  });
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof SchemaError) return sendError(reply, 'bad_data', err.message);
    const code = (err as { statusCode?: number }).statusCode ?? 500;
    return reply
      .code(code)
      .send({ status: 'error', errorType: code < 500 ? 'bad_data' : 'internal', error: messageOf(err) });
  });

  // lookback_delta is an engine setting: such a request runs on an engine built with it (cheap: options only).
  const engineFor = (lookbackMs: number | undefined): Engine => {
    if (lookbackMs === undefined || lookbackMs <= 0) return opts.engine;
    return new Engine(opts.querier, { ...opts.engineOptions, lookbackDeltaMs: lookbackMs });
  };
  // A `timeout` shortens the engine's own, never lengthens it (Go's context deadline on top of the engine's).
  const queryOpts = (timeoutMs: number | undefined): QueryOptions =>
    timeoutMs === undefined
      ? {}
      : { timeoutMs: Math.min(timeoutMs, opts.engineOptions?.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS) };

  const queryOptions = (form: Form): { lookbackMs: number | undefined; timeoutMs: number | undefined } => {
    const timeoutMs = parseDurationParam(form, 'timeout');
    let lookbackMs: number | undefined;
    const lb = form.get('lookback_delta');
    if (lb !== '') {
      try {
        lookbackMs = parseDurationParam(form, 'lookback_delta');
      } catch (err) {
        const inner = messageOf(err).replace(/^invalid parameter "lookback_delta": /, '');
        throw new ParamError(`error parsing lookback delta duration: ${inner}`);
      }
    }
    return { lookbackMs, timeoutMs };
  };

  /** handle runs a handler, turning ParamErrors into bad_data answers. */
  const handle =
    (fn: (form: Form, req: FastifyRequest, reply: FastifyReply) => FastifyReply) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        return fn(readForm(req), req, reply);
      } catch (err) {
        if (err instanceof ParamError) return sendError(reply, 'bad_data', err.message);
        throw err;
      }
    };

  const evaluate = <T>(reply: FastifyReply, run: () => T, onDone: (r: T) => FastifyReply): FastifyReply => {
    let result: T;
    try {
      result = run();
    } catch (err) {
      if (err instanceof ParseError)
        return sendError(reply, 'bad_data', `invalid parameter "query": ${err.message}`);
      if (err instanceof ParamError) return sendError(reply, 'bad_data', err.message);
      const type = queryErrorType(err);
      if (type === 'internal') reply.log.error({ err }, 'query failed');
      return sendError(reply, type, messageOf(err));
    }
    return onDone(result);
  };

  const truncate = <T>(list: T[], limit: number, warnings: string[]): T[] => {
    if (limit > 0 && list.length > limit) {
      warnings.push('results truncated due to limit');
      return list.slice(0, limit);
    }
    return list;
  };

  const query = handle((form, _req, reply) => {
    const limit = parseLimit(form);
    const t = parseTimeParam(form, 'time', now());
    const { lookbackMs, timeoutMs } = queryOptions(form);
    const engine = engineFor(lookbackMs);
    return evaluate(
      reply,
      () => engine.instantQuery(form.get('query'), t, queryOpts(timeoutMs)),
      (res) => {
        const warnings = [...res.warnings];
        let value = res.value;
        if (value.type === 'vector')
          value = { type: 'vector', value: truncate(value.value, limit, warnings) };
        if (value.type === 'matrix')
          value = { type: 'matrix', value: truncate(value.value, limit, warnings) };
        return respond(reply, resultJson(value, t), warnings, res.infos);
      },
    );
  });

  const queryRange = handle((form, _req, reply) => {
    const limit = parseLimit(form);
    const start = parseRequiredTime(form, 'start');
    const end = parseRequiredTime(form, 'end');
    if (end < start) throw new ParamError('end timestamp must not be before start time', 'end');
    const stepMs = parseDurationParam(form, 'step') ?? Number.NaN;
    if (Number.isNaN(stepMs)) throw new ParamError('cannot parse "" to a valid duration', 'step');
    if (stepMs <= 0) {
      throw new ParamError(
        'zero or negative query resolution step widths are not accepted. Try a positive integer',
        'step',
      );
    }
    // Go divides the two durations in integer nanoseconds.
    if (Math.trunc(((end - start) * 1e6) / Math.round(stepMs * 1e6)) > MAX_POINTS) {
      throw new ParamError(
        'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
      );
    }
    const { lookbackMs, timeoutMs } = queryOptions(form);
    const engine = engineFor(lookbackMs);
    const q = form.get('query');
    return evaluate(
      reply,
      () => {
        const type = exprType(parseExpr(q, opts.engineOptions?.parserOptions ?? ALL_FEATURES));
        if (type !== 'vector' && type !== 'scalar') {
          const shown = type === 'matrix' ? 'range vector' : type;
          throw new ParamError(
            `invalid expression type "${shown}" for range query, must be Scalar or instant Vector`,
            'query',
          );
        }
        return engine.rangeQuery(q, start, end, Math.max(1, Math.trunc(stepMs)), queryOpts(timeoutMs));
      },
      (res) => {
        const warnings = [...res.warnings];
        const series = truncate(res.value.value, limit, warnings);
        return respond(reply, { resultType: 'matrix', result: series.map(seriesJson) }, warnings, res.infos);
      },
    );
  });

  /** lookup reads the common parameters of the metadata endpoints. */
  const lookup = (form: Form, matchParam: string | undefined) => {
    const limit = parseLimit(form);
    const start = parseTimeParam(form, 'start', MIN_TIME_MS);
    const end = parseTimeParam(form, 'end', MAX_TIME_MS);
    let sets: Matcher[][];
    try {
      sets = parseMatcherSets(form.all('match[]'), opts.engineOptions?.parserOptions);
    } catch (err) {
      throw new ParamError(messageOf(err), matchParam);
    }
    return { limit, start, end, sets };
  };

  const series = handle((form, _req, reply) => {
    if (form.all('match[]').length === 0) throw new ParamError('no match[] parameter provided');
    const { limit, start, end, sets } = lookup(form, 'match[]');
    return evaluate(
      reply,
      () => {
        const seen = new Map<string, Labels>();
        for (const set of sets) {
          for (const l of opts.querier.series(set, start, end)) seen.set(JSON.stringify(sortedLabels(l)), l);
        }
        const all = [...seen.values()];
        if (sets.length > 1) all.sort(compareLabels);
        return all;
      },
      (all) => {
        const warnings: string[] = [];
        return respond(reply, truncate(all, limit, warnings).map(sortedLabels), warnings);
      },
    );
  });

  const labelNames = handle((form, _req, reply) => {
    const { limit, start, end, sets } = lookup(form, undefined);
    return evaluate(
      reply,
      () => {
        if (sets.length === 0) return opts.querier.labelNames([], start, end);
        const names = new Set<string>();
        for (const set of sets) for (const n of opts.querier.labelNames(set, start, end)) names.add(n);
        return [...names].sort();
      },
      (names) => {
        const warnings: string[] = [];
        return respond(reply, truncate(names, limit, warnings), warnings);
      },
    );
  });

  const labelValues = handle((form, req, reply) => {
    let name = (req.params as { name: string }).name;
    if (name.startsWith('U__')) name = unescapeName(name);
    if (name === '' || !isValidUtf8(name)) {
      throw new ParamError(`invalid label name: ${JSON.stringify(name)}`);
    }
    const { limit, start, end, sets } = lookup(form, undefined);
    return evaluate(
      reply,
      () => {
        if (sets.length === 0) return opts.querier.labelValues(name, [], start, end);
        const values = new Set<string>();
        for (const set of sets)
          for (const v of opts.querier.labelValues(name, set, start, end)) values.add(v);
        return [...values].sort();
      },
      (values) => {
        const warnings: string[] = [];
        return respond(reply, truncate(values, limit, warnings), warnings);
      },
    );
  });

  const formatQuery = handle((form, _req, reply) =>
    evaluate(
      reply,
      () => prettify(parseExpr(form.get('query'), opts.engineOptions?.parserOptions ?? ALL_FEATURES)),
      (text) => respond(reply, text),
    ),
  );

  const parseQuery = handle((form, _req, reply) =>
    evaluate(
      reply,
      () => translateAst(parseExpr(form.get('query'), opts.engineOptions?.parserOptions ?? ALL_FEATURES)),
      (tree) => respond(reply, tree),
    ),
  );

  const queryExemplars = handle((form, _req, reply) => {
    const start = parseTimeParam(form, 'start', MIN_TIME_MS);
    const end = parseTimeParam(form, 'end', MAX_TIME_MS);
    if (end < start) throw new ParamError('end timestamp must not be before start timestamp');
    try {
      parseExpr(form.get('query'), opts.engineOptions?.parserOptions ?? ALL_FEATURES);
    } catch (err) {
      throw new ParamError(messageOf(err));
    }
    // The store keeps no exemplars.
    return respond(reply, []);
  });

  const metadata = handle((form, _req, reply) => {
    const limitText = form.get('limit');
    const perText = form.get('limit_per_metric');
    const limit = limitText === '' ? -1 : Number.parseInt(limitText, 10);
    const perMetric = perText === '' ? -1 : Number.parseInt(perText, 10);
    if (Number.isNaN(limit)) throw new ParamError('limit must be a number');
    if (Number.isNaN(perMetric)) throw new ParamError('limit_per_metric must be a number');
    const metric = form.get('metric');
    const known = opts.metadata?.() ?? new Map<string, readonly MetricMetadata[]>();
    const out: Record<string, MetricMetadata[]> = {};
    let count = 0;
    for (const [name, list] of known) {
      if (metric !== '' && name !== metric) continue;
      if (limit >= 0 && count >= limit) break;
      out[name] = perMetric >= 0 ? list.slice(0, perMetric) : [...list];
      count++;
    }
    return respond(reply, out);
  });

  const both = (url: string, handler: ReturnType<typeof handle>): void => {
    app.get(url, { schema: { querystring: FormSchema } }, handler);
    app.post(url, { schema: { querystring: FormSchema } }, handler);
  };
  both('/api/v1/query', query);
  both('/api/v1/query_range', queryRange);
  both('/api/v1/series', series);
  both('/api/v1/labels', labelNames);
  both('/api/v1/format_query', formatQuery);
  both('/api/v1/parse_query', parseQuery);
  both('/api/v1/query_exemplars', queryExemplars);
  app.get(
    '/api/v1/label/:name/values',
    { schema: { params: LabelNameParams, querystring: FormSchema } },
    labelValues,
  );
  app.get('/api/v1/metadata', { schema: { querystring: FormSchema } }, metadata);
  app.get('/api/v1/status/buildinfo', async (_req, reply) => respond(reply, buildInfo));
};
