// Owns the end-to-end run (`npm run test:e2e`): real Chromium, one test file at a time (two cores), generous timeouts.
import { defineConfig } from 'vitest/config';
import { summaryReporter } from './helpers/summary-reporter.ts';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    // Firefox and WebKit have their own run (e2e/engines/vitest.config.ts).
    exclude: ['e2e/engines/**', '**/node_modules/**'],
    environment: 'node',
    reporters: ['default', summaryReporter('e2e')],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
