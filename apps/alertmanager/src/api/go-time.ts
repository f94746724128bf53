// Times as Alertmanager's API reads and writes them: go-openapi's strfmt.DateTime tries a list of Go time layouts in
// turn (the last failure is the one reported, in Go's words); it writes RFC 3339 with milliseconds.

/** A piece of a Go layout: literal text, or one of the elements the strfmt layouts use. */
type LayoutChunk =
  | { lit: string }
  | { std: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'tzColon' | 'tzNoColon'; text: string }
  | { std: 'frac0'; text: string; digits: number }
  | { std: 'frac9'; text: string };

/** GoLayout is one Go time layout, split into chunks the way Go's nextStdChunk walks it. */
export interface GoLayout {
  text: string;
  chunks: readonly LayoutChunk[];
}

const ELEMENTS: readonly [string, LayoutChunk][] = [
  ['2006', { std: 'year', text: '2006' }],
  ['01', { std: 'month', text: '01' }],
  ['02', { std: 'day', text: '02' }],
  ['15', { std: 'hour', text: '15' }],
  ['04', { std: 'minute', text: '04' }],
  ['05', { std: 'second', text: '05' }],
  ['Z07:00', { std: 'tzColon', text: 'Z07:00' }],
  ['Z0700', { std: 'tzNoColon', text: 'Z0700' }],
];

/** goLayout splits a layout built from the elements strfmt uses (2006 01 02 15 04 05 .000 .999 Z07:00 Z0700). */
export function goLayout(text: string): GoLayout {
  const chunks: LayoutChunk[] = [];
  let lit = '';
  let i = 0;
  const flush = (): void => {
    if (lit !== '') chunks.push({ lit });
    lit = '';
  };
  outer: while (i < text.length) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(text.slice(i));
    if (frac && frac[1] !== undefined) {
      flush();
      const digits = frac[1];
      chunks.push(
        digits.startsWith('0')
          ? { std: 'frac0', text: frac[0], digits: digits.length }
          : { std: 'frac9', text: frac[0] },
      );
      i += frac[0].length;
      continue;
    }
    for (const [el, chunk] of ELEMENTS) {
      if (text.startsWith(el, i)) {
        flush();
        chunks.push(chunk);
        i += el.length;
        continue outer;
      }
    }
    lit += text[i];
    i++;
  }
  flush();
  return { text, chunks };
}

/** STRFMT_DATE_TIME_LAYOUTS is strfmt's DateTimeFormats, tried in this order by ParseDateTime. */
export const STRFMT_DATE_TIME_LAYOUTS: readonly GoLayout[] = [
  '2006-01-02T15:04:05.000000Z07:00',
  '2006-01-02T15:04:05.000000Z0700',
  '2006-01-02T15:04:05.000Z07:00',
  '2006-01-02T15:04:05.000Z0700',
  '2006-01-02T15:04:05Z07:00',
  '2006-01-02T15:04:05.999999999Z07:00',
  '2006-01-02T15:04:05',
  '2006-01-02T15:04Z',
  '2006-01-02T15:04',
  '2006-01-02 15:04:05',
  '2006-01-02',
].map(goLayout);

/** GoTimeParseError carries Go's time.ParseError text, e.g. `parsing time "x" as "2006": cannot parse "x" as "2006"`. */
export class GoTimeParseError extends Error {
  override readonly name = 'GoTimeParseError';
}

class Bad extends Error {}

const isDigit = (s: string, i: number): boolean =>
  i < s.length && s[i] !== undefined && s[i] >= '0' && s[i] <= '9';

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw new Bad();
  if (!isDigit(s, 1)) {
    if (fixed) throw new Bad();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Bad();
  return Number(s);
}

// Go's time.parseNanoseconds: the fraction after `.` or `,`, scaled to nanoseconds.
function parseNanoseconds(value: string, nbytes: number): { ns: number; range?: string } {
  if (value[0] !== '.' && value[0] !== ',') throw new Bad();
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return { ns: 0, range: 'fractional second' };
  return { ns: ns * 10 ** (10 - nbytes) };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1] ?? 31;
}

/** goTimeQuote quotes a string as Go's time package does in errors (non-ASCII and control bytes as \x..). */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of Buffer.from(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string): GoTimeParseError {
  return new GoTimeParseError(
    `parsing time ${goTimeQuote(value)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`,
  );
}

function messageError(value: string, message: string): GoTimeParseError {
  return new GoTimeParseError(`parsing time ${goTimeQuote(value)}${message}`);
}

// Go's time.skip: a literal must match exactly, except that a space matches any run of spaces.
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new SkipError(value);
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new SkipError(value);
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

class SkipError extends Error {
  constructor(readonly rest: string) {
    super('skip');
  }
}

/**
 * parseGoTime is Go's time.ParseInLocation(layout, value, time.UTC) for the layouts strfmt uses, to millisecond
 * precision. Throws GoTimeParseError with Go's message.
 */
