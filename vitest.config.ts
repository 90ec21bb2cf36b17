import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000, // CLI-heavy tests start the collector 20 times; on a loaded 2-core runner each start can take 1.5 s
    hookTimeout: 60_000,
    maxWorkers: 2,
    globalSetup: ['test/temp-root.ts'],
    // CI reads the totals from a JSON report (.ci/run prints `N passed, N failed`).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.vitest-results.json' } : undefined,
  },
});
