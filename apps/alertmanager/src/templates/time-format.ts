// Time helpers for templates: reading the times the data model holds, formatting them, and saying how long ago.

/** DEFAULT_DATE_FORMAT is what `date` prints without a format: `2024-01-31 13:05:09 UTC`. */
export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DD HH:mm:ss Z';

/** toMillis reads an instant: an RFC 3339 string, ms since the epoch, or a Date; undefined for '' and bad input. */
export function toMillis(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v !== '') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

interface Parts {
  YYYY: string;
  MM: string;
  DD: string;
  HH: string;
  mm: string;
  ss: string;
  SSS: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function partsIn(ms: number, timeZone: string | undefined): Parts {
  const d = new Date(ms);
  if (timeZone === undefined || timeZone === 'UTC') {
    return {
      YYYY: pad(d.getUTCFullYear(), 4),
      MM: pad(d.getUTCMonth() + 1),
      DD: pad(d.getUTCDate()),
      HH: pad(d.getUTCHours()),
      mm: pad(d.getUTCMinutes()),
      ss: pad(d.getUTCSeconds()),
      SSS: pad(d.getUTCMilliseconds(), 3),
    };
  }
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    fmt.formatToParts(d).find((p) => p.type === type)?.value ?? '';
  return {
    YYYY: get('year').padStart(4, '0'),
    MM: get('month'),
    DD: get('day'),
    HH: get('hour'),
    mm: get('minute'),
    ss: get('second'),
    SSS: pad(d.getUTCMilliseconds(), 3),
  };
}

const TOKENS = /\[([^\]]*)\]|YYYY|SSS|MM|DD|HH|mm|ss|Z/g;

/**
 * formatTime prints an instant with tokens YYYY MM DD HH mm ss SSS and Z (the zone's name); text in [brackets] is
 * literal. The zone is UTC unless an IANA name is given; an unknown zone throws a RangeError.
 */
export function formatTime(ms: number, format = DEFAULT_DATE_FORMAT, timeZone?: string): string {
  const parts = partsIn(ms, timeZone);
  return format.replace(TOKENS, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    if (token === 'Z') return timeZone ?? 'UTC';
    return parts[token as keyof Parts];
  });
}

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/**
 * humanizeSpan says how long a span (ms) is in its two largest units: `3d 4h`, `2h 5m`, `45s`. Spans under a second
 * read `0s`; negative spans count as zero (the clocks of alert sources drift).
 */
export function humanizeSpan(ms: number): string {
  const whole = Math.max(0, Math.floor(ms / 1000)) * 1000;
  for (let i = 0; i < UNITS.length; i++) {
    const [unit, size] = UNITS[i] as [string, number];
    const n = Math.floor(whole / size);
    if (n === 0) continue;
    const next = UNITS[i + 1];
    const m = next ? Math.floor((whole - n * size) / next[1]) : 0;
    return next && m > 0 ? `${n}${unit} ${m}${next[0]}` : `${n}${unit}`;
  }
  return '0s';
}
