import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each source file's test is tests/<its path>.test.ts; tests/e2e/ drives the built app.
    include: ['tests/**/*.test.ts'],
    // Planted lint violations and other fixtures are data, never tests.
    exclude: [...configDefaults.exclude, 'tests/fixtures/**'],
    // Serial PTYs, child processes and Chromium make some tests slow on 2 cores; none asserts timing.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A polled UI condition gets seconds, not vitest's default 1 s: on 2 busy cores a click's
    // round trip through the server can take longer (seen failing CI once).
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
  },
});
