import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Serial PTYs, child processes and Chromium make some tests slow on 2 cores; none asserts timing.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
});
