import { defineConfig } from 'vitest/config';

/**
 * Four projects: pure unit tests; core against a real SQLite file with the real migrations; the HTTP hub
 * on a random port; and the renderer in Debian's Chromium (needs `npm run build` first).
 */
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      { test: { name: 'server', include: ['test/server/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // One browser at a time: two cores, and screenshots must not starve each other.
          fileParallelism: false,
        },
      },
    ],
  },
});
