// Owns the data saver in every engine: "text now" takes no picture byte on a first visit (counted on the server), a
// picture comes when its article opens, checked and kept, and it shows with the server down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseBundle } from '../../src/core/bundle-read';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import type { Manifest } from '../../src/core/types';
import { saverStrings } from '../../src/ui/i18n-saver';
import type { I18n } from '../../src/ui/i18n';
import { STRINGS } from '../../src/ui/i18n-all';
import { articleHash, readBuiltManifest } from '../helpers/app';
import { buildFixtureApp } from '../helpers/fixture-build';
import { TMP } from '../helpers/paths';
import { ServedLog } from '../helpers/served-log';
import { waitUntil, type EngineName, type EngineOptions, type EnginePage } from './driver';

const saver = saverStrings({ lang: 'en' } as I18n);
const en = STRINGS.en;

/**
 * Presses the buttons named `names` in turn (the share menu, then one of its actions) and returns the file the app then
 * downloads, as base64 (the download is caught in the page: WebDriver has no download API all engines share).
 */
async function downloadAfter(page: EnginePage, names: string[]): Promise<Buffer> {
  await page.run(() => {
    // A download, not the share sheet, wherever the engine has one.
    Object.defineProperty(navigator, 'canShare', { value: undefined, configurable: true });
    const box = globalThis as { downloaded?: string; failed?: string };
    // The file is read where the app makes its URL (the page's CSP lets nothing fetch a blob: URL).
    const made = new Map<string, Blob>();
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob) => {
      const url = createObjectURL(blob);
      made.set(url, blob);
      return url;
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const blob = this.download ? made.get(this.href) : undefined;
      if (!blob) return;
      void blob
        .arrayBuffer()
        .then((buffer) => {
          const bytes = new Uint8Array(buffer);
          let text = '';
          for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          box.downloaded = btoa(text);
        })
        .catch((e: Error) => (box.failed = `${e.name} ${e.message}`));
    };
  }, null);
  for (const name of names)
    await waitUntil(
      page,
      (name) => {
        const button = [...document.querySelectorAll('button')].find(
          (b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name,
        );
        button?.click();
        return !!button;
      },
      name,
      { what: `a button "${name}"` },
    );
  const got = await waitUntil(
    page,
    () => {
      const box = globalThis as { downloaded?: string; failed?: string };
      return box.downloaded ? { b64: box.downloaded } : box.failed ? { failed: box.failed } : null;
    },
    null,
    { timeout: 60_000, what: 'the file downloaded' },
  );
  if ('failed' in got) throw new Error(`The downloaded file could not be read in the page: ${got.failed}`);
  return Buffer.from(got.b64, 'base64');
}

/**
 * Opens article `id` and returns the natural width of its picture once shown or, with `placeholder`, the text that
 * stands for the picture once it matches that pattern.
 */
async function openPicture(page: EnginePage, id: string, placeholder?: RegExp): Promise<number | string> {
  await page.run((hash) => void (location.hash = hash), articleHash(id));
  return waitUntil(
    page,
    ({ id, placeholder }) => {
      if (!location.hash.includes(id) || document.querySelector('article .article__body[aria-busy="false"]') === null) return null;
      if (placeholder === null) {
        const img = document.querySelector<HTMLImageElement>('.article__body img:not([hidden])');
        return img?.complete && img.naturalWidth > 0 ? img.naturalWidth : null;
      }
      const text = document.querySelector('.article__body .picture-missing')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      return new RegExp(placeholder).test(text) ? text : null;
    },
    { id, placeholder: placeholder?.source ?? null },
    { timeout: 20_000, what: `article ${id} with ${placeholder ? `a note matching ${placeholder}` : 'its picture'}` },
  );
}

/** Declares the data saver's tests for one engine, opened by `open`. */
export function describeDataSaver(engine: EngineName, open: (options: EngineOptions) => Promise<EnginePage>): void {
  describe(`${engine}: the data saver`, () => {
    let server: RunningServer | undefined;
    let page: EnginePage | undefined;
    let manifest: Manifest;
    let log: ServedLog;

    beforeAll(async () => {
      const dist = await buildFixtureApp({ fixture: 'data-saver' });
      manifest = await readBuiltManifest(dist);
      log = new ServedLog([dist]);
      server = await startServer({ dir: dist, brotliQuality: 4, log: log.lineAt('/') });
      page = await open({ locale: 'en-US' });
    }, 300_000);
    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it('"text now": no picture byte on a first visit; a picture comes when its article opens and shows with the server down', async () => {
      const p = page!;
      const garden = manifest.articles.find((a) => a.id === 'garden')!;
      expect(garden.media).toHaveLength(1);
      await p.goto(server!.url);
      await waitUntil(
        p,
        (name) => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
          button?.click();
          return !!button;
        },
        saver.choiceText,
        { what: 'the data saver question' },
      );
      await waitUntil(
        p,
        () => document.documentElement.dataset.offlineReady === 'true' && navigator.serviceWorker?.controller != null,
        null,
        { timeout: 120_000, what: 'the text saved and the service worker in control' },
      );
      await log.quiet();
      expect(log.pictureBytes().paths, 'pictures downloaded on a text-only first visit').toEqual([]);

      const beforeOpen = log.answers.length;
      expect(await openPicture(p, 'garden')).toBe(96);
      expect(log.pictureBytes(beforeOpen).paths).toEqual([`media/${garden.media[0]}.png`]);

      // The server down: the kept picture shows; the other article's says what it is instead of a broken image.
      server!.setMode('down');
      await p.reload();
      expect(await openPicture(p, 'garden')).toBe(96);
      // Said once the download has failed (while it runs, the note says the picture is downloading).
      expect(await openPicture(p, 'river', new RegExp(`^${saver.pictureMissing('\\d+ KB')}$`))).toBeTruthy();
    });

    it('a reader file made here carries the one picture the device holds, and opens from disk with it', async () => {
      const p = page!;
      await p.run(() => void (location.hash = '#/'), null);
      const bytes = await downloadAfter(p, [en.shareMenu, en.exportAll]);
      const parsed = parseBundle(new Uint8Array(bytes));
      expect(parsed.articles).toHaveLength(manifest.articles.length);
      expect(parsed.media.map((m) => m.sha256)).toEqual(manifest.articles.find((a) => a.id === 'garden')!.media);

      const path = join(TMP, `${engine}-data-saver-export.html`);
      await writeFile(path, bytes);
      await p.goto(pathToFileURL(path).href);
      await waitUntil(p, () => document.documentElement.classList.contains('js'), null, { what: "the file's script running" });
      const width = await waitUntil(
        p,
        () => {
          location.hash = '#a-garden';
          const img = document.querySelector<HTMLImageElement>('#a-garden img');
          return img?.complete && img.naturalWidth > 0 ? img.naturalWidth : null;
        },
        null,
        { what: 'the picture of the garden article in the file' },
      );
      expect(width).toBe(96);
    });
  });
}
