import { pino, type Logger } from 'pino';

/** LogOptions mirrors Prometheus's `--log.level` and `--log.format` flags. */
export interface LogOptions {
  level: 'debug' | 'info' | 'warn' | 'error';
  format: 'logfmt' | 'json';
}

export type { Logger };

/** createLogger makes the service's structured logger (JSON lines; `logfmt` prints key=value lines). */
export function createLogger(
  component: string,
  opts: LogOptions = { level: 'info', format: 'logfmt' },
): Logger {
  if (opts.format === 'json') return pino({ level: opts.level, base: { component } });
  return pino(
    { level: opts.level, base: { component } },
    {
      write(line: string) {
        process.stderr.write(toLogfmt(line));
      },
    },
  );
}

/** toLogfmt turns one pino JSON line into `ts=... level=... msg=... key=value` as Prometheus logs. */
export function toLogfmt(jsonLine: string): string {
  const record = JSON.parse(jsonLine) as Record<string, unknown>;
  const { time, level, msg, pid: _pid, hostname: _host, ...rest } = record;
  const levelName = typeof level === 'number' ? (LEVELS[level] ?? String(level)) : String(level);
  const fields: [string, unknown][] = [
    ['ts', new Date(Number(time)).toISOString()],
    ['level', levelName],
    ...Object.entries(rest),
    ['msg', msg],
  ];
  return fields.map(([k, v]) => `${k}=${logfmtValue(v)}`).join(' ') + '\n';
}

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function logfmtValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /^[^\s"=]+$/.test(s ?? '') ? String(s) : JSON.stringify(s ?? '');
}
