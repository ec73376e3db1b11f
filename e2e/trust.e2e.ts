// Issue 4, trust: altered, forged, hostile, old and oversized files never get in or harm the library; hostile article content never runs or phones home.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import type { Manifest } from '../src/core/types';
import { articleHash, collectListed, readBuiltManifest, waitForLibrary } from './helpers/app';
import { recordRequests, type Session } from './helpers/browser';
import { buildFixtureApp, FIXTURES } from './helpers/fixture-build';
import { HOSTILE, ROLLBACK, squash } from './helpers/fixture-text';
import {
  devKey,
  forgeReaderFile,
  randomBytes,
  replaceOnce,
  resign,
  sitePublisher,
  strangerKey,
  truncateInsideFirstArticle,
} from './helpers/forge';
import { importThroughInput, saveBytes, storeCounts, storedBody, textGroupProblems, DONE_EN } from './helpers/library-io';
import { openPlainBrowser } from './helpers/plain-browser';
import { alertText, statusText, visitOnce } from './helpers/visit';
import { DIST_MANY, TMP } from './helpers/paths';

const t = STRINGS.en;
const OUT = join(TMP, 'trust-e2e');

let server: RunningServer;
let oldServer: RunningServer;
let distNew: string;
let distOld: string;
let distB: string;
let manifestNew: Manifest;
let manifestB: Manifest;
let publisher: { id: string; name: string };
const open: { close(): Promise<void> }[] = [];

function keep<T extends { close(): Promise<void> }>(x: T): T {
  open.push(x);
  return x;
}

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  // The same article in two editions: the newer one (built in) and an older one (spread to bury the correction).
  distNew = await buildFixtureApp({ fixture: 'trust-new', edition: ROLLBACK.newEdition });
  distOld = await buildFixtureApp({ fixture: 'trust-old', edition: ROLLBACK.oldEdition });
  distB = await buildFixtureApp({ fixture: 'library-b' });
  manifestNew = await readBuiltManifest(distNew);
  manifestB = await readBuiltManifest(distB);
  publisher = await sitePublisher();
  server = await startServer({ dir: distNew, brotliQuality: 4 });
  oldServer = await startServer({ dir: distOld, brotliQuality: 4 });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await oldServer?.close();
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** What must not change when a file is refused: every store's row count, the list, and the built-in article's text. */
async function snapshot(page: Page) {
  return {
    counts: await storeCounts(page),
    titles: (await collectListed(page)).map((l) => l.name).sort(),
    body: await storedBody(page, publisher.id, ROLLBACK.id),
  };
}

/** Opens an article by its hash and waits until its h1 and the given text are on screen; returns the <article>. */
async function openArticle(page: Page, id: string, title: string, text: string) {
  await page.evaluate((hash) => void (location.hash = hash), articleHash(id));
  const h1 = page.getByRole('heading', { level: 1 });
  await expect.poll(async () => squash(await h1.textContent()), { timeout: 15_000 }).toBe(title);
  const article = page.locator('article', { has: h1 });
  await expect.poll(async () => squash(await article.innerText()), { timeout: 10_000 }).toContain(text);
  return article;
}

/** Everything in an article element that could run, load or submit something. */
function findActiveContent(page: Page) {
  return page
    .locator('article')
    .first()
    .evaluate((root) => {
      const found: string[] = [];
      const banned =
        'script, iframe, frame, object, embed, form, input, button, textarea, svg, math, style, link, meta, base, video, audio, source, portal';
      for (const el of root.querySelectorAll(banned)) found.push(`<${el.tagName.toLowerCase()}>`);
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.getAttributeNames()) {
          const value = el.getAttribute(attr) ?? '';
          if (/^on/i.test(attr)) found.push(`${el.tagName.toLowerCase()}[${attr}]`);
          if (/^\s*(javascript|vbscript|data):/i.test(value) && attr !== 'src')
            found.push(`${el.tagName.toLowerCase()}[${attr}=${value.slice(0, 30)}]`);
          if (attr === 'style' && /url\s*\(/i.test(value)) found.push(`${el.tagName.toLowerCase()}[style has url()]`);
          if (attr === 'srcset') found.push(`${el.tagName.toLowerCase()}[srcset]`);
        }
      }
      for (const img of root.querySelectorAll('img')) {
        const src = img.getAttribute('src');
        if (src && !src.startsWith('blob:')) found.push(`img[src=${src.slice(0, 40)}]`);
      }
      if (document.querySelectorAll('#app').length !== 1) found.push('a second element with id="app"');
      return found;
    });
}

