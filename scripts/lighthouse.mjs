// Owns `npm run lighthouse`: Lighthouse (pinned 12.2.x, runs on Node 20) over the built app (dist/) in Debian's Chromium, for the library and an article page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startServer } from './serve.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
/** The pages measured: the library, and the sample article with a picture. */
const PAGES = { library: '', article: '#/article/share-as-file' };
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

if (!existsSync(join(DIST, 'index.html'))) {
  console.error('No build in dist/: run `npm run build:dev` first (`npm run lighthouse` does).');
  process.exit(1);
}

const server = await startServer({ dir: DIST, port: 0 });
const chrome = await chromeLauncher.launch({
  chromePath: CHROME,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  for (const [name, hash] of Object.entries(PAGES)) {
    const result = await lighthouse(server.url + hash, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned no result for ${name}.`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
    console.log(`${name}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}`);
    for (const c of ['accessibility', 'best-practices']) {
      if (scores[c] === 100) continue;
      failed = true;
      for (const ref of lhr.categories[c].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) console.log(`  ${c}: ${audit.id}: ${audit.title}`);
      }
    }
  }
} finally {
  await chrome.kill();
  await server.close();
}
// Accessibility and best practices are held at 100; performance is reported, not asserted (it depends on the machine).
process.exit(failed ? 1 : 0);
