// The page's two article sanitisers (the browser's Sanitizer API with the policy's own pass, and DOMPurify) in real
// Chromium: the same policy as the build's, the same result on every built body, nothing active left of hostile input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBundle } from '../src/core/bundle-read';
import { CASE_INPUTS, caseFailures, harnessScript, sanitizeInPage, type Sanitized, type SanitizerKind } from './helpers/sanitizer-harness';
import { openPlainBrowser, type PlainBrowser } from './helpers/plain-browser';
import { DIST_MANY, DIST_SAMPLES } from './helpers/paths';

let browser: PlainBrowser;

async function sanitize(kind: SanitizerKind, inputs: string[]): Promise<Sanitized[]> {
  const results = await browser.page.evaluate(sanitizeInPage, { kind, inputs });
  if (!results) throw new Error(`No ${kind} sanitiser in this browser.`);
  return results;
}

/** Where a sanitiser's output first leaves the body it was given, with a little context. */
function firstDifference(kind: SanitizerKind, body: string, out: string): string {
  let at = 0;
  while (at < body.length && body[at] === out[at]) at++;
  return `${kind} changed ${JSON.stringify(body.slice(at - 40, at + 40))} into ${JSON.stringify(out.slice(at - 40, at + 40))}`;
}

async function builtBodies(dist: string): Promise<string[]> {
  const parsed = parseBundle(new Uint8Array(await readFile(join(dist, 'library.html'))));
  const decoder = new TextDecoder();
  return parsed.articles.map((a) => decoder.decode(a.bytes));
}

beforeAll(async () => {
  const script = await harnessScript();
  browser = await openPlainBrowser();
  await browser.page.setContent('<!doctype html><meta charset="utf-8"><title>sanitisers</title>');
  await browser.page.addScriptTag({ content: script });
});
afterAll(() => browser?.close());

describe("the page's article sanitisers", () => {
  it('Chromium has the standard Sanitizer API, so the page does not need DOMPurify there', async () => {
    expect(await sanitize('native', [])).toEqual([]);
  });

  for (const kind of ['native', 'purify'] as const) {
    it(`${kind}: every case of the policy, as text and as nodes`, async () => {
      expect(caseFailures(kind, await sanitize(kind, CASE_INPUTS))).toEqual([]);
    });
  }

  it('both leave every built body byte for byte as it is, so a reader file carries it once (sample and 520-article libraries, many scripts)', async () => {
    const bodies = [...(await builtBodies(DIST_SAMPLES)), ...(await builtBodies(DIST_MANY))];
    expect(bodies.length).toBeGreaterThan(500);
    for (const kind of ['native', 'purify'] as const) {
      const results = await sanitize(kind, bodies);
      const changed = results.flatMap((r, i) =>
        [r.text, r.nodes].filter((out) => out !== bodies[i]).map((out) => firstDifference(kind, bodies[i]!, out)),
      );
      expect(changed).toEqual([]);
    }
  });

  it('neither makes a request while sanitising, whatever the input points at', async () => {
    const before = browser.network().length;
    await sanitize('native', CASE_INPUTS);
    await sanitize('purify', CASE_INPUTS);
    await browser.page.waitForTimeout(300);
    expect(browser.network().slice(before)).toEqual([]);
  });
});
