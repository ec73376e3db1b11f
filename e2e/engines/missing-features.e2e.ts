// An engine without service workers or without IndexedDB: the app says in one sentence what works there, never a blank page or a false "saved".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { DIST_SAMPLES } from '../helpers/paths';
import { STRINGS } from '../../src/ui/i18n-all';
import { waitUntil, type EnginePage } from './driver';
import { openFirefox } from './firefox';

let server: RunningServer;
const pages: EnginePage[] = [];
beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES, brotliQuality: 5 });
});
afterAll(async () => {
  for (const p of pages) await p.close();
  await server?.close();
});

/** The status region's text once it contains one of `expected`, or what it said when time ran out. */
async function statusOnce(page: EnginePage, expected: string[]): Promise<string> {
  return waitUntil(
    page,
    (wanted) => {
      const text = [...document.querySelectorAll('[role="status"]')]
        .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
        .join(' | ');
      return wanted.some((w) => text.includes(w)) ? text : null;
    },
    expected,
    { timeout: 60_000, what: `the status saying one of ${JSON.stringify(expected)}` },
  );
}

describe('Firefox with a feature turned off, as an old or locked-down engine has it', () => {
  it('with no service workers it keeps the articles and says, in Persian, that the app will not open offline and what to do', async () => {
    const page = await openFirefox({ locale: 'fa-IR', firefoxPrefs: { 'dom.serviceWorkers.enabled': false } });
    pages.push(page);
    await page.goto(server.url);
    const fa = STRINGS.fa;
    const status = await statusOnce(page, [fa.savedNoServiceWorker, fa.offlineReady]);
    expect(await page.run(() => 'serviceWorker' in navigator, null), 'the engine really has no service workers').toBe(false);
    expect(status).toContain(fa.savedNoServiceWorker);
    expect(status).not.toContain(fa.offlineReady);
    expect(
      await page.run(() => document.querySelectorAll('a[href*="#/article/"]').length, null),
      'the articles still list',
    ).toBeGreaterThan(0);
  });

  it('with IndexedDB refusing to open (a private window that keeps nothing) it says the library cannot be kept here and what works', async () => {
    const page = await openFirefox({
      locale: 'en-US',
      firefoxPrefs: { 'browser.privatebrowsing.autostart': true, 'dom.indexedDB.privateBrowsing.enabled': false },
    });
    pages.push(page);
    await page.goto(server.url);
    const en = STRINGS.en;
    const status = await statusOnce(page, [en.noStorage, en.syncWaiting, en.offlineReady]);
    expect(status).toContain(en.noStorage);
    expect(await page.run(() => document.querySelector('h1')?.textContent?.trim() ?? '', null), 'the app is painted, not blank').not.toBe(
      '',
    );
  });
});
