import type { MatchType } from '@vigil/model';

/** SilenceMatcher is one matcher of a silence as stored and exchanged: plain data, compiled when indexed. */
export interface SilenceMatcher {
  name: string;
  type: MatchType;
  value: string;
}

/** SilenceState is where a silence stands at some instant. */
export type SilenceState = 'active' | 'pending' | 'expired';

/** SILENCE_STATES lists the states in the order the API sorts them. */
export const SILENCE_STATES: readonly SilenceState[] = ['active', 'pending', 'expired'];

/** Silence mutes the alerts all of whose labels its matchers accept, between startsAt and endsAt (ms since epoch). */
export interface Silence {
  /** UUID v4, assigned on creation. */
  id: string;
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  /** When this silence was last written; the newer copy wins when replicas merge. */
  updatedAt: number;
  createdBy: string;
  comment: string;
  annotations?: Record<string, string>;
}

/** SilenceInput is a silence to create or update: no id creates one; a missing or 0 startsAt means now. */
export interface SilenceInput {
  id?: string;
  matchers: SilenceMatcher[];
  startsAt?: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  annotations?: Record<string, string>;
}

/**
 * getState is Alertmanager's `getState`: pending before startsAt, expired strictly after endsAt, else active (so a
 * silence is still active at the very instant it ends). Queries, muting and updates use it.
 */
export function getState(sil: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < sil.startsAt) return 'pending';
  if (now > sil.endsAt) return 'expired';
  return 'active';
}

/**
 * currentState is Alertmanager's `CurrentState`, which the API reports as `status.state`: unlike getState, a silence
 * is already expired at the instant it ends (so one just expired via the API shows as expired at once).
 */
export function currentState(sil: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < sil.startsAt) return 'pending';
  if (now < sil.endsAt) return 'active';
  return 'expired';
}

/** sameMatchers tells whether two matcher lists are identical, in order (Alertmanager's `proto.Equal`). */
export function sameMatchers(a: readonly SilenceMatcher[], b: readonly SilenceMatcher[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((m, i) => {
    const o = b[i];
    return o !== undefined && m.name === o.name && m.type === o.type && m.value === o.value;
  });
}

/** cloneSilence copies a silence so callers cannot change the stored one. */
export function cloneSilence(sil: Silence): Silence {
  const out: Silence = { ...sil, matchers: sil.matchers.map((m) => ({ ...m })) };
  if (sil.annotations) out.annotations = { ...sil.annotations };
  return out;
}
