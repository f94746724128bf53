// Go's time.Time and time.Duration as template values (always in UTC), with the methods templates call:
// `(now | toTime).Format "2006"`, `(1800 | toDuration).String`, `.Add`, `.UnixMilli` and friends.
import { civilFromDays, dayOfYear, weekdayFromDays } from '@vigil/model';
import { T, namedType, type FuncSig, type GoMethod, type GoType } from './types';
import { Value } from './value';

const NS_PER_SEC = 1_000_000_000n;
/** Seconds from Go's zero time (January 1, year 1) to the Unix epoch. */
const ZERO_TO_UNIX = 62_135_596_800n;

/** TIME is time.Time; its payload is nanoseconds since the Unix epoch (bigint), always in UTC. */
export const TIME: GoType = namedType('time.Time', {
  kind: 'struct',
  zero: () => -ZERO_TO_UNIX * NS_PER_SEC,
});
/** DURATION is time.Duration (int64 nanoseconds). */
export const DURATION: GoType = namedType('time.Duration', { kind: 'int64' });
/** MONTH is time.Month. */
export const MONTH: GoType = namedType('time.Month', { kind: 'int' });
/** WEEKDAY is time.Weekday. */
export const WEEKDAY: GoType = namedType('time.Weekday', { kind: 'int' });

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** timeValue makes a time.Time from nanoseconds since the epoch. */
export function timeValue(ns: bigint): Value {
  return Value.of(TIME, ns);
}

/** durationValue makes a time.Duration from nanoseconds. */
export function durationValue(ns: bigint): Value {
  return Value.of(DURATION, ns);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  weekday: number;
  yday: number;
}

function civil(ns: bigint): Civil {
  const secs = floorDiv(ns, NS_PER_SEC);
  const nsec = Number(ns - secs * NS_PER_SEC);
  const days = Number(floorDiv(secs, 86400n));
  const secOfDay = Number(secs - BigInt(days) * 86400n);
  // Days since 1970-01-01 to a civil date, valid far beyond JS Date's range.
  const date = civilFromDays(days);
  const { year, month, day } = date;
  const yday = dayOfYear(date);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    min: Math.floor((secOfDay % 3600) / 60),
    sec: secOfDay % 60,
    nsec,
    weekday: weekdayFromDays(days),
    yday,
  };
}

function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

type Chunk = { prefix: string; std: string; arg: number; suffix: string; sep?: string };

function startsWithLower(s: string): boolean {
  return s.length > 0 && s[0] !== undefined && s[0] >= 'a' && s[0] <= 'z';
}

