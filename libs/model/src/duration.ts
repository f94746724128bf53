/** Milliseconds per unit of Prometheus's duration syntax (model.Duration): y w d h m s ms. */
const UNIT_MS: Record<string, number> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** DurationError says why a duration string is not valid. */
export class DurationError extends Error {}

/**
 * parseDuration reads a Prometheus duration (`1h30m`, `5m`, `0`, `90s`, `1y2w`) into milliseconds.
 * Units must appear in decreasing order and each at most once, as Prometheus requires.
 */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const m = DURATION_RE.exec(text);
  if (text === '' || !m) throw new DurationError(`not a valid duration string: "${text}"`);
  const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;
  let ms = 0;
  units.forEach((unit, i) => {
    const group = m[i + 1];
    if (group !== undefined) ms += Number(group) * (UNIT_MS[unit] as number);
  });
  if (!Number.isSafeInteger(ms)) throw new DurationError(`duration out of range: "${text}"`);
  return ms;
}

/** formatDuration prints milliseconds as Prometheus prints a model.Duration (`1h30m`, `0s`, `1y2w`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let out = '';
  let rest = Math.abs(ms);
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit] as number;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return (ms < 0 ? '-' : '') + out;
}
