/** Keeps the search worker's index in step with the library (adding and removing only what changed) and persists it. */
import { articleKey } from '../core/keys';
import { createSearchClient, type SearchClient, type SearchPage } from './search-client';
import { dropSearchWorker } from './search-worker-start';
import type { ArticleRecord } from '../storage/db';

/** How far a build that is still adding articles has come: a query answered meanwhile searched `indexed` of `of`. */
export interface IndexProgress {
  indexed: number;
  of: number;
}

/** A page of results; `indexing` when the index did not yet hold every article of the library (see searchLibrary). */
export interface LibraryPage extends SearchPage {
  indexing?: IndexProgress;
}

/**
 * How long a query waits for a build in progress before it is answered from what is indexed: a few new articles (a pack,
 * an import) are in by then, so their results come whole; a library being indexed from scratch is not waited for.
 */
const BUILD_WAIT_MS = 250;
/** Articles per add: the worker answers a query between two adds, so a query waits for one at most. */
const SLICE = 200;

let opening: Promise<SearchClient> | undefined;
let client: SearchClient | undefined;
/** The client once its index is loaded. */
let ready: SearchClient | undefined;
/** ensureIndexed runs not finished yet. */
let builds = 0;
/** Which version (sha256) of each article the index holds, by key. */
let covered = new Map<string, string>();
let building: Promise<void> = Promise.resolve();
/** While a build adds articles: how many of the list the index covers, and of how many. */
let progress: IndexProgress | undefined;
/** Settles when the build in progress has added its next slice of articles. */
let stepped!: () => void;
let nextStep = new Promise<void>((resolve) => (stepped = resolve));
/** Settles when ensureIndexed is first given the library: until then the index may hold none of it. */
let onListed!: () => void;
const listed = new Promise<void>((resolve) => (onListed = resolve));
/** The list ensureIndexed last worked from: the same list again (the library view shown again) needs no look. */
let lastArticles: ArticleRecord[] | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** How long the last save took: the next waits a few times that, so saving never takes much of the worker. */
let saveMs = 0;

/** Set by stopSearchIndex (erase everything): from then on nothing is indexed or saved. */
let stopped = false;

const keyOf = (a: ArticleRecord): string => articleKey(a.publisherId, a.id);

/** When the oldest change not yet saved was made (undefined: none is waiting). */
let unsavedSince: number | undefined;

/**
 * Saves the index a moment after the last change, so a burst of changes is written once; soon enough
 * that an app opened again right after its first visit finds the index stored, not to be built again.
 * Changes that keep coming (a first visit's packs) still get saved every few seconds, and whatever is
 * waiting is saved at once when the app goes to the background (a phone may close it there).
 */
function scheduleSave(c: SearchClient): void {
  clearTimeout(saveTimer);
  const now = performance.now();
  const since = (unsavedSince ??= now);
  const quiet = Math.min(5000, Math.max(500, 4 * saveMs));
  const longest = Math.max(3000, 8 * saveMs);
  saveTimer = setTimeout(() => save(c), Math.max(0, Math.min(quiet, since + longest - now)));
}

/** When the page last asked the worker a query. */
let lastQueryAt = -Infinity;
/**
 * A save waits for a pause this long in the reader's searching: the worker packs the whole index in one go (a long task
 * for a large library), and a query typed meanwhile would wait for it. It waits SAVE_DELAY_MAX_MS at most.
 */
const TYPING_PAUSE_MS = 1500;
const SAVE_DELAY_MAX_MS = 20_000;

/** Saves what is waiting; `now` when the page is going to the background (it may not run again). */
function save(c: SearchClient, now = false): void {
  clearTimeout(saveTimer);
  if (stopped || unsavedSince === undefined) return;
  const at = performance.now();
  const typing = lastQueryAt + TYPING_PAUSE_MS - at;
  if (!now && typing > 0 && at - unsavedSince < SAVE_DELAY_MAX_MS) {
    saveTimer = setTimeout(() => save(c), typing);
    return;
  }
  unsavedSince = undefined;
  const started = performance.now();
  // The worker packs and writes it: nothing of the index passes through the page.
  void c
    .save()
    .then(() => (saveMs = performance.now() - started))
    .catch(() => undefined);
}

addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && ready) save(ready, true);
});

/** Starts the worker on the stored index (an empty one when there is none or it cannot be used). */
async function open(): Promise<SearchClient> {
  if (stopped) throw new Error('Search was stopped.');
  const c = createSearchClient();
  client = c;
  const loaded = await c.load().catch((err: unknown) => {
    c.terminate();
    throw err;
  });
  covered = new Map(loaded);
  if (!stopped) ready = c;
  return c;
}

/** Starts the search worker on the stored index, once; what every other call waits for. */
export function openSearchIndex(): Promise<SearchClient> {
  opening ??= open().catch((err: unknown) => {
    opening = undefined;
    throw err;
  });
  return opening;
}

