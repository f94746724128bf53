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
