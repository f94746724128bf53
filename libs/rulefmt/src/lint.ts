// promtool's `--lint duplicate-rules` check: two rules with the same name and the same labels (group
// labels merged under rule labels) would write the same series or alerts.
import { compareStrings } from '@vigil/model';
import type { RuleGroupSpec } from './types';

/** DuplicateRule is one rule name + label set found more than once among a file's groups. */
export interface DuplicateRule {
  /** The alert name, or the recorded metric name. */
  metric: string;
  /** The rule's labels merged over its group's labels, sorted by name. */
  labels: [string, string][];
}

/** findDuplicateRules returns each name + label set that more than one rule has, in sorted order, once. */
export function findDuplicateRules(groups: RuleGroupSpec[]): DuplicateRule[] {
  const all: DuplicateRule[] = [];
  for (const g of groups) {
    for (const r of g.rules) {
      const merged = new Map<string, string>(Object.entries(g.labels));
      for (const [k, v] of Object.entries(r.labels)) merged.set(k, v);
      const labels = [...merged.entries()].sort((a, b) => compareStrings(a[0], b[0]));
      all.push({ metric: r.alert ?? r.record ?? '', labels });
    }
  }
  all.sort(compareRules);
  const dups: DuplicateRule[] = [];
  for (let i = 1; i < all.length; i++) {
    const prev = all[i - 1] as DuplicateRule;
    const cur = all[i] as DuplicateRule;
    if (compareRules(prev, cur) !== 0) continue;
    const last = dups[dups.length - 1];
    if (last === undefined || compareRules(last, cur) !== 0) dups.push(cur);
  }
  return dups;
}

/** formatDuplicateRules words a duplicate-rules finding exactly as promtool prints it (without a trailing newline). */
export function formatDuplicateRules(dups: DuplicateRule[]): string {
  let out = `lint error ${dups.length} duplicate rule(s) found.\n`;
  for (const d of dups) {
    out += `Metric: ${d.metric}\nLabel(s):\n`;
    for (const [k, v] of d.labels) out += `\t${k}: ${v}\n`;
  }
  return out + 'Might cause inconsistency while recording expressions';
}

function compareRules(a: DuplicateRule, b: DuplicateRule): number {
  const byMetric = compareStrings(a.metric, b.metric);
  if (byMetric !== 0) return byMetric;
  const n = Math.min(a.labels.length, b.labels.length);
  for (let i = 0; i < n; i++) {
    const [an, av] = a.labels[i] as [string, string];
    const [bn, bv] = b.labels[i] as [string, string];
    const c = compareStrings(an, bn) || compareStrings(av, bv);
    if (c !== 0) return c;
  }
  return a.labels.length - b.labels.length;
}
