// Loading `alertmanager.yml`: strict decoding, Alertmanager's validation, and the typed result.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { TimeInterval } from '../timeinterval';
import { eventRecorderSchema, tracingSchema } from './extras-config';
import { defaultGlobalConfig, globalConfigSchema, type GlobalConfig } from './global';
import type { HttpClientConfig } from './http-config';
import { finishInhibitRule, inhibitRuleSchema, type InhibitRuleConfig } from './inhibit-rule-config';
import { INTEGRATIONS, receiverSchema, type ReceiverConfig } from './receiver-config';
import { checkGlobal, checkRoutes, resolveReceivers } from './resolve';
import { routeSchema, type RouteConfig } from './route-config';
import {
  DecodeContext,
  INVALID,
  K,
  decodeStruct,
  field,
  issueAt,
  newStruct,
  type ConfigIssue,
  type DecodeOptions,
  type StructSchema,
} from './schema';
import { muteTimeIntervalSchema, timeIntervalSchema, type NamedTimeInterval } from './time-interval-config';
import { parseYamlTree } from './yaml-tree';

/** AlertmanagerConfig is a loaded, validated `alertmanager.yml` with the global defaults applied. */
export interface AlertmanagerConfig {
  global: GlobalConfig;
  route: RouteConfig;
  inhibitRules: InhibitRuleConfig[];
  receivers: ReceiverConfig[];
  /** Template file globs, made absolute against the config file's directory when loaded from a file. */
  templates: string[];
  /** The deprecated `mute_time_intervals` section. */
  muteTimeIntervals: NamedTimeInterval[];
  timeIntervals: NamedTimeInterval[];
  tracing?: Record<string, unknown>;
  eventRecorder?: Record<string, unknown>;
  /** The file's text as read (`/api/v2/status` shows the redacted form, see marshalConfig). */
  original: string;
  fileName: string;
}

/** ConfigError lists every problem found in a config file. */
export class ConfigError extends Error {
  constructor(
    readonly fileName: string,
    readonly issues: ConfigIssue[],
  ) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
  }
}

/** formatIssue prints an issue as `line N: path: message`. */
export function formatIssue(issue: ConfigIssue): string {
  return `line ${issue.line}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`;
}

/** ParseOptions select Alertmanager's feature flags that change parsing. */
export interface ParseOptions {
  /** Matcher parser: `fallback` (default), `classic` (--enable-feature=classic-mode), `utf8` (utf8-strict-mode). */
  matcherMode?: DecodeOptions['matcherMode'];
}

const configSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    field('global', 'global', K.struct(globalConfigSchema), { pointer: true }),
    field('route', 'route', K.struct(routeSchema), { pointer: true }),
    field('inhibit_rules', 'inhibitRules', K.list(K.struct(inhibitRuleSchema))),
    field('receivers', 'receivers', K.list(K.struct(receiverSchema))),
    field('templates', 'templates', K.strings),
    field('mute_time_intervals', 'muteTimeIntervals', K.list(K.struct(muteTimeIntervalSchema))),
    field('time_intervals', 'timeIntervals', K.list(K.struct(timeIntervalSchema))),
    field('tracing', 'tracing', K.struct(tracingSchema), { pointer: true }),
    field('event_recorder', 'eventRecorder', K.struct(eventRecorderSchema), { pointer: true }),
  ],
};

/**
 * parseAlertmanagerConfig reads and validates config text as Alertmanager's config.Load does, collecting every
 * problem instead of stopping at the first. Throws ConfigError.
 */
