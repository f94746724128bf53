// Prometheus's relabeling (relabel_configs, metric_relabel_configs): rules applied in order to a label set,
// each rewriting it or dropping it.
import { createHash } from 'node:crypto';
import { translateRe2, type Labels } from '@vigil/model';

/** RelabelAction names what one relabel rule does, as Prometheus spells it. */
export type RelabelAction =
  | 'replace'
  | 'keep'
  | 'drop'
  | 'keepequal'
  | 'dropequal'
  | 'hashmod'
  | 'labelmap'
  | 'labeldrop'
  | 'labelkeep'
  | 'lowercase'
  | 'uppercase';

/** RELABEL_ACTIONS lists every action, for config validation. */
export const RELABEL_ACTIONS: readonly RelabelAction[] = [
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
];

/** RelabelConfig is one validated, defaulted relabel rule; `regex` is the Go pattern as written (unanchored). */
export interface RelabelConfig {
  sourceLabels: string[];
  /** Joins the source values (`;`). */
  separator: string;
  targetLabel: string;
  /** RE2 syntax, anchored at both ends when applied (`(.*)`). */
  regex: string;
  /** Divisor for hashmod (required there, 0 otherwise). */
  modulus: number;
  /** Template with `$1`, `${1}`, `$name` references (`$1`). */
  replacement: string;
  action: RelabelAction;
}

/** DEFAULT_RELABEL_CONFIG holds Prometheus's defaults for the fields a rule leaves out. */
export const DEFAULT_RELABEL_CONFIG: Readonly<RelabelConfig> = Object.freeze({
  sourceLabels: [],
  separator: ';',
  targetLabel: '',
  regex: '(.*)',
  modulus: 0,
  replacement: '$1',
  action: 'replace',
});

/** CompiledRegex is an anchored Go pattern ready to match, with its capture groups' names for expansion. */
export interface CompiledRegex {
  source: string;
  re: RegExp;
  names: Array<string | undefined>;
}

/** compileRelabelRegex compiles a relabel regex as Prometheus does: `^(?s:…)$`. Throws RegexpSyntaxError. */
export function compileRelabelRegex(pattern: string): CompiledRegex {
  const t = translateRe2(`(?s:${pattern})`, { anchored: true, captures: true });
  return { source: pattern, re: new RegExp(t.source, 'u'), names: t.subexpNames };
}

/** CompiledRelabel is a RelabelConfig with its regex compiled, as the hot path uses it. */
export interface CompiledRelabel extends RelabelConfig {
  compiled: CompiledRegex;
}

/** compileRelabelConfigs compiles every rule's regex; throws on the first invalid one, naming its index. */
export function compileRelabelConfigs(configs: readonly RelabelConfig[]): CompiledRelabel[] {
  return configs.map((c, i) => {
    try {
      return { ...c, compiled: compileRelabelRegex(c.regex) };
    } catch (err) {
      throw new Error(
        `relabel rule ${i}: invalid regex ${JSON.stringify(c.regex)}: ${(err as Error).message}`,
      );
    }
  });
}

/**
 * expandTemplate expands `$1`, `${1}`, `$name`, `${name}` and `$$` in a template against a match, as Go's
 * regexp.Expand does: unknown or unmatched references become empty, a malformed `$` stays literal.
 */
export function expandTemplate(
  template: string,
  match: RegExpExecArray,
  names: Array<string | undefined>,
): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const ref = extractRef(template, i);
    if (ref === undefined) {
      out += '$';
      continue;
    }
    i = ref.end;
    if (ref.num >= 0) {
      out += match[ref.num] ?? '';
    } else {
      const idx = names.indexOf(ref.name);
      if (idx > 0) out += match[idx] ?? '';
    }
  }
  return out;
}

function extractRef(t: string, start: number): { name: string; num: number; end: number } | undefined {
  let i = start;
  const brace = t[i] === '{';
  if (brace) i++;
  const from = i;
  while (i < t.length && /[\p{L}\p{Nd}_]/u.test(t[i] ?? '')) i++;
  if (i === from) return undefined;
  const name = t.slice(from, i);
  if (brace) {
    if (t[i] !== '}') return undefined;
    i++;
  }
  let num = -1;
  if (/^[0-9]+$/.test(name) && !(name.length > 1 && name.startsWith('0')) && name.length <= 8)
    num = Number(name);
  return { name, num, end: i };
}

const DEFAULT_REGEX = DEFAULT_RELABEL_CONFIG.regex;

/**
 * relabel applies rules in order to a copy of `labels`; returns undefined when a rule drops the set. Setting a
 * label to '' removes it, as in Prometheus.
 */
export function relabel(labels: Labels, rules: readonly CompiledRelabel[]): Labels | undefined {
  const lb: Record<string, string> = { ...labels };
  for (const rule of rules) {
    if (!applyRule(rule, lb)) return undefined;
  }
  return lb;
}

function set(lb: Record<string, string>, name: string, value: string): void {
  if (value === '') delete lb[name];
  else lb[name] = value;
}

function applyRule(cfg: CompiledRelabel, lb: Record<string, string>): boolean {
  const val = cfg.sourceLabels.map((n) => lb[n] ?? '').join(cfg.separator);
  const { re, names } = cfg.compiled;
  switch (cfg.action) {
    case 'drop':
      return !re.test(val);
    case 'keep':
      return re.test(val);
    case 'dropequal':
      return (lb[cfg.targetLabel] ?? '') !== val;
    case 'keepequal':
      return (lb[cfg.targetLabel] ?? '') === val;
    case 'replace': {
      if (
        val === '' &&
        cfg.regex === DEFAULT_REGEX &&
        !cfg.targetLabel.includes('$') &&
        !cfg.replacement.includes('$')
      ) {
        set(lb, cfg.targetLabel, cfg.replacement);
        return true;
      }
      const m = re.exec(val);
      if (!m) return true;
      const target = expandTemplate(cfg.targetLabel, m, names);
      if (target === '') return true;
      set(lb, target, expandTemplate(cfg.replacement, m, names));
      return true;
    }
    case 'lowercase':
      set(lb, cfg.targetLabel, val.toLowerCase());
      return true;
    case 'uppercase':
      set(lb, cfg.targetLabel, val.toUpperCase());
      return true;
    case 'hashmod':
      set(lb, cfg.targetLabel, String(hashmod(val, cfg.modulus)));
      return true;
    case 'labelmap':
      for (const name of Object.keys(lb)) {
        const m = re.exec(name);
        if (m) set(lb, expandTemplate(cfg.replacement, m, names), lb[name] ?? '');
      }
      return true;
    case 'labeldrop':
      for (const name of Object.keys(lb)) if (re.test(name)) delete lb[name];
      return true;
    case 'labelkeep':
      for (const name of Object.keys(lb)) if (!re.test(name)) delete lb[name];
      return true;
  }
}

/** hashmod is Prometheus's hashmod: md5 of the value, its last 8 bytes as a big-endian uint64, mod `modulus`. */
export function hashmod(value: string, modulus: number): bigint {
  const sum = createHash('md5').update(value).digest();
  return sum.readBigUInt64BE(8) % BigInt(modulus);
}
