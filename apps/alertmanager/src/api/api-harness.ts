// Test support: the API v2 plugins on a fastify instance, wired to real alert store, silences, inhibitor and
// dispatcher built from a config file, on a fake or the system clock.

import { readFileSync } from 'node:fs';
import { fingerprint, type Labels } from '@vigil/model';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { Alert } from '../alert/alert';
import { MemoryAlertPersistence } from '../alert/alert-persistence';
import { AlertStore } from '../alert/alert-store';
import { parseAlertmanagerConfig, type AlertmanagerConfig } from '../config/config';
import { Dispatcher } from '../dispatch/dispatcher';
import { FakeTimerClock } from '../dispatch/fake-timer-clock';
import { Route } from '../dispatch/route';
import { systemTimerClock, type TimerClock } from '../dispatch/timer-clock';
import { Inhibitor } from '../inhibit/inhibitor';
import { MemorySilenceStore } from '../silence/silence-store';
import { Silencer } from '../silence/silencer';
import { Silences } from '../silence/silences';
import { alertmanagerApi } from './alertmanager-api';
import { GroupMuteMarker } from './group-mute-marker';
import type { VersionInfo } from './status-schemas';

/** T0 is the fake clock's start in API tests. */
export const T0 = Date.parse('2024-05-01T12:00:00Z');

/** TEST_CONFIG is the default config of the harness. */
export const TEST_CONFIG = readFileSync(new URL('./testdata/alertmanager.yml', import.meta.url), 'utf8');

/** TEST_VERSION is the build information the harness reports. */
export const TEST_VERSION: VersionInfo = {
  branch: 'main',
  buildDate: '20240501-12:00:00',
  buildUser: 'vigil@test',
  goVersion: 'node',
  revision: 'abc123',
  version: '0.1.0',
};

/** ApiHarness is a ready fastify instance with the API and the real objects behind it. */
export interface ApiHarness {
  app: FastifyInstance;
  /** The fake clock (undefined when the system clock is used). */
  clock: FakeTimerClock | undefined;
  now: () => number;
  config: AlertmanagerConfig;
  store: AlertStore;
  persistence: MemoryAlertPersistence;
  silences: Silences;
  inhibitor: Inhibitor;
  dispatcher: Dispatcher;
  registry: Registry;
  marker: GroupMuteMarker;
  /** put stores an alert as intake would (updatedAt now; endsAt default startsAt + 1h) and returns it. */
  put(
    labels: Labels,
    opts?: Partial<Pick<Alert, 'annotations' | 'startsAt' | 'endsAt' | 'generatorURL'>>,
  ): Promise<Alert>;
  close(): Promise<void>;
}

/** ApiHarnessOptions choose the config and the clock. */
export interface ApiHarnessOptions {
  config?: string;
  /** Use the system clock (for tests that talk to the API over the network with real tools). */
  realClock?: boolean;
}

/** apiHarness builds the API over real objects and waits until fastify is ready. */
export async function apiHarness(opts: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const config = parseAlertmanagerConfig(opts.config ?? TEST_CONFIG);
  const fake = opts.realClock ? undefined : new FakeTimerClock(T0);
  const clock: TimerClock = fake ?? systemTimerClock;
  const now = (): number => clock.now();
  const persistence = new MemoryAlertPersistence();
  const store = new AlertStore({ clock, persistence });
  const silences = new Silences({ now, store: new MemorySilenceStore() });
  const silencer = new Silencer(silences);
  const inhibitor = new Inhibitor(config.inhibitRules, { now });
  store.subscribe((alerts) => {
    for (const a of alerts) inhibitor.put({ labels: a.labels, endsAt: a.endsAt });
  });
  const dispatcher = new Dispatcher({
    route: Route.fromConfig(config.route),
    alerts: store,
    notify: async () => true,
    clock,
  });
  dispatcher.start();
  const registry = new Registry();
  const marker = new GroupMuteMarker();
  const app = Fastify({ logger: false });
  await app.register(alertmanagerApi, {
    alerts: store,
    silences,
    silencer,
    current: () => ({ config, dispatcher, inhibitor }),
    groupMutedBy: marker.mutedBy,
    now,
    startedAt: T0,
    versionInfo: TEST_VERSION,
    registry,
  });
  await app.ready();
  return {
    app,
    clock: fake,
    now,
    config,
    store,
    persistence,
    silences,
    inhibitor,
    dispatcher,
    registry,
    marker,
    async put(labels, o = {}) {
      const startsAt = o.startsAt ?? now();
      const a: Alert = {
        labels,
        annotations: o.annotations ?? {},
        startsAt,
        endsAt: o.endsAt ?? startsAt + 3_600_000,
        generatorURL: o.generatorURL ?? '',
        updatedAt: now(),
        timeout: false,
        fingerprint: fingerprint(labels),
      };
      await store.put([a]);
      return store.get(a.fingerprint) ?? a;
    },
    async close() {
      await app.close();
      await dispatcher.stop();
      await store.stop();
    },
  };
}
