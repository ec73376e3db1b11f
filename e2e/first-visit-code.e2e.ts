// The code a first visit downloads: one worker script for both workers, no pure-JS hashes where WebCrypto is there,
// and no DOMPurify where the browser has the Sanitizer API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { openSession, waitOfflineReady } from './helpers/browser';
import { DIST_SAMPLES } from './helpers/paths';
import { articleHash, readBuiltManifest } from './helpers/app';
import { PURIFY_CHUNK } from './helpers/sanitizer-harness';

/** Files only a page without WebCrypto (plain HTTP, so no service worker either) ever loads. */
const PURE_HASHES = /assets\/(?:sha2|pure-hashes-script)-[\w-]+\.js/;

let server: RunningServer;
const served: string[] = [];

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES, log: (line) => served.push(line) });
});
afterAll(() => server.close());

describe('what a first visit downloads', () => {
  it('builds one worker script, which leaves the pure hashes to a script of their own that is not precached', async () => {
    const assets = await readdir(join(DIST_SAMPLES, 'assets'));
    const workers = assets.filter((f) => /^worker-[\w-]+\.js$/.test(f));
    expect(workers, 'the import and search workers share one script').toHaveLength(1);
    expect(
      assets.filter((f) => /worker/.test(f) && f.endsWith('.js')),
      'no other worker script',
    ).toEqual(workers);
    const worker = await readFile(join(DIST_SAMPLES, 'assets', workers[0]!), 'utf8');
    // SHA-512's first initial hash word (FIPS 180-4), as @noble/hashes writes it: present only with the pure hashes.
    expect(worker).not.toContain('1779033703');
    expect(worker).toMatch(/pure-hashes-script-[\w-]+\.js/);
    const sw = await readFile(join(DIST_SAMPLES, 'sw.js'), 'utf8');
    expect(sw).toMatch(/worker-[\w-]+\.js/);
    expect(sw).not.toMatch(PURE_HASHES);
    const purify = new RegExp(`\\{[^{}]*"url":"${PURIFY_CHUNK.source}"[^{}]*\\}`).exec(sw);
    expect(purify?.[0], 'DOMPurify is precached only for browsers without the Sanitizer API').toContain('"fallback":"sanitizer"');
  });

  it('fetches the worker script, no pure hashes (WebCrypto) and no DOMPurify (Sanitizer API), and still shows an article', async () => {
    served.length = 0;
    const session = await openSession();
    try {
      await session.page.goto(server.url);
      await waitOfflineReady(session.page);
      // A search starts the second worker from the same script.
      await session.page.getByRole('searchbox').first().fill('a');
      await session.page.waitForTimeout(1500);
      // An article's body goes through the page's sanitiser: the browser's own here.
      const article = (await readBuiltManifest(DIST_SAMPLES)).articles.find((a) => a.media.length > 0)!;
      await session.page.goto(`${server.url}${articleHash(article.id)}`);
      await session.page.locator('.article__body img[src^="blob:"]').first().waitFor({ timeout: 10_000 });
      expect((await session.page.locator('.article__body').innerText()).length).toBeGreaterThan(100);
      const registered = await session.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
      expect(registered, 'a browser with the Sanitizer API registers the plain service worker').toMatch(/\/sw\.js$/);
    } finally {
      await session.close();
    }
    const paths = served.map((line) => line.split(' ')[1] ?? '');
    expect(paths.filter((p) => /\/assets\/worker-[\w-]+\.js$/.test(p)).length, paths.join('\n')).toBeGreaterThan(0);
    expect(paths.filter((p) => PURE_HASHES.test(p))).toEqual([]);
    expect(paths.filter((p) => PURIFY_CHUNK.test(p))).toEqual([]);
  });
});
