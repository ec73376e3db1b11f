/** Owns the edition update: one article changed and rebuilt, the installed app reopened; what it downloads until the new version waits. */
import type { Page } from 'playwright-core';
import { waitOfflineReady } from '../e2e/helpers/browser';
import { STRINGS } from '../src/ui/i18n-all';
import type { Session } from './browser';
import type { Served, Site } from './site';
import { describeTraffic } from './visit';

/** Traffic of an edition update. */
export interface EditionUpdate {
  /** Until the new service worker is installed and waiting (the reader is asked before it takes over). */
  waiting: { requests: number; bytes: number; ms: number };
  /** Until the reader accepted and the new edition is stored (offline-ready again). */
  applied: { requests: number; bytes: number };
  repeated: string[];
  largest: { path: string; bytes: number }[];
  served: Served[];
}

/** Polls until the registration has (or, with `waiting` false, no longer has) a waiting worker. */
async function waitForWaitingWorker(page: Page, timeoutMs: number, waiting = true): Promise<void> {
  // page.waitForFunction does not await a promise (it is truthy at once): poll with evaluate instead.
  const until = performance.now() + timeoutMs;
  for (;;) {
    const has = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null).catch(() => undefined); // the page may be reloading
    if (has === waiting) return;
    if (performance.now() > until)
      throw new Error(`No service worker was ${waiting ? 'waiting' : 'activated'} after ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reopens the installed app on a rebuilt site; the caller has already changed one article and rebuilt. */
export async function measureEditionUpdate(session: Session, site: Site, timeoutMs: number): Promise<EditionUpdate> {
  const { page } = session;
  const traffic = site.mark();
  const started = performance.now();
  await page.goto(site.url, { waitUntil: 'commit' });
  await waitForWaitingWorker(page, timeoutMs);
  const ms = performance.now() - started;
  await site.idle(1000);
  const waiting = traffic.read();

  // The app asks before updating; accept as a reader would, and wait for the new edition to be stored.
  await page.evaluate(() => document.documentElement.removeAttribute('data-offline-ready'));
  await page.getByRole('button', { name: STRINGS.en.updateReload }).click({ timeout: timeoutMs });
  await waitForWaitingWorker(page, timeoutMs, false);
  await waitOfflineReady(page, timeoutMs);
  await site.idle(1000);
  const applied = traffic.read();
  return {
    waiting: { requests: waiting.requests, bytes: waiting.down, ms },
    applied: { requests: applied.requests, bytes: applied.down },
    ...describeTraffic(applied),
  };
}
