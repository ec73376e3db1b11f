// Owns Firefox ESR for the cross-engine tests: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, a fresh profile each time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type ElementHandle } from 'puppeteer-core';
import type { EngineOptions, EnginePage } from './driver';
import { FIREFOX_PATH } from './install';

/** Launches headless Firefox ESR with a new profile whose preferred language is `locale`. */
export async function openFirefox({ locale = 'en-US', firefoxPrefs = {} }: EngineOptions = {}): Promise<EnginePage> {
  const profile = await mkdtemp(join(tmpdir(), 'offline-reader-firefox-'));
  const lang = locale.split('-')[0]!;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    protocolTimeout: 180_000,
    extraPrefsFirefox: { 'intl.accept_languages': `${locale}, ${lang}`, 'intl.locale.requested': locale, ...firefoxPrefs },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  page.setDefaultTimeout(60_000);
  return {
    engine: 'firefox',
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async reload() {
      await page.reload({ waitUntil: 'load' });
    },
    run: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg) as never,
    async setInputFile(path) {
      const input = (await page.$('input[type="file"]')) as ElementHandle<HTMLInputElement> | null;
      if (!input) throw new Error('firefox: the page has no input[type=file].');
      await input.uploadFile(path);
    },
    async close() {
      await browser.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
