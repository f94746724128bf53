// Test-only helpers shared by unit and e2e tests: a private redis-server, free ports, bounded waits.
export * from './ports';
export * from './redis-test-server';
export * from './wait-for-assertion';
