import { describe, expect, it } from 'vitest';
import { currentState, getState, sameMatchers, type SilenceState } from './silence';

const S = 1_000_000;
const E = 2_000_000;

describe('silence states', () => {
  it.each<[number, SilenceState, SilenceState]>([
    [S - 1, 'pending', 'pending'],
    [S, 'active', 'active'],
    [E - 1, 'active', 'active'],
    // At the instant it ends Alertmanager's getState still says active; the API's CurrentState says expired.
    [E, 'active', 'expired'],
    [E + 1, 'expired', 'expired'],
  ])('at %d: getState %s, currentState %s', (now, state, apiState) => {
    expect(getState({ startsAt: S, endsAt: E }, now)).toBe(state);
    expect(currentState({ startsAt: S, endsAt: E }, now)).toBe(apiState);
  });

  it.each([
    [[{ name: 'a', type: '=', value: '1' }], [{ name: 'a', type: '=', value: '1' }], true],
    [[{ name: 'a', type: '=', value: '1' }], [{ name: 'a', type: '=~', value: '1' }], false],
    [[{ name: 'a', type: '=', value: '1' }], [{ name: 'a', type: '=', value: '2' }], false],
    [
      [
        { name: 'a', type: '=', value: '1' },
        { name: 'b', type: '=', value: '2' },
      ],
      [
        { name: 'b', type: '=', value: '2' },
        { name: 'a', type: '=', value: '1' },
      ],
      false,
    ],
    [[{ name: 'a', type: '=', value: '1' }], [], false],
  ] as const)('sameMatchers(%j, %j) = %s (order matters, as in Alertmanager)', (a, b, expected) => {
    expect(sameMatchers(a, b)).toBe(expected);
  });
});
