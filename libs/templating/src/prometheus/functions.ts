// Prometheus's template functions (template/template.go's funcMap) as Go-typed functions.
import {
  compareStrings,
  parseDuration as parseModelDuration,
  RegexpSyntaxError,
  type QueryFn,
  type QueryResult,
} from '@vigil/model';
import { queryEscape } from '../go/escape';
import { sprintf } from '../go/fmt';
import { goFunc } from '../go/func';
import { GoRegexp } from '../go/regexp';
import { canBackquote, quote } from '../go/strconv';
import { DURATION, TIME, formatTime } from '../go/time';
import { T, mapOf, namedType, type GoType } from '../go/types';
import { Value, makeMap, makeSlice, makeStruct, stringMap } from '../go/value';
import type { FuncMap } from '../template/template';
import {
  NaNOrInfError,
  convertToFloat,
  floatToInt64,
  floatToTime,
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
} from './humanize';
import { stripDomain, stripPort } from './net';
import { title, toLower, toUpper } from './case';

/** SAMPLE is Prometheus's template.sample: `{Labels map[string]string; Value interface {}}`. */
export const SAMPLE: GoType = namedType('template.sample', {
  kind: 'struct',
  fields: [
    { name: 'Labels', type: mapOf(T.string, T.string) },
    { name: 'Value', type: T.any },
  ],
});
/** QUERY_RESULT is template.queryResult, what `query` returns: `[]*template.sample`. */
export const QUERY_RESULT: GoType = namedType('template.queryResult', {
  kind: 'slice',
  elem: SAMPLE.pointer(),
});
/** HTML is html/template.HTML, what `safeHtml` returns. */
export const HTML: GoType = namedType('template.HTML', { kind: 'string' });

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** FunctionOptions configures the functions that depend on the evaluation: time, queries, URLs. */
export interface FunctionOptions {
  /** Evaluation timestamp in milliseconds (`now`, and the time `query` runs at). */
  timestampMs: number;
  /** Runs `query`; without it, `query` fails as Prometheus does with no query function. */
  query?: QueryFn;
  /** The external URL (`externalURL`); its path is `pathPrefix` unless given. */
  externalURL: string;
  pathPrefix?: string;
  /** Aborts queries started by templates. */
  signal?: AbortSignal;
}

/** queryResultValue converts a QueryResult to template.queryResult (a scalar becomes one unlabelled sample). */
export function queryResultValue(res: QueryResult): Value {
  let samples: { labels: Record<string, string>; v: number }[];
  if (res.type === 'vector') samples = res.samples;
  else if (res.type === 'scalar') samples = [{ labels: {}, v: res.v }];
  else throw new Error('rule result is not a vector or scalar');
  return makeSlice(
    QUERY_RESULT,
    samples.map((s) => Value.ptrTo(makeStruct(SAMPLE, [stringMap(s.labels), Value.iface(Value.float(s.v))]))),
  );
}

function samplePtr(v: Value): Value {
  if (v.isNil()) throw new Error(NIL_DEREF);
  return v.elem();
}

function sampleLabels(s: Value): Value {
  return samplePtr(s).field(0);
}

