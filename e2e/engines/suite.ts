// Owns what every engine must do, written once: a 500+ article first visit, offline reading, Persian, search, storage, import, forgery, file://.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { articleHash, collectListed, openAllByHash, readBuiltManifest } from '../helpers/app';
import { devKey, forgeReaderFile, replaceOnce, sitePublisher } from '../helpers/forge';
import type { GeneratedArticle } from '../helpers/generate-library';
import { DONE_EN, saveBytes } from '../helpers/library-io';
import { DIST_MANY, DIST_SAMPLES, MANY_META, TMP } from '../helpers/paths';
import { recordFigure } from '../helpers/figures';
import { CASE_INPUTS, PURIFY_CHUNK, caseFailures, sanitizeInPage, writeHarnessPage } from '../helpers/sanitizer-harness';
import { normalizeText } from '../../src/core/normalize';
import { STRINGS } from '../../src/ui/i18n-all';
import type { Manifest } from '../../src/core/types';
import { waitUntil, type EngineName, type EnginePage } from './driver';
import { openFirefox } from './firefox';
import { openWebKit } from './webkit';
import { describeUpdates } from './updates';
import { describeDataSaver } from './data-saver';

const OPEN: Record<EngineName, typeof openFirefox> = { firefox: openFirefox, webkit: openWebKit };
const fa = STRINGS.fa;
const en = STRINGS.en;

/**
 * The helpers of ../helpers/app.ts only call `page.evaluate(fn, arg)`: this gives them an engine page in that shape,
 * so the list and article checks are the very ones the Chromium suite runs.
 */
function asEvaluator(page: EnginePage): Page {
  const evaluate = <A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => page.run(fn, arg);
  return { evaluate } as unknown as Page;
}

/** What the status and alert regions say, and whether a dialog is open. */
async function announcements(page: EnginePage): Promise<{ status: string; alert: string; dialog: string }> {
  return page.run(() => {
    const text = (sel: string): string =>
      [...document.querySelectorAll(sel)]
        .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .join(' | ');
    return { status: text('[role="status"]'), alert: text('[role="alert"]'), dialog: text('dialog[open]') };
  }, null);
}

/** Gives the file input `path` and waits for the import's outcome: a status matching `done`, an alert or a dialog. */
async function importFile(
  page: EnginePage,
  path: string,
  done: RegExp,
  timeout = 120_000,
): Promise<{ status: string; alert: string; dialog: string }> {
  await page.setInputFile(path);
  return waitUntil(
    page,
    (source) => {
      const text = (sel: string): string =>
        [...document.querySelectorAll(sel)]
          .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
          .filter(Boolean)
          .join(' | ');
      const out = { status: text('[role="status"]'), alert: text('[role="alert"]'), dialog: text('dialog[open]') };
      return out.alert || out.dialog || new RegExp(source).test(out.status) ? out : null;
    },
    done.source,
    { timeout, what: `the import of ${path} finishing` },
  );
}

/**
 * Serves `dir` and opens a fresh `engine` page (a profile of its own) before the tests of the describe that calls it,
 * hands both to `opened`, and closes them after those tests.
 */
function serveAndOpen(
  engine: EngineName,
  dir: string,
  { base, locale }: { base?: string; locale: string },
  opened: (server: RunningServer, page: EnginePage) => void,
): void {
  let server: RunningServer | undefined;
  let page: EnginePage | undefined;
  beforeAll(async () => {
    server = await startServer({ dir, base, brotliQuality: 5 });
    page = await OPEN[engine]({ locale });
    opened(server, page);
  });
  afterAll(async () => {
    await page?.close();
    await server?.close();
  });
}

