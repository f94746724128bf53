import type { QueuedAlert } from '@vigil/contracts';

/**
 * OutgoingAlert is one alert as the rule-manager hands it over: the contracts' PostableAlert (labels, annotations,
 * RFC 3339 startsAt/endsAt, generatorURL) plus the optional name of the rule that produced it.
 */
export type OutgoingAlert = QueuedAlert;

/** AlertSource says which rule group (and optionally which rule) produced a batch. */
export interface AlertSource {
  group: string;
  file: string;
  /** Stamped on alerts that carry no `rule` of their own. */
  rule?: string;
}

/**
 * AlertSender delivers alerts after an evaluation. `send` only enqueues: it returns at once, never throws, and never
 * waits on Redis or the network, so a slow or dead downstream cannot hold up rule evaluation.
 */
export interface AlertSender {
  send(alerts: readonly OutgoingAlert[], source: AlertSource): void;
  /** close stops accepting alerts, tries to deliver what is buffered within its timeout, and drops the rest. */
  close(opts?: CloseOptions): Promise<void>;
}

/** CloseOptions bounds how long close spends delivering what is still buffered. */
export interface CloseOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
}

/** DEFAULT_CLOSE_TIMEOUT_MS is how long close tries to deliver buffered alerts. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5000;

/** SenderLogger is the slice of a pino logger the senders use. */
export interface SenderLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** silentLogger discards everything; the default when no logger is given. */
export const silentLogger: SenderLogger = {
  warn: () => undefined,
  error: () => undefined,
  info: () => undefined,
};

/** errorMessage renders a thrown value for a log line. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** withRule returns the alerts with `rule` filled in from the source where they lack one. */
export function withRule(alerts: readonly OutgoingAlert[], rule: string | undefined): OutgoingAlert[] {
  if (rule === undefined) return [...alerts];
  return alerts.map((a) => (a.rule === undefined ? { ...a, rule } : a));
}
