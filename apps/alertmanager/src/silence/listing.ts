import {
  currentState,
  SILENCE_STATES,
  type Silence,
  type SilenceMatcher,
  type SilenceState,
} from './silence';

/**
 * matchesFilter is the API's `filter` test (Alertmanager's `CheckSilenceMatchesFilterLabels`): every filter matcher
 * must appear among the silence's matchers with the same name, operator and value — matchers are compared, not
 * evaluated.
 */
export function matchesFilter(
  silence: Pick<Silence, 'matchers'>,
  filter: readonly SilenceMatcher[],
): boolean {
  return filter.every((f) =>
    silence.matchers.some((m) => m.name === f.name && m.type === f.type && m.value === f.value),
  );
}

/** SilenceWithStatus is a silence as the API lists it, with its `status.state`. */
export type SilenceWithStatus = Silence & { status: { state: SilenceState } };

/** withStatus adds the API's `status.state` (Alertmanager's CurrentState: expired from the instant it ends). */
export function withStatus(silence: Silence, now: number): SilenceWithStatus {
  return { ...silence, status: { state: currentState(silence, now) } };
}

/**
 * sortSilences orders silences as `GET /api/v2/silences` does: active first (soonest end first), then pending
 * (soonest start first), then expired (latest end first). It sorts in place and returns the array.
 */
export function sortSilences<T extends SilenceWithStatus>(silences: T[]): T[] {
  return silences.sort((a, b) => {
    if (a.status.state !== b.status.state) {
      return SILENCE_STATES.indexOf(a.status.state) - SILENCE_STATES.indexOf(b.status.state);
    }
    switch (a.status.state) {
      case 'active':
        return a.endsAt - b.endsAt;
      case 'pending':
        return a.startsAt - b.startsAt;
      case 'expired':
        return b.endsAt - a.endsAt;
    }
  });
}
