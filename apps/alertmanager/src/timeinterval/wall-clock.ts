/** WallClock is the calendar reading of an instant in some zone. */
export interface WallClock {
  year: number;
  /** 1 = January. */
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Minutes since local midnight, 0–1439. */
  minuteOfDay: number;
}

/** LOCAL_ZONE is the location name that means the process's own zone (the `TZ` environment variable). */
export const LOCAL_ZONE = 'Local';

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      // h23 keeps midnight at 0; the default en-US cycle prints it as 24 in some ICU versions.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** wallClock reads an instant (ms since the epoch) as the calendar shows it in `zone` (absent, `""` or `UTC`: UTC). */
export function wallClock(ms: number, zone?: string): WallClock {
  if (zone === undefined || zone === '' || zone === 'UTC') {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      weekday: d.getUTCDay(),
      minuteOfDay: d.getUTCHours() * 60 + d.getUTCMinutes(),
    };
  }
  if (zone === LOCAL_ZONE) {
    const d = new Date(ms);
    return {
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      day: d.getDate(),
      weekday: d.getDay(),
      minuteOfDay: d.getHours() * 60 + d.getMinutes(),
    };
  }
  let year = 0;
  let month = 0;
  let day = 0;
  let weekday = 0;
  let hour = 0;
  let minute = 0;
  let bc = false;
  for (const part of formatterFor(zone).formatToParts(ms)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'weekday':
        weekday = WEEKDAYS[part.value] ?? 0;
        break;
      case 'era':
        bc = part.value === 'BC' || part.value === 'B';
        break;
    }
  }
  // Intl counts years by era; Go's proleptic calendar has year 0 = 1 BC.
  if (bc) year = 1 - year;
  return { year, month, day, weekday, minuteOfDay: hour * 60 + minute };
}

/** daysInMonth is the length of a month by calendar arithmetic, so DST transitions cannot change it. */
export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** isKnownZone tells whether a location name is one Go's `time.LoadLocation` would load. */
export function isKnownZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === LOCAL_ZONE) return true;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // ICU matches zone names case-insensitively; Go opens a zoneinfo file, which is case-sensitive.
  return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
}
