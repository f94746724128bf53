import type { Labels, QueryResult, Sample, Series } from '@vigil/model';
import { DatasourceError } from './datasource-error';

/** How much of an unexpected body an error message quotes. */
const MAX_BODY_IN_ERROR = 512;

/** ParsedQueryResponse is a successful `/api/v1/query` answer with the server's warnings and infos. */
export interface ParsedQueryResponse {
  result: QueryResult;
  warnings: string[];
  infos: string[];
}

/** HttpAnswer is the part of an HTTP response the parser needs. */
export interface HttpAnswer {
  status: number;
  statusText?: string;
  contentType?: string;
  body: Buffer | string;
}

/**
 * parseQueryResponse validates a Prometheus `/api/v1/query` response and converts it to a QueryResult
 * (timestamps in ms, values as numbers with `NaN`/`±Inf` decoded), throwing DatasourceError otherwise.
 * It reuses the parsed `metric` objects as label sets so a 100,000-series answer costs one JSON.parse.
 */
export function parseQueryResponse(answer: HttpAnswer): ParsedQueryResponse {
  const { status } = answer;
  const text = typeof answer.body === 'string' ? answer.body : answer.body.toString('utf8');
  const ok = status >= 200 && status < 300;
  const httpStatus = `HTTP ${status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (!ok) throw new DatasourceError('http', `server returned ${httpStatus}: ${quote(text)}`, { status });
    const type = answer.contentType ?? 'none';
    throw new DatasourceError(
      'bad_response',
      `response is not JSON (${httpStatus}, content-type ${type}): ${quote(text)}`,
      {
        status,
      },
    );
  }
  if (!isRecord(json)) {
    if (!ok) throw new DatasourceError('http', `server returned ${httpStatus}: ${quote(text)}`, { status });
    throw bad(status, `response is not a JSON object: ${quote(text)}`);
  }
  if (json['status'] === 'error') {
    const errorType = typeof json['errorType'] === 'string' ? json['errorType'] : 'unknown';
    const error = typeof json['error'] === 'string' ? json['error'] : quote(text);
    throw new DatasourceError('query', `${errorType}: ${error} (${httpStatus})`, { status, errorType });
  }
  if (!ok) throw new DatasourceError('http', `server returned ${httpStatus}: ${quote(text)}`, { status });
  if (json['status'] !== 'success')
    throw bad(status, `unexpected "status" ${quote(JSON.stringify(json['status']))}`);
  const data = json['data'];
  if (!isRecord(data)) throw bad(status, 'response has no "data" object');
  return {
    result: parseData(data, status),
    warnings: stringList(json['warnings']),
    infos: stringList(json['infos']),
  };
}

function parseData(data: Record<string, unknown>, status: number): QueryResult {
  const result = data['result'];
  switch (data['resultType']) {
    case 'vector':
      return { type: 'vector', samples: parseVector(result, status) };
    case 'matrix':
      return { type: 'matrix', series: parseMatrix(result, status) };
    case 'scalar': {
      const [t, v] = parsePoint(result, 'data.result', status);
      return { type: 'scalar', t, v };
    }
    case 'string': {
      if (!Array.isArray(result) || result.length !== 2 || typeof result[1] !== 'string') {
        throw bad(status, `data.result: a string result must be [<time>, "<string>"]`);
      }
      return { type: 'string', t: parseTime(result[0], 'data.result[0]', status), v: result[1] };
    }
    default:
      throw bad(
        status,
        `unknown data.resultType ${quote(JSON.stringify(data['resultType']) ?? 'undefined')}`,
      );
  }
}

function parseVector(result: unknown, status: number): Sample[] {
  if (!Array.isArray(result)) throw bad(status, 'data.result: a vector result must be an array');
  const samples: Sample[] = new Array<Sample>(result.length);
  for (let i = 0; i < result.length; i++) {
    const item: unknown = result[i];
    if (!isRecord(item)) throw bad(status, `data.result[${i}] is not an object`);
    const labels = parseLabels(item['metric'], i, status);
    if (item['value'] === undefined && item['histogram'] !== undefined) {
      throw bad(status, `data.result[${i}]: native histogram samples are not supported`);
    }
    const [t, v] = parsePoint(item['value'], `data.result[${i}].value`, status);
    samples[i] = { labels, t, v };
  }
  return samples;
}

function parseMatrix(result: unknown, status: number): Series[] {
  if (!Array.isArray(result)) throw bad(status, 'data.result: a matrix result must be an array');
  const series: Series[] = new Array<Series>(result.length);
  for (let i = 0; i < result.length; i++) {
    const item: unknown = result[i];
    if (!isRecord(item)) throw bad(status, `data.result[${i}] is not an object`);
    const labels = parseLabels(item['metric'], i, status);
    const values = item['values'] ?? [];
    if (!Array.isArray(values)) {
      if (item['histograms'] !== undefined) {
        throw bad(status, `data.result[${i}]: native histogram samples are not supported`);
      }
      throw bad(status, `data.result[${i}].values is not an array`);
    }
    if (values.length === 0 && item['histograms'] !== undefined) {
      throw bad(status, `data.result[${i}]: native histogram samples are not supported`);
    }
    const points = new Array<{ t: number; v: number }>(values.length);
    for (let j = 0; j < values.length; j++) {
      const [t, v] = parsePoint(values[j], `data.result[${i}].values[${j}]`, status);
      points[j] = { t, v };
    }
    series[i] = { labels, points };
  }
  return series;
}

function parseLabels(metric: unknown, i: number, status: number): Labels {
  // A series without labels is sent as `{}`; some proxies omit the key entirely.
  if (metric === undefined) return {};
  if (!isRecord(metric)) throw bad(status, `data.result[${i}].metric is not an object`);
  for (const name in metric) {
    if (typeof metric[name] !== 'string') {
      throw bad(status, `data.result[${i}].metric: label ${JSON.stringify(name)} has a non-string value`);
    }
  }
  return metric as Labels;
}

function parsePoint(pair: unknown, where: string, status: number): [number, number] {
  if (!Array.isArray(pair) || pair.length !== 2)
    throw bad(status, `${where} must be a [<time>, "<value>"] pair`);
  return [parseTime(pair[0], `${where}[0]`, status), parseValue(pair[1], `${where}[1]`, status)];
}

function parseTime(raw: unknown, where: string, status: number): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw bad(status, `${where}: timestamp ${quote(JSON.stringify(raw) ?? 'undefined')} is not a number`);
  }
  return Math.round(raw * 1000);
}

/** parseSampleValue reads a sample value as Prometheus's API prints it ("1.5", "NaN", "+Inf", "-Inf", "1e+06"). */
export function parseSampleValue(raw: string): number | undefined {
  if (raw.length === 0 || raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) return undefined;
  const v = Number(raw);
  if (!Number.isNaN(v)) return v;
  switch (raw) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return undefined;
  }
}

function parseValue(raw: unknown, where: string, status: number): number {
  // The API sends values as strings so NaN and ±Inf survive JSON; accept plain numbers from lax proxies.
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const v = parseSampleValue(raw);
    if (v !== undefined) return v;
  }
  throw bad(status, `${where}: sample value ${quote(JSON.stringify(raw) ?? 'undefined')} is not a number`);
}

function stringList(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((w): w is string => typeof w === 'string') : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(status: number, message: string): DatasourceError {
  return new DatasourceError('bad_response', `invalid query response: ${message}`, { status });
}

function quote(text: string): string {
  const flat = text
    .slice(0, MAX_BODY_IN_ERROR * 2)
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length === 0) return '(empty body)';
  return flat.length > MAX_BODY_IN_ERROR || text.length > MAX_BODY_IN_ERROR * 2
    ? `${flat.slice(0, MAX_BODY_IN_ERROR)}... (truncated; ${text.length} characters)`
    : flat;
}
