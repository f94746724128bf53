import { fingerprint, matchersMatch, type Labels } from '@vigil/model';
import type { Muter } from '../mute';
import type { InhibitRule } from './inhibit-rule';

/** InhibitAlert is what the inhibitor needs to know of an alert: its labels and when it ends. */
export interface InhibitAlert {
  labels: Labels;
  /** End time in ms since the epoch; absent or 0 means no end is known (the alert fires until told otherwise). */
  endsAt?: number;
}

/** InhibitorOptions carries the inhibitor's clock (ms since the epoch), injected so tests control time. */
export interface InhibitorOptions {
  now?: () => number;
}

interface Source {
  fingerprint: string;
  endsAt: number;
  /** Whether this source alert also matches the rule's target side: such sources cannot inhibit two-sided targets. */
  matchesTarget: boolean;
}

interface CompiledRule {
  rule: InhibitRule;
  /** Equal label names, sorted, so the bucket key does not depend on the order the config lists them in. */
  equal: string[];
  /** Source alerts bucketed by the values of the `equal` labels, then by fingerprint. */
  sources: Map<string, Map<string, Source>>;
}

/**
 * Inhibitor is Alertmanager's `inhibit.Inhibitor`: fed the alerts (put/resolve), it mutes a label set when, for some
 * rule, the label set matches the target side and a firing source alert has equal values for the rule's `equal`
 * labels. Sources are cached per rule and bucketed by their equal-label values, so a check costs one lookup per rule.
 * An alert that matches both sides of a rule is never inhibited by a source that also matches both sides — in
 * particular, never by itself.
 */
export class Inhibitor implements Muter {
  private readonly rules: CompiledRule[];
  private readonly now: () => number;

  constructor(rules: readonly InhibitRule[], opts: InhibitorOptions = {}) {
    this.rules = rules.map((rule) => ({ rule, equal: [...new Set(rule.equal)].sort(), sources: new Map() }));
    this.now = opts.now ?? Date.now;
  }

  /** put records an alert (new or updated); it becomes a source of every rule whose source side it matches. */
  put(alert: InhibitAlert): void {
    let fp: string | undefined;
    for (const r of this.rules) {
      if (!matchersMatch(r.rule.sourceMatchers, alert.labels)) continue;
      fp ??= fingerprint(alert.labels);
      const key = equalKey(r.equal, alert.labels);
      let bucket = r.sources.get(key);
      if (!bucket) {
        bucket = new Map();
        r.sources.set(key, bucket);
      }
      bucket.set(fp, {
        fingerprint: fp,
        endsAt: alert.endsAt && alert.endsAt > 0 ? alert.endsAt : Number.POSITIVE_INFINITY,
        matchesTarget: matchersMatch(r.rule.targetMatchers, alert.labels),
      });
    }
  }

  /** resolve forgets an alert as a source (it was resolved or deleted); unknown alerts are ignored. */
  resolve(labels: Labels): void {
    let fp: string | undefined;
    for (const r of this.rules) {
      if (!matchersMatch(r.rule.sourceMatchers, labels)) continue;
      fp ??= fingerprint(labels);
      const key = equalKey(r.equal, labels);
      const bucket = r.sources.get(key);
      if (!bucket) continue;
      bucket.delete(fp);
      if (bucket.size === 0) r.sources.delete(key);
    }
  }

  /** gc drops sources whose end time has passed, as Alertmanager's per-rule alert cache does every 15 minutes. */
  gc(): number {
    const now = this.now();
    let removed = 0;
    for (const r of this.rules) {
      for (const [key, bucket] of r.sources) {
        for (const [fp, source] of bucket) {
          if (source.endsAt <= now) {
            bucket.delete(fp);
            removed++;
          }
        }
        if (bucket.size === 0) r.sources.delete(key);
      }
    }
    return removed;
  }

  /** mutes tells whether a firing source alert inhibits this label set. */
  mutes(labels: Labels): boolean {
    return this.findInhibitor(labels) !== undefined;
  }

  /**
   * inhibitedBy returns the fingerprint of the source alert that inhibits this label set (for the API's
   * `status.inhibitedBy`), or an empty list. Like Alertmanager, it names the first inhibiting source it finds.
   */
  inhibitedBy(labels: Labels): string[] {
    const fp = this.findInhibitor(labels);
    return fp === undefined ? [] : [fp];
  }

  /** sourceCount is how many source alerts the rules hold (including ended ones not yet collected). */
  sourceCount(): number {
    let n = 0;
    for (const r of this.rules) for (const bucket of r.sources.values()) n += bucket.size;
    return n;
  }

  private findInhibitor(labels: Labels): string | undefined {
    const now = this.now();
    for (const r of this.rules) {
      if (r.sources.size === 0 || !matchersMatch(r.rule.targetMatchers, labels)) continue;
      const bucket = r.sources.get(equalKey(r.equal, labels));
      if (!bucket) continue;
      const twoSided = matchersMatch(r.rule.sourceMatchers, labels);
      for (const source of bucket.values()) {
        if (source.endsAt <= now) continue;
        if (twoSided && source.matchesTarget) continue;
        return source.fingerprint;
      }
    }
    return undefined;
  }
}

function equalKey(names: readonly string[], labels: Labels): string {
  if (names.length === 0) return '';
  return JSON.stringify(names.map((n) => labels[n] ?? ''));
}
