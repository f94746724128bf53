// BullMQ/ioredis wiring: queue names, typed producer and consumer, graceful close.
export * from './connection';
export * from './consumer';
export * from './names';
export * from './producer';
