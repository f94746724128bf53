// Silences: Alertmanager's silence state, its Muter (Silencer), API helpers and Redis persistence.
export * from './codec';
export * from './errors';
export * from './listing';
export * from './postable';
export * from './redis-silence-store';
export * from './silence';
export * from './silence-store';
export * from './silencer';
export * from './silences';
export * from './validate';
