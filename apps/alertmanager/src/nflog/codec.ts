// The stored JSON form of a notification log entry, and its checked decoding.

import type { NflogEntry, ReceiverDataValue } from './entry';

/** STORED_ENTRY_FORMAT is the version of the stored JSON shape, bumped when it changes incompatibly. */
export const STORED_ENTRY_FORMAT = 1;

/** DecodedEntry is an entry read back, or why the stored text is unusable. */
export type DecodedEntry = { ok: true; value: NflogEntry } | { ok: false; reason: string };

/**
 * encodeEntry writes `{v, groupKey, receiver{groupName, integration, idx}, timestamp, expiresAt, firingAlerts,
 * resolvedAlerts, receiverData}`, times in ms (numbers, so a Redis script can compare them).
 */
export function encodeEntry(e: NflogEntry): string {
  return JSON.stringify({
    v: STORED_ENTRY_FORMAT,
    groupKey: e.groupKey,
    receiver: { groupName: e.receiver.groupName, integration: e.receiver.integration, idx: e.receiver.idx },
    timestamp: e.timestamp,
    expiresAt: e.expiresAt,
    firingAlerts: e.firingAlerts,
    resolvedAlerts: e.resolvedAlerts,
    receiverData: e.receiverData,
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function stringList(v: unknown, field: string): string[] | string {
  if (!Array.isArray(v)) return `${field}: must be a list`;
  for (const x of v) if (typeof x !== 'string') return `${field}: must hold strings`;
  return v as string[];
}

/** decodeEntry parses and checks the stored JSON form; it never throws. */
export function decodeEntry(text: string): DecodedEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isRecord(raw)) return { ok: false, reason: 'not a JSON object' };
  if (raw['v'] !== STORED_ENTRY_FORMAT)
    return { ok: false, reason: `unknown format version ${JSON.stringify(raw['v'])}` };
  const groupKey = raw['groupKey'];
  if (typeof groupKey !== 'string') return { ok: false, reason: 'groupKey: must be a string' };
  const r = raw['receiver'];
  if (!isRecord(r)) return { ok: false, reason: 'receiver: must be an object' };
  const { groupName, integration, idx } = r;
  if (typeof groupName !== 'string' || typeof integration !== 'string') {
    return { ok: false, reason: 'receiver: groupName and integration must be strings' };
  }
  if (!Number.isInteger(idx) || (idx as number) < 0)
    return { ok: false, reason: 'receiver.idx: must be an index' };
  const timestamp = raw['timestamp'];
  const expiresAt = raw['expiresAt'];
  if (!isFiniteNumber(timestamp)) return { ok: false, reason: 'timestamp: must be a number of ms' };
  if (!isFiniteNumber(expiresAt)) return { ok: false, reason: 'expiresAt: must be a number of ms' };
  const firing = stringList(raw['firingAlerts'], 'firingAlerts');
  if (typeof firing === 'string') return { ok: false, reason: firing };
  const resolved = stringList(raw['resolvedAlerts'], 'resolvedAlerts');
  if (typeof resolved === 'string') return { ok: false, reason: resolved };
  const data = raw['receiverData'];
  if (!isRecord(data)) return { ok: false, reason: 'receiverData: must be an object' };
  const receiverData: Record<string, ReceiverDataValue> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string' && !isFiniteNumber(v)) {
      return { ok: false, reason: `receiverData.${k}: must be a string or a number` };
    }
    receiverData[k] = v;
  }
  return {
    ok: true,
    value: {
      groupKey,
      receiver: { groupName, integration, idx: idx as number },
      timestamp,
      expiresAt,
      firingAlerts: firing,
      resolvedAlerts: resolved,
      receiverData,
    },
  };
}