/** Makes sure the index covers exactly these articles; only changed ones are re-read and re-indexed. */
export function ensureIndexed(articles: ArticleRecord[]): Promise<void> {
  if (articles === lastArticles) return building;
  lastArticles = articles;
  onListed();
  builds++;
  building = building
    .then(async () => {
      progress = undefined;
      if (stopped) return;
      const c = await openSearchIndex();
      // One pass over the list (read again at every step of a large first visit): each key is made once.
      const want = new Set<string>();
      const fresh: ArticleRecord[] = [];
      for (const a of articles) {
        const key = keyOf(a);
        want.add(key);
        if (covered.get(key) !== a.meta.sha256) fresh.push(a);
      }
      const stale = [...covered.keys()].filter((k) => !want.has(k));
      if (!stale.length && !fresh.length) return;
      if (stale.length) await c.remove(stale);
      for (const k of stale) covered.delete(k);
      const run = (progress = { indexed: want.size - fresh.length, of: want.size });
      // Bodies are read in slices so a 10,000-article library never sits in memory at once; in the order they are
      // stored, so each group of bodies is read once.
      fresh.sort((a, b) => (a.text ?? 0) - (b.text ?? 0) || (a.textAt ?? 0) - (b.textAt ?? 0));
      for (let start = 0; start < fresh.length; start += SLICE) {
        const slice = fresh.slice(start, start + SLICE);
        // The worker reads the bodies itself: no body passes through the page.
        await c.add(
          slice.map((a) => ({
            key: keyOf(a),
            publisherId: a.publisherId,
            id: a.id,
            title: a.meta.title,
            summary: a.meta.summary ?? '',
            tags: a.meta.tags,
            lang: a.meta.lang,
            version: a.meta.sha256,
          })),
        );
        for (const a of slice) covered.set(keyOf(a), a.meta.sha256);
        run.indexed += slice.length;
        stepped();
        nextStep = new Promise((resolve) => (stepped = resolve));
        // Saved as it grows, every few seconds (see scheduleSave): an app closed or reloaded halfway through a large
        // library keeps what was indexed, and starts from there.
        scheduleSave(c);
      }
      scheduleSave(c);
    })
    .catch(() => {
      // Tried again the next time, even with the same list.
      if (lastArticles === articles) lastArticles = undefined;
    })
    .finally(() => {
      if (--builds === 0) progress = undefined;
    });
  return building;
}

/**
 * Results `offset` to `offset + limit` of a query and how many there are. When the index is loaded and up to date (the
 * usual case), the query is posted to the worker before this returns. While a build adds articles, the query waits for
 * it BUILD_WAIT_MS at most, then is answered from what the index holds, and says how much that is (`indexing`): after a
 * first visit cut short, a 10,000-article index can take many seconds to complete, and a reader should not wait for it.
 */
export function searchLibrary(query: string, offset = 0, limit = 20): Promise<LibraryPage> {
  if (stopped) return Promise.resolve({ hits: [], total: 0 });
  lastQueryAt = performance.now();
  if (ready && builds === 0) return ready.query(query, offset, limit);
  return searchWhenReady(query, offset, limit);
}

async function searchWhenReady(query: string, offset: number, limit: number): Promise<LibraryPage> {
  const c = await openSearchIndex();
  // A build with little left, or none begun yet (the library not read yet), is waited for a moment. A long one is not (it
  // would not end in time anyway), except for its first step when the index holds nothing yet.
  const until =
    !lastArticles || !progress || progress.of - progress.indexed <= SLICE
      ? listed.then(() => building)
      : progress.indexed === 0
        ? nextStep
        : undefined;
  if (until) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([until, new Promise((wait) => (timer = setTimeout(wait, BUILD_WAIT_MS)))]);
    clearTimeout(timer);
  }
  const page = await c.query(query, offset, limit);
  // The worker answers between the build's steps, and its answer comes before the step after it is counted.
  return progress ? { ...page, indexing: { ...progress } } : page;
}

/**
 * Settles once no build is left or, given the progress a partial answer (see searchLibrary) came with, once the index
 * holds a quarter of the library more (a slice at least): what that answer waits for before it is asked again. A first
 * visit adds packs until every article is stored, so its last build ends long after a query; meanwhile the answer grows
 * with the index a few times, not at every step (results that move at each step would be hard to read).
 */
export async function whenIndexed(from?: IndexProgress): Promise<void> {
  const enough = from ? from.indexed + Math.max(SLICE, Math.ceil(from.of / 4)) : Infinity;
  while (builds > 0 && !(progress && progress.indexed >= enough)) await Promise.race([building, nextStep]);
}

/** Stops indexing for good and drops the worker, so nothing writes the index again (erase everything). */
export async function stopSearchIndex(): Promise<void> {
  stopped = true;
  dropSearchWorker();
  clearTimeout(saveTimer);
  // Not awaiting work in flight: erasing must finish in moments; a terminated worker never answers, so nothing saves.
  client?.terminate();
  client = undefined;
  ready = undefined;
  lastArticles = undefined;
  covered = new Map();
}
