import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SNMP labs and collectors bind fixed loopback addresses per file; two cores anyway.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
