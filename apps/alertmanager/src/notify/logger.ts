/** NotifyLogger is the slice of a pino logger the notification pipeline writes to. */
export interface NotifyLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** SILENT_LOGGER drops everything. */
export const SILENT_LOGGER: NotifyLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
