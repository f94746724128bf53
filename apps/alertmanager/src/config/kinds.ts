// Field kinds for Alertmanager's own value types: durations, URLs (plain, secret, templated), host:port,
// regexps of `match_re`, matcher lists, TLS versions, label sets.

import {
  DurationError,
  formatDuration,
  isValidLabelName,
  parseDuration,
  parseMatchers,
  sortMatchers,
  compileRe2,
  type Matcher,
} from '@vigil/model';
import {
  GoValueError,
  formatGoDuration,
  formatHostPort,
  parseGoDuration,
  parseGoUrl,
  parseHttpUrl,
  splitHostPort,
  type HostPort,
} from './go-values';
import { INVALID, SECRET_TOKEN, joinPath, type CustomKind, type DecodeContext, type Kind } from './schema';
import { checkTemplateSyntax } from './template-syntax';
import { describeNode, plainTag, parseGoInt, type YNode } from './yaml-tree';

type Scalar = { text: string; node: YNode };

// Most Alertmanager types unmarshal into a Go string first, which accepts any scalar.
function scalarText(
  node: YNode,
  ctx: DecodeContext,
  path: string,
  goType = 'string',
): Scalar | typeof INVALID {
  if (node.kind !== 'scalar') {
    ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into ${goType}`);
    return INVALID;
  }
  return { text: node.text, node };
}

function custom(
  decode: (s: Scalar, fail: (message: string) => typeof INVALID) => unknown,
  extra: Omit<CustomKind, 't' | 'decode'> = {},
): Kind {
  return {
    t: 'custom',
    decode: (node, ctx, path) => {
      const s = scalarText(node, ctx, path);
      if (s === INVALID) return INVALID;
      return decode(s, (message) => {
        ctx.error(node, path, message);
        return INVALID;
      });
    },
    ...extra,
  };
}

/** modelDuration is Prometheus's model.Duration (`5m`, `1h30m`, `0`), kept in milliseconds. */
export const modelDuration: Kind = custom(
  ({ text }, fail) => {
    if (text === '') return fail('empty duration string');
    try {
      return parseDuration(text);
    } catch (err) {
      return fail(err instanceof DurationError ? err.message : String(err));
    }
  },
  { marshal: (v) => formatDuration(v as number) },
);

/** goDuration is Go's time.Duration: a string like `10s` or a bare integer of nanoseconds; milliseconds. */
export const goDuration: Kind = {
  t: 'custom',
  decode: (node, ctx, path) => {
    if (node.kind !== 'scalar') {
      ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into time.Duration`);
      return INVALID;
    }
    const tag = node.tag ?? (node.plain ? plainTag(node.text) : '!!str');
    if (tag === '!!int') return (parseGoInt(node.text) ?? 0) / 1e6;
    try {
      if (tag !== '!!str') throw new GoValueError('');
      return parseGoDuration(node.text);
    } catch {
      ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into time.Duration`);
      return INVALID;
    }
  },
  // yaml.v2 writes a time.Duration as its integer count of nanoseconds.
  marshal: (v) => Math.round((v as number) * 1e6),
};

/** textDuration is a duration read through UnmarshalText with time.ParseDuration (Pushover's retry/expire). */
export const textDuration: Kind = custom(
  ({ text }, fail) => {
    try {
      return parseGoDuration(text);
    } catch (err) {
      return fail((err as Error).message);
    }
  },
  { marshal: (v) => formatGoDuration(v as number) },
);

/** httpUrl is Alertmanager's URL type: an http(s) URL with a host. */
export const httpUrl: Kind = custom(({ text }, fail) => {
  try {
    parseHttpUrl(text);
    return text;
  } catch (err) {
    return fail((err as Error).message);
  }
});

/** secretUrl is an http(s) URL that is hidden when printed; `<secret>` reads back as a placeholder. */
export const secretUrl: Kind = custom(
  ({ text }, fail) => {
    if (text === SECRET_TOKEN) return text;
    try {
      parseHttpUrl(text);
      return text;
    } catch (err) {
      // Unlike Alertmanager, never echo the secret URL itself in the message.
      return fail((err as Error).message.replace(/^parse ".*?": /, 'parse <secret>: '));
    }
  },
  { secret: true },
);

/** secretTemplateUrl is a secret URL that may contain Go templates (only non-templated ones are checked). */
export const secretTemplateUrl: Kind = custom(
  ({ text }, fail) => {
    if (text === '' || text === SECRET_TOKEN) return text;
    if (text.includes('{{')) {
      const problem = checkTemplateSyntax(text);
      return problem ? fail(`invalid template syntax: ${problem}`) : text;
    }
    try {
      parseHttpUrl(text);
      return text;
    } catch (err) {
      return fail(`invalid URL: ${(err as Error).message.replace(/^parse ".*?": /, 'parse <secret>: ')}`);
    }
  },
  { secret: true },
);

/** anyUrl is Prometheus common's URL type (e.g. proxy_url): anything url.Parse accepts. */
export const anyUrl: Kind = custom(({ text }, fail) => {
  try {
    parseGoUrl(text);
    return text;
  } catch (err) {
    return fail((err as Error).message);
  }
});

/** hostPort is Alertmanager's HostPort (`smarthost: host:25`); "" means unset. */
export const hostPort: Kind = custom(
  ({ text }, fail): HostPort | typeof INVALID => {
    if (text === '') return { host: '', port: '' };
    try {
      const hp = splitHostPort(text);
      if (hp.port === '') return fail(`address ${JSON.stringify(text)}: port cannot be empty`);
      return hp;
    } catch (err) {
      return fail((err as Error).message);
    }
  },
  { marshal: (v) => formatHostPort(v as HostPort) },
);

/** A `match_re` value: the regex as written and its compiled, anchored form. */
export interface RegexpValue {
  source: string;
  regexp: RegExp;
}

/** regexpValue compiles a `match_re` value as `^(?:value)$`. */
export const regexpValue: Kind = custom(
  ({ text }, fail) => {
    try {
      return { source: text, regexp: compileRe2(`^(?:${text})$`) } satisfies RegexpValue;
    } catch (err) {
      return fail((err as Error).message);
    }
  },
  { marshal: (v) => (v as RegexpValue).source },
);

/** matcherList reads a list of matcher strings (each may hold several) in the configured parser mode. */
export const matcherList: Kind = {
  t: 'custom',
  decode: (node, ctx, path) => {
    if (node.kind !== 'seq') {
      ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into []string`);
      return INVALID;
    }
    const out: Matcher[] = [];
    let bad = false;
    node.items.forEach((item, i) => {
      const itemPath = `${path}[${i}]`;
      if (item.kind === 'null') return;
      if (item.kind !== 'scalar') {
        ctx.error(item, itemPath, `cannot unmarshal ${describeNode(item)} into string`);
        bad = true;
        return;
      }
      try {
        out.push(...parseMatchers(item.text, ctx.options.matcherMode));
      } catch (err) {
        ctx.error(item, itemPath, (err as Error).message);
        bad = true;
      }
    });
    return bad ? INVALID : sortMatchers(out);
  },
  marshal: (v) => (v as Matcher[]).map((m) => m.toString()),
};

