// Times as the UI shows and takes them: spans ("3h 12m"), duration presets, and `<input type=datetime-local>`
// values in the browser's time zone.

import { formatDuration, parseDuration } from '@vigil/model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** DurationPreset is one of the editor's one-click silence lengths. */
export interface DurationPreset {
  label: string;
  ms: number;
}

/** DURATION_PRESETS are the editor's one-click silence lengths, shortest first. */
export const DURATION_PRESETS: readonly DurationPreset[] = [
  { label: '1h', ms: HOUR },
  { label: '2h', ms: 2 * HOUR },
  { label: '4h', ms: 4 * HOUR },
  { label: '8h', ms: 8 * HOUR },
  { label: '1d', ms: DAY },
  { label: '3d', ms: 3 * DAY },
  { label: '1w', ms: WEEK },
];

/** DEFAULT_DURATION_MS is a new silence's length when nothing else is chosen (Alertmanager's UI uses 2h). */
export const DEFAULT_DURATION_MS = 2 * HOUR;

const SPAN_UNITS: readonly [string, number][] = [
  ['w', WEEK],
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', 1000],
];

/** formatSpan prints a length of time with its two largest units: `45s`, `12m`, `3h 12m`, `2d 4h`, `1w 2d`. */
export function formatSpan(ms: number): string {
  let rest = Math.floor(Math.abs(ms) / 1000) * 1000;
  if (rest < 1000) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of SPAN_UNITS) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) {
      if (n > 0) parts.push(`${n}${unit}`);
      else if (parts.length > 0) break;
      rest -= n * size;
    }
  }
  return parts.join(' ');
}

/** presetFor returns the preset a silence length equals, if any. */
export function presetFor(ms: number): DurationPreset | undefined {
  return DURATION_PRESETS.find((p) => p.ms === ms);
}

/** DurationInput is a typed duration read as milliseconds, or why it is not one. */
export type DurationInput = { ok: true; ms: number } | { ok: false; error: string };

/** parseDurationInput reads a Prometheus duration (`90m`, `2h30m`, `1w`); it must be longer than zero. */
export function parseDurationInput(text: string): DurationInput {
  const t = text.trim();
  try {
    const ms = parseDuration(t);
    if (ms <= 0) return { ok: false, error: 'the duration must be longer than 0' };
    return { ok: true, ms };
  } catch {
    return { ok: false, error: `“${t}” is not a duration; write it like 90m, 2h30m, 1d or 1w` };
  }
}

/** formatDurationInput prints a silence length for the duration field, to the minute (`2h30m`). */
export function formatDurationInput(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / MINUTE));
  return formatDuration(minutes * MINUTE);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** toLocalInput prints a time as a datetime-local value (`2024-05-01T14:30`) in the browser's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const LOCAL_INPUT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** fromLocalInput reads a datetime-local value in the browser's time zone; undefined when it is not one. */
export function fromLocalInput(text: string): number | undefined {
  const m = LOCAL_INPUT_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const date = new Date(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
  if (date.getMonth() !== (mo ?? 1) - 1 || date.getDate() !== d) return undefined;
  return date.getTime();
}

/** formatTime prints an absolute time for people: local date and time to the minute, with the zone offset. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const zone =
    off === 0
      ? 'UTC'
      : `UTC${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${toLocalInput(ms).replace('T', ' ')} ${zone}`;
}

/** silenceTiming says, relative to now, when a silence starts or ends: "ends in 1h 59m", "ended 3d ago". */
export function silenceTiming(startsAt: number, endsAt: number, now: number): string {
  if (now < startsAt) return `starts in ${formatSpan(startsAt - now)}`;
  if (now < endsAt) return `ends in ${formatSpan(endsAt - now)}`;
  return `ended ${formatSpan(now - endsAt)} ago`;
}
