// The `route` tree as written in the config file, with Route.UnmarshalYAML's checks: group_by names and
// `...`, legacy `match`/`match_re` label names, route labels, and non-zero intervals.

import { isValidLabelNameForMode, type Labels, type Matcher } from '@vigil/model';
import { labelSet, matcherList, modelDuration, regexpValue, type RegexpValue } from './kinds';
import { INVALID, K, decodeValue, field, joinPath, type Kind, type StructSchema } from './schema';
import { describeNode } from './yaml-tree';

/** RouteConfig is one node of the `route` tree as configured (inheritance is applied by dispatch's Route). */
export interface RouteConfig {
  receiver: string;
  /** group_by as written; undefined when absent. */
  groupByStr?: string[];
  /** group_by without `...`; undefined when absent (inherit), [] when explicitly empty. */
  groupBy?: string[];
  /** group_by: ['...']: group by all labels. */
  groupByAll: boolean;
  match?: Record<string, string>;
  matchRe?: Record<string, RegexpValue>;
  matchers?: Matcher[];
  muteTimeIntervals?: string[];
  activeTimeIntervals?: string[];
  continue: boolean;
  routes?: (RouteConfig | undefined)[];
  /** Milliseconds. */
  groupWait?: number;
  groupInterval?: number;
  repeatInterval?: number;
  labels?: Labels;
}

const LEGACY_LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** matchRegexps is the legacy `match_re` map: legacy label names to anchored regexes; null values are errors. */
export const matchRegexps: Kind = {
  t: 'custom',
  decode: (node, ctx, path) => {
    if (node.kind !== 'map') {
      ctx.error(node, path, `cannot unmarshal ${describeNode(node)} into common.plain`);
      return INVALID;
    }
    const out: Record<string, RegexpValue> = {};
    let bad = false;
    for (const e of node.entries) {
      const p = joinPath(path, e.key);
      if (e.value.kind === 'null') {
        ctx.error(e.keyPos, p, `invalid regexp value for ${JSON.stringify(e.key)}`);
        bad = true;
        continue;
      }
      const v = decodeValue(regexpValue, e.value, ctx, p);
      if (v === INVALID) {
        bad = true;
        continue;
      }
      if (!LEGACY_LABEL_NAME_RE.test(e.key)) {
        ctx.error(e.keyPos, p, `invalid label name ${JSON.stringify(e.key)}`);
        bad = true;
        continue;
      }
      out[e.key] = v as RegexpValue;
    }
    return bad ? INVALID : out;
  },
  marshal: (v) =>
    Object.fromEntries(Object.entries(v as Record<string, RegexpValue>).map(([k, r]) => [k, r.source])),
};

/** The `route` schema (recursive through `routes`). */
export const routeSchema: StructSchema = {
  goType: 'config.plain',
  fields: [],
  validate: (o, v) => {
    const r = o as unknown as RouteConfig;
    const mode = v.options.matcherMode;
    r.groupByAll = false;
    for (const name of Object.keys(r.match ?? {})) {
      if (!LEGACY_LABEL_NAME_RE.test(name)) v.fail(`invalid label name ${JSON.stringify(name)}`, 'match');
    }
    for (const name of Object.keys(r.labels ?? {})) {
      if (!isValidLabelNameForMode(name, mode))
        v.fail(`invalid label name ${JSON.stringify(name)} in route labels`, 'labels');
    }
    if (r.groupByStr !== undefined) {
      const names: string[] = [];
      for (const name of r.groupByStr) {
        if (name === '...') {
          r.groupByAll = true;
        } else if (!isValidLabelNameForMode(name, mode)) {
          v.fail(`invalid label name ${JSON.stringify(name)} in group_by list`, 'group_by');
        } else {
          names.push(name);
        }
      }
      r.groupBy = names;
      if (names.length > 0 && r.groupByAll) {
        v.fail('cannot have wildcard group_by (`...`) and other labels at the same time', 'group_by');
      }
      const seen = new Set<string>();
      for (const name of names) {
        if (seen.has(name)) v.fail(`duplicated label ${JSON.stringify(name)} in group_by`, 'group_by');
        seen.add(name);
      }
      // Only `['...']` leaves the explicit list empty while grouping by everything; keep Go's nil there.
      if (r.groupByAll && names.length === 0) r.groupBy = undefined;
    }
    if (r.groupInterval === 0) v.fail('group_interval cannot be zero', 'group_interval');
    if (r.repeatInterval === 0) v.fail('repeat_interval cannot be zero', 'repeat_interval');
  },
};

routeSchema.fields.push(
  field('receiver', 'receiver', K.string, { omitEmpty: true }),
  field('group_by', 'groupByStr', K.strings, { omitEmpty: true }),
  field('match', 'match', K.stringMap, { omitEmpty: true }),
  field('match_re', 'matchRe', matchRegexps, { omitEmpty: true }),
  field('matchers', 'matchers', matcherList, { omitEmpty: true }),
  field('mute_time_intervals', 'muteTimeIntervals', K.strings, { omitEmpty: true }),
  field('active_time_intervals', 'activeTimeIntervals', K.strings, { omitEmpty: true }),
  field('continue', 'continue', K.bool),
  field('routes', 'routes', K.list(K.struct(routeSchema)), { omitEmpty: true }),
  field('group_wait', 'groupWait', modelDuration, { omitEmpty: true, pointer: true }),
  field('group_interval', 'groupInterval', modelDuration, { omitEmpty: true, pointer: true }),
  field('repeat_interval', 'repeatInterval', modelDuration, { omitEmpty: true, pointer: true }),
  field('labels', 'labels', labelSet, { omitEmpty: true }),
);
