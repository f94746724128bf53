// Reads promtool's rule unit-test files (docs/configuration/unit_testing_rules.md) the way promtool's strict
// YAML decoding does: unknown fields and wrongly typed values are errors, reported with their line.
import { parseDuration, type Labels } from '@vigil/model';
import { LineCounter, Scalar, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/** InputSeries is one `input_series` entry: a series in PromQL notation and its expanding value notation. */
export interface InputSeries {
  series: string;
  values: string;
}

/** ExpectedAlert is one `exp_alerts` entry; labels exclude `alertname`, which the runner adds. */
export interface ExpectedAlert {
  expLabels: Record<string, string>;
  expAnnotations: Record<string, string>;
}

/** AlertTestCase is one `alert_rule_test` entry. */
export interface AlertTestCase {
  evalTimeMs: number;
  alertname: string;
  expAlerts: ExpectedAlert[];
}

/** ExpectedSample is one `exp_samples` entry: labels in PromQL notation (`up{job="a"}`) and a value. */
export interface ExpectedSample {
  labels: string;
  value: number;
  /** A native histogram in promqltest notation; Vigil cannot check these. */
  histogram: string;
}

/** PromqlTestCase is one `promql_expr_test` entry. */
export interface PromqlTestCase {
  expr: string;
  evalTimeMs: number;
  expSamples: ExpectedSample[];
}

/** TestGroup is one entry of `tests`: input series and the checks run against them. */
export interface TestGroup {
  /** Sample spacing of input_series; 0 when not set (the file's evaluation_interval then applies). */
  intervalMs: number;
  inputSeries: InputSeries[];
  alertRuleTests: AlertTestCase[];
  promqlExprTests: PromqlTestCase[];
  externalLabels: Labels;
  externalURL: string;
  name: string;
  /** `start_timestamp` in ms since the epoch; undefined means the epoch itself. */
  startTimestampMs?: number;
}

/** UnitTestFile is a whole unit-test file, rule file paths as written (not yet resolved). */
export interface UnitTestFile {
  ruleFiles: string[];
  /** 0 when not set (1m then applies). */
  evaluationIntervalMs: number;
  groupEvalOrder: string[];
  tests: TestGroup[];
  fuzzyCompare: boolean;
}

/** TestFileError is a test file that cannot be decoded; its message is promtool's. */
export class TestFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestFileError';
  }
}

type Field =
  | 'string'
  | 'duration'
  | 'bool'
  | 'float'
  | 'timestamp'
  | 'stringMap'
  | 'stringList'
  | { list: StructSpec }
  | StructSpec;

interface StructSpec {
  goType: string;
  fields: Record<string, Field>;
}

const SAMPLE: StructSpec = {
  goType: 'main.sample',
  fields: { labels: 'string', value: 'float', histogram: 'string' },
};
const PROMQL_TEST: StructSpec = {
  goType: 'main.promqlTestCase',
  fields: { expr: 'string', eval_time: 'duration', exp_samples: { list: SAMPLE } },
};
const ALERT: StructSpec = {
  goType: 'main.alert',
  fields: { exp_labels: 'stringMap', exp_annotations: 'stringMap' },
};
const ALERT_TEST: StructSpec = {
  goType: 'main.alertTestCase',
  fields: { eval_time: 'duration', alertname: 'string', exp_alerts: { list: ALERT } },
};
const SERIES: StructSpec = { goType: 'main.series', fields: { series: 'string', values: 'string' } };
const TEST_GROUP: StructSpec = {
  goType: 'main.testGroup',
  fields: {
    interval: 'duration',
    input_series: { list: SERIES },
    alert_rule_test: { list: ALERT_TEST },
    promql_expr_test: { list: PROMQL_TEST },
    external_labels: 'stringMap',
    external_url: 'string',
    name: 'string',
    start_timestamp: 'timestamp',
  },
};
const TEST_FILE: StructSpec = {
  goType: 'main.unitTestFile',
  fields: {
    rule_files: 'stringList',
    evaluation_interval: 'duration',
    group_eval_order: 'stringList',
    tests: { list: TEST_GROUP },
    fuzzy_compare: 'bool',
  },
};