/** Declares the whole cross-engine suite for one engine. */
export function describeEngine(engine: EngineName): void {
  describe(`${engine}: a library of 500+ articles in many scripts, in Persian`, () => {
    let server: RunningServer;
    let page: EnginePage;
    let articles: GeneratedArticle[];

    serveAndOpen(engine, DIST_MANY, { base: '/archive/reader/', locale: 'fa-IR' }, (s, p) => ([server, page] = [s, p]));
    beforeAll(async () => {
      articles = (JSON.parse(await readFile(MANY_META, 'utf8')) as { articles: GeneratedArticle[] }).articles;
    });

    it('the first visit follows the browser into Persian and saves everything', async () => {
      expect(articles.length).toBeGreaterThanOrEqual(500);
      expect(new Set(articles.map((a) => a.lang)).size).toBeGreaterThanOrEqual(15);
      const started = Date.now();
      await page.goto(server.url);
      const shell = await waitUntil(
        page,
        () => document.querySelector('h1') && { lang: document.documentElement.lang, dir: document.documentElement.dir },
        null,
        { what: 'the app painting' },
      );
      expect(shell, 'Persian, right to left').toEqual({ lang: 'fa', dir: 'rtl' });
      expect(
        await page.run(() => getComputedStyle(document.getElementById('old-browser')!).display, null),
        'the old-browser note stays hidden',
      ).toBe('none');
      await waitUntil(
        page,
        () => document.documentElement.dataset.offlineReady === 'true' && navigator.serviceWorker?.controller != null,
        null,
        { timeout: 200_000, what: `everything saved (${articles.length} articles) and the service worker in control` },
      );
      await recordFigure(`${engine}: first visit to offline-ready, ${articles.length} articles`, Date.now() - started, 'ms');
      expect((await announcements(page)).status).toContain(fa.offlineReady);
      // The page names what its engine lacks in its service worker's URL; DOMPurify's chunk is kept exactly where it is named.
      const kept = await page.run(async (purifyChunk) => {
        const registration = await navigator.serviceWorker.getRegistration();
        const urls: string[] = [];
        for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        return {
          sanitizerApi: typeof (globalThis as { Sanitizer?: unknown }).Sanitizer === 'function' && 'setHTML' in Element.prototype,
          sw: registration?.active?.scriptURL ?? '',
          purify: urls.filter((u) => new RegExp(purifyChunk).test(u)).length,
        };
      }, PURIFY_CHUNK.source);
      console.log(`${engine}: ${kept.sanitizerApi ? "the browser's Sanitizer API" : 'DOMPurify'} sanitises articles`);
      expect(kept).toEqual(
        kept.sanitizerApi
          ? { sanitizerApi: true, sw: expect.stringMatching(/\/sw\.js$/), purify: 0 }
          : { sanitizerApi: false, sw: expect.stringMatching(/\/sw\.js\?fallback=sanitizer$/), purify: 1 },
      );
    });

    it('with the server down, it reloads, lists every article and opens one in every script', async () => {
      server.setMode('down');
      await page.reload();
      await waitUntil(page, () => document.querySelector('a[href*="#/article/"]') !== null, null, { what: 'the library list offline' });
      const listed = await collectListed(asEvaluator(page));
      const hrefs = new Set(listed.map((l) => l.href.slice(l.href.indexOf('#'))));
      expect(
        articles.filter((a) => !hrefs.has(articleHash(a.id))).map((a) => a.id),
        'articles not listed',
      ).toEqual([]);
      // The Chromium suite opens all of them; here one per language and every 25th keeps two engines inside six minutes.
      const sample = articles.filter((a, i) => i % 25 === 0 || articles.findIndex((b) => b.lang === a.lang) === i);
      const opening = Date.now();
      expect(await openAllByHash(asEvaluator(page), sample), 'articles that did not open right').toEqual([]);
      await recordFigure(
        `${engine}: open an article offline, mean of ${sample.length}`,
        Math.round((Date.now() - opening) / sample.length),
        'ms',
      );
    });

    it('search finds a Persian word offline and counts the matches', async () => {
      await page.run(() => void (location.hash = '#/'), null);
      const word = 'کتاب';
      const titled = articles.filter((a) =>
        normalizeText(a.title)
          .split(/\s+/)
          .some((w) => w.startsWith(word)),
      );
      expect(titled.length).toBeGreaterThan(0);
      // The empty field shows its Persian placeholder within its box (Firefox set it outside a plaintext field).
      const placeholder = await waitUntil(
        page,
        () => {
          const box = document.querySelector<HTMLInputElement>('input[type="search"]');
          return box && { text: box.placeholder, overflow: Math.max(0, box.scrollWidth - box.clientWidth) };
        },
        null,
        { what: 'the search box' },
      );
      expect(placeholder).toEqual({ text: fa.searchPlaceholder, overflow: 0 });
      await waitUntil(
        page,
        (q) => {
          const box = document.querySelector<HTMLInputElement>('input[type="search"]');
          if (!box) return false;
          box.value = q;
          box.dispatchEvent(new Event('input', { bubbles: true }));
          return true;
        },
        word,
        { what: 'the search box' },
      );
      const [before = '', after = ''] = fa.searchCount('\u0000').split('\u0000');
      const found = await waitUntil(
        page,
        ({ label, before, after }) => {
          const section = document.querySelector(`section[aria-label="${label}"]`);
          const status = section?.querySelector('[role="status"]')?.textContent?.trim() ?? '';
          if (!status.startsWith(before) || !status.endsWith(after)) return null;
          return {
            count: status.slice(before.length, status.length - after.length),
            hashes: [...section!.querySelectorAll('a')].map((a) => a.hash),
          };
        },
        { label: fa.searchLabel, before, after },
        { what: 'search results' },
      );
      expect(Number(normalizeText(found.count)), 'matches counted (in Persian digits)').toBeGreaterThanOrEqual(Math.min(titled.length, 1));
      expect(found.hashes.length).toBeGreaterThan(0);
      const shown = found.hashes.map((h) => decodeURIComponent(h.replace('#/article/', '')));
      const known = new Set(titled.map((a) => a.id));
      expect(
        shown.some((id) => known.has(id)),
        'an article titled with the word is among the first results',
      ).toBe(true);
    });

    it('Settings says how much room the library takes, or that this browser does not say', async () => {
      await page.run(() => void (location.hash = '#/settings'), null);
      const seen = await waitUntil(
        page,
        () => {
          const text = document.querySelector('section[aria-labelledby="s-storage"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
          return text ? { text, hasEstimate: typeof navigator.storage?.estimate === 'function' } : null;
        },
        null,
        { what: 'the storage section' },
      );
      if (seen.hasEstimate) {
        const [head = ''] = fa.storageUse('\u0000', '\u0000').split('\u0000');
        expect(seen.text, 'the room the library takes').toContain(head);
      } else {
        // WebKitGTK has no navigator.storage: the app says so plainly instead of showing nothing or a wrong figure.
        expect(seen.text).toContain(fa.storageUnknown);
      }
    });
  });

  describe(`${engine}: a first visit whose connection breaks before the library arrives`, () => {
    let server: RunningServer;
    let page: EnginePage;

    serveAndOpen(engine, DIST_SAMPLES, { locale: 'en-US' }, (s, p) => ([server, page] = [s, p]));

    it('says the library is on its way, and installs and saves it by itself once the connection is back', async () => {
      // The edition is part of the service worker's first download: with it cut, that first install fails.
      server.setCut((path) => path.startsWith('content/'));
      await page.goto(server.url);
      await waitUntil(
        page,
        (sentence) => [...document.querySelectorAll('[role="status"]')].some((e) => (e.textContent ?? '').includes(sentence)),
        en.syncWaiting,
        { timeout: 90_000, what: 'the app saying the library could not be downloaded yet' },
      );
      const list = await page.run(() => document.querySelector('main')?.textContent ?? '', null);
      expect(list, 'the empty list says the library is on its way').toContain(en.emptyWhileSaving);
      expect(list).not.toContain(en.emptyLibrary);
      // No "online" event reaches a page driven over WebDriver: the service worker's retry and the sync's are on timers.
      server.setCut(null);
      await waitUntil(
        page,
        () => document.documentElement.dataset.offlineReady === 'true' && navigator.serviceWorker?.controller != null,
        null,
        { timeout: 150_000, what: 'the service worker installed again and the library saved' },
      );
      expect(await page.run(() => document.querySelectorAll('main a[href*="#/article/"]').length, null)).toBeGreaterThan(0);
    });
  });

  describe(`${engine}: reader files`, () => {
    let server: RunningServer;
    let page: EnginePage;
    let samples: Manifest;

    serveAndOpen(engine, DIST_SAMPLES, { locale: 'en-US' }, (s, p) => ([server, page] = [s, p]));
    beforeAll(async () => {
      samples = await readBuiltManifest(DIST_SAMPLES);
    });

    it('the reader file opened from disk shows its contents and an article', async () => {
      await page.goto(pathToFileURL(join(DIST_SAMPLES, 'library.html')).href);
      await waitUntil(page, () => document.documentElement.classList.contains('js'), null, { what: "the reader file's script running" });
      const titles = await page.run(
        () => [...document.querySelectorAll('nav#contents a[href^="#a-"]')].map((a) => (a.textContent ?? '').replace(/\s+/g, ' ').trim()),
        null,
      );
      expect(titles.sort()).toEqual(samples.articles.map((a) => a.title).sort());
      const last = samples.articles[samples.articles.length - 1]!;
      await page.run((id) => void (location.hash = `#a-${id}`), last.id);
      const shown = await waitUntil(
        page,
        (id) => {
          const visible = [...document.querySelectorAll<HTMLElement>('article.or-article')].filter((e) => e.getClientRects().length > 0);
          return (
            visible.length === 1 &&
            visible[0]!.id === `a-${id}` &&
            visible[0]!.querySelector('h2')?.textContent?.replace(/\s+/g, ' ').trim()
          );
        },
        last.id,
        { what: `article ${last.id} alone on screen` },
      );
      expect(shown).toBe(last.title);
    });
    it('refuses a signed file whose article text was changed, and says why', async () => {
      await page.goto(server.url);
      await waitUntil(page, () => document.querySelector('a[href*="#/article/"]') !== null, null, { what: 'the sample library' });
      const genuine = await forgeReaderFile({
        key: await devKey(),
        publisher: await sitePublisher(),
        edition: 7,
        articles: [{ id: 'ferry', title: 'The ferry', body: '<p>The ferryman counts the crossings on a wooden tally.</p>', version: 1 }],
      });
      const path = await saveBytes(join(TMP, `${engine}-forged.html`), replaceOnce(genuine, 'wooden tally', 'silver tally'));
      const outcome = await importFile(page, path, DONE_EN);
      expect(outcome.alert, 'says the article was altered').toMatch(/altered/i);
      expect(outcome.status).not.toMatch(DONE_EN);
      await page.run(() => void (location.hash = '#/article/ferry'), null);
      await waitUntil(page, (t) => document.body.innerText.includes(t), en.notFound, { what: 'the forged article being absent' });
      await page.run(() => void (location.hash = '#/'), null);
    });

    it('imports the 520-article reader file through "Import a file"', async () => {
      const many = await readBuiltManifest(DIST_MANY);
      const started = Date.now();
      const outcome = await importFile(page, join(DIST_MANY, 'library.html'), DONE_EN, 200_000);
      await recordFigure(`${engine}: import of the ${many.articles.length}-article reader file`, Date.now() - started, 'ms');
      expect(outcome.alert).toBe('');
      expect(outcome.status).toContain(en.importDone(String(many.articles.length), '0', '0'));
    });

    it("sanitises article HTML to the policy with this engine's Sanitizer API (where it has one) and with DOMPurify", async () => {
      const dir = join(TMP, `${engine}-sanitisers`);
      await writeHarnessPage(dir);
      const harness = await startServer({ dir });
      try {
        await page.goto(harness.url);
        await waitUntil(page, () => 'sanitizers' in globalThis, null, { what: 'the sanitisers page' });
        const failures: string[] = [];
        for (const kind of ['native', 'purify'] as const) {
          const results = await page.run(sanitizeInPage, { kind, inputs: CASE_INPUTS });
          if (results) failures.push(...caseFailures(kind, results));
          else expect(kind, 'DOMPurify runs everywhere').toBe('native');
        }
        expect(failures).toEqual([]);
      } finally {
        await harness.close();
      }
    });
  });

  describeUpdates(engine, OPEN[engine]);
  describeDataSaver(engine, OPEN[engine]);
}
