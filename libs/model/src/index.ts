// Labels, matchers, fingerprints and durations as Prometheus defines them. Pure; no I/O.
export * from './duration';
export * from './labels';
export * from './sample';
export * from './fingerprint';
export * from './matcher';
export * from './matcher-compat';
export * from './matcher-parse';
export * from './matcher-parse-classic';
export * from './matcher-quote';
export * from './regexp';
export * from './stale';
export * from './go-time';
export * from './civil-date';