/** TLS versions by name. */
export const TLS_VERSIONS = ['TLS13', 'TLS12', 'TLS11', 'TLS10'] as const;

/** tlsVersion is one of TLS10..TLS13. */
export const tlsVersion: Kind = custom(({ text }, fail) =>
  (TLS_VERSIONS as readonly string[]).includes(text) ? text : fail(`unknown TLS version: ${text}`),
);

/** labelSet is a model.LabelSet: valid (UTF-8) label names mapping to string values. */
export const labelSet: Kind = {
  t: 'custom',
  decode: (node, ctx, path) => {
    if (node.kind !== 'map') {
      ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into model.LabelSet`);
      return INVALID;
    }
    const out: Record<string, string> = {};
    for (const e of node.entries) {
      if (!isValidLabelName(e.key)) {
        ctx.error(e.keyPos, joinPath(path, e.key), `${JSON.stringify(e.key)} is not a valid label name`);
        continue;
      }
      if (e.value.kind === 'null') {
        out[e.key] = '';
      } else if (e.value.kind !== 'scalar') {
        ctx.error(
          e.value,
          joinPath(path, e.key),
          `cannot unmarshal ${describeNode(e.value)} into model.LabelValue`,
        );
      } else {
        out[e.key] = e.value.text;
      }
    }
    return out;
  },
};
