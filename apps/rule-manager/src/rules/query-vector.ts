import type { QueryResult, Sample } from '@vigil/model';

/** RuleResultTypeError is Prometheus's error for rule expressions that yield a string or range vector. */
export const RULE_RESULT_TYPE_ERROR = 'rule result is not a vector or scalar';

/**
 * resultToVector turns an instant-query result into the vector a rule works on, as Prometheus's
 * EngineQueryFunc does: a scalar becomes one sample without labels; strings and matrices are errors.
 */
export function resultToVector(res: QueryResult): Sample[] {
  switch (res.type) {
    case 'vector':
      return res.samples;
    case 'scalar':
      return [{ labels: {}, t: res.t, v: res.v }];
    default:
      throw new Error(RULE_RESULT_TYPE_ERROR);
  }
}
