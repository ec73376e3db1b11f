// Drag and drop as Chromium itself dispatches it (the mouse, not events fired at one element): the drop overlay comes with a file dragged over the app and goes when the file leaves the window; a file dropped anywhere in the window is imported, below a short page too.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import { DONE_EN } from './helpers/library-io';
import { DIST_SAMPLES } from './helpers/paths';
import { statusText, visitOnce } from './helpers/visit';

const t = STRINGS.en;
let server: RunningServer;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startServer({ dir: DIST_SAMPLES });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

type DragStep = 'dragEnter' | 'dragOver' | 'drop';

/** A fresh visit showing a short page (a section with no article: a line of text under the header), and a mouse that drags the site's library file. */
async function shortPage(): Promise<{ page: Page; drag: (type: DragStep, x: number, y: number) => Promise<unknown> }> {
  const session = await visitOnce(server);
  open.push(session);
  const { page } = session;
  await page.evaluate(() => void (location.hash = '#/?section=no-such-section'));
  await page.getByText(t.emptySection).waitFor({ timeout: 10_000 });
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [join(DIST_SAMPLES, 'library.html')], dragOperationsMask: 1 };
  return { page, drag: (type, x, y) => cdp.send('Input.dispatchDragEvent', { type, x, y, data }) };
}

it('takes the drop overlay away when the file leaves the window, and keeps it while the file moves over the app', async () => {
  const { page, drag } = await shortPage();
  const overlay = page.locator('.drop-overlay');
  await drag('dragEnter', 500, 100);
  await drag('dragOver', 500, 100);
  await expect.poll(() => overlay.count()).toBe(1);
  // Over the header, then the text: from one element to another.
  await drag('dragOver', 500, 30);
  await drag('dragOver', 500, 150);
  expect(await overlay.count()).toBe(1);
  // Out of the window (past its corner): it used to stay, full-screen and opaque, until the page was reloaded.
  await drag('dragOver', 1200, 900);
  await expect.poll(() => overlay.count(), { timeout: 5_000 }).toBe(0);
});

it('imports a file dropped below a short page: the app fills the window', async () => {
  const { page, drag } = await shortPage();
  const { bottom, height } = await page.evaluate(() => ({
    bottom: document.querySelector('main')!.getBoundingClientRect().bottom,
    height: innerHeight,
  }));
  expect(bottom, 'the page is short: there is room below it').toBeLessThan(height - 100);
  // It used to reach the page's body, which does not take a file: the drop was lost (or the browser opened the file).
  await drag('dragEnter', 100, height - 50);
  await drag('dragOver', 100, height - 50);
  await drag('drop', 100, height - 50);
  await expect.poll(() => statusText(page), { timeout: 60_000 }).toMatch(DONE_EN);
  expect(page.url()).toBe(server.url + '#/?section=no-such-section');
});
