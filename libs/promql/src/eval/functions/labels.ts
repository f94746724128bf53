// label_replace, label_join and absent()'s labels, operating on plain label records as Prometheus's functions.go.
import { isValidLabelName, translateRe2 } from '@vigil/model';
import type { LabelSet } from '../types';

/** LabelFunctionError is the query error for a bad regex or label name given to label_replace/label_join. */
export class LabelFunctionError extends Error {}

// labels.Builder.Set with an empty value deletes the label.
function withLabel(labels: LabelSet, name: string, value: string): LabelSet {
  const out: Record<string, string> = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

function isNameChar(c: string): boolean {
  return /^[\p{L}\p{Nd}_]$/u.test(c);
}

/**
 * goExpand is Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}` and `$$` in the template are replaced by
 * submatches (`$1x` means the group named "1x"); unknown or unmatched groups expand to "", a malformed `$` stays.
 */
export function goExpand(
  template: string,
  match: ReadonlyArray<string | undefined>,
  subexpNames: ReadonlyArray<string | undefined>,
): string {
  let out = '';
  let i = 0;
  const chars = Array.from(template);
  while (i < chars.length) {
    const ch = chars[i] as string;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    if (chars[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    let j = i + 1;
    const brace = chars[j] === '{';
    if (brace) j++;
    let name = '';
    while (j < chars.length && isNameChar(chars[j] as string)) name += chars[j++];
    if (name === '' || (brace && chars[j] !== '}')) {
      out += '$';
      i++;
      continue;
    }
    if (brace) j++;
    i = j;
    let num = -1;
    if (/^[0-9]+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 9)
      num = Number(name);
    if (num >= 0) {
      out += match[num] ?? '';
    } else {
      for (let k = 0; k < subexpNames.length; k++) {
        if (subexpNames[k] === name && match[k] !== undefined) {
          out += match[k];
          break;
        }
      }
    }
  }
  return out;
}

/** CompiledReplace is a label_replace regex ready to apply. */
export interface CompiledReplace {
  re: RegExp;
  subexpNames: ReadonlyArray<string | undefined>;
}

/** compileLabelReplace compiles `^(?s:regex)$` as Prometheus and checks the destination label name. */
export function compileLabelReplace(dst: string, regex: string): CompiledReplace {
  let compiled: CompiledReplace;
  try {
    const tr = translateRe2(`^(?s:${regex})$`, { captures: true });
    compiled = { re: new RegExp(tr.source, 'u'), subexpNames: tr.subexpNames };
  } catch {
    throw new LabelFunctionError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!isValidLabelName(dst))
    throw new LabelFunctionError(`invalid destination label name in label_replace(): ${dst}`);
  return compiled;
}

/**
 * labelReplace applies label_replace(v, dst, replacement, src, regex) to one label set: when the regex matches the
 * whole source value (missing = ""), dst becomes the expanded replacement (deleted if that is empty).
 */
export function labelReplace(
  labels: LabelSet,
  dst: string,
  replacement: string,
  src: string,
  compiled: CompiledReplace,
): LabelSet {
  const m = compiled.re.exec(labels[src] ?? '');
  if (m === null) return labels;
  return withLabel(labels, dst, goExpand(replacement, Array.from(m), compiled.subexpNames));
}

/** checkLabelJoin validates label_join's names as Prometheus does (sources first, then the destination). */
export function checkLabelJoin(dst: string, srcs: readonly string[]): void {
  for (const src of srcs) {
    if (!isValidLabelName(src))
      throw new LabelFunctionError(`invalid source label name in label_join(): ${src}`);
  }
  if (!isValidLabelName(dst))
    throw new LabelFunctionError(`invalid destination label name in label_join(): ${dst}`);
}

/** labelJoin sets dst to the source values (missing = "") joined by sep; an empty result deletes dst. */
export function labelJoin(labels: LabelSet, dst: string, sep: string, srcs: readonly string[]): LabelSet {
  return withLabel(labels, dst, srcs.map((s) => labels[s] ?? '').join(sep));
}

/** AbsentMatcher is the part of a label matcher absent() looks at. */
export interface AbsentMatcher {
  type: '=' | '!=' | '=~' | '!~';
  name: string;
  value: string;
}

/**
 * absentLabels gives the labels of absent()/absent_over_time()'s output sample: the selector's equality matchers,
 * except `__name__`; a name matched again later (any operator) is dropped, as Prometheus does for compatibility.
 */
export function absentLabels(matchers: readonly AbsentMatcher[]): LabelSet {
  const out: Record<string, string> = {};
  const has = new Set<string>();
  for (const m of matchers) {
    if (m.name === '__name__') continue;
    if (m.type === '=' && !has.has(m.name)) {
      if (m.value === '') delete out[m.name];
      else out[m.name] = m.value;
      has.add(m.name);
    } else {
      delete out[m.name];
    }
  }
  return out;
}