/** urlPath extracts the (decoded) path of a URL as Go's url.URL.Path holds it. */
function urlPath(url: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/[^/?#]*)?([^?#]*)/.exec(url);
  const raw = m ? (m[1] as string) : (url.split(/[?#]/)[0] as string);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function quoteForRegexp(s: string): string {
  return canBackquote(s) ? '`' + s + '`' : quote(s);
}

function compileOrThrow(pattern: string, must: boolean): GoRegexp {
  try {
    return GoRegexp.compile(pattern);
  } catch (e) {
    if (must && e instanceof RegexpSyntaxError)
      throw new Error(`regexp: Compile(${quoteForRegexp(pattern)}): ${e.message}`);
    throw e;
  }
}

function goDurationSeconds(d: string): number {
  if (d === '') throw new Error('empty duration string');
  const neg = d.startsWith('-');
  const body = neg ? d.slice(1) : d;
  if (body === '') throw new Error('empty duration string');
  let ms: number;
  try {
    ms = parseModelDuration(body);
  } catch {
    throw new Error(`not a valid duration string: ${quote(body)}`);
  }
  return (neg ? -ms : ms) / 1000;
}

/** prometheusFunctions returns the function map Prometheus gives alerting rule templates. */
export function prometheusFunctions(opts: FunctionOptions): FuncMap {
  const str = (v: Value | undefined): string => (v as Value).str();
  const num = (v: Value | undefined): number => convertToFloat(v as Value);
  const stringFn = (f: (s: string) => string) =>
    goFunc([T.string], T.string, ([s]) => Value.string(f(str(s))));
  const humanizeFn = (f: (v: number) => string) =>
    goFunc([T.any], T.string, ([v]) => Value.string(f(num(v))), { err: true });
  return {
    query: goFunc(
      [T.string],
      QUERY_RESULT,
      async ([q]) => {
        if (!opts.query) throw new Error(NIL_DEREF);
        return queryResultValue(await opts.query(str(q), opts.timestampMs, opts.signal));
      },
      { err: true },
    ),
    first: goFunc(
      [QUERY_RESULT],
      SAMPLE.pointer(),
      ([v]) => {
        const items = (v as Value).items();
        if (items.length === 0) throw new Error('first() called on vector with no elements');
        return items[0] as Value;
      },
      { err: true },
    ),
    label: goFunc([T.string, SAMPLE.pointer()], T.string, ([l, s]) => {
      const hit = sampleLabels(s as Value).mapIndex(l as Value);
      return hit.valid ? hit : Value.string('');
    }),
    value: goFunc([SAMPLE.pointer()], T.any, ([s]) => samplePtr(s as Value).field(1)),
    strvalue: goFunc([SAMPLE.pointer()], T.string, ([s]) => {
      const hit = sampleLabels(s as Value).mapIndex(Value.string('__value__'));
      return hit.valid ? hit : Value.string('');
    }),
    args: goFunc(
      [T.any],
      mapOf(T.string, T.any),
      (argv) =>
        makeMap(
          mapOf(T.string, T.any),
          argv.map((a, i) => [Value.string(`arg${i}`), Value.iface(a)]),
        ),
      { variadic: true },
    ),
    reReplaceAll: goFunc([T.string, T.string, T.string], T.string, ([p, r, t]) =>
      Value.string(compileOrThrow(str(p), true).replaceAllString(str(t), str(r))),
    ),
    safeHtml: goFunc([T.string], HTML, ([s]) => Value.of(HTML, str(s))),
    match: goFunc(
      [T.string, T.string],
      T.bool,
      ([p, s]) => Value.bool(compileOrThrow(str(p), false).matchString(str(s))),
      {
        err: true,
      },
    ),
    title: stringFn(title),
    toUpper: stringFn(toUpper),
    toLower: stringFn(toLower),
    graphLink: stringFn((e) => `/graph?g0.expr=${queryEscape(e)}&g0.tab=0`),
    tableLink: stringFn((e) => `/graph?g0.expr=${queryEscape(e)}&g0.tab=1`),
    sortByLabel: goFunc([T.string, QUERY_RESULT], QUERY_RESULT, ([l, v]) => {
      const label = str(l);
      const key = (s: Value): string => {
        const hit = sampleLabels(s).mapIndex(Value.string(label));
        return hit.valid ? hit.str() : '';
      };
      (v as Value).items().sort((a, b) => compareStrings(key(a), key(b)));
      return v as Value;
    }),
    stripPort: stringFn(stripPort),
    stripDomain: stringFn(stripDomain),
    humanize: humanizeFn(humanize),
    humanize1024: humanizeFn(humanize1024),
    humanizeDuration: humanizeFn(humanizeDuration),
    humanizePercentage: humanizeFn(humanizePercentage),
    humanizeTimestamp: humanizeFn((v) => {
      try {
        return formatTime(floatToTime(v), '2006-01-02 15:04:05.999999999 -0700 MST');
      } catch (e) {
        if (e instanceof NaNOrInfError) return sprintf('%.4g', [Value.float(v)]);
        throw e;
      }
    }),
    toTime: goFunc([T.any], TIME.pointer(), ([v]) => Value.ptrTo(Value.of(TIME, floatToTime(num(v)))), {
      err: true,
    }),
    toDuration: goFunc(
      [T.any],
      DURATION.pointer(),
      ([v]) => Value.ptrTo(Value.of(DURATION, floatToInt64(num(v) * 1e9))),
      {
        err: true,
      },
    ),
    now: goFunc([], T.float64, () => Value.float(opts.timestampMs / 1000)),
    pathPrefix: goFunc([], T.string, () => Value.string(opts.pathPrefix ?? urlPath(opts.externalURL))),
    externalURL: goFunc([], T.string, () => Value.string(opts.externalURL)),
    parseDuration: goFunc([T.string], T.float64, ([d]) => Value.float(goDurationSeconds(str(d))), {
      err: true,
    }),
    urlQueryEscape: stringFn(queryEscape),
  };
}
