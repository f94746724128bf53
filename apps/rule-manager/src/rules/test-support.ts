import type { Labels, QueryFn, QueryResult, Sample } from '@vigil/model';
import type { ExpandTemplateFn } from './template-expander';

/**
 * fakeExpand stands in for the template engine in tests: it knows `{{ $labels.name }}`, `{{ $value }}` and
 * `{{ $externalLabels.name }}`, and renders `{{ fail }}` as a template error.
 */
export const fakeExpand: ExpandTemplateFn = async (_name, text, data) =>
  text.includes('{{ fail }}')
    ? '<error expanding template: fail>'
    : text
        .replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_m, n: string) => data.labels[n] ?? '')
        .replace(/\{\{\s*\$externalLabels\.(\w+)\s*\}\}/g, (_m, n: string) => data.externalLabels[n] ?? '')
        .replace(/\{\{\s*\$value\s*\}\}/g, () => String(data.value));

/** vector builds a vector query result. */
export function vector(...samples: { labels: Labels; v?: number }[]): QueryResult {
  return { type: 'vector', samples: samples.map((s) => ({ labels: s.labels, t: 0, v: s.v ?? 1 })) };
}

/** ScriptedQuery is a QueryFn whose answers tests change between evaluations; it records every call. */
export interface ScriptedQuery {
  fn: QueryFn;
  calls: { expr: string; t: number }[];
  /** Result per expression; a function is called with the query time. */
  results: Map<string, QueryResult | ((t: number) => QueryResult | Promise<QueryResult>)>;
}

/** scriptedQuery returns a QueryFn answering from a mutable table (empty vector for unknown expressions). */
export function scriptedQuery(): ScriptedQuery {
  const q: ScriptedQuery = {
    calls: [],
    results: new Map(),
    fn: async (expr, t) => {
      q.calls.push({ expr, t });
      const r = q.results.get(expr);
      if (r === undefined) return { type: 'vector', samples: [] };
      return typeof r === 'function' ? r(t) : r;
    },
  };
  return q;
}

/** seriesName returns a sample's metric name. */
export function seriesName(s: Sample): string | undefined {
  return s.labels['__name__'];
}
