// Owns running axe-core in an app page (under the app's own Content-Security-Policy and Trusted Types) and describing what it found.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './paths';

/** One axe violation, reduced to what a person needs to find and fix it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let source: Promise<string> | undefined;

/**
 * Loads axe-core into the page. It is evaluated through the DevTools protocol rather than added as a <script>,
 * which the app's policy (script-src 'self') would refuse, so the page runs exactly as readers get it.
 */
export async function injectAxe(page: Page): Promise<void> {
  source ??= readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const code = await source;
  await page.evaluate(`(() => { ${code}\n; return typeof axe; })()`);
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe);
  if (loaded !== 'object') throw new Error(`axe-core did not load in the page (typeof axe is ${loaded}).`);
}

/** Runs axe on the whole document and returns the violations of at least `minImpact` (default serious). */
export async function axeViolations(page: Page, minImpact: 'serious' | 'critical' = 'serious'): Promise<AxeViolation[]> {
  const all = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  });
  const keep = minImpact === 'critical' ? ['critical'] : ['serious', 'critical'];
  return all.filter((v) => v.impact !== null && keep.includes(v.impact));
}

/** Violations as lines for a failure message. */
export function describeViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.map((v) => `${where}: [${v.impact}] ${v.id}: ${v.help} at ${v.targets.join(', ')}`);
}
