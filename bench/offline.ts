/** Owns the offline starts: navigation to the library list painted with no network, with a silent origin, and in a new browser process. */
import { launch, libraryVisibleAt, percentiles, type Session } from './browser';
import type { Site } from './site';
import { SEARCH_WORDS, timeQuery } from './reading';

/** Start-up times in ms (navigation start to the first article link painted). */
export interface OfflineStart {
  p50: number;
  max: number;
  runs: number;
}

const LIMIT_MS = 20_000;

async function timeStarts(session: Session, site: Site, runs: number): Promise<OfflineStart> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await session.page.goto(site.url, { waitUntil: 'commit', timeout: LIMIT_MS });
    samples.push(await libraryVisibleAt(session.page, LIMIT_MS));
  }
  return { p50: percentiles(samples).p50, max: Math.max(...samples), runs };
}

/** Navigations with the browser offline (and the server dropping connections, so nothing leaks through). */
export async function measureOffline(session: Session, site: Site, runs: number): Promise<OfflineStart> {
  site.setMode('down');
  await session.context.setOffline(true);
  try {
    return await timeStarts(session, site, runs);
  } finally {
    await session.context.setOffline(false);
    site.setMode('normal');
  }
}

/** Navigations with the browser online but the origin accepting connections and never answering (a censor's firewall). */
export async function measureHang(session: Session, site: Site, runs: number): Promise<OfflineStart> {
  site.setMode('hang');
  try {
    return await timeStarts(session, site, runs);
  } finally {
    site.setMode('normal');
  }
}

/**
 * A cold start: Chromium launched afresh on the installed profile, offline, `runs` times. Each time, as soon as the list
 * shows, a word is searched for (a reader who opens the app to look something up): `firstSearch` is that wait, search
 * worker and index start included. Returns the new session.
 */
export async function measureColdOffline(
  session: Session,
  site: Site,
  runs: number,
): Promise<{ start: OfflineStart; firstSearch: OfflineStart; session: Session }> {
  const samples: number[] = [];
  const searches: number[] = [];
  let current = session;
  site.setMode('down');
  try {
    for (let i = 0; i < runs; i++) {
      await current.close();
      current = await launch(session.profile, { offline: true });
      await current.page.goto(site.url, { waitUntil: 'commit', timeout: LIMIT_MS });
      samples.push(await libraryVisibleAt(current.page, LIMIT_MS));
      searches.push(await current.page.evaluate(timeQuery, SEARCH_WORDS[i % SEARCH_WORDS.length] as string));
    }
  } finally {
    site.setMode('normal');
  }
  await current.context.setOffline(false);
  return {
    start: { p50: percentiles(samples).p50, max: Math.max(...samples), runs },
    firstSearch: { p50: percentiles(searches).p50, max: Math.max(...searches), runs },
    session: current,
  };
}
