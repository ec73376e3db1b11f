/** Owns the bench's Chromium: one persistent profile per scenario (kept across relaunches when asked), CPU slow-down, in-page timers. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROME_ARGS, ensureChromium } from '../e2e/helpers/chromium';

/** A running Chromium on a profile folder the bench owns. */
export interface Session {
  context: BrowserContext;
  page: Page;
  profile: string;
  /** Closes the browser; the profile stays for a relaunch unless `keepProfile` is false. */
  close(keepProfile?: boolean): Promise<void>;
}

/** A fresh, empty profile folder. */
export function newProfile(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'offline-reader-bench-'));
}

/** Launches Chromium (interface in English) on `profile`; `offline` starts it with the network cut. */
export async function launch(profile: string, { offline = false }: { offline?: boolean } = {}): Promise<Session> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROME_ARGS, '--lang=en-US'],
    locale: 'en-US',
    viewport: { width: 412, height: 915 },
    serviceWorkers: 'allow',
    offline,
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Every figure below is taken inside the page against its own clock; nothing waits on Playwright's round trips.
  await page.addInitScript(installProbes);
  return {
    context,
    page,
    profile,
    async close(keepProfile = true) {
      // Chromium restores the last session's tabs on the next launch: leave none that would navigate to the app by itself.
      await Promise.all(context.pages().map((p) => p.goto('about:blank').catch(() => undefined)));
      await context.close().catch(() => undefined);
      if (!keepProfile) await rm(profile, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** Slows the page's main thread `rate` times (Chromium refuses this for service workers: pages only). */
export async function slowCpu(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** In-page record of when things first became visible, in ms since the navigation started. */
export interface Probes {
  libraryVisible?: number;
  offlineReady?: number;
  /** When a service worker took control of the page (0: it already had it at the start). */
  controlled?: number;
}

declare global {
  interface Window {
    __bench: Probes;
  }
}

/** Runs in every document before the app: notes the frame in which the first article link shows, and offline-ready. */
function installProbes(): void {
  const probes: Probes = {};
  window.__bench = probes;
  const visible = (el: Element | null): boolean => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.width > 0 && r.top < innerHeight && r.bottom > 0;
  };
  const check = (): void => {
    if (probes.libraryVisible === undefined && visible(document.querySelector('li a[href*="#/article/"]'))) {
      probes.libraryVisible = -1;
      // The frame after the DOM change is the one that paints it.
      requestAnimationFrame(() => (probes.libraryVisible = performance.now()));
    }
    if (probes.offlineReady === undefined && document.documentElement.dataset.offlineReady === 'true')
      probes.offlineReady = performance.now();
  };
  if (navigator.serviceWorker) {
    if (navigator.serviceWorker.controller) probes.controlled = 0;
    navigator.serviceWorker.addEventListener('controllerchange', () => (probes.controlled ??= performance.now()));
  }
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-offline-ready'],
  });
}

/** Waits until the library's first article link was painted; returns ms since navigation start. */
export async function libraryVisibleAt(page: Page, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    () => ((window.__bench?.libraryVisible ?? -1) > 0 ? window.__bench.libraryVisible : 0),
    undefined,
    {
      timeout,
      polling: 50,
    },
  );
  return (await handle.jsonValue()) as number;
}

/** Median and 95th percentile (nearest rank) of samples. */
export function percentiles(samples: number[]): { p50: number; p95: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}
