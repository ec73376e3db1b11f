// Owns the plain closing line of a test run ("unit: N passed, N failed"), which CI reads whatever the runner.
import type { Reporter, TestModule } from 'vitest/node';

/** A reporter that prints one plain summary line, labelled, after Vitest's own summary. */
export function summaryReporter(label: string): Reporter {
  return {
    onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors) {
      let passed = 0;
      let failed = unhandledErrors.length;
      let skipped = 0;
      for (const m of modules) {
        let tests = 0;
        for (const t of m.children.allTests()) {
          tests++;
          const state = t.result().state;
          if (state === 'passed') passed++;
          else if (state === 'failed') failed++;
          else skipped++;
        }
        // A file that failed before any test ran (an import or setup error) is a failure too.
        if (tests === 0 && m.state() === 'failed') failed++;
      }
      console.log(`\n${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    },
  };
}
