import { fingerprint, type Labels } from '@vigil/model';
import type { Alert } from './alert';
import { validateAlert } from './validate';

/** STORED_ALERT_VERSION is the format version of a persisted alert; a breaking change bumps it. */
export const STORED_ALERT_VERSION = 1;

/** StoredAlertJson is the persisted form of an alert (the fingerprint is the key it is stored under). */
interface StoredAlertJson {
  v: number;
  labels: Labels;
  annotations: Labels;
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  timeout: boolean;
  generatorURL: string;
}

/** encodeStoredAlert serializes an alert for persistence; its fingerprint is the key, not part of the value. */
export function encodeStoredAlert(a: Alert): string {
  const json: StoredAlertJson = {
    v: STORED_ALERT_VERSION,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    updatedAt: a.updatedAt,
    timeout: a.timeout,
    generatorURL: a.generatorURL,
  };
  return JSON.stringify(json);
}

/** DecodedAlert is a persisted alert that passed every check, or the reason it did not. */
export type DecodedAlert = { ok: true; alert: Alert } | { ok: false; reason: string };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function readLabels(x: unknown, field: string): Labels | string {
  if (!isRecord(x)) return `${field} is not an object`;
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== 'string') return `${field}.${k} is not a string`;
  }
  return x as Labels;
}

function readTime(x: unknown, field: string): number | string {
  if (typeof x !== 'number' || !Number.isSafeInteger(x)) return `${field} is not an integer of ms`;
  return x;
}

/**
 * decodeStoredAlert parses and validates a persisted alert stored under `key` (its fingerprint): the JSON shape,
 * the format version, Alertmanager's alert validation, and that the labels hash to the key.
 */
export function decodeStoredAlert(key: string, text: string): DecodedAlert {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  if (!isRecord(raw)) return { ok: false, reason: 'not a JSON object' };
  if (raw['v'] !== STORED_ALERT_VERSION)
    return { ok: false, reason: `unknown format version ${String(raw['v'])}` };
  const labels = readLabels(raw['labels'], 'labels');
  if (typeof labels === 'string') return { ok: false, reason: labels };
  const annotations = readLabels(raw['annotations'], 'annotations');
  if (typeof annotations === 'string') return { ok: false, reason: annotations };
  const startsAt = readTime(raw['startsAt'], 'startsAt');
  if (typeof startsAt === 'string') return { ok: false, reason: startsAt };
  const endsAt = readTime(raw['endsAt'], 'endsAt');
  if (typeof endsAt === 'string') return { ok: false, reason: endsAt };
  const updatedAt = readTime(raw['updatedAt'], 'updatedAt');
  if (typeof updatedAt === 'string') return { ok: false, reason: updatedAt };
  const timeout = raw['timeout'];
  if (typeof timeout !== 'boolean') return { ok: false, reason: 'timeout is not a boolean' };
  const generatorURL = raw['generatorURL'];
  if (typeof generatorURL !== 'string') return { ok: false, reason: 'generatorURL is not a string' };
  const invalid = validateAlert({ labels, annotations, startsAt, endsAt });
  if (invalid !== undefined) return { ok: false, reason: invalid };
  const fp = fingerprint(labels);
  if (fp !== key) return { ok: false, reason: `stored under ${key} but its labels hash to ${fp}` };
  return {
    ok: true,
    alert: { labels, annotations, startsAt, endsAt, generatorURL, updatedAt, timeout, fingerprint: fp },
  };
}
