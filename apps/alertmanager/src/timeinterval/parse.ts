import type { InclusiveRange, TimeInterval, TimeRange } from './time-interval';
import { isKnownZone } from './wall-clock';

/** TimeIntervalError is a time interval definition Alertmanager would reject; the message is Alertmanager's. */
export class TimeIntervalError extends Error {
  override readonly name = 'TimeIntervalError';
}

const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const MONTH_NAMES = Object.keys(MONTHS);

const FIELDS = new Set(['times', 'weekdays', 'days_of_month', 'months', 'years', 'location']);
const TIME_RANGE_FIELDS = new Set(['start_time', 'end_time']);

const VALID_TIME = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;

/**
 * parseTimeInterval reads one time interval entry in its YAML shape (`times: [{start_time, end_time}]`,
 * `weekdays: ['monday:friday']`, `days_of_month: ['-3:-1']`, `months`, `years`, `location`) and validates it as
 * Alertmanager does. Scalars may be numbers, as YAML gives `1` for an unquoted day.
 */
export function parseTimeInterval(raw: unknown): TimeInterval {
  if (raw === null || raw === undefined) return {};
  const obj = asObject(raw, 'timeinterval.TimeInterval');
  for (const key of Object.keys(obj)) {
    if (!FIELDS.has(key))
      throw new TimeIntervalError(`field ${key} not found in type timeinterval.TimeInterval`);
  }
  const out: TimeInterval = {};
  const times = list(obj['times'], 'times');
  if (times) out.times = times.map(parseTimeRange);
  const weekdays = list(obj['weekdays'], 'weekdays');
  if (weekdays) out.weekdays = weekdays.map((v) => parseWeekdayRange(scalar(v)));
  const days = list(obj['days_of_month'], 'days_of_month');
  if (days) out.daysOfMonth = days.map((v) => parseDayOfMonthRange(scalar(v)));
  const months = list(obj['months'], 'months');
  if (months) out.months = months.map((v) => parseMonthRange(scalar(v)));
  const years = list(obj['years'], 'years');
  if (years) out.years = years.map((v) => parseYearRange(scalar(v)));
  const location = obj['location'];
  if (location !== undefined && location !== null) out.location = parseLocation(scalar(location));
  return out;
}

/** parseTimeIntervals reads the `time_intervals` list of one named interval; its entries are OR-ed. */
export function parseTimeIntervals(raw: unknown): TimeInterval[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw))
    throw new TimeIntervalError(`cannot unmarshal ${describe(raw)} into []timeinterval.TimeInterval`);
  return raw.map(parseTimeInterval);
}

/** parseTimeRange reads `{start_time: 'HH:MM', end_time: 'HH:MM'}`; the end is exclusive and may be `24:00`. */
export function parseTimeRange(raw: unknown): TimeRange {
  const obj = asObject(raw, 'timeinterval.yamlTimeRange');
  for (const key of Object.keys(obj)) {
    if (!TIME_RANGE_FIELDS.has(key))
      throw new TimeIntervalError(`field ${key} not found in type timeinterval.yamlTimeRange`);
  }
  const startTime = scalar(obj['start_time']);
  const endTime = scalar(obj['end_time']);
  if (startTime === '' || endTime === '')
    throw new TimeIntervalError('both start and end times must be provided');
  const startMinute = parseClock(startTime);
  const endMinute = parseClock(endTime);
  if (startMinute >= endMinute)
    throw new TimeIntervalError('start time cannot be equal or greater than end time');
  return { startMinute, endMinute };
}

/** parseWeekdayRange reads `monday`, `monday:friday` (names only, any case; no wrap-around). */
export function parseWeekdayRange(text: string): InclusiveRange {
  const r = parseRange(text, (s) => {
    const n = WEEKDAYS[s];
    if (n === undefined) throw new TimeIntervalError(`${s} is not a valid weekday`);
    return n;
  });
  if (r.begin > r.end) throw new TimeIntervalError('start day cannot be before end day');
  return r;
}

