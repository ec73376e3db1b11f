// Owns the unit test run (`npm run test:unit`): pure logic next to its code, in Node.
import { defineConfig } from 'vitest/config';
import { summaryReporter } from './e2e/helpers/summary-reporter.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.{ts,mjs,js}', 'e2e/helpers/**/*.test.ts'],
    environment: 'node',
    // Work-heavy tests (builds, 100,000-item manifests) time their own budgets; this only stops a hung one.
    testTimeout: 30_000,
    reporters: ['default', summaryReporter('unit')],
  },
});
