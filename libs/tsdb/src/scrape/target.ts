// Building scrape targets from discovered groups, as Prometheus's PopulateLabels does: defaults from the job,
// relabel_configs, address and interval checks, `instance` from the address, meta labels removed.
import { formatDuration, parseDuration, type Labels } from '@vigil/model';
import { relabel, type CompiledRelabel } from './relabel';
import type { ScrapeConfig, TargetGroup } from './scrape-config';

/** Label names with a meaning to scraping, as Prometheus names them. */
export const ADDRESS_LABEL = '__address__';
/** `__scheme__`: http or https. */
export const SCHEME_LABEL = '__scheme__';
/** `__metrics_path__`: the path scraped. */
export const METRICS_PATH_LABEL = '__metrics_path__';
/** `__scrape_interval__`: a target's interval as a Prometheus duration. */
export const SCRAPE_INTERVAL_LABEL = '__scrape_interval__';
/** `__scrape_timeout__`: a target's timeout as a Prometheus duration. */
export const SCRAPE_TIMEOUT_LABEL = '__scrape_timeout__';
/** `__param_<name>`: a URL parameter of the scrape. */
export const PARAM_LABEL_PREFIX = '__param_';
/** `__meta_`: discovery metadata, removed after relabeling. */
export const META_LABEL_PREFIX = '__meta_';

/** TargetOutcome is what became of one discovered target: scraped (labels), dropped by relabeling, or invalid. */
export type TargetOutcome =
  | { kind: 'active'; labels: Labels; discoveredLabels: Labels }
  | { kind: 'dropped'; discoveredLabels: Labels }
  | { kind: 'error'; discoveredLabels: Labels; error: string };

/** discoveredLabels merges a target's and its group's labels with the job's defaults (PopulateDiscoveredLabels). */
export function discoveredLabels(cfg: ScrapeConfig, targetLabels: Labels, groupLabels: Labels): Labels {
  const lb: Record<string, string> = { ...groupLabels, ...targetLabels };
  const defaults: Array<[string, string]> = [
    ['job', cfg.jobName],
    [SCRAPE_INTERVAL_LABEL, formatDuration(cfg.scrapeIntervalMs)],
    [SCRAPE_TIMEOUT_LABEL, formatDuration(cfg.scrapeTimeoutMs)],
    [METRICS_PATH_LABEL, cfg.metricsPath],
    [SCHEME_LABEL, cfg.scheme],
  ];
  for (const [name, value] of defaults) if (!lb[name]) lb[name] = value;
  for (const [k, v] of Object.entries(cfg.params)) {
    const name = PARAM_LABEL_PREFIX + k;
    if (v.length > 0 && !lb[name]) lb[name] = v[0] ?? '';
  }
  for (const [k, v] of Object.entries(lb)) if (v === '') delete lb[k];
  return lb;
}

/** populateLabels builds one target's final labels, or says why it was dropped or is invalid. */
export function populateLabels(
  cfg: ScrapeConfig,
  rules: readonly CompiledRelabel[],
  targetLabels: Labels,
  groupLabels: Labels,
): TargetOutcome {
  const discovered = discoveredLabels(cfg, targetLabels, groupLabels);
  const relabeled = relabel(discovered, rules);
  if (relabeled === undefined) return { kind: 'dropped', discoveredLabels: discovered };
  const fail = (error: string): TargetOutcome => ({ kind: 'error', discoveredLabels: discovered, error });
  const lb: Record<string, string> = { ...relabeled };
  const addr = lb[ADDRESS_LABEL] ?? '';
  if (addr === '') return fail('no address');
  if (addr.includes('/')) return fail(`${JSON.stringify(addr)} is not a valid hostname`);
  const interval = lb[SCRAPE_INTERVAL_LABEL] ?? '';
  const timeout = lb[SCRAPE_TIMEOUT_LABEL] ?? '';
  let intervalMs: number;
  let timeoutMs: number;
  try {
    intervalMs = parseDuration(interval);
  } catch (err) {
    return fail(`error parsing scrape interval: ${(err as Error).message}`);
  }
  if (intervalMs === 0) return fail('scrape interval cannot be 0');
  try {
    timeoutMs = parseDuration(timeout);
  } catch (err) {
    return fail(`error parsing scrape timeout: ${(err as Error).message}`);
  }
  if (timeoutMs === 0) return fail('scrape timeout cannot be 0');
  if (timeoutMs > intervalMs) {
    return fail(
      `scrape timeout cannot be greater than scrape interval (${JSON.stringify(timeout)} > ${JSON.stringify(interval)})`,
    );
  }
  for (const name of Object.keys(lb)) if (name.startsWith(META_LABEL_PREFIX)) delete lb[name];
  if (!lb['instance']) lb['instance'] = addr;
  return { kind: 'active', labels: lb, discoveredLabels: discovered };
}

/** targetsFromGroup builds every target of a group; each `targets` entry is its `__address__`. */
export function targetsFromGroup(
  cfg: ScrapeConfig,
  rules: readonly CompiledRelabel[],
  group: TargetGroup,
): TargetOutcome[] {
  return group.targets.map((address) =>
    populateLabels(cfg, rules, { [ADDRESS_LABEL]: address }, group.labels),
  );
}

/** publicLabels drops the labels starting with `__`: what a target adds to its samples. */
export function publicLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!k.startsWith('__')) out[k] = v;
  return out;
}

/** targetUrl is the URL a target is scraped at: scheme, address, path and `__param_*` over the job's params. */
export function targetUrl(labels: Labels, params: Record<string, string[]>): string {
  const merged = new Map<string, string[]>();
  for (const [k, v] of Object.entries(params)) merged.set(k, [...v]);
  for (const [name, value] of Object.entries(labels)) {
    if (!name.startsWith(PARAM_LABEL_PREFIX)) continue;
    const key = name.slice(PARAM_LABEL_PREFIX.length);
    const list = merged.get(key);
    if (list && list.length > 0) list[0] = value;
    else merged.set(key, [value]);
  }
  const query = new URLSearchParams();
  for (const key of [...merged.keys()].sort()) for (const v of merged.get(key) ?? []) query.append(key, v);
  const qs = query.toString();
  const path = labels[METRICS_PATH_LABEL] ?? '';
  const slash = path.startsWith('/') || path === '' ? '' : '/';
  return `${labels[SCHEME_LABEL] ?? 'http'}://${labels[ADDRESS_LABEL] ?? ''}${slash}${path}${qs ? `?${qs}` : ''}`;
}

/** targetIntervals reads a built target's interval and timeout (already validated by populateLabels). */
export function targetIntervals(labels: Labels): { intervalMs: number; timeoutMs: number } {
  return {
    intervalMs: parseDuration(labels[SCRAPE_INTERVAL_LABEL] ?? '1m'),
    timeoutMs: parseDuration(labels[SCRAPE_TIMEOUT_LABEL] ?? '10s'),
  };
}
