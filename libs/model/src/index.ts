// Labels, matchers, fingerprints and durations as Prometheus defines them. Pure; no I/O.
export * from './duration';
export * from './labels';
export * from './sample';
