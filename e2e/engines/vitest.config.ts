// Owns the cross-engine end-to-end run (`npm run test:engines`): Firefox ESR and WebKitGTK, one file at a time, sharing the e2e builds.
import { defineConfig } from 'vitest/config';
import { summaryReporter } from '../helpers/summary-reporter.ts';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['e2e/engines/**/*.e2e.ts'],
    environment: 'node',
    reporters: ['default', summaryReporter('engines')],
    globalSetup: ['e2e/engines/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
