// Owns "a fresh profile visits once": a new Chromium profile that opened the app and waited until it reads offline; and reading the page's live regions.
import type { Page } from 'playwright-core';
import type { RunningServer } from '../../scripts/serve.mjs';
import { waitForLibrary } from './app';
import { openSession, waitOfflineReady, type Session } from './browser';
import { squash } from './fixture-text';

/** How a first visit is made: interface language, a route to open, something to do to the fresh profile before it loads the app. */
export interface VisitOptions {
  locale?: string;
  hash?: string;
  beforeVisit?: (session: Session) => Promise<void>;
}

/** Opens a brand-new profile on the app at `server` and waits until the library is stored and the service worker controls the page. */
export async function visitOnce(server: RunningServer, { locale = 'en-US', hash = '', beforeVisit }: VisitOptions = {}): Promise<Session> {
  const session = await openSession({ locale });
  try {
    await beforeVisit?.(session);
    await session.page.goto(server.url + hash);
    await waitForLibrary(session.page, 30_000);
    await waitOfflineReady(session.page);
    return session;
  } catch (err) {
    await session.close();
    throw err;
  }
}

/** The text of every role=status region, joined. */
export async function statusText(page: Page): Promise<string> {
  return (await page.locator('[role="status"]').allTextContents()).map(squash).filter(Boolean).join(' | ');
}

/** The text of every role=alert region, joined. */
export async function alertText(page: Page): Promise<string> {
  return (await page.locator('[role="alert"]').allTextContents()).map(squash).filter(Boolean).join(' | ');
}
