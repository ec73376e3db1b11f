/** Owns the first visit: from navigation until the whole library is offline, with what crossed the wire. */
import type { Page } from 'playwright-core';
import { libraryVisibleAt, type Session } from './browser';
import type { Served, Site, Traffic } from './site';

const STALLED_MS = 60_000;

/** What a first visit cost. */
export interface FirstVisit {
  requests: number;
  /** Bytes server -> browser (headers and bodies), page and service worker together. */
  bytes: number;
  /** Bytes browser -> server. */
  upBytes: number;
  /** First article link painted, ms after navigation start. */
  libraryVisibleMs: number;
  /** data-offline-ready set (every article stored, the service worker in control), ms after navigation start; NaN if never. */
  offlineReadyMs: number;
  /** The service worker took control of the page (its precache complete), ms after navigation start. */
  controlledMs: number;
  /** The last byte of content (edition, packs, bulk files) served, ms after navigation start (the bench's clock, within a few ms). */
  lastContentMs: number;
  /** The downloads ended, the service worker was in control, yet the app never said it was offline-ready. */
  neverReady: boolean;
  /** Paths answered with a body more than once (e.g. fetched by the page and by the service worker). */
  repeated: string[];
  /** The biggest responses, for the notes. */
  largest: { path: string; bytes: number }[];
  /** Every request the server answered, in order. */
  served: Served[];
}

/** Summarises traffic: the paths that came twice and the largest responses. */
export function describeTraffic(t: Traffic): Pick<FirstVisit, 'repeated' | 'largest' | 'served'> {
  const seen = new Map<string, number>();
  for (const s of t.served) if (s.status === 200) seen.set(s.path, (seen.get(s.path) ?? 0) + 1);
  return {
    repeated: [...seen].filter(([, n]) => n > 1).map(([p, n]) => `${p} x${n}`),
    largest: [...t.served]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5)
      .map((s) => ({ path: s.path, bytes: s.bytes })),
    served: t.served,
  };
}

/** One line on where a first visit stands: the service worker's states, the app's status, the last requests. */
async function describeStall(page: Page, t: Traffic): Promise<string> {
  const state = await page
    .evaluate(async () => {
      const reg = await navigator.serviceWorker?.getRegistration();
      return {
        installing: reg?.installing?.state ?? null,
        waiting: reg?.waiting?.state ?? null,
        active: reg?.active?.state ?? null,
        controlled: navigator.serviceWorker?.controller != null,
        status: document.querySelector('.live[role="status"]')?.textContent?.trim() ?? '',
        alert: document.querySelector('[role="alert"]')?.textContent?.trim() ?? '',
      };
    })
    .catch((e: unknown) => String(e));
  const last = t.served
    .slice(-4)
    .map((s) => `${s.path} ${s.status}`)
    .join(', ');
  return `${JSON.stringify(state)}; ${t.requests} requests, ${Math.round(t.down / 1000)} KB so far; last: ${last}`;
}

/** Opens the app in a fresh profile and waits until it says the whole library is offline. */
export async function measureFirstVisit(session: Session, site: Site, timeoutMs: number): Promise<FirstVisit> {
  const { page } = session;
  const traffic = site.mark();
  const navigatedAt = performance.now();
  await page.goto(site.url, { waitUntil: 'commit', timeout: timeoutMs });
  const until = performance.now() + timeoutMs;
  const libraryVisibleMs = await libraryVisibleAt(page, timeoutMs);
  let neverReady = false;
  let status = '';
  let statusSince = performance.now();
  for (;;) {
    const state = await page
      .evaluate(() => ({
        ready: document.documentElement.dataset.offlineReady === 'true',
        controlled: navigator.serviceWorker?.controller != null,
        status: document.querySelector('.live[role="status"]')?.textContent ?? '',
      }))
      .catch(() => ({ ready: false, controlled: false, status })); // a reload in between
    if (state.ready && state.controlled) break;
    if (state.status !== status) [status, statusSince] = [state.status, performance.now()];
    // On a slow link the app may finish without ever saying so: stop once its status and the wire have both been still
    // for a minute (storing a large library can keep the wire quiet for that long, but not the status).
    if (state.controlled && performance.now() - statusSince > STALLED_MS && site.quietFor() > STALLED_MS) {
      neverReady = true;
      break;
    }
    if (performance.now() > until)
      throw new Error(
        `The app was not offline-ready after ${Math.round(timeoutMs / 1000)} s: ${await describeStall(page, traffic.read())}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
  const probes = await page.evaluate(() => window.__bench);
  // The service worker may still be finishing its last writes; count them too.
  await site.idle(1500);
  const t = traffic.read();
  const content = t.served.filter((s) => s.path.includes('/content/') && s.status === 200);
  return {
    lastContentMs: content.length ? Math.max(...content.map((s) => s.at)) - navigatedAt : NaN,
    requests: t.requests,
    bytes: t.down,
    upBytes: t.up,
    libraryVisibleMs,
    offlineReadyMs: probes.offlineReady ?? NaN,
    controlledMs: probes.controlled ?? NaN,
    neverReady,
    ...describeTraffic(t),
  };
}
