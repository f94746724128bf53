// The config as Alertmanager prints it (`/api/v2/status`, `amtool config show`): every field in Go's order,
// defaults and inherited global values included, secrets replaced by `<secret>`.

import { stringify } from 'yaml';
import type { AlertmanagerConfig } from './config';
import { eventRecorderSchema, tracingSchema } from './extras-config';
import { globalConfigSchema } from './global';
import { inhibitRuleSchema } from './inhibit-rule-config';
import { receiverSchema } from './receiver-config';
import { routeSchema } from './route-config';
import { marshalStruct } from './schema';
import { muteTimeIntervalSchema, timeIntervalSchema } from './time-interval-config';

type Obj = Record<string, unknown>;

/** redactSecrets returns the config as plain YAML-ready data, secrets shown as `<secret>`. */
export function redactSecrets(config: AlertmanagerConfig): Obj {
  const out: Obj = {
    global: marshalStruct(globalConfigSchema, config.global as unknown as Obj),
    route: marshalStruct(routeSchema, config.route as unknown as Obj),
  };
  if (config.inhibitRules.length > 0) {
    out.inhibit_rules = config.inhibitRules.map((r) => marshalStruct(inhibitRuleSchema, r as unknown as Obj));
  }
  if (config.receivers.length > 0) {
    out.receivers = config.receivers.map((r) => marshalStruct(receiverSchema, r as unknown as Obj));
  }
  out.templates = [...config.templates];
  if (config.muteTimeIntervals.length > 0) {
    out.mute_time_intervals = config.muteTimeIntervals.map((t) =>
      marshalStruct(muteTimeIntervalSchema, t as unknown as Obj),
    );
  }
  if (config.timeIntervals.length > 0) {
    out.time_intervals = config.timeIntervals.map((t) =>
      marshalStruct(timeIntervalSchema, t as unknown as Obj),
    );
  }
  if (config.tracing) out.tracing = marshalStruct(tracingSchema, config.tracing);
  if (config.eventRecorder) out.event_recorder = marshalStruct(eventRecorderSchema, config.eventRecorder);
  return out;
}

/** marshalConfig prints the redacted config as YAML, as Alertmanager's Config.String() does. */
export function marshalConfig(config: AlertmanagerConfig): string {
  return stringify(redactSecrets(config), { lineWidth: 0, nullStr: 'null' });
}
