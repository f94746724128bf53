// Reads a process's CPU time and memory from Linux's /proc, so the figures cover exactly one process.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CLOCK_TICKS_PER_SECOND is the unit of utime/stime in /proc/<pid>/stat (almost always 100). */
export const CLOCK_TICKS_PER_SECOND = readClockTicks();

function readClockTicks(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

/** cpuSeconds is the user + system CPU time `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot read CPU time of ${pid}`);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** MemoryUsage is a process's resident set now and at its peak, in bytes. */
export interface MemoryUsage {
  rssBytes: number;
  peakRssBytes: number;
}

/** memoryUsage reads VmRSS and VmHWM of `pid`. */
export function memoryUsage(pid: number): MemoryUsage {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m?.[1]) throw new Error(`no ${field} for ${pid}`);
    return Number(m[1]) * 1024;
  };
  return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}
