// The alertmanager service: intake, dispatch, inhibition, silences, notification pipeline and API v2.
export * from './config';
export { Route, DEFAULT_ROUTE_OPTS, type RouteOpts } from './dispatch/route';
export * from './cli/check-config';
export * from './cli/routes-test';
export { runAlertmanager } from './main';
export { buildAlertmanagerService, type AlertmanagerService } from './app';
export type { AlertmanagerOptions } from './options';
