// Coming back from an article to the library (browser Back, "Back to library"): the list is where the reader left it, on the first frame and after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../scripts/serve.mjs';
import { STRINGS } from '../src/ui/i18n-all';
import { waitForLibrary } from './helpers/app';
import { openSession, waitOfflineReady, type Session } from './helpers/browser';
import { visitOnce } from './helpers/visit';
import { DIST_MANY, DIST_SAMPLES } from './helpers/paths';

const phone = { width: 390, height: 844 };
let many: RunningServer;
let samples: RunningServer;
const open: Session[] = [];

beforeAll(async () => {
  // Brotli quality 5: quality 11 costs ~25 s of CPU for the generated library's packs, which this test does not measure.
  many = await startServer({ dir: DIST_MANY, brotliQuality: 5 });
  samples = await startServer({ dir: DIST_SAMPLES });
}, 120_000);
afterAll(async () => {
  while (open.length) await open.pop()!.close();
  await many?.close();
  await samples?.close();
});

/** Scrolls like a reader, a screen at a time with a frame between (so each card is laid out once), to the list's end. */
const scrollToEnd = (page: Page): Promise<void> =>
  page.evaluate(async () => {
    const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    for (let stuck = 0; stuck < 3;) {
      const before = scrollY;
      scrollBy({ top: innerHeight * 0.8, behavior: 'instant' });
      await frame();
      stuck = scrollY === before ? stuck + 1 : 0;
    }
  });

/** The card nearest the middle of the screen: its link and its top; and the heights of the cards on screen. */
const cardMidScreen = (page: Page): Promise<{ href: string; top: number; heights: number[] }> =>
  page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.library .card')].filter((c) => !c.closest('[hidden]'));
    const onScreen = cards.filter((c) => {
      const box = c.getBoundingClientRect();
      return box.top >= 60 && box.bottom <= innerHeight - 60;
    });
    const mid = (c: HTMLElement) => Math.abs(c.getBoundingClientRect().top + c.offsetHeight / 2 - innerHeight / 2);
    const card = onScreen.sort((a, b) => mid(a) - mid(b))[0]!;
    return {
      href: card.querySelector('a')!.getAttribute('href')!,
      top: card.getBoundingClientRect().top,
      heights: onScreen.map((c) => c.getBoundingClientRect().height),
    };
  });

/**
 * Opens the card by a click, then goes back as `how` says, and returns the card's top after each of the first frames
 * painted back in the library (read in a task after each frame), and once more a moment later.
 */
async function openAndReturn(page: Page, href: string, how: () => Promise<unknown>): Promise<number[]> {
  await page.locator(`.library .card a[href="${href}"]`).first().click();
  await page.locator('article .article__body[aria-busy="false"]').waitFor({ timeout: 15_000 });
  await page.evaluate((href) => {
    const w = window as unknown as { tops: number[] };
    w.tops = [];
    const top = () => {
      const link = [...document.querySelectorAll(`.library .card a[href="${href}"]`)].find((a) => !a.closest('[hidden]'));
      return link ? link.closest('.card')!.getBoundingClientRect().top : NaN;
    };
    addEventListener(
      'hashchange',
      () => {
        const sample = () =>
          requestAnimationFrame(() =>
            setTimeout(() => {
              w.tops.push(top());
              if (w.tops.length < 4) sample();
              else setTimeout(() => w.tops.push(top()), 300);
            }),
          );
        sample();
      },
      { once: true },
    );
  }, href);
  await how();
  await expect.poll(() => page.evaluate(() => (window as unknown as { tops: number[] }).tops.length), { timeout: 10_000 }).toBe(5);
  return page.evaluate(() => (window as unknown as { tops: number[] }).tops);
}

/** Whether the card is within 2 px of `before` from the first frame painted back on, and did not move after it. */
function expectInPlace(tops: number[], before: number, how: string): void {
  const off = tops.map((t) => Math.round((t - before) * 10) / 10);
  const message = `${how}: the card's distance (px) from its place before, on each frame back and a moment later: ${off.join(', ')}`;
  expect(
    off.every((d) => Math.abs(d) <= 2),
    message,
  ).toBe(true);
  expect(
    off.every((d) => Math.abs(d - off[0]!) <= 1),
    message,
  ).toBe(true);
}

describe('coming back from an article', () => {
  it('finds a long list (hundreds of cards of different heights, Persian) where the reader left it, and nothing moves after', async () => {
    const session = await openSession({ locale: 'fa-IR', viewport: phone });
    open.push(session);
    const { page } = session;
    await page.goto(many.url);
    await waitOfflineReady(page, 180_000);
    await waitForLibrary(page);
    await scrollToEnd(page);
    const cards = await page.locator('.library .card').count();
    expect(cards, 'cards in the list').toBeGreaterThanOrEqual(500);
    // Far down: 70% of the list, among cards that have all been laid out once (so their real heights are known).
    await page.evaluate(() => scrollTo({ top: 0.7 * (document.documentElement.scrollHeight - innerHeight), behavior: 'instant' }));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

    const ways: [string, () => Promise<unknown>][] = [
      ['browser Back', () => page.goBack()],
      ['"Back to library"', () => page.getByRole('link', { name: STRINGS.fa.back }).click()],
    ];
    for (const [how, back] of ways) {
      const card = await cardMidScreen(page);
      // One-line and many-line cards: their real heights are not the estimate a card has before it is laid out.
      expect(Math.max(...card.heights) - Math.min(...card.heights), 'cards on screen differ in height').toBeGreaterThan(30);
      const scrolled = await page.evaluate(() => scrollY / (document.documentElement.scrollHeight - innerHeight));
      expect(scrolled, 'how far down the list').toBeGreaterThan(0.5);
      expectInPlace(await openAndReturn(page, card.href, back), card.top, how);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href')), `${how}: the article read has the focus`).toBe(
        card.href,
      );
    }
  });

  it('moves nothing at the top of a short list', async () => {
    const session = await visitOnce(samples, { locale: 'en-US' });
    open.push(session);
    const { page } = session;
    await page.setViewportSize(phone);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const ways: [string, () => Promise<unknown>][] = [
      ['browser Back', () => page.goBack()],
      ['"Back to library"', () => page.getByRole('link', { name: STRINGS.en.back }).click()],
    ];
    for (const [how, back] of ways) {
      expect(await page.evaluate(() => scrollY)).toBe(0);
      const card = await cardMidScreen(page);
      expectInPlace(await openAndReturn(page, card.href, back), card.top, how);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href')), `${how}: the article read has the focus`).toBe(
        card.href,
      );
      expect(await page.evaluate(() => scrollY), `${how}: still at the top`).toBe(0);
    }
  });
});