/** parseDayOfMonthRange reads `1`, `1:15`, `-3:-1` or `1:-1` (negative counts from the month's end, -1 = last). */
export function parseDayOfMonthRange(text: string): InclusiveRange {
  const r = parseRange(text, atoi);
  if (r.begin === 0 || r.begin < -31 || r.begin > 31) {
    throw new TimeIntervalError(`${r.begin} is not a valid day of the month: out of range`);
  }
  if (r.end === 0 || r.end < -31 || r.end > 31) {
    throw new TimeIntervalError(`${r.end} is not a valid day of the month: out of range`);
  }
  if (r.begin < 0 && r.end > 0)
    throw new TimeIntervalError('end day must be negative if start day is negative');
  // Alertmanager rejects ranges that are empty even in the shortest (28-day) month.
  const checkBegin = r.begin < 0 ? 28 + r.begin : r.begin;
  const checkEnd = r.end < 0 ? 28 + r.end : r.end;
  if (checkBegin > checkEnd)
    throw new TimeIntervalError(`end day ${r.end} is always before start day ${r.begin}`);
  return r;
}

/** parseMonthRange reads `january`, `1`, `january:march` or `1:3` (no wrap-around; numbers are not range-checked). */
export function parseMonthRange(text: string): InclusiveRange {
  const r = parseRange(text, (s) => {
    const n = MONTHS[s];
    if (n !== undefined) return n;
    try {
      return atoi(s);
    } catch {
      throw new TimeIntervalError(`${s} is not a valid month`);
    }
  });
  if (r.begin > r.end) {
    throw new TimeIntervalError(`end month ${monthName(r.end)} is before start month ${monthName(r.begin)}`);
  }
  return r;
}

/** parseYearRange reads `2024` or `2020:2022`. */
export function parseYearRange(text: string): InclusiveRange {
  const r = parseRange(text, atoi);
  if (r.begin > r.end) throw new TimeIntervalError(`end year ${r.end} is before start year ${r.begin}`);
  return r;
}

/** parseLocation checks an IANA zone name (case-sensitive, as Go loads zoneinfo files) or `Local`. */
export function parseLocation(name: string): string {
  if (!isKnownZone(name)) throw new TimeIntervalError(`unknown time zone ${name}`);
  return name;
}

function monthName(n: number): string {
  return MONTH_NAMES[n - 1] ?? '';
}

function parseRange(text: string, member: (s: string) => number): InclusiveRange {
  const lower = text.toLowerCase();
  if (!lower.includes(':')) {
    const n = member(lower);
    return { begin: n, end: n };
  }
  const parts = lower.split(':');
  if (parts.length !== 2) throw new TimeIntervalError(`couldn't parse range ${lower}, invalid format`);
  return { begin: member(parts[0] ?? ''), end: member(parts[1] ?? '') };
}

function parseClock(text: string): number {
  if (!VALID_TIME.test(text)) throw new TimeIntervalError(`couldn't parse timestamp ${text}, invalid format`);
  const [h = '', m = ''] = text.split(':');
  return Number(h) * 60 + Number(m);
}

/** atoi parses a decimal integer as Go's strconv.Atoi does (optional sign, no spaces), with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s))
    throw new TimeIntervalError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) {
    throw new TimeIntervalError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return n;
}

function asObject(raw: unknown, goType: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TimeIntervalError(`cannot unmarshal ${describe(raw)} into ${goType}`);
  }
  return raw as Record<string, unknown>;
}

const LIST_TYPES: Record<string, string> = {
  times: '[]timeinterval.TimeRange',
  weekdays: '[]timeinterval.WeekdayRange',
  days_of_month: '[]timeinterval.DayOfMonthRange',
  months: '[]timeinterval.MonthRange',
  years: '[]timeinterval.YearRange',
};

function list(raw: unknown, field: string): unknown[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    throw new TimeIntervalError(`cannot unmarshal ${describe(raw)} into ${LIST_TYPES[field] ?? field}`);
  }
  return raw;
}

// YAML decodes any scalar into a Go string field by its text, and null as "".
function scalar(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  throw new TimeIntervalError(`cannot unmarshal ${describe(raw)} into string`);
}

function describe(raw: unknown): string {
  if (Array.isArray(raw)) return '!!seq';
  if (raw === null || raw === undefined) return '!!null';
  if (typeof raw === 'object') return '!!map';
  if (typeof raw === 'string') return `!!str \`${raw}\``;
  if (typeof raw === 'boolean') return `!!bool \`${String(raw)}\``;
  return `!!int \`${String(raw)}\``;
}
