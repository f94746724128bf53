// The rule file schema (Prometheus's rulefmt.RuleGroups) read with Go's decoding rules, keeping the
// position of every value validation may need to point at.
import { isMap, isScalar } from 'yaml';
import type { GoYamlDecoder, MapEntry, YamlNode } from './yaml-decoder';
import type { SourcePosition } from './types';

/** LocatedString is a string value and where it was written. */
export interface LocatedString {
  value: string;
  position: SourcePosition;
}

/** LabelEntry is one label or annotation with the positions of its name and value. */
export interface LabelEntry {
  name: string;
  value: string;
  namePosition: SourcePosition;
  valuePosition: SourcePosition;
}

/** RawRule is a rule as decoded, before validation: fields absent from the file are undefined. */
export interface RawRule {
  position: SourcePosition;
  record?: LocatedString;
  alert?: LocatedString;
  expr?: LocatedString;
  forMs: number;
  keepFiringForMs: number;
  labels: LabelEntry[];
  annotations: LabelEntry[];
}

/** RawGroup is a rule group as decoded, before validation. */
export interface RawGroup {
  position: SourcePosition;
  name: string;
  intervalMs: number;
  queryOffsetMs?: number;
  limit: number;
  labels: LabelEntry[];
  rules: RawRule[];
}

/** RuleFileFormat says whether a file is a plain rule file or a Kubernetes PrometheusRule manifest. */
export type RuleFileFormat = 'rules' | 'PrometheusRule';

const NOWHERE: SourcePosition = { line: 0, column: 0 };

/** decodeRuleFile decodes a document's top level: rule groups, or a PrometheusRule's `spec`. */
export function decodeRuleFile(
  dec: GoYamlDecoder,
  top: YamlNode,
): { format: RuleFileFormat; groups: RawGroup[] } {
  if (isPrometheusRule(top) && isMap(top)) {
    const spec = top.items.find((p) => isScalar(p.key) && p.key.value === 'spec');
    return { format: 'PrometheusRule', groups: decodeRuleGroups(dec, (spec?.value ?? null) as YamlNode) };
  }
  return { format: 'rules', groups: decodeRuleGroups(dec, top) };
}

/** isPrometheusRule tells whether a document's top level is a Kubernetes PrometheusRule object. */
export function isPrometheusRule(top: YamlNode): boolean {
  if (!isMap(top)) return false;
  return top.items.some(
    (p) =>
      isScalar(p.key) && p.key.value === 'kind' && isScalar(p.value) && p.value.value === 'PrometheusRule',
  );
}

function decodeRuleGroups(dec: GoYamlDecoder, node: YamlNode): RawGroup[] {
  const groups: RawGroup[] = [];
  dec.struct(node, 'rulefmt.RuleGroups', (e) => {
    if (e.name !== 'groups') return false;
    dec.slice(e.value, '[]rulefmt.RuleGroup', (item) => groups.push(decodeGroup(dec, item)));
    return true;
  });
  return groups;
}

function decodeGroup(dec: GoYamlDecoder, node: YamlNode): RawGroup {
  const group: RawGroup = {
    position: dec.resolvedPosition(node) ?? NOWHERE,
    name: '',
    intervalMs: 0,
    limit: 0,
    labels: [],
    rules: [],
  };
  dec.struct(node, 'rulefmt.RuleGroup', (e) => {
    switch (e.name) {
      case 'name':
        group.name = dec.string(e.value) ?? '';
        return true;
      case 'interval':
        group.intervalMs = dec.duration(e.value) ?? 0;
        return true;
      case 'query_offset':
        group.queryOffsetMs = dec.duration(e.value);
        return true;
      case 'limit':
        group.limit = dec.int(e.value) ?? 0;
        return true;
      case 'labels':
        group.labels = labelEntries(dec, e);
        return true;
      case 'rules':
        dec.slice(e.value, '[]rulefmt.Rule', (item) => group.rules.push(decodeRule(dec, item)));
        return true;
      default:
        return false;
    }
  });
  return group;
}

function decodeRule(dec: GoYamlDecoder, node: YamlNode): RawRule {
  const rule: RawRule = {
    position: dec.resolvedPosition(node) ?? NOWHERE,
    forMs: 0,
    keepFiringForMs: 0,
    labels: [],
    annotations: [],
  };
  const located = (e: MapEntry): LocatedString | undefined => {
    const value = dec.string(e.value);
    if (value === undefined) return undefined;
    return { value, position: dec.positionOf(e.value) ?? dec.positionOf(e.key) ?? rule.position };
  };
  dec.struct(node, 'rulefmt.Rule', (e) => {
    switch (e.name) {
      case 'record':
        rule.record = located(e);
        return true;
      case 'alert':
        rule.alert = located(e);
        return true;
      case 'expr':
        rule.expr = located(e);
        return true;
      case 'for':
        rule.forMs = dec.duration(e.value) ?? 0;
        return true;
      case 'keep_firing_for':
        rule.keepFiringForMs = dec.duration(e.value) ?? 0;
        return true;
      case 'labels':
        rule.labels = labelEntries(dec, e);
        return true;
      case 'annotations':
        rule.annotations = labelEntries(dec, e);
        return true;
      default:
        return false;
    }
  });
  return rule;
}

function labelEntries(dec: GoYamlDecoder, field: MapEntry): LabelEntry[] {
  const fallback = dec.positionOf(field.key) ?? NOWHERE;
  const out: LabelEntry[] = [];
  for (const e of dec.stringMap(field.value)) {
    const value = dec.string(e.value);
    if (value === undefined) continue;
    const namePosition = dec.positionOf(e.key) ?? fallback;
    out.push({ name: e.name, value, namePosition, valuePosition: dec.positionOf(e.value) ?? namePosition });
  }
  return out;
}
