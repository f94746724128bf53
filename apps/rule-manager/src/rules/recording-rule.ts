import { METRIC_NAME_LABEL, type Labels, type Sample } from '@vigil/model';
import { labelsKey, setLabel, sortLabels } from './labels-key';
import { resultToVector } from './query-vector';
import { newRuleStatus, type RuleEvalContext, type RuleStatus } from './rule';

/** DUPLICATE_RECORDING_LABELSET_ERROR is Prometheus's ErrDuplicateRecordingLabelSet message. */
export const DUPLICATE_RECORDING_LABELSET_ERROR =
  'vector contains metrics with the same labelset after applying rule labels';

/** RecordingRuleOptions defines a recording rule; labels are the group's merged with the rule's (rule wins). */
export interface RecordingRuleOptions {
  /** Name of the series written (`record`). */
  name: string;
  expr: string;
  labels: Labels;
}

/** RecordingRule evaluates an expression and renames its result to a new series (rules/recording.go). */
export class RecordingRule {
  readonly kind = 'recording' as const;
  readonly name: string;
  readonly expr: string;
  readonly labels: Labels;
  /** Outcome of the last evaluation, set by the group that runs the rule. */
  readonly status: RuleStatus = newRuleStatus();

  constructor(opts: RecordingRuleOptions) {
    this.name = opts.name;
    this.expr = opts.expr;
    this.labels = { ...opts.labels };
  }

  /** identity is everything that defines the rule; two rules with equal identities behave the same. */
  get identity(): string {
    return JSON.stringify(['record', this.name, this.expr, labelsKey(this.labels)]);
  }

  /** matchKey is how Prometheus's CopyState pairs rules across a reload: name plus labels. */
  get matchKey(): string {
    return JSON.stringify([this.name, labelsKey(this.labels)]);
  }

  /**
   * evaluate returns the result renamed to the rule's name with its labels applied, stamped with the query
   * time. Duplicate label sets and a result over the group's limit are errors, as in Prometheus.
   */
  async evaluate(ctx: RuleEvalContext): Promise<Sample[]> {
    const queryTs = ctx.ts - ctx.queryOffsetMs;
    const vector = resultToVector(await ctx.query(this.expr, queryTs, ctx.signal));
    const seen = new Set<string>();
    const out: Sample[] = [];
    for (const s of vector) {
      const labels: Labels = { ...s.labels, [METRIC_NAME_LABEL]: this.name };
      for (const [name, value] of Object.entries(this.labels)) setLabel(labels, name, value);
      const key = labelsKey(labels);
      if (seen.has(key)) throw new Error(DUPLICATE_RECORDING_LABELSET_ERROR);
      seen.add(key);
      out.push({ labels: sortLabels(labels), t: queryTs, v: s.v });
    }
    if (ctx.limit > 0 && out.length > ctx.limit) {
      throw new Error(`exceeded limit of ${ctx.limit} with ${out.length} series`);
    }
    return out;
  }
}