/** nextStdChunk finds the next layout element, as Go's time package does. */
function nextStdChunk(layout: string): Chunk | undefined {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const rest = layout.slice(i);
    const at = (std: string, len: number, arg = 0): Chunk => ({
      prefix: layout.slice(0, i),
      std,
      arg,
      suffix: layout.slice(i + len),
    });
    switch (c) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at('January', 7);
          if (!startsWithLower(rest.slice(3))) return at('Jan', 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at('Monday', 6);
          if (!startsWithLower(rest.slice(3))) return at('Mon', 3);
        }
        if (rest.startsWith('MST')) return at('MST', 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1] !== undefined && rest[1] >= '1' && rest[1] <= '6')
          return at('0' + rest[1], 2);
        if (rest.startsWith('002')) return at('002', 3);
        break;
      case '1':
        if (rest.startsWith('15')) return at('15', 2);
        return at('1', 1);
      case '2':
        if (rest.startsWith('2006')) return at('2006', 4);
        return at('2', 1);
      case '_':
        if (rest.startsWith('_2')) {
          if (rest.startsWith('_2006'))
            return { prefix: layout.slice(0, i + 1), std: '2006', arg: 0, suffix: layout.slice(i + 5) };
          return at('_2', 2);
        }
        if (rest.startsWith('__2')) return at('__2', 3);
        break;
      case '3':
      case '4':
      case '5':
        return at(c, 1);
      case 'P':
        if (rest.startsWith('PM')) return at('PM', 2);
        break;
      case 'p':
        if (rest.startsWith('pm')) return at('pm', 2);
        break;
      case '-':
      case 'Z':
        for (const tz of ['070000', '07:00:00', '0700', '07:00', '07']) {
          if (rest.startsWith(c + tz)) return at(c + tz, tz.length + 1);
        }
        break;
      case '.':
      case ',':
        if (rest.length > 1 && (rest[1] === '0' || rest[1] === '9')) {
          const ch = rest[1];
          let j = 1;
          while (j < rest.length && rest[j] === ch) j++;
          const after = rest[j];
          if (after === undefined || after < '0' || after > '9') {
            return { ...at(ch === '0' ? 'frac0' : 'frac9', j, j - 1), sep: c };
          }
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** formatTime is time.Time.Format for a UTC time. */
export function formatTime(ns: bigint, layoutIn: string): string {
  const t = civil(ns);
  let layout = layoutIn;
  let out = '';
  for (;;) {
    const chunk = nextStdChunk(layout);
    if (!chunk) return out + layout;
    out += chunk.prefix;
    layout = chunk.suffix;
    out += formatStd(t, chunk);
  }
}

function formatStd(t: Civil, chunk: Chunk): string {
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  switch (chunk.std) {
    case '06':
      return pad(Math.abs(t.year) % 100, 2);
    case '2006':
      return pad(t.year, 4);
    case 'Jan':
      return MONTHS[t.month - 1]?.slice(0, 3) ?? '';
    case 'January':
      return MONTHS[t.month - 1] ?? '';
    case '1':
      return String(t.month);
    case '01':
      return pad(t.month, 2);
    case 'Mon':
      return DAYS[t.weekday]?.slice(0, 3) ?? '';
    case 'Monday':
      return DAYS[t.weekday] ?? '';
    case '2':
      return String(t.day);
    case '_2':
      return t.day < 10 ? ' ' + t.day : String(t.day);
    case '02':
      return pad(t.day, 2);
    case '__2':
      return String(t.yday).padStart(3, ' ');
    case '002':
      return pad(t.yday, 3);
    case '15':
      return pad(t.hour, 2);
    case '3':
      return String(hour12);
    case '03':
      return pad(hour12, 2);
    case '4':
      return String(t.min);
    case '04':
      return pad(t.min, 2);
    case '5':
      return String(t.sec);
    case '05':
      return pad(t.sec, 2);
    case 'PM':
      return t.hour >= 12 ? 'PM' : 'AM';
    case 'pm':
      return t.hour >= 12 ? 'pm' : 'am';
    case 'MST':
      return 'UTC';
    case 'frac0':
    case 'frac9': {
      const digits = String(t.nsec).padStart(9, '0').slice(0, chunk.arg);
      const sepChar = chunk.sep ?? '.';
      if (chunk.std === 'frac0') return sepChar + digits;
      const trimmed = digits.replace(/0+$/, '');
      return trimmed === '' ? '' : sepChar + trimmed;
    }
    default:
      if (chunk.std.startsWith('Z')) return 'Z';
      return chunk.std.replace(/^-/, '+').replace(/\d/g, '0');
  }
}

/** formatDuration is time.Duration.String (`1h2m3.5s`, `30m0s`, `1.5µs`). */
export function formatDuration(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NS_PER_SEC) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < 1000n) {
      prec = 0;
      unit = 'ns';
    } else if (u < 1_000_000n) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secsTotal] = fmtFrac(u, 9);
    u = secsTotal;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? '-' + out : out;
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  const scale = 10n ** BigInt(prec);
  const frac = v % scale;
  if (frac === 0n) return ['', v / scale];
  const digits = frac.toString().padStart(prec, '0').replace(/0+$/, '');
  return ['.' + digits, v / scale];
}

function sig(params: GoType[], out: GoType): FuncSig {
  return { in: params, out, variadic: false, err: false };
}

function method(params: GoType[], out: GoType, call: (recv: Value, args: Value[]) => Value): GoMethod {
  return { sig: sig(params, out), call };
}

function ns(v: Value): bigint {
  return v.raw as bigint;
}

function addTime(recv: Value, d: bigint): Value {
  return timeValue(ns(recv) + d);
}

function truncateTo(t: bigint, d: bigint, round: boolean): bigint {
  if (d <= 0n) return t;
  const sinceZero = t + ZERO_TO_UNIX * NS_PER_SEC;
  const r = ((sinceZero % d) + d) % d;
  if (round && r + r >= d) return t - r + d;
  return t - r;
}

