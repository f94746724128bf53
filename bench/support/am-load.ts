// The alertmanager benchmark's load: distinct alerts shaped like what Prometheus sends (alertname × instance,
// job, severity, team, region, two annotations), cut into request bodies ahead of time so the poster spends
// nothing on serialization while it is timed, and silences with a known set of alerts they match.

/** LoadShape sizes the alert set: `alerts` distinct label sets over `alertNames` × `instances`. */
export interface LoadShape {
  alerts: number;
  alertNames: number;
  instances: number;
}

const NAME_STEMS = [
  'HighCpuUsage',
  'HighMemoryUsage',
  'DiskWillFillIn4Hours',
  'HostDown',
  'HighRequestLatency',
  'ErrorBudgetBurn',
  'TooManyRestarts',
  'CertificateExpiring',
  'ReplicationLag',
  'QueueBacklog',
];
const TEAMS = ['db', 'web', 'storage', 'network', 'platform'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];
const JOBS = 40;

/** alertName is the `alertname` of name index `n` (stems cycle, each with a numbered variant). */
export function alertName(n: number): string {
  const stem = NAME_STEMS[n % NAME_STEMS.length] ?? 'BenchAlert';
  return `${stem}${Math.floor(n / NAME_STEMS.length)}`;
}

/** instanceName is the `instance` of instance index `k`; the 4-digit index lets a regex pick a decade. */
export function instanceName(k: number): string {
  return `node-${String(k).padStart(4, '0')}.bench.internal:9100`;
}

/** severityOf gives one alert name in ten `critical`, half `warning`, the rest `info`. */
function severityOf(nameIndex: number): 'critical' | 'warning' | 'info' {
  const r = nameIndex % 10;
  return r === 0 ? 'critical' : r < 6 ? 'warning' : 'info';
}

/** alertLabels are the labels of alert `i`: name index `i mod names`, instance index `i div names`. */
export function alertLabels(i: number, shape: LoadShape): Record<string, string> {
  const nameIndex = i % shape.alertNames;
  const instanceIndex = Math.floor(i / shape.alertNames) % shape.instances;
  const job = instanceIndex % JOBS;
  const labels: Record<string, string> = {
    alertname: alertName(nameIndex),
    instance: instanceName(instanceIndex),
    job: `job-${job}`,
    severity: severityOf(nameIndex),
    team: TEAMS[job % TEAMS.length] ?? 'platform',
    region: REGIONS[instanceIndex % REGIONS.length] ?? 'eu-west-1',
  };
  // Past names × instances the pairs repeat: a shard label keeps every alert distinct.
  const shard = Math.floor(i / (shape.alertNames * shape.instances));
  if (shard > 0) labels.shard = String(shard);
  return labels;
}

/** PostableAlert is an alert as `POST /api/v2/alerts` takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/** postableAlert builds alert `i`, firing from `startsAt` until `endsAt` (as Prometheus sends them). */
export function postableAlert(i: number, shape: LoadShape, startsAt: Date, endsAt: Date): PostableAlert {
  const labels = alertLabels(i, shape);
  const { alertname, instance, job } = labels;
  return {
    labels,
    annotations: {
      summary: `${alertname} on ${instance}`,
      description:
        `${alertname} has held on ${instance} (${job}) for more than 5 minutes; ` +
        `current value ${((i % 1000) / 10).toFixed(1)}.`,
    },
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    generatorURL: `http://prometheus.bench.internal:9090/graph?g0.expr=${encodeURIComponent(`up{job="${job}"} == 0`)}&g0.tab=1`,
  };
}

/** alertBodies serializes all alerts into JSON arrays of `batchSize`, in alert order. */
export function alertBodies(shape: LoadShape, batchSize: number, startsAt: Date, endsAt: Date): string[] {
  const bodies: string[] = [];
  for (let first = 0; first < shape.alerts; first += batchSize) {
    const batch: PostableAlert[] = [];
    for (let i = first; i < Math.min(first + batchSize, shape.alerts); i++) {
      batch.push(postableAlert(i, shape, startsAt, endsAt));
    }
    bodies.push(JSON.stringify(batch));
  }
  return bodies;
}

/** SilenceSet is the silences to post and how many of the alerts they silence between them. */
export interface SilenceSet {
  bodies: string[];
  /** Distinct alerts at least one silence matches. */
  silencedAlerts: number;
  equalitySilences: number;
  regexSilences: number;
}

// A multiplier coprime with every names × instances product the bench uses (it is prime and not 2 or 5),
// so successive equality silences land on distinct, scattered (alertname, instance) pairs.
const SCATTER = 9973;

interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/**
 * silenceSet builds `count` silences active from `startsAt` to `endsAt`, each matching only a few alerts:
 * four in five are `alertname="…", instance="…"` (one alert each, scattered); every fifth is
 * `alertname="…", instance=~"node-012[0-9]…", severity=~"critical|warning"` (up to ten instances, and only
 * for names of those severities). The set of silenced alerts is worked out from that structure, so both
 * alertmanagers' answers can be checked against it without evaluating every pair here.
 */
export function silenceSet(count: number, shape: LoadShape, startsAt: Date, endsAt: Date): SilenceSet {
  const pairs = shape.alertNames * shape.instances;
  const covered = Math.min(shape.alerts, pairs);
  const silenced = new Set<number>();
  const bodies: string[] = [];
  let equality = 0;
  let regex = 0;
  const decades = Math.ceil(shape.instances / 10);
  for (let j = 0; j < count; j++) {
    let matchers: Matcher[];
    if (j % 5 === 4) {
      const nameIndex = (j * 7) % shape.alertNames;
      const decade = Math.floor(j / 5) % decades;
      const prefix = `node-${String(decade).padStart(3, '0')}`;
      matchers = [
        { name: 'alertname', value: alertName(nameIndex), isRegex: false, isEqual: true },
        { name: 'instance', value: `${prefix}[0-9]\\.bench\\.internal:9100`, isRegex: true, isEqual: true },
        { name: 'severity', value: 'critical|warning', isRegex: true, isEqual: true },
      ];
      regex++;
      const sev = alertLabels(nameIndex, shape).severity;
      if (sev === 'critical' || sev === 'warning') {
        for (let k = decade * 10; k < Math.min(decade * 10 + 10, shape.instances); k++) {
          // Past names × instances a pair repeats with a `shard` label, which no matcher looks at.
          for (let i = k * shape.alertNames + nameIndex; i < shape.alerts; i += pairs) silenced.add(i);
        }
      }
    } else {
      const pair = (j * SCATTER) % pairs;
      const nameIndex = pair % shape.alertNames;
      const instanceIndex = Math.floor(pair / shape.alertNames);
      matchers = [
        { name: 'alertname', value: alertName(nameIndex), isRegex: false, isEqual: true },
        { name: 'instance', value: instanceName(instanceIndex), isRegex: false, isEqual: true },
      ];
      equality++;
      if (pair < covered) {
        for (let i = pair; i < shape.alerts; i += pairs) silenced.add(i);
      }
    }
    bodies.push(
      JSON.stringify({
        matchers,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        createdBy: 'bench/alertmanager.ts',
        comment: `benchmark silence ${j}`,
      }),
    );
  }
  return { bodies, silencedAlerts: silenced.size, equalitySilences: equality, regexSilences: regex };
}
