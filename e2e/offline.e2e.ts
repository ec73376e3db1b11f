// Foundation: after one visit every sample article opens offline, at the origin's root and under a sub-path, and a hanging origin does not block start.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { articleHash, collectListed, readBuiltManifest, waitForLibrary, type ExpectedArticle } from './helpers/app';
import { goOffline, openSession, waitOfflineReady, type Session } from './helpers/browser';
import { recordFigure } from './helpers/figures';
import { DIST_SAMPLES, ROOT } from './helpers/paths';

let samples: ExpectedArticle[];
let siteName: string;
let session: Session | undefined;

beforeAll(async () => {
  samples = (await readBuiltManifest(DIST_SAMPLES)).articles;
  siteName = (parse(await readFile(join(ROOT, 'site.config.yml'), 'utf8')) as { name: string }).name;
});

afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe.each([
  { where: 'at the origin root', base: '/', locale: 'en-US', uiLang: 'en', uiDir: 'ltr' },
  { where: 'under a sub-path', base: '/some/deep/path/', locale: 'fa-IR', uiLang: 'fa', uiDir: 'rtl' },
])('samples $where ($locale)', ({ base, locale, uiLang, uiDir }) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ dir: DIST_SAMPLES, base });
  });
  afterAll(() => server.close());
  // A test that went offline leaves the server down; every test starts with a working origin.
  beforeEach(() => server.setMode('normal'));

  it('opens every sample article offline after one visit', async () => {
    expect(samples.length, 'the sample build has articles').toBeGreaterThan(0);
    session = await openSession({ locale });
    const { page, context } = session;
    await page.goto(server.url);
    await waitForLibrary(page);
    await waitOfflineReady(page);

    await goOffline(context, server);
    await page.reload();
    await waitForLibrary(page);
    expect(await page.evaluate(() => [document.documentElement.lang.slice(0, 2), document.documentElement.dir])).toEqual([uiLang, uiDir]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(siteName);

    const listed = await collectListed(page);
    for (const a of samples) {
      const item = listed.find((l) => l.href.endsWith(articleHash(a.id)));
      expect(item, `${a.id} is listed`).toBeDefined();
      expect([item?.lang, item?.dir], `${a.id} list item lang and dir`).toEqual([a.lang, a.dir]);
      await expect(page.getByRole('link', { name: a.title, exact: true }).count(), `a link named ${a.title}`).resolves.toBeGreaterThan(0);
    }

    for (const a of samples) {
      await page.getByRole('link', { name: a.title, exact: true }).first().click();
      const h1 = page.getByRole('heading', { level: 1 });
      await expect.poll(() => h1.textContent(), { timeout: 10_000 }).toBe(a.title);
      expect(await h1.count(), `${a.id}: one h1`).toBe(1);
      const article = page.locator('article', { has: h1 });
      expect([await article.getAttribute('lang'), await article.getAttribute('dir')], `${a.id} article lang and dir`).toEqual([
        a.lang,
        a.dir,
      ]);
      expect(new URL(page.url()).hash).toBe(articleHash(a.id));
      // The way back is a real link to the library.
      const back = page.locator('a[href="#/"], a[href="#"], a[href="./"]');
      expect(await back.count(), `${a.id}: a link back to the library`).toBeGreaterThan(0);
      await back.first().click();
      await waitForLibrary(page);
    }

    // An app link that lost its '#' (…/article/<id>, pasted or bookmarked) still opens that article offline.
    const a = samples.find((x) => /[^\x00-\x7f]/.test(x.id)) ?? samples[0]!;
    await page.goto(`${server.url}${articleHash(a.id).slice(2)}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toBe(a.title);
    expect(new URL(page.url()).hash).toBe(articleHash(a.id));
  });

  it('shows the library quickly when the origin accepts connections and never answers', async () => {
    session = await openSession({ locale });
    const { page } = session;
    await page.goto(server.url);
    await waitForLibrary(page);
    await waitOfflineReady(page);

    server.setMode('hang');
    try {
      const started = Date.now();
      await page.reload({ waitUntil: 'commit', timeout: 15_000 });
      await waitForLibrary(page, 15_000);
      const ms = Date.now() - started;
      await recordFigure(`start with a hanging origin, samples ${base === '/' ? 'root' : 'sub-path'}`, ms, 'ms');
      expect(await page.locator('a[href*="#/article/"]').count()).toBeGreaterThanOrEqual(samples.length);
    } finally {
      server.setMode('normal');
    }
  });
});