/** Watches a page for anything a payload could do: binding calls, dialogs, a window flag. */
async function armTraps(session: Session) {
  const calls: string[] = [];
  const dialogs: string[] = [];
  await session.context.exposeBinding('__pwn', (_source, name: string) => void calls.push(String(name)));
  session.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss().catch(() => undefined);
  });
  return {
    calls,
    dialogs,
    flag: () => session.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null),
  };
}

describe('trust', () => {
  it('a file whose article text was edited by one word is refused with an alert, and the library is unchanged', async () => {
    const original = await readFile(join(distB, 'library.html'));
    const river = manifestB.articles.find((a) => a.id === 'river')!;
    const edited = replaceOnce(original, 'wooden tally', 'silver tally');
    const { page } = keep(await visitOnce(server));
    const before = await snapshot(page);

    const outcome = await importThroughInput(page, {
      name: 'open-shelf-2024-05-05-2-articles.html',
      mimeType: 'text/html',
      buffer: edited,
    });
    expect(outcome.alert, 'says the article was altered').toMatch(/altered/i);
    // The id is isolated (FSI … PDI) so it keeps its order inside a sentence of either direction.
    expect(outcome.alert, 'names the article').toMatch(new RegExp(`${river.title}|“\u2068${river.id}\u2069”`));
    expect(outcome.status).not.toMatch(DONE_EN);
    expect(await snapshot(page), 'the library is exactly as it was').toEqual(before);
    await page.evaluate((hash) => void (location.hash = hash), articleHash(river.id));
    await expect.poll(() => page.getByText(t.notFound).count(), { timeout: 10_000 }).toBe(1);

    // The same file unedited goes in: the refusal was about the one word.
    await page.evaluate(() => void (location.hash = '#/'));
    await waitForLibrary(page);
    const control = await importThroughInput(page, {
      name: 'open-shelf-2024-05-05-2-articles.html',
      mimeType: 'text/html',
      buffer: original,
    });
    expect(control.alert).toBe('');
    expect(control.status).toContain(t.importDone(String(manifestB.articles.length), '0', '0'));
  });

  it('a built article full of script payloads renders as text: nothing runs, nothing active is left, no request leaves the origin', async () => {
    const session = keep(await visitOnce(server));
    const traps = await armTraps(session);
    const log = recordRequests(session.context);
    const hostile = manifestNew.articles.find((a) => a.id === HOSTILE.id)!;
    const article = await openArticle(session.page, hostile.id, hostile.title, HOSTILE.after);
    const text = squash(await article.innerText());
    expect(text).toContain(HOSTILE.before);
    expect(text, 'code shown as text').toContain(HOSTILE.code);
    // Give error handlers, animations, autofocus and lazy images time to fire.
    await session.page.mouse.move(300, 300);
    await session.page.waitForTimeout(2000);
    log.stop();
    expect(await findActiveContent(session.page), 'active content in the article').toEqual([]);
    expect(traps.calls, 'payloads that ran').toEqual([]);
    expect(traps.dialogs, 'dialogs opened').toEqual([]);
    expect(await traps.flag()).toBeNull();
    expect(log.foreign(new URL(server.url).origin), 'requests to other origins').toEqual([]);
  });

  it('a signed file whose body carries raw script payloads (never sanitised at build) is imported, and the app still renders it as inert text', async () => {
    const md = await readFile(join(FIXTURES, 'trust-new', 'hostile.md'), 'utf8');
    const rawBody = md.slice(md.indexOf('\n---\n', 4) + 5);
    const title = 'Raw payloads <img src=x onerror=__pwn("raw-title")>';
    const file = await forgeReaderFile({
      key: await devKey(),
      publisher,
      edition: 1_900_000_000,
      articles: [{ id: 'raw-hostile', title, body: rawBody, version: 1_900_000_000, summary: '<script>__pwn("raw-summary")</script>' }],
    });
    const session = keep(await visitOnce(server));
    const traps = await armTraps(session);
    const log = recordRequests(session.context);
    const outcome = await importThroughInput(session.page, { name: 'raw.html', mimeType: 'text/html', buffer: file });
    expect(outcome.alert).toBe('');
    expect(outcome.status).toContain(t.importDone('1', '0', '0'));
    // The list shows the title and summary as text.
    await expect.poll(async () => (await collectListed(session.page)).map((l) => l.name), { timeout: 10_000 }).toContain(title);
    expect(await session.page.getByText('<script>__pwn("raw-summary")</script>').count(), 'summary shown as text').toBeGreaterThan(0);

    const article = await openArticle(session.page, 'raw-hostile', title, HOSTILE.after);
    expect(squash(await article.innerText())).toContain(HOSTILE.before);
    await session.page.mouse.move(300, 300);
    await session.page.waitForTimeout(2000);
    log.stop();
    expect(await findActiveContent(session.page), 'active content in the article').toEqual([]);
    expect(traps.calls, 'payloads that ran').toEqual([]);
    expect(traps.dialogs, 'dialogs opened').toEqual([]);
    expect(await traps.flag()).toBeNull();
    expect(log.foreign(new URL(server.url).origin), 'requests to other origins').toEqual([]);

    // The same file opened from disk: the reader file's policy alone must stop every payload and every request.
    const path = await saveBytes(join(OUT, 'raw-hostile.html'), file);
    const br = keep(await openPlainBrowser({ javaScriptEnabled: true }));
    const fileCalls: string[] = [];
    const fileDialogs: string[] = [];
    await br.context.exposeBinding('__pwn', (_s, name: string) => void fileCalls.push(String(name)));
    br.page.on('dialog', (d) => {
      fileDialogs.push(d.message());
      void d.dismiss().catch(() => undefined);
    });
    await br.page.goto(pathToFileURL(path).href);
    await br.page.mouse.move(300, 300);
    await br.page.waitForTimeout(2000);
    expect(fileCalls, 'payloads that ran in the reader file').toEqual([]);
    expect(fileDialogs).toEqual([]);
    expect(br.network(), 'requests from the reader file').toEqual([]);
  });

  it('an older edition imported after a newer one does not replace it: "already have newer", and the text stays new', async () => {
    const older = await readFile(join(distOld, 'library.html'));
    const { page } = keep(await visitOnce(server));
    await openArticle(page, ROLLBACK.id, 'Bridge Repairs', ROLLBACK.newText);
    await page.evaluate(() => void (location.hash = '#/'));
    await waitForLibrary(page);
    const before = await storeCounts(page);

    const outcome = await importThroughInput(page, { name: 'open-shelf-old.html', mimeType: 'text/html', buffer: older });
    expect(outcome.alert).toBe('');
    expect(outcome.status).toContain(t.importDone('0', '0', '0'));
    expect(outcome.status).toContain(t.importOlder('1'));
    expect(await storedBody(page, publisher.id, ROLLBACK.id)).toContain(ROLLBACK.newText);
    expect((await storeCounts(page)).articles).toBe(before.articles);
    const article = await openArticle(page, ROLLBACK.id, 'Bridge Repairs', ROLLBACK.newText);
    expect(squash(await article.innerText())).not.toContain(ROLLBACK.oldText);

    // The other way round the newer edition does replace the older one: the planner compares versions.
    const oldApp = keep(await visitOnce(oldServer));
    await openArticle(oldApp.page, ROLLBACK.id, 'Bridge Repairs', ROLLBACK.oldText);
    await oldApp.page.evaluate(() => void (location.hash = '#/'));
    await waitForLibrary(oldApp.page);
    const newer = await importThroughInput(oldApp.page, {
      name: 'open-shelf-new.html',
      mimeType: 'text/html',
      buffer: await readFile(join(distNew, 'library.html')),
    });
    expect(newer.status).toContain(t.importDone(String(manifestNew.articles.length - 1), '1', '0'));
    await openArticle(oldApp.page, ROLLBACK.id, 'Bridge Repairs', ROLLBACK.newText);
    // The replaced body's group went with it (no row points there any more), and every row finds its body.
    expect(await textGroupProblems(oldApp.page)).toEqual({ dangling: [], orphans: [], shelves: [] });
  });

  it('a file signed by an unknown key asks first; Cancel changes nothing; accepted, its articles are marked unverified and never replace a verified one', async () => {
    const stranger = await strangerKey();
    const forged = await forgeReaderFile({
      key: stranger,
      publisher,
      edition: 2_100_000_000,
      articles: [
        { id: 'forged-news', title: 'Forged News', body: '<p>Words put in the publisher\u2019s mouth.</p>', version: 2_100_000_000 },
        { id: ROLLBACK.id, title: 'Bridge Repairs', body: '<p>Forged: the bridge collapsed.</p>', version: 2_100_000_000 },
      ],
    });
    const { page } = keep(await visitOnce(server));
    const before = await snapshot(page);

    const asked = await importThroughInput(page, { name: 'forged.html', mimeType: 'text/html', buffer: forged });
    expect(asked.dialog, 'a dialog asks before importing').toContain(t.importAnyway);
    await page.getByRole('button', { name: t.cancel }).click();
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(await snapshot(page), 'Cancel leaves the library as it was').toEqual(before);

    const again = await importThroughInput(page, { name: 'forged.html', mimeType: 'text/html', buffer: forged });
    expect(again.dialog).toContain(t.importAnyway);
    await page.getByRole('button', { name: t.importAnyway }).click();
    await expect.poll(() => statusText(page), { timeout: 60_000 }).toMatch(DONE_EN);
    expect(await alertText(page)).toBe('');
    const listed = await collectListed(page);
    const forgedItem = listed.find((l) => l.href.endsWith(articleHash('forged-news')) || l.href.includes('forged-news'));
    expect(forgedItem, 'the accepted article is listed').toBeDefined();
    const card = page.locator('li', { has: page.getByRole('link', { name: 'Forged News', exact: true }) });
    expect(squash(await card.innerText()), 'marked unverified in the list').toContain(t.unverifiedShort);
    await page.getByRole('link', { name: 'Forged News', exact: true }).click();
    await expect.poll(async () => squash(await page.locator('article').first().innerText()), { timeout: 10_000 }).toContain(t.unverified);

    // The verified article keeps its text, whatever version the unverified copy claimed.
    expect(await storedBody(page, publisher.id, ROLLBACK.id)).toContain(ROLLBACK.newText);
    const article = await openArticle(page, ROLLBACK.id, 'Bridge Repairs', ROLLBACK.newText);
    const text = squash(await article.innerText());
    expect(text).not.toContain('collapsed');
    expect(text).toContain(t.verified(publisher.name));
  });

  it('a quota failure in the middle of an import leaves nothing half-written, and the alert says there is not enough storage', async () => {
    const big = join(DIST_MANY, 'library.html');
    const origin = new URL(server.url).origin;
    // Room for the app and its built-in library (well under 1 MB), not for the 520-article file (about 5 MB stored).
    // Chromium reads an origin's quota when its storage is first used, so the override must come before the first visit.
    const session = keep(
      await visitOnce(server, {
        beforeVisit: async ({ context, page }) => {
          const cdp = await context.newCDPSession(page);
          await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3 * 1024 * 1024 });
        },
      }),
    );
    const { page } = session;
    const before = await snapshot(page);

    const outcome = await importThroughInput(page, big);
    expect(outcome.alert, 'the alert names the cause').toMatch(/not enough storage/i);
    expect(outcome.status).not.toMatch(DONE_EN);
    expect(await snapshot(page), 'nothing half-written').toEqual(before);
    await page.reload();
    await waitForLibrary(page);
    expect(await snapshot(page), 'nothing half-written after a reload either').toEqual(before);

    // A small file still fits: the library works on, and the refusal was about room, not the app.
    const small = await importThroughInput(page, join(distB, 'library.html'));
    expect(small.alert).toBe('');
    expect(small.status).toContain(t.importDone(String(manifestB.articles.length), '0', '0'));
  });

  it('hostile files through the file input (empty, random bytes, a web page, truncated, a newer format version) each give one alert and change nothing', async () => {
    const reader = await readFile(join(distB, 'library.html'));
    const header = '{"format":"offline-reader","version":2}';
    expect(reader.includes(header), 'the reader file starts with the version-2 header').toBe(true);
    const cases: { name: string; buffer: Buffer; expected: RegExp }[] = [
      { name: 'empty.html', buffer: Buffer.alloc(0), expected: /empty/i },
      { name: 'random.bin', buffer: randomBytes(64 * 1024), expected: /not a reader file/i },
      { name: 'index.html', buffer: await readFile(join(distNew, 'index.html')), expected: /not a reader file/i },
      { name: 'truncated.html', buffer: truncateInsideFirstArticle(reader), expected: /incomplete|cut off/i },
      // Cut between two records, before the manifests: no record is cut in two, and the file is still incomplete.
      { name: 'cut.html', buffer: reader.subarray(0, reader.indexOf('<script data-or="manifest"')), expected: /incomplete|cut off/i },
      {
        name: 'library.mhtml',
        buffer: Buffer.from(
          'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="b"\r\n\r\n--b\r\n' +
            'Content-Transfer-Encoding: quoted-printable\r\n\r\n' +
            reader.toString('utf8').replaceAll('=', '=3D'),
        ),
        expected: /saved by the browser.*Ask the sender for the reader file \(\.html\)/i,
      },
      { name: 'newer.html', buffer: replaceOnce(reader, header, header.replace('"version":2', '"version":9')), expected: /newer version/i },
    ];
    const { page } = keep(await visitOnce(server));
    const before = await snapshot(page);
    const results: string[] = [];
    for (const c of cases) {
      const outcome = await importThroughInput(page, { name: c.name, mimeType: 'application/octet-stream', buffer: c.buffer });
      results.push(`${c.name}: ${outcome.alert || `(no alert; status "${outcome.status}")`}`);
      expect(outcome.alert, `${c.name}: alert`).toMatch(c.expected);
      expect(outcome.status, `${c.name}: no import report`).not.toMatch(DONE_EN);
      expect(outcome.dialog, `${c.name}: no dialog`).toBe('');
      expect(await snapshot(page), `${c.name}: library unchanged`).toEqual(before);
    }
    console.log(results.join('\n'));
  });
});
