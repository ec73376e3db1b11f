// The code a first visit downloads: one worker script for both workers, and no pure-JS hashes where WebCrypto is there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { openSession, waitOfflineReady } from './helpers/browser';
import { DIST_SAMPLES } from './helpers/paths';

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
  });

  it('fetches the worker script and no pure hashes, with WebCrypto', async () => {
    served.length = 0;
    const session = await openSession();
    try {
      await session.page.goto(server.url);
      await waitOfflineReady(session.page);
      // A search starts the second worker from the same script.
      await session.page.getByRole('searchbox').first().fill('a');
      await session.page.waitForTimeout(1500);
    } finally {
      await session.close();
    }
    const paths = served.map((line) => line.split(' ')[1] ?? '');
    expect(paths.filter((p) => /\/assets\/worker-[\w-]+\.js$/.test(p)).length, paths.join('\n')).toBeGreaterThan(0);
    expect(paths.filter((p) => PURE_HASHES.test(p))).toEqual([]);
  });
});
