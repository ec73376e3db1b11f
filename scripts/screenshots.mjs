// Owns `npm run screenshots`: drives Debian's Chromium over the built sample library (dist/) and writes phone-size PNGs to docs/screenshots/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 390, height: 844 };
/** The article with a picture, and a word every language's sample finds. */
const ARTICLE = 'share-as-file';
const QUERY = { fa: 'اینترنت', en: 'file' };

/** `--only library,article` takes some of the views; `--lang fa`, `--theme dark` narrow the rest. */
function option(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]?.split(',') : undefined;
}
const only = option('only');
const langs = option('lang') ?? ['fa', 'en'];
const themes = option('theme') ?? ['light', 'dark'];

if (!existsSync(join(DIST, 'index.html'))) {
  console.error('No build in dist/: run `npm run build:dev` first (`npm run screenshots` does).');
  process.exit(1);
}

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 150))));

/** Each view: how to reach it from a page that shows the library. */
const VIEWS = {
  library: async () => {},
  article: async (page) => {
    await page.evaluate((id) => void (location.hash = `#/article/${encodeURIComponent(id)}`), ARTICLE);
    await page.locator('article img').first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('article img')].every((i) => i.complete));
  },
  search: async (page, lang) => {
    await page.locator('input[type="search"]').fill(QUERY[lang]);
    await page.locator('section[aria-busy="false"] a[href*="#/article/"]').first().waitFor({ timeout: 15_000 });
  },
  settings: async (page) => {
    await page.evaluate(() => void (location.hash = '#/settings'));
    await page.locator('.settings h1').waitFor();
  },
  sharing: async (page) => {
    await page.locator('.share-menu').click();
    await page.locator('dialog.sheet[open]').waitFor();
  },
};

const server = await startServer({ dir: DIST, port: 0 });
await mkdir(OUT, { recursive: true });
let written = 0;
try {
  for (const lang of langs) {
    for (const theme of themes) {
      const profile = await mkdtemp(join(tmpdir(), 'open-shelf-shots-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROME,
        headless: true,
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--lang=${lang === 'fa' ? 'fa-IR' : 'en-US'}`],
        locale: lang === 'fa' ? 'fa-IR' : 'en-US',
        colorScheme: theme,
        viewport: VIEWPORT,
        deviceScaleFactor: 1,
        serviceWorkers: 'allow',
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(server.url);
        // The first visit stores the library; the pictures are taken once it reads offline, as a reader sees it then.
        await page.waitForFunction(() => document.documentElement.dataset.offlineReady === 'true', undefined, { timeout: 90_000 });
        for (const [name, reach] of Object.entries(VIEWS)) {
          if (only && !only.includes(name)) continue;
          await page.goto(`${server.url}#/`);
          await page.locator('a[href*="#/article/"]').first().waitFor({ timeout: 15_000 });
          // The status note shows a new message for a moment; pictures show the screen as it rests.
          await page.evaluate(() => document.querySelector('.status-note')?.setAttribute('hidden', ''));
          await reach(page, lang);
          await settle(page);
          const file = join(OUT, `${name}-${lang}-${theme}.png`);
          await page.screenshot({ path: file });
          written++;
          console.log(`wrote ${file.slice(ROOT.length)}`);
        }
      } finally {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      }
    }
  }
} finally {
  await server.close();
}
console.log(`${written} screenshots in docs/screenshots/`);