const timeMethods: Record<string, GoMethod> = {
  String: method([], T.string, (r) =>
    Value.string(formatTime(ns(r), '2006-01-02 15:04:05.999999999 -0700 MST')),
  ),
  Format: method([T.string], T.string, (r, [l]) => Value.string(formatTime(ns(r), (l as Value).str()))),
  Unix: method([], T.int64, (r) => Value.of(T.int64, floorDiv(ns(r), NS_PER_SEC))),
  UnixMilli: method([], T.int64, (r) => Value.of(T.int64, floorDiv(ns(r), 1_000_000n))),
  UnixMicro: method([], T.int64, (r) => Value.of(T.int64, floorDiv(ns(r), 1000n))),
  UnixNano: method([], T.int64, (r) => Value.of(T.int64, ns(r))),
  UTC: method([], TIME, (r) => timeValue(ns(r))),
  Local: method([], TIME, (r) => timeValue(ns(r))),
  Add: method([DURATION], TIME, (r, [d]) => addTime(r, ns(d as Value))),
  Sub: method([TIME], DURATION, (r, [u]) => durationValue(ns(r) - ns(u as Value))),
  AddDate: method([T.int, T.int, T.int], TIME, (r, [y, m, d]) => {
    const c = civil(ns(r));
    const totalMonths = c.month - 1 + Number((m as Value).bigint());
    const year = c.year + Number((y as Value).bigint()) + Math.floor(totalMonths / 12);
    const month = (((totalMonths % 12) + 12) % 12) + 1;
    const days = daysFromCivil(year, month, 1) + c.day - 1 + Number((d as Value).bigint());
    const secOfDay = BigInt(c.hour * 3600 + c.min * 60 + c.sec);
    return timeValue((BigInt(days) * 86400n + secOfDay) * NS_PER_SEC + BigInt(c.nsec));
  }),
  Year: method([], T.int, (r) => Value.int(civil(ns(r)).year)),
  Month: method([], MONTH, (r) => Value.of(MONTH, BigInt(civil(ns(r)).month))),
  Day: method([], T.int, (r) => Value.int(civil(ns(r)).day)),
  Hour: method([], T.int, (r) => Value.int(civil(ns(r)).hour)),
  Minute: method([], T.int, (r) => Value.int(civil(ns(r)).min)),
  Second: method([], T.int, (r) => Value.int(civil(ns(r)).sec)),
  Nanosecond: method([], T.int, (r) => Value.int(civil(ns(r)).nsec)),
  YearDay: method([], T.int, (r) => Value.int(civil(ns(r)).yday)),
  Weekday: method([], WEEKDAY, (r) => Value.of(WEEKDAY, BigInt(civil(ns(r)).weekday))),
  IsZero: method([], T.bool, (r) => Value.bool(ns(r) === -ZERO_TO_UNIX * NS_PER_SEC)),
  Before: method([TIME], T.bool, (r, [u]) => Value.bool(ns(r) < ns(u as Value))),
  After: method([TIME], T.bool, (r, [u]) => Value.bool(ns(r) > ns(u as Value))),
  Equal: method([TIME], T.bool, (r, [u]) => Value.bool(ns(r) === ns(u as Value))),
  Truncate: method([DURATION], TIME, (r, [d]) => timeValue(truncateTo(ns(r), ns(d as Value), false))),
  Round: method([DURATION], TIME, (r, [d]) => timeValue(truncateTo(ns(r), ns(d as Value), true))),
};

function durationFloat(d: bigint, unit: bigint): number {
  const whole = d / unit;
  const rest = d % unit;
  return Number(whole) + Number(rest) / Number(unit);
}

function roundDuration(d: bigint, m: bigint, round: boolean): bigint {
  if (m <= 0n) return d;
  const r = d % m;
  if (!round) return d - r;
  if (d < 0n) {
    const neg = -r;
    return neg + neg < m ? d + neg : d - (m - neg);
  }
  return r + r < m ? d - r : d + (m - r);
}

const durationMethods: Record<string, GoMethod> = {
  String: method([], T.string, (r) => Value.string(formatDuration(ns(r)))),
  Seconds: method([], T.float64, (r) => Value.float(durationFloat(ns(r), NS_PER_SEC))),
  Minutes: method([], T.float64, (r) => Value.float(durationFloat(ns(r), 60n * NS_PER_SEC))),
  Hours: method([], T.float64, (r) => Value.float(durationFloat(ns(r), 3600n * NS_PER_SEC))),
  Milliseconds: method([], T.int64, (r) => Value.of(T.int64, ns(r) / 1_000_000n)),
  Microseconds: method([], T.int64, (r) => Value.of(T.int64, ns(r) / 1000n)),
  Nanoseconds: method([], T.int64, (r) => Value.of(T.int64, ns(r))),
  Abs: method([], DURATION, (r) => durationValue(ns(r) < 0n ? -ns(r) : ns(r))),
  Truncate: method([DURATION], DURATION, (r, [m]) =>
    durationValue(roundDuration(ns(r), ns(m as Value), false)),
  ),
  Round: method([DURATION], DURATION, (r, [m]) => durationValue(roundDuration(ns(r), ns(m as Value), true))),
};

for (const [name, m] of Object.entries(timeMethods)) TIME.methods.set(name, m);
for (const [name, m] of Object.entries(durationMethods)) DURATION.methods.set(name, m);
MONTH.methods.set(
  'String',
  method([], T.string, (r) => Value.string(MONTHS[Number(ns(r)) - 1] ?? `%!Month(${ns(r)})`)),
);
WEEKDAY.methods.set(
  'String',
  method([], T.string, (r) => Value.string(DAYS[Number(ns(r))] ?? `%!Weekday(${ns(r)})`)),
);