export function parseAlertmanagerConfig(
  text: string,
  fileName = 'alertmanager.yml',
  options: ParseOptions = {},
): AlertmanagerConfig {
  const ctx = new DecodeContext({ matcherMode: options.matcherMode ?? 'fallback' });
  const parsed = parseYamlTree(text);
  for (const e of parsed.errors) ctx.error(e, '', e.message);
  if (parsed.errors.length > 0) throw new ConfigError(fileName, ctx.issues);
  if (!parsed.root)
    throw new ConfigError(fileName, [
      { line: 1, column: 1, path: '', message: 'no route provided in config' },
    ]);

  const decoded = decodeStruct(configSchema, parsed.root, ctx, '');
  if (decoded === INVALID) throw new ConfigError(fileName, ctx.issues);
  const raw = decoded as {
    global?: GlobalConfig;
    route?: RouteConfig;
    inhibitRules?: (InhibitRuleConfig | undefined)[];
    receivers?: (ReceiverConfig | undefined)[];
    templates?: (string | undefined)[];
    muteTimeIntervals?: (NamedTimeInterval | undefined)[];
    timeIntervals?: (NamedTimeInterval | undefined)[];
    tracing?: Record<string, unknown>;
    eventRecorder?: Record<string, unknown>;
  };
  // A `null` list entry is a zero struct in yaml.v2; for a receiver that means a missing name.
  const receivers: ReceiverConfig[] = [];
  for (const r of raw.receivers ?? []) {
    if (r) receivers.push(r);
    else issueAt(ctx, raw, 'missing name in receiver', 'receivers');
  }

  const global = raw.global ?? defaultGlobalConfig();
  checkGlobal(global, ctx);
  resolveReceivers(receivers, global, ctx);
  const muteTimeIntervals = (raw.muteTimeIntervals ?? []).map((t) => t ?? { name: '', timeIntervals: [] });
  const timeIntervals = (raw.timeIntervals ?? []).map((t) => t ?? { name: '', timeIntervals: [] });
  if (!raw.route) {
    ctx.error(parsed.root, '', 'no routes provided');
  } else {
    checkRoutes(raw.route, receivers, muteTimeIntervals, timeIntervals, ctx);
  }
  if (ctx.issues.length > 0 || !raw.route) throw new ConfigError(fileName, sortIssues(ctx.issues));

  return {
    global,
    route: raw.route,
    inhibitRules: (raw.inhibitRules ?? []).map((r) =>
      finishInhibitRule(r ?? (newStruct(inhibitRuleSchema) as unknown as InhibitRuleConfig)),
    ),
    receivers,
    templates: (raw.templates ?? []).map((t) => t ?? ''),
    muteTimeIntervals,
    timeIntervals,
    ...(raw.tracing ? { tracing: raw.tracing } : {}),
    ...(raw.eventRecorder ? { eventRecorder: raw.eventRecorder } : {}),
    original: text,
    fileName,
  };
}

/** loadAlertmanagerConfig reads a config file; relative template and HTTP client file paths resolve against its directory. */
export async function loadAlertmanagerConfig(
  path: string,
  options: ParseOptions = {},
): Promise<AlertmanagerConfig> {
  const text = await readFile(path, 'utf8');
  const config = parseAlertmanagerConfig(text, path, options);
  resolveFilePaths(config, dirname(path));
  return config;
}

/** timeIntervalsByName merges `mute_time_intervals` and `time_intervals` into one lookup, as routes use them. */
export function timeIntervalsByName(config: AlertmanagerConfig): Map<string, TimeInterval[]> {
  const out = new Map<string, TimeInterval[]>();
  for (const ti of [...config.muteTimeIntervals, ...config.timeIntervals]) out.set(ti.name, ti.timeIntervals);
  return out;
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}

function resolveFilePaths(config: AlertmanagerConfig, baseDir: string): void {
  const join1 = (p: string): string => (p !== '' && !isAbsolute(p) ? join(baseDir, p) : p);
  config.templates = config.templates.map(join1);
  const fixed = new Set<HttpClientConfig>();
  const fixHttp = (h: HttpClientConfig | undefined): void => {
    if (!h || fixed.has(h)) return;
    fixed.add(h);
    const tls = [h.tlsConfig, h.oauth2?.tlsConfig];
    for (const t of tls) {
      if (!t) continue;
      t.caFile = join1(t.caFile);
      t.certFile = join1(t.certFile);
      t.keyFile = join1(t.keyFile);
    }
    h.bearerTokenFile = join1(h.bearerTokenFile);
    if (h.basicAuth) {
      h.basicAuth.usernameFile = join1(h.basicAuth.usernameFile);
      h.basicAuth.passwordFile = join1(h.basicAuth.passwordFile);
    }
    if (h.authorization) h.authorization.credentialsFile = join1(h.authorization.credentialsFile);
    if (h.oauth2) {
      h.oauth2.clientSecretFile = join1(h.oauth2.clientSecretFile);
      h.oauth2.clientCertificateKeyFile = join1(h.oauth2.clientCertificateKeyFile);
    }
    for (const header of Object.values(h.httpHeaders ?? {})) header.files = header.files?.map(join1);
  };
  fixHttp(config.global.httpConfig);
  for (const rcv of config.receivers) {
    for (const [, prop] of INTEGRATIONS) {
      if (prop === 'emailConfigs') continue;
      for (const c of (rcv[prop] ?? []) as { httpConfig?: HttpClientConfig }[]) fixHttp(c.httpConfig);
    }
  }
}
