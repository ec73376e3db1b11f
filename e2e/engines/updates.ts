// Owns what every engine must do once the site is blocked: the library installed from the site takes a newer edition
// from a signed mirror (a cross-origin fetch, verified and stored in this engine), and reads it offline afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { STRINGS } from '../../src/ui/i18n-all';
import { articleHash } from '../helpers/app';
import { ROLLBACK, squash } from '../helpers/fixture-text';
import { MIRROR_B, MIRROR_C, buildMirrorApps, mirrorUrl } from '../helpers/mirror-builds';
import { waitUntil, type EngineName, type EngineOptions, type EnginePage } from './driver';

const en = STRINGS.en;

/** The article's text as the app shows it, once its body is in (from the list first, so the article is read anew). */
async function shownText(page: EnginePage, id: string): Promise<string> {
  // Asked again on each poll: a hash set while a reload is still under way lands on the page being left.
  await waitUntil(
    page,
    () => {
      if (location.hash !== '#/') location.hash = '#/';
      return document.querySelector('a[href*="#/article/"]') !== null && document.querySelector('article .article__body') === null;
    },
    null,
    { what: 'the library view' },
  );
  await page.run((hash) => void (location.hash = hash), articleHash(id));
  return waitUntil(
    page,
    () => document.querySelector('article .article__body[aria-busy="false"]')?.textContent?.replace(/\s+/g, ' ').trim(),
    null,
    { what: `article ${id} shown` },
  );
}

/**
 * Presses Settings' "Check for updates now" once no check runs (the start-up check may still) and returns, once the
 * check it started is over, its outcome and each address's result, in the order shown.
 */
async function checkNow(page: EnginePage): Promise<{ outcome: string; results: [string, string][] }> {
  await page.run(() => void (location.hash = '#/settings'), null);
  const stamp = await waitUntil(
    page,
    (name) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
      if (!button || button.getAttribute('aria-disabled') === 'true') return null;
      const at = Date.now();
      button.click();
      return at;
    },
    en.checkNow,
    { timeout: 60_000, what: 'the "Check for updates now" button, enabled' },
  );
  return waitUntil(
    page,
    (since) => {
      const status = document.querySelector('.update-sources [role="status"]');
      if (Number(status?.getAttribute('data-checked-at') ?? 0) < since) return null;
      // Pairs, not an object: its keys need not keep their order through WebDriver.
      const results = [...document.querySelectorAll('.update-sources__list li')].map((li): [string, string] => [
        (li.querySelector('.update-sources__url')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        li.getAttribute('data-status') ?? '',
      ]);
      return { outcome: status?.textContent ?? '', results };
    },
    stamp,
    { timeout: 90_000, what: 'the check that started after the press, over' },
  );
}

/** Declares the update-after-the-block tests for one engine, opened by `open`. */
export function describeUpdates(engine: EngineName, open: (options: EngineOptions) => Promise<EnginePage>): void {
  describe(`${engine}: updates once the site is blocked`, () => {
    let a: RunningServer | undefined;
    let b: RunningServer | undefined;
    let page: EnginePage | undefined;

    beforeAll(async () => {
      const builds = await buildMirrorApps();
      a = await startServer({ dir: builds.old, base: '/news/', brotliQuality: 4 });
      b = await startServer({ dir: builds.new, ...MIRROR_B, cors: true, brotliQuality: 4 });
      page = await open({ locale: 'en-US' });
    }, 400_000);
    afterAll(async () => {
      await page?.close();
      await Promise.all([a?.close(), b?.close()]);
    });

    it('installed from the site, then blackholed: takes the newer edition from a signed mirror and reads it offline', async () => {
      const p = page!;
      b!.setMode('down');
      await p.goto(a!.url);
      await waitUntil(
        p,
        () => document.documentElement.dataset.offlineReady === 'true' && navigator.serviceWorker?.controller != null,
        null,
        { timeout: 120_000, what: 'the library saved and the service worker in control' },
      );
      expect(await shownText(p, ROLLBACK.id)).toContain(ROLLBACK.oldText);

      // The censor blackholes the site (every request hangs); mirror B serves the newer edition, C is not there at all.
      a!.setMode('hang');
      b!.setMode('normal');
      const check = await checkNow(p);
      const status = new Map(check.results);
      expect(status.get(mirrorUrl(MIRROR_B))).toBe('updated');
      expect(status.get(mirrorUrl(MIRROR_C))).not.toBe('updated');
      const nth = check.results.findIndex(([url]) => url === mirrorUrl(MIRROR_B)) + 1;
      expect(squash(check.outcome), JSON.stringify(check.results)).toBe(en.checkUpdated(en.ordinal(nth), '1', '1'));
      expect(await shownText(p, ROLLBACK.id)).toContain(ROLLBACK.newText);

      // Every address down: the app opened again (at its address, the library) shows the new edition from the device.
      a!.setMode('down');
      b!.setMode('down');
      await p.goto(a!.url);
      expect(await shownText(p, ROLLBACK.id)).toContain(ROLLBACK.newText);
    });
  });
}