type Decoded =
  string | number | boolean | Record<string, string> | string[] | DecodedStruct | DecodedStruct[];
interface DecodedStruct {
  [key: string]: Decoded | undefined;
}

/** parseTestFile decodes a unit-test file's text, throwing TestFileError with promtool's wording. */
export function parseTestFile(text: string): UnitTestFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, uniqueKeys: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    // The yaml package appends the position and a code frame; promtool's libyaml messages have neither.
    const msg = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new TestFileError(`yaml: ${line === undefined ? '' : `line ${line}: `}${msg}`);
  }
  const decoder = new Decoder(lineCounter);
  const root = doc.contents === null ? {} : decoder.struct(doc.contents, TEST_FILE);
  if (decoder.errors.length > 0) {
    throw new TestFileError(`yaml: unmarshal errors:\n  ${decoder.errors.join('\n  ')}`);
  }
  return toUnitTestFile(root);
}

class Decoder {
  readonly errors: string[] = [];
  constructor(private readonly lines: LineCounter) {}

  line(node: Node): number {
    return this.lines.linePos(node.range?.[0] ?? 0).line;
  }

  struct(node: Node, spec: StructSpec): DecodedStruct {
    const out: DecodedStruct = {};
    if (isNull(node)) return out;
    if (!isMap(node)) {
      this.typeError(node, spec.goType);
      return out;
    }
    const seen = new Set<string>();
    for (const item of node.items) {
      const keyNode = item.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const field = spec.fields[key];
      if (seen.has(key)) {
        this.errors.push(`line ${this.line(keyNode)}: key ${JSON.stringify(key)} already set in map`);
        continue;
      }
      seen.add(key);
      if (field === undefined) {
        this.errors.push(`line ${this.line(keyNode)}: field ${key} not found in type ${spec.goType}`);
        continue;
      }
      const value = this.value(item.value as Node | null, field);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  value(node: Node | null, field: Field): Decoded | undefined {
    if (node === null || isNull(node)) return undefined;
    if (typeof field === 'object' && 'list' in field) {
      if (!isSeq(node)) return this.typeError(node, `[]${field.list.goType}`);
      return node.items.map((n) => this.struct(n as Node, field.list));
    }
    if (typeof field === 'object') return this.struct(node, field);
    switch (field) {
      case 'stringList': {
        if (!isSeq(node)) return this.typeError(node, '[]string');
        const out: string[] = [];
        for (const n of node.items) {
          const s = this.scalar(n as Node, 'string');
          out.push(s ?? '');
        }
        return out;
      }
      case 'stringMap': {
        if (!isMap(node)) return this.typeError(node, 'map[string]string');
        const out: Record<string, string> = {};
        for (const item of node.items) {
          const k = this.scalar(item.key as Node, 'string');
          const v = item.value === null ? '' : this.scalar(item.value as Node, 'string');
          if (k !== undefined) out[k] = v ?? '';
        }
        return out;
      }
      case 'string':
        return this.scalar(node, 'string');
      case 'duration': {
        const s = this.scalar(node, 'model.Duration');
        if (s === undefined) return undefined;
        try {
          return parseDuration(s);
        } catch (err) {
          throw new TestFileError((err as Error).message);
        }
      }
      case 'timestamp': {
        const s = this.scalar(node, 'main.testStartTimestamp');
        return s === undefined ? undefined : parseTimestamp(s);
      }
      case 'bool': {
        const s = this.scalar(node, 'bool');
        if (s === undefined) return undefined;
        const b = parseYamlBool(s);
        return b ?? this.typeError(node, 'bool', s);
      }
      case 'float': {
        const s = this.scalar(node, 'float64');
        if (s === undefined) return undefined;
        const v = parseYamlFloat(s);
        return v ?? this.typeError(node, 'float64', s);
      }
    }
  }

  scalar(node: Node, goType: string): string | undefined {
    if (!isScalar(node)) {
      this.typeError(node, goType);
      return undefined;
    }
    return String(node.value);
  }

  typeError(node: Node, goType: string, text?: string): undefined {
    const tag = isMap(node)
      ? '!!map'
      : isSeq(node)
        ? '!!seq'
        : `!!${resolveTag(text ?? '')} \`${text ?? ''}\``;
    this.errors.push(`line ${this.line(node)}: cannot unmarshal ${tag} into ${goType}`);
    return undefined;
  }
}

function isNull(node: Node): boolean {
  if (!isScalar(node) || node.type !== Scalar.PLAIN) return false;
  return ['', '~', 'null', 'Null', 'NULL'].includes(String(node.value));
}

function resolveTag(text: string): string {
  if (parseYamlBool(text) !== undefined) return 'bool';
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(text)) return 'int';
  if (parseYamlFloat(text) !== undefined) return 'float';
  return 'str';
}

function parseYamlBool(s: string): boolean | undefined {
  if (/^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(s)) return true;
  if (/^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(s)) return false;
  return undefined;
}

/** parseYamlFloat reads a float as YAML 1.1 resolves one (`.inf`, `.nan`, `1e3`, `0x1F`). */
function parseYamlFloat(s: string): number | undefined {
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return Number.NaN;
  if (/^[-+]?0x[0-9a-fA-F_]+$/.test(s)) {
    const v = Number.parseInt(s.replace(/_/g, ''), 16);
    return Number.isNaN(v) ? undefined : v;
  }
  if (/^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(s) && /\d/.test(s)) {
    return Number(s.replace(/_/g, ''));
  }
  return undefined;
}

/** parseTimestamp reads promtool's `start_timestamp`: RFC 3339 or Unix seconds (fractions allowed). */
export function parseTimestamp(s: string): number {
  if (/^-?\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return t;
  }
  throw new TestFileError(`cannot parse ${JSON.stringify(s)} to a valid timestamp`);
}

function str(v: Decoded | undefined): string {
  return typeof v === 'string' ? v : '';
}
function num(v: Decoded | undefined): number {
  return typeof v === 'number' ? v : 0;
}
function structs(v: Decoded | undefined): DecodedStruct[] {
  return Array.isArray(v) ? v.filter((x): x is DecodedStruct => typeof x === 'object') : [];
}
function strings(v: Decoded | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function stringMap(v: Decoded | undefined): Record<string, string> {
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
}

function toUnitTestFile(root: DecodedStruct): UnitTestFile {
  return {
    ruleFiles: strings(root['rule_files']),
    evaluationIntervalMs: num(root['evaluation_interval']),
    groupEvalOrder: strings(root['group_eval_order']),
    fuzzyCompare: root['fuzzy_compare'] === true,
    tests: structs(root['tests']).map((t) => {
      const group: TestGroup = {
        intervalMs: num(t['interval']),
        inputSeries: structs(t['input_series']).map((s) => ({
          series: str(s['series']),
          values: str(s['values']),
        })),
        alertRuleTests: structs(t['alert_rule_test']).map((a) => ({
          evalTimeMs: num(a['eval_time']),
          alertname: str(a['alertname']),
          expAlerts: structs(a['exp_alerts']).map((e) => ({
            expLabels: { ...stringMap(e['exp_labels']) },
            expAnnotations: { ...stringMap(e['exp_annotations']) },
          })),
        })),
        promqlExprTests: structs(t['promql_expr_test']).map((p) => ({
          expr: str(p['expr']),
          evalTimeMs: num(p['eval_time']),
          expSamples: structs(p['exp_samples']).map((s) => ({
            labels: str(s['labels']),
            value: num(s['value']),
            histogram: str(s['histogram']),
          })),
        })),
        externalLabels: { ...stringMap(t['external_labels']) },
        externalURL: str(t['external_url']),
        name: str(t['name']),
      };
      const start = t['start_timestamp'];
      if (typeof start === 'number') group.startTimestampMs = start;
      return group;
    }),
  };
}
