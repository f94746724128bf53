import { hostname } from 'node:os';
import type { FastifyPluginAsync } from 'fastify';
import { sortedLabelNames, type Labels } from '@vigil/model';
import type { ActiveTargetView, TargetRetriever } from '@vigil/tsdb';
import { success } from './envelope';
import { formatGoTime } from './go-format';

/** TargetsApiOptions gives the targets API the scrape manager to read and how this server is reached. */
export interface TargetsApiOptions {
  retriever: TargetRetriever;
  /** `--web.listen-address` (`host:port`), to recognise targets that are this process. */
  listenAddress?: string;
  /**
   * `--web.external-url`, whose host replaces localhost in `globalUrl`; without it, Prometheus's default
   * `http://<hostname>:<listen port>` is used when the listen address is known.
   */
  externalUrl?: string;
}

const LOCALHOST = new Set(['127.0.0.1', 'localhost', '::1']);

function sortLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const k of sortedLabelNames(labels)) out[k] = labels[k] ?? '';
  return out;
}

function splitHostPort(host: string): [string, string] {
  const m = /^\[([^\]]*)\](?::(\d*))?$/.exec(host) ?? /^([^:]*)(?::(\d*))?$/.exec(host);
  return m ? [m[1] ?? '', m[2] ?? ''] : [host, ''];
}

/**
 * globalUrl is a target's URL as seen from outside, as Prometheus derives it: a localhost target on this
 * server's own port becomes the external URL's scheme and host; another localhost port keeps its port but
 * takes the external host name.
 */
export function globalUrl(scrapeUrl: string, listenAddress?: string, externalUrl?: string): string {
  if (externalUrl === undefined) return scrapeUrl;
  let u: URL;
  let ext: URL;
  try {
    u = new URL(scrapeUrl);
    ext = new URL(externalUrl);
  } catch {
    return scrapeUrl;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!LOCALHOST.has(host)) return scrapeUrl;
  const ownPort = listenAddress ? splitHostPort(listenAddress)[1] : undefined;
  if (ownPort !== undefined && u.port === ownPort) {
    u.protocol = ext.protocol;
    // The host setter keeps the old port when the new host has none; set both.
    u.hostname = ext.hostname;
    u.port = ext.port;
  } else {
    u.hostname = ext.hostname;
  }
  return u.toString();
}

function defaultExternalUrl(opts: TargetsApiOptions): string | undefined {
  if (opts.externalUrl !== undefined) return opts.externalUrl;
  if (opts.listenAddress === undefined) return undefined;
  return `http://${hostname()}:${splitHostPort(opts.listenAddress)[1]}`;
}

function toApiTarget(
  t: ActiveTargetView,
  opts: TargetsApiOptions,
  externalUrl?: string,
): Record<string, unknown> {
  return {
    discoveredLabels: sortLabels(t.discoveredLabels),
    labels: sortLabels(t.labels),
    scrapePool: t.scrapePool,
    scrapeUrl: t.scrapeUrl,
    globalUrl: globalUrl(t.scrapeUrl, opts.listenAddress, externalUrl),
    lastError: t.lastError,
    lastScrape: formatGoTime(t.lastScrapeMs === 0 ? undefined : t.lastScrapeMs),
    lastScrapeDuration: t.lastScrapeDurationMs / 1000,
    health: t.health,
    scrapeInterval: t.scrapeInterval,
    scrapeTimeout: t.scrapeTimeout,
  };
}

function byPool<T extends { scrapePool: string }>(items: T[], scrapePool: string): T[] {
  // Pools in name order, targets in discovery order within a pool, as Prometheus lists them.
  const pools = [...new Set(items.map((i) => i.scrapePool))].sort();
  return pools
    .filter((p) => scrapePool === '' || p === scrapePool)
    .flatMap((p) => items.filter((i) => i.scrapePool === p));
}

/** targetsApi serves Prometheus's `GET /api/v1/targets` (`state=active|dropped|any`, `scrapePool=`). */
export const targetsApi: FastifyPluginAsync<TargetsApiOptions> = async (app, opts) => {
  app.get('/api/v1/targets', async (req) => {
    const q = req.query as Record<string, unknown>;
    const scrapePool = q['scrapePool'] === undefined ? '' : String(q['scrapePool']);
    const state = String(q['state'] ?? '').toLowerCase();
    const showActive = state === '' || state === 'any' || state === 'active';
    const showDropped = state === '' || state === 'any' || state === 'dropped';
    const { retriever } = opts;
    const externalUrl = defaultExternalUrl(opts);
    return success({
      activeTargets: showActive
        ? byPool(retriever.activeTargets(), scrapePool).map((t) => toApiTarget(t, opts, externalUrl))
        : [],
      droppedTargets: showDropped
        ? byPool(retriever.droppedTargets(), scrapePool).map((d) => ({
            discoveredLabels: sortLabels(d.discoveredLabels),
            scrapePool: d.scrapePool,
          }))
        : [],
      droppedTargetCounts: showDropped ? retriever.droppedTargetCounts() : null,
    });
  });
};
