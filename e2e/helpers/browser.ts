// Owns one fresh real-Chromium profile per test (service workers and IndexedDB are real), request recording and waiting for offline-ready.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { CHROME_ARGS, ensureChromium } from './chromium';

/** A persistent Chromium profile in a new temporary folder, with its first page. */
export interface Session {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and deletes the profile. */
  close(): Promise<void>;
}

/** Options for a new session. */
export interface SessionOptions {
  /** Browser (and so interface) language, e.g. 'en-US' or 'fa-IR'. */
  locale?: string;
  viewport?: { width: number; height: number };
  /** More Chromium flags (e.g. --host-resolver-rules to reach the server under another host name). */
  args?: string[];
}

/** Launches Chromium with a brand-new profile (so nothing survives from another test). */
export async function openSession({
  locale = 'en-US',
  viewport = { width: 1000, height: 800 },
  args = [],
}: SessionOptions = {}): Promise<Session> {
  const executablePath = ensureChromium();
  const profile = await mkdtemp(join(tmpdir(), 'offline-reader-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROME_ARGS, `--lang=${locale}`, ...args],
    locale,
    viewport,
    serviceWorkers: 'allow',
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** Every request a context made (pages, workers and the service worker), as URLs. */
export interface RequestLog {
  urls: string[];
  /** The URLs that are neither on `origin` nor data:/blob:. */
  foreign(origin: string): string[];
  stop(): void;
}

/** Starts recording every request the context makes, the service worker's included. */
export function recordRequests(context: BrowserContext): RequestLog {
  const urls: string[] = [];
  const onRequest = (request: Request): void => void urls.push(request.url());
  context.on('request', onRequest);
  return {
    urls,
    foreign: (origin) => urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin),
    stop: () => void context.off('request', onRequest),
  };
}

/** Waits until the app says every built-in article is stored and the service worker controls the page. */
export async function waitOfflineReady(page: Page, timeout = 90_000): Promise<void> {
  try {
    await page.waitForFunction(
      () => document.documentElement.dataset.offlineReady === 'true' && navigator.serviceWorker?.controller != null,
      undefined,
      { timeout, polling: 100 },
    );
  } catch {
    const state = await page
      .evaluate(() => ({
        ready: document.documentElement.dataset.offlineReady ?? '(unset)',
        controlled: navigator.serviceWorker?.controller != null,
      }))
      .catch(() => null);
    throw new Error(
      `The app did not become offline-ready within ${timeout / 1000} s (data-offline-ready=${state?.ready}, service worker controls the page: ${state?.controlled}).`,
    );
  }
}

/** Cuts the network for the whole context: pages, and the server as well when given (so nothing can leak through). */
export async function goOffline(context: BrowserContext, server?: { setMode(mode: 'normal' | 'hang' | 'down'): void }): Promise<void> {
  server?.setMode('down');
  await context.setOffline(true);
}
