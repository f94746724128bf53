import { defineConfig } from 'vitest/config';

// Whole-system tests start real processes (Prometheus, redis-server, vigil): give them time and run files one by one.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
