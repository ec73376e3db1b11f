/** Owns the mirror update: the app's own address blackholed and one mirror up; time from "Check for updates now" to the new edition stored. */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '../scripts/serve.mjs';
import { waitOfflineReady } from '../e2e/helpers/browser';
import type { GeneratedArticle } from '../e2e/helpers/generate-library';
import { ROOT } from '../e2e/helpers/paths';
import { STRINGS } from '../src/ui/i18n-all';
import { launch, newProfile } from './browser';
import { buildApp } from './build';
import { precompress } from './dist-files';
import { editOneArticle } from './library';

/** What the mirror update cost. */
export interface MirrorUpdate {
  /** From the press of "Check for updates now" until the check said the new edition is stored. */
  ms: number;
  /** Bytes the mirror sent (bodies, compressed as sent), and its requests. */
  bytes: number;
  requests: number;
  /** The outcome line the reader saw. */
  outcome: string;
}

// A second loopback origin, at a fixed place: the build signs it in and its Content-Security-Policy allows it.
const MIRROR = { host: '127.0.0.6', port: 47_391, base: '/mirror/' };
const MIRROR_URL = `http://${MIRROR.host}:${MIRROR.port}${MIRROR.base}`;
const t = STRINGS.en;

/** Two editions of the library (one article changed), built with the mirror configured, in `dir`. */
async function buildEditions(articlesDir: string, edited: GeneratedArticle, dir: string): Promise<{ own: string; mirror: string }> {
  const config = (await readFile(join(ROOT, 'site.config.yml'), 'utf8')).replace(/^mirrors: \[\]$/m, `mirrors:\n  - ${MIRROR_URL}`);
  const siteConfig = join(dir, 'site.config.yml');
  await writeFile(siteConfig, config);
  const articles = join(dir, 'articles');
  await rm(articles, { recursive: true, force: true });
  await cp(articlesDir, articles, { recursive: true });
  const own = join(dir, 'dist-own');
  const mirror = join(dir, 'dist-mirror');
  await buildApp(articles, own, { OFFLINE_READER_SITE_CONFIG: siteConfig, OFFLINE_READER_EDITION: '1000' });
  await editOneArticle(articles, edited);
  await buildApp(articles, mirror, { OFFLINE_READER_SITE_CONFIG: siteConfig, OFFLINE_READER_EDITION: '2000' });
  await Promise.all([precompress(own), precompress(mirror)]);
  return { own, mirror };
}

/** Installs the app from its own address, blackholes it, publishes the next edition only on the mirror, and times the check. */
export async function measureMirrorUpdate(
  articlesDir: string,
  articles: GeneratedArticle[],
  dir: string,
  timeoutMs: number,
): Promise<MirrorUpdate> {
  const edited = articles[Math.floor(articles.length / 2)];
  if (!edited) throw new Error('The library is empty.');
  await mkdir(dir, { recursive: true });
  const { own, mirror } = await buildEditions(articlesDir, edited, dir);
  const served = { bytes: 0, requests: 0 };
  const origin = await startServer({ dir: own, port: 0 });
  const host = await startServer({
    dir: mirror,
    host: MIRROR.host,
    port: MIRROR.port,
    base: MIRROR.base,
    cors: true,
    log: (line: string) => {
      served.requests++;
      served.bytes += Number(/ (\d+)B /.exec(line)?.[1] ?? 0);
    },
  });
  const session = await launch(await newProfile());
  try {
    const { page } = session;
    host.setMode('down');
    await page.goto(`${origin.url}#/settings`);
    await waitOfflineReady(page, timeoutMs);
    const status = page.locator('.update-sources [role="status"]');
    // The start-up check (the mirror down, the own address current) is over before the timed one.
    await status.locator('xpath=self::*[@data-checked-at]').waitFor({ timeout: timeoutMs });
    origin.setMode('hang');
    host.setMode('normal');
    served.bytes = 0;
    served.requests = 0;
    const pressed = await page.evaluate(() => Date.now());
    await page.getByRole('button', { name: t.checkNow }).click();
    const handle = await page.waitForFunction(
      (from) => {
        const at = Number(document.querySelector('.update-sources [role="status"]')?.getAttribute('data-checked-at') ?? 0);
        return at >= from ? Date.now() : false;
      },
      pressed,
      { timeout: timeoutMs, polling: 20 },
    );
    const ms = Number(await handle.jsonValue()) - pressed;
    const outcome = ((await status.textContent()) ?? '').trim();
    if (!outcome.startsWith('Updated from')) throw new Error(`The check did not update from the mirror: "${outcome}"`);
    return { ms, ...served, outcome };
  } finally {
    await session.close(false);
    await Promise.all([origin.close(), host.close()]);
  }
}
