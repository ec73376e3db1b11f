// A host that serves the app's files with a wrong content type (text/plain): the service worker's script is refused
// (the app cannot open offline there, and says so instead of "saving" for ever), and module scripts and the stylesheet
// are refused (the note with the library file shows, never a blank page).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import { waitForLibrary } from './helpers/app';
import { openSession, type Session } from './helpers/browser';
import { squash } from './helpers/fixture-text';
import { statusText } from './helpers/visit';
import { DIST_SAMPLES } from './helpers/paths';

let server: RunningServer;
let proxy: Server;
let url: string;
/** The paths the host serves as text/plain. */
let wrong = /^$/;
const open: Session[] = [];

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES, base: '/news/' });
  const upstream = new URL(server.url);
  // The same files, their content type replaced for the paths `wrong` matches (as a misconfigured host answers).
  proxy = createServer((req, res) => {
    const up = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const headers = { ...answer.headers };
        if (wrong.test(new URL(req.url ?? '/', 'http://x').pathname)) headers['content-type'] = 'text/plain';
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/news/`;
}, 120_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await server?.close();
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function visit(paths: RegExp, locale = 'en-US'): Promise<Session> {
  wrong = paths;
  const session = await openSession({ locale });
  open.push(session);
  await session.page.goto(url);
  return session;
}

describe('a host that serves sw.js as text/plain', () => {
  it('the app says, once the articles are stored, that it cannot open offline at this address and what to do; never "saving" for ever', async () => {
    const { page } = await visit(/\/sw\.js$/);
    await waitForLibrary(page, 30_000);
    const t = STRINGS.en;
    // Before: "Saving 2/2" and "Saving for offline reading… 1 of 2" for two minutes, then for good.
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toContain(squash(t.savedRefused));
    expect(await page.locator('.status-chip').first().textContent()).toBe(t.statusOnlineOnly);
    expect(await statusText(page)).not.toContain('Saving');
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r === undefined))).toBe(true);
  }, 90_000);

  it('(in Persian too)', async () => {
    const { page } = await visit(/\/sw\.js$/, 'fa-IR');
    await waitForLibrary(page, 30_000);
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toContain(squash(STRINGS.fa.savedRefused));
  }, 90_000);
});

describe('a host that serves the app’s code and stylesheet as text/plain', () => {
  it('shows the note with the library file at once (it was hidden for good: the stylesheet that shows it was refused too)', async () => {
    const { page } = await visit(/\.(js|css)$/);
    const note = page.locator('#old-browser');
    await note.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.locator('#app').innerHTML()).toBe('');
    expect(await note.getByRole('link', { name: 'library.html' }).first().getAttribute('href')).toBe('./library.html');
    // It names both causes, not only an old browser.
    expect(squash(await note.locator('p[lang="en"]').textContent())).toContain('this browser or this address');
  }, 60_000);
});

describe('a browser without modules (old-browser.js, nomodule)', () => {
  it('shows the note at once, the stylesheet loaded', async () => {
    wrong = /^$/;
    const session = await openSession({ locale: 'en-US' });
    open.push(session);
    const { page } = session;
    // As such a browser reads index.html: the module script is skipped and the nomodule one runs.
    await page.route(/\/news\/$/, async (route) => {
      const body = (await (await route.fetch()).text())
        .replace(/<script type="module"[^>]*><\/script>/, '')
        .replace('<script nomodule', '<script');
      await route.fulfill({ contentType: 'text/html', body });
    });
    await page.goto(url);
    const note = page.locator('#old-browser');
    await note.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0);
    expect(await note.getByRole('link', { name: 'library.html' }).first().getAttribute('href')).toBe('./library.html');
  }, 60_000);
});

describe('a host that serves every file right', () => {
  it('never shows the note (hidden by the stylesheet now, not by an attribute), in no frame, and it never moves anything', async () => {
    wrong = /^$/;
    const session = await openSession({ locale: 'en-US' });
    open.push(session);
    const { page } = session;
    // Each frame until the app paints: the note is not displayed, or displayed invisible and out of the flow (its
    // margins would push nothing down). Also every layout shift that involves it.
    await page.addInitScript(() => {
      const w = window as unknown as { frames_: string[]; noteShifts: number };
      w.frames_ = [];
      w.noteShifts = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { sources: { node?: Node }[] })[])
          if (e.sources.some((s) => s.node instanceof Element && s.node.closest('#old-browser'))) w.noteShifts += 1;
      }).observe({ type: 'layout-shift', buffered: true });
      const frame = (): void => {
        const note = document.getElementById('old-browser');
        if (note) {
          const style = getComputedStyle(note);
          w.frames_.push(style.display === 'none' ? 'none' : `${style.visibility} ${style.position}`);
        }
        if (!document.querySelector('#app > *')) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await page.goto(url);
    await waitForLibrary(page, 30_000);
    const seen = await page.evaluate(() => (window as unknown as { frames_: string[] }).frames_);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((f) => (f === 'none' || f === 'hidden absolute' ? 'unseen' : f)))).toEqual(new Set(['unseen']));
    expect(await page.locator('#old-browser').evaluate((n) => getComputedStyle(n).display)).toBe('none');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { noteShifts: number }).noteShifts)).toBe(0);
  }, 60_000);
});
