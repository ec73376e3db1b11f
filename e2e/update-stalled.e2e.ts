// An update applied while the version in control still answers a request (Chromium activates the new one only after),
// and a new version deployed during a first visit: the reader is never left waiting on a tap, or on a page whose code
// the new version no longer serves.
import { afterEach, describe, expect, it } from 'vitest';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STRINGS } from '../src/ui/i18n-all';
import { openSession, waitOfflineReady, type Session } from './helpers/browser';
import { waitForLibrary } from './helpers/app';
import { buildFixtureApp } from './helpers/fixture-build';
import { ROLLBACK } from './helpers/fixture-text';
import { DIST_SAMPLES, TMP } from './helpers/paths';
import { startStallingServer, type StallingServer } from './helpers/stalling-server';
import { statusText, visitOnce } from './helpers/visit';
import type { RunningServer } from '../scripts/serve.mjs';

const t = STRINGS.en;
const SITE = join(TMP, 'update-stalled-site');
// Another build of the samples to run the first test on (to see it fail on older sources): UPDATE_STALLED_DIST=<dist>.
const SAMPLES = process.env.UPDATE_STALLED_DIST ?? DIST_SAMPLES;

let server: StallingServer | undefined;
let session: Session | undefined;

async function deploy(dist: string): Promise<void> {
  await rm(SITE, { recursive: true, force: true });
  await cp(dist, SITE, { recursive: true });
}

afterEach(async () => {
  await session?.close();
  await server?.close();
  session = server = undefined;
});

describe('an update', () => {
  it('applies within seconds of the tap while a pack request of the old version hangs', async () => {
    await deploy(SAMPLES);
    server = await startStallingServer(SITE, '/news/');
    session = await visitOnce(server as unknown as RunningServer);
    const { page } = session;
    // The next version: the same app, its service worker one comment different.
    await writeFile(join(SITE, 'sw.js'), `${await readFile(join(SITE, 'sw.js'), 'utf8')}\n// next\n`);
    await page.reload();
    await page.getByRole('region', { name: t.updateReady }).waitFor({ timeout: 60_000 });

    // The origin stops answering for packs (a firewall); the page asks for one the library already holds (its cache
    // keeps a marker only, so the old worker goes to the network, and never hears back).
    const pack = await page.evaluate(async () => (await (await caches.open('offline-reader-content-v1')).keys())[0]?.url);
    expect(pack).toBeTruthy();
    server.state.hang = /\/content\/pack-/;
    await page.evaluate((url) => void fetch(url as string).catch(() => undefined), pack);
    await expect.poll(() => server!.state.log.some((l) => l.startsWith('withheld')), { timeout: 10_000 }).toBe(true);
    await page.waitForTimeout(1000);

    const reloaded = page.waitForEvent('framenavigated', { timeout: 20_000 });
    const tapped = Date.now();
    await page.getByRole('button', { name: t.updateReload }).click();
    await reloaded;
    // Before the fix: nothing for 90 s and more (the tap waited for the hung request), the banner unchanged.
    expect(Date.now() - tapped).toBeLessThan(20_000);
    await page.waitForLoadState();
    await expect
      .poll(() => page.evaluate(async () => !(await navigator.serviceWorker.getRegistration())?.waiting), { timeout: 10_000 })
      .toBe(true);
    await expect(page.getByRole('region', { name: t.updateReady }).count()).resolves.toBe(0);
  });
});

describe('a new version deployed during a first visit', () => {
  it('reloads the page as the version that took it over, which then has the library', async () => {
    const [distOld, distNew] = await Promise.all([
      buildFixtureApp({ fixture: 'trust-old', edition: ROLLBACK.oldEdition }),
      buildFixtureApp({ fixture: 'trust-new', edition: ROLLBACK.newEdition }),
    ]);
    await deploy(distOld);
    server = await startStallingServer(SITE, '/news/');
    session = await openSession();
    const { page } = session;
    // A slow link: the first install is still downloading the app when the publisher deploys the next version.
    server.state.delay = /\/(assets|content|icons)\//;
    server.state.delayMs = 1500;
    await page.goto(server.url);
    await page.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration())?.installing, undefined, {
      timeout: 60_000,
      polling: 100,
    });
    await page.waitForTimeout(1500);
    await deploy(distNew);
    server.state.delay = undefined;
    // The first install fails (its files are gone), the retry installs the new version, which takes the page over.
    // Before the fix the page stayed on the old code, asking for its edition again and again (gone: 404): an empty list,
    // "could not be downloaded", for minutes; a reload showed everything saved.
    await waitOfflineReady(page, 90_000);
    await waitForLibrary(page, 30_000);
    const edition = (html: string): string | undefined => /name="or-edition" content="([^"]+)"/.exec(html)?.[1];
    expect(await page.evaluate(() => document.querySelector('meta[name="or-edition"]')?.getAttribute('content'))).toBe(
      edition(await readFile(join(distNew, 'index.html'), 'utf8')),
    );
    expect(await statusText(page)).not.toContain(t.syncWaiting);
  });
});
