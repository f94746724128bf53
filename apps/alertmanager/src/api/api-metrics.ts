import { Counter, type Registry } from 'prom-client';

/** ApiAlertMetrics counts alerts received through `POST /api/v2/alerts`, as Alertmanager's api/metrics does. */
export interface ApiAlertMetrics {
  /** received adds alerts by status: `firing` (endsAt in the future) or `resolved`, before validation. */
  received(status: 'firing' | 'resolved', n: number): void;
  /** invalid adds alerts that failed validation. */
  invalid(n: number): void;
}

const RECEIVED = 'alertmanager_alerts_received_total';
const INVALID = 'alertmanager_alerts_invalid_total';

// A registry may already hold the counters (a second API instance on one registry, e.g. after a rebuild).
function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** newApiAlertMetrics registers the counters on a registry (none given: counting is a no-op). */
export function newApiAlertMetrics(registry?: Registry): ApiAlertMetrics {
  if (!registry) return { received: () => undefined, invalid: () => undefined };
  const received = counter(registry, RECEIVED, 'The total number of received alerts.', ['status', 'version']);
  const invalid = counter(registry, INVALID, 'The total number of received alerts that were invalid.', [
    'version',
  ]);
  // Alertmanager creates both series of the received counter up front, so they read 0 before the first alert.
  received.inc({ status: 'firing', version: 'v2' }, 0);
  received.inc({ status: 'resolved', version: 'v2' }, 0);
  invalid.inc({ version: 'v2' }, 0);
  return {
    received: (status, n) => {
      if (n > 0) received.inc({ status, version: 'v2' }, n);
    },
    invalid: (n) => {
      if (n > 0) invalid.inc({ version: 'v2' }, n);
    },
  };
}
