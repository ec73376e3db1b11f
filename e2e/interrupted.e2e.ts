// Foundation on a bad link: when the connection breaks in the middle of a first visit's big downloads, the app still
// installs (it opens offline), keeps every pack that arrived whole, and brings in the rest by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { articleHash, collectListed, waitForLibrary } from './helpers/app';
import { goOffline, openSession, recordRequests, waitOfflineReady, type Session } from './helpers/browser';
import type { GeneratedArticle } from './helpers/generate-library';
import { DIST_MANY, MANY_META } from './helpers/paths';

let server: RunningServer;
let session: Session;
let articles: GeneratedArticle[];

beforeAll(async () => {
  articles = (JSON.parse(await readFile(MANY_META, 'utf8')) as { articles: GeneratedArticle[] }).articles;
  server = await startServer({ dir: DIST_MANY, base: '/m/', brotliQuality: 5 });
  session = await openSession({ locale: 'en-US' });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('a first visit whose connection breaks halfway through every bulk download', () => {
  it('installs, keeps what arrived, fetches the missing packs alone, and then reads every article offline', async () => {
    const { page, context } = session;
    server.setCut((path) => path.startsWith('content/bulk-'));
    const log = recordRequests(context);
    await page.goto(server.url);
    await waitOfflineReady(page, 180_000);
    log.stop();
    server.setCut(null);

    const paths = log.urls.map((u) => new URL(u).pathname);
    expect(paths.filter((p) => p.includes('/content/bulk-')).length, 'bulk files tried').toBeGreaterThan(0);
    const packs = (await readdir(join(DIST_MANY, 'content'))).filter((f) => f.startsWith('pack-')).length;
    const alone = new Set(paths.filter((p) => p.includes('/content/pack-'))).size;
    expect(alone, 'missing packs fetched one by one').toBeGreaterThan(0);
    expect(alone, 'packs that arrived whole inside a broken bulk are kept, not fetched again').toBeLessThan(packs);

    await goOffline(context, server);
    await page.goto(server.url);
    await waitForLibrary(page);
    const listed = new Set((await collectListed(page)).map((l) => l.href.slice(l.href.indexOf('#'))));
    expect(articles.filter((a) => !listed.has(articleHash(a.id))).map((a) => a.id), 'articles missing offline').toEqual([]);
    const last = articles.at(-1) as GeneratedArticle;
    await page.evaluate((hash) => void (location.hash = hash), articleHash(last.id));
    await expect.poll(() => page.locator('article h1').textContent().catch(() => null), { timeout: 10_000 }).toBe(last.title);
  });
});
