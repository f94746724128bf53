// Test-only helpers shared by unit and e2e tests: a private redis-server, free ports, bounded waits, and an
// in-memory Appendable for intake tests.
export * from './ports';
export * from './redis-test-server';
export * from './wait-for-assertion';
export * from './storage-appendable';
