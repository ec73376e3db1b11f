// Owns running the page's two article sanitisers on the policy's cases in any engine: a page that holds both (built
// from sanitizers-page.ts), the in-page call, and the comparison with what each case expects.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { SANITIZE_CASES } from '../../src/core/testing/sanitize-cases';

export type SanitizerKind = 'native' | 'purify';

/** DOMPurify's chunk in a build: only a browser without the standard Sanitizer API loads it, and its service worker keeps it. */
export const PURIFY_CHUNK = /assets\/article-purify-[\w-]+\.js/;
/** What one sanitiser made of one input: as text, and as nodes (serialised in the page only to compare). */
export interface Sanitized {
  text: string;
  nodes: string;
}

/** The script that puts both sanitisers on `globalThis.sanitizers` (native is null where the engine has no Sanitizer API). */
export async function harnessScript(): Promise<string> {
  const bundle = await build({
    input: fileURLToPath(new URL('./sanitizers-page.ts', import.meta.url)),
    platform: 'browser',
    logLevel: 'warn',
    write: false,
    output: { format: 'iife', codeSplitting: false },
  });
  return bundle.output[0].code;
}

/** Writes index.html and harness.js into `dir`, to serve over HTTP to an engine that cannot be handed a script. */
export async function writeHarnessPage(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'harness.js'), await harnessScript());
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>sanitisers</title><script src="harness.js"></script>',
  );
}

/** Runs in the page: each input through one sanitiser. */
export function sanitizeInPage({ kind, inputs }: { kind: SanitizerKind; inputs: string[] }): Sanitized[] | null {
  type Sanitizer = { text(html: string): string; fragment(html: string): DocumentFragment };
  const s = (globalThis as unknown as { sanitizers: Record<string, Sanitizer | undefined> }).sanitizers[kind];
  if (!s) return null;
  return inputs.map((html) => {
    const div = document.createElement('div');
    div.append(s.fragment(html));
    return { text: s.text(html), nodes: div.innerHTML };
  });
}

/** Every way the results of `kind` on SANITIZE_CASES (in order) miss what the cases expect. */
export function caseFailures(kind: SanitizerKind, results: Sanitized[]): string[] {
  const failures: string[] = [];
  for (const [i, c] of SANITIZE_CASES.entries()) {
    const want = kind === 'native' ? (c.outNative ?? c.out) : c.out;
    for (const [how, out] of Object.entries(results[i]!)) {
      if (want !== undefined && out !== want) failures.push(`${c.name} (${how}): ${JSON.stringify(out)} != ${JSON.stringify(want)}`);
      if (c.absent?.test(out)) failures.push(`${c.name} (${how}): ${JSON.stringify(out)} matches ${c.absent}`);
      if (c.present !== undefined && !out.includes(c.present)) failures.push(`${c.name} (${how}): lacks ${c.present}`);
    }
  }
  return failures;
}

/** The inputs of SANITIZE_CASES, in order. */
export const CASE_INPUTS = SANITIZE_CASES.map((c) => c.html);
