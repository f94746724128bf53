// Named time intervals: `time_intervals` and the legacy `mute_time_intervals`, each a name and a list of
// entries read by the timeinterval module's parser (which carries Alertmanager's rules and messages).

import { TimeIntervalError, parseTimeInterval, type TimeInterval } from '../timeinterval';
import { INVALID, K, field, toPlain, type Kind, type StructSchema } from './schema';

/** NamedTimeInterval is one `time_intervals` (or `mute_time_intervals`) entry. */
export interface NamedTimeInterval {
  name: string;
  timeIntervals: TimeInterval[];
}

const timeIntervalEntry: Kind = {
  t: 'custom',
  decode: (node, ctx, path) => {
    try {
      return parseTimeInterval(toPlain(node));
    } catch (err) {
      if (!(err instanceof TimeIntervalError)) throw err;
      ctx.error(node, path, err.message);
      return INVALID;
    }
  },
  marshal: (v) => marshalTimeInterval(v as TimeInterval),
};

const named = (what: string): StructSchema => ({
  goType: 'config.plain',
  fields: [
    field('name', 'name', K.string),
    field('time_intervals', 'timeIntervals', K.list(timeIntervalEntry), { def: () => [] }),
  ],
  validate: (o, v) => {
    if (o.name === '') v.fail(`missing name in ${what}`);
  },
});

/** The `time_intervals` entry schema. */
export const timeIntervalSchema = named('time interval');
/** The legacy `mute_time_intervals` entry schema. */
export const muteTimeIntervalSchema = named('mute time interval');

const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function marshalTimeInterval(ti: TimeInterval): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const clock = (m: number): string =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const range = (r: { begin: number; end: number }, name: (n: number) => string): string =>
    r.begin === r.end ? name(r.begin) : `${name(r.begin)}:${name(r.end)}`;
  if (ti.times?.length)
    out.times = ti.times.map((t) => ({ start_time: clock(t.startMinute), end_time: clock(t.endMinute) }));
  if (ti.weekdays?.length)
    out.weekdays = ti.weekdays.map((r) => range(r, (n) => WEEKDAY_NAMES[n] ?? String(n)));
  if (ti.daysOfMonth?.length) out.days_of_month = ti.daysOfMonth.map((r) => range(r, String));
  if (ti.months?.length) out.months = ti.months.map((r) => range(r, String));
  if (ti.years?.length) out.years = ti.years.map((r) => range(r, String));
  if (ti.location) out.location = ti.location;
  return out;
}
