// One structural comparison of two JSON answers (Prometheus's and Vigil's), for the differential tests.

/**
 * CloseEnough decides whether two differing value strings at `path` still count as equal (a documented
 * floating-point tolerance); it may record the case.
 */
export type CloseEnough = (want: string, got: string, path: string) => boolean;

/** diffAnswers lists every place where `got` differs from `want` (keys compared as sets, arrays in order). */
export function diffAnswers(want: unknown, got: unknown, closeEnough: CloseEnough, path = ''): string[] {
  if (typeof want === 'string' && typeof got === 'string') {
    if (want === got || closeEnough(want, got, path)) return [];
    return [`${path}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`];
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) return [`${path}: want ${want.length} items, got ${got.length}`];
    return want.flatMap((w, i) => diffAnswers(w, got[i], closeEnough, `${path}[${i}]`));
  }
  if (want !== null && got !== null && typeof want === 'object' && typeof got === 'object') {
    const wk = Object.keys(want).sort();
    const gk = Object.keys(got).sort();
    if (JSON.stringify(wk) !== JSON.stringify(gk))
      return [`${path}: keys ${wk.join(',')} vs ${gk.join(',')}`];
    return wk.flatMap((k) =>
      diffAnswers(
        (want as Record<string, unknown>)[k],
        (got as Record<string, unknown>)[k],
        closeEnough,
        `${path}.${k}`,
      ),
    );
  }
  return Object.is(want, got) ? [] : [`${path}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`];
}

/** Answer is one HTTP answer of a query API: status and parsed JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** askJson GETs `${base}${path}` and parses the JSON answer. */
export async function askJson(base: string, path: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * withoutAnnotationsSorted drops `warnings`/`infos` (Prometheus 2.42 has no annotations) and sorts instant
 * vectors by labels (Prometheus does not sort them), the two normalisations every differential test needs.
 */
export function withoutAnnotationsSorted(a: Answer): Answer {
  const body = { ...a.body };
  delete body['warnings'];
  delete body['infos'];
  const data = body['data'] as
    { resultType?: string; result?: { metric: Record<string, string> }[] } | undefined;
  if (data?.resultType === 'vector' && Array.isArray(data.result)) {
    const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
    body['data'] = {
      ...data,
      result: [...data.result].sort((x, y) => (key(x.metric) < key(y.metric) ? -1 : 1)),
    };
  }
  return { status: a.status, body };
}

/** SUMMING matches queries whose values Prometheus 3 (and Vigil) sum with Kahan compensation, 2.42 plainly. */
export const SUMMING = /\b(sum|avg|avg_over_time)\b/;

/**
 * summingTolerance accepts, in summing queries only, values equal within a relative 1e-12 (2.42's plain
 * addition against Kahan summation), recording each such case in `inexact`.
 */
export function summingTolerance(query: string, inexact: string[]): CloseEnough {
  return (w, g, path) => {
    const x = Number(w);
    const y = Number(g);
    if (!SUMMING.test(query) || !(Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y))))
      return false;
    inexact.push(`${query} ${path}: ${w} vs ${g}`);
    return true;
  };
}