export function parseGoTime(layout: GoLayout, input: string): number {
  let value = input;
  let year = 1;
  let month = -1;
  let day = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let offsetSec = 0;
  const chunks = layout.chunks;
  for (let ci = 0; ; ci++) {
    const chunk = chunks[ci];
    if (chunk === undefined) {
      if (value.length !== 0) throw messageError(input, `: extra text: ${goTimeQuote(value)}`);
      break;
    }
    if ('lit' in chunk) {
      try {
        value = skip(value, chunk.lit);
      } catch (err) {
        if (err instanceof SkipError) throw parseError(layout.text, input, chunk.lit, err.rest);
        throw err;
      }
      continue;
    }
    const hold = value;
    let range: string | undefined;
    try {
      switch (chunk.std) {
        case 'year':
          if (value.length < 4 || !isDigit(value, 0)) throw new Bad();
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'month':
          [month, value] = getnum(value, true);
          if (month <= 0 || month > 12) range = 'month';
          break;
        case 'day':
          [day, value] = getnum(value, true);
          break;
        case 'hour':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) range = 'hour';
          break;
        case 'minute':
          [min, value] = getnum(value, true);
          if (min < 0 || min >= 60) range = 'minute';
          break;
        case 'second': {
          [sec, value] = getnum(value, true);
          if (sec < 0 || sec >= 60) {
            range = 'second';
            break;
          }
          // A fraction the layout does not spell out is still accepted after the seconds.
          const next = chunks[ci + 1];
          const layoutHasFrac =
            next !== undefined && 'std' in next && (next.std === 'frac0' || next.std === 'frac9');
          if (
            value.length >= 2 &&
            (value[0] === '.' || value[0] === ',') &&
            isDigit(value, 1) &&
            !layoutHasFrac
          ) {
            let n = 2;
            while (n < value.length && isDigit(value, n)) n++;
            const r = parseNanoseconds(value, n);
            nsec = r.ns;
            range = r.range;
            value = value.slice(n);
          }
          break;
        }
        case 'frac0': {
          const ndigit = 1 + chunk.digits;
          if (value.length < ndigit) throw new Bad();
          const r = parseNanoseconds(value, ndigit);
          nsec = r.ns;
          range = r.range;
          value = value.slice(ndigit);
          break;
        }
        case 'frac9': {
          if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigit(value, 1)) break;
          let i = 0;
          while (i + 1 < value.length && isDigit(value, i + 1)) i++;
          const r = parseNanoseconds(value, 1 + i);
          nsec = r.ns;
          range = r.range;
          value = value.slice(1 + i);
          break;
        }
        case 'tzColon':
        case 'tzNoColon': {
          if (value.length >= 1 && value[0] === 'Z') {
            value = value.slice(1);
            offsetSec = 0;
            break;
          }
          let sign: string;
          let hh: string;
          let mm: string;
          if (chunk.std === 'tzColon') {
            if (value.length < 6 || value[3] !== ':') throw new Bad();
            [sign, hh, mm, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(6)];
          } else {
            if (value.length < 5) throw new Bad();
            [sign, hh, mm, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5)];
          }
          const [h] = getnum(hh, true);
          const [m] = getnum(mm, true);
          // Go compares with > rather than >=: offsets of 24 hours or 60 minutes are written in the wild.
          if (h > 24) range = 'time zone offset hour';
          if (m > 60) range = 'time zone offset minute';
          offsetSec = (h * 60 + m) * 60;
          if (sign === '-') offsetSec = -offsetSec;
          else if (sign !== '+') throw new Bad();
          break;
        }
      }
    } catch (err) {
      if (err instanceof Bad) throw parseError(layout.text, input, chunk.text, hold);
      throw err;
    }
    if (range !== undefined) throw messageError(input, `: ${range} out of range`);
  }
  if (month < 0) month = 1;
  if (day < 0) day = 1;
  if (day < 1 || day > daysIn(month, year)) throw messageError(input, ': day out of range');
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, Math.floor(nsec / 1e6));
  return d.getTime() - offsetSec * 1000;
}

const RFC3339_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * parseRfc3339Fast reads the plain RFC 3339 shape senders use (`2006-01-02T15:04:05.999Z`, or with an offset)
 * without trying layouts one by one; anything else (or out of range) returns undefined for the full parser, so
 * both give the same answer. Prometheus posts thousands of these per batch: the layout loop made intake slow.
 */
function parseRfc3339Fast(text: string): number | undefined {
  const m = RFC3339_RE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, min, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  if ((hour ?? 99) > 23 || (min ?? 99) > 59 || (sec ?? 99) > 59) return undefined;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(9, '0')) / 1e6);
  let offsetMin = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, min, sec, ms) - offsetMin * 60_000;
}

/**
 * parseStrfmtDateTime reads a date-time as go-openapi's strfmt.ParseDateTime: "" is the Unix epoch (not "unset"),
 * otherwise the first layout that parses wins and the last layout's error is reported. Returns ms since the epoch.
 */
export function parseStrfmtDateTime(
  text: string,
  layouts: readonly GoLayout[] = STRFMT_DATE_TIME_LAYOUTS,
): number {
  if (text === '') return 0;
  if (layouts === STRFMT_DATE_TIME_LAYOUTS) {
    const fast = parseRfc3339Fast(text);
    if (fast !== undefined) return fast;
  }
  let last: unknown;
  for (const layout of layouts) {
    try {
      return parseGoTime(layout, text);
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new GoTimeParseError(`parsing time ${goTimeQuote(text)}`);
}

/** GO_ZERO_API_TIME is Go's zero time.Time as strfmt prints it; Vigil holds "not set" times as 0. */
export const GO_ZERO_API_TIME = '0001-01-01T00:00:00.000Z';

/** formatApiTime writes ms since the epoch as strfmt.DateTime does for UTC times: RFC 3339 with exactly 3 decimals. */
export function formatApiTime(ms: number): string {
  if (ms === 0) return GO_ZERO_API_TIME;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year >= 0 && year <= 9999) return d.toISOString();
  // Go prints years past 9999 in full, without JavaScript's expanded-year sign.
  return d.toISOString().replace(/^[+-]0*(\d{4,})/, (_, y: string) => (year < 0 ? `-${y}` : y));
}
