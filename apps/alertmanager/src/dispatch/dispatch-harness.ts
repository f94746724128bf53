import { fingerprint, type Labels } from '@vigil/model';
import type { Alert } from '../alert/alert';
import { AlertStore } from '../alert/alert-store';
import type { NotifyContext, NotifyFn } from '../notify/notify-context';
import { Dispatcher, type DispatcherOptions } from './dispatcher';
import { FakeTimerClock } from './fake-timer-clock';
import { fixtureRouteTree, type FixtureRoute, type FixtureRouteSpec } from './fixture-routes';

/** Flush is one recorded call of the notification pipeline. */
export interface Flush {
  at: number;
  ctx: NotifyContext;
  alerts: Alert[];
}

/** HarnessOptions tweak the dispatcher under test. */
export interface HarnessOptions extends Partial<
  Omit<DispatcherOptions, 'route' | 'alerts' | 'notify' | 'clock'>
> {
  /** Decides each flush's outcome (default: success). */
  outcome?: (ctx: NotifyContext, alerts: Alert[]) => Promise<boolean> | boolean;
  start?: boolean;
}

/** DispatchHarness wires a store, a fixture route tree and a recording pipeline on a fake clock, for tests. */
export interface DispatchHarness {
  clock: FakeTimerClock;
  store: AlertStore;
  route: FixtureRoute;
  dispatcher: Dispatcher;
  flushes: Flush[];
  /** put stores an alert (updatedAt = now); startsAt defaults to now, endsAt to startsAt + 1h. */
  put(labels: Labels, times?: { startsAt?: number; endsAt?: number }): Promise<Alert>;
}

/** T0 is the harness clock's start. */
export const T0 = Date.parse('2024-05-01T12:00:00Z');

/** dispatchHarness builds a DispatchHarness and starts the dispatcher (unless `start: false`). */
export function dispatchHarness(spec: FixtureRouteSpec, opts: HarnessOptions = {}): DispatchHarness {
  const clock = new FakeTimerClock(T0);
  const store = new AlertStore({ clock });
  const route = fixtureRouteTree(spec);
  const flushes: Flush[] = [];
  const { outcome, start, ...rest } = opts;
  const notify: NotifyFn = async (ctx, alerts) => {
    flushes.push({ at: clock.now(), ctx, alerts });
    return outcome ? outcome(ctx, alerts) : true;
  };
  const dispatcher = new Dispatcher({ route, alerts: store, notify, clock, ...rest });
  if (start !== false) dispatcher.start();
  return {
    clock,
    store,
    route,
    dispatcher,
    flushes,
    async put(labels, times = {}) {
      const startsAt = times.startsAt ?? clock.now();
      const a: Alert = {
        labels,
        annotations: {},
        startsAt,
        endsAt: times.endsAt ?? startsAt + 3_600_000,
        generatorURL: '',
        updatedAt: clock.now(),
        timeout: false,
        fingerprint: fingerprint(labels),
      };
      await store.put([a]);
      return store.get(a.fingerprint) ?? a;
    },
  };
}
