/** Keeps the search worker's index in step with the library (adding and removing only what changed) and persists it. */
import { createSearchClient, type SearchHit } from './search-client';
import { htmlToText } from '../core/html-text';
import { getBody } from '../storage/library-store';
import { loadSearchIndex, saveSearchIndex } from '../storage/search-store';
import type { ArticleRecord } from '../storage/db';

let client: ReturnType<typeof createSearchClient> | undefined;
/** Which version (sha256) of each article the index holds, by key. */
let covered = new Map<string, string>();
let building: Promise<void> = Promise.resolve();
let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Set by stopSearchIndex (erase everything): from then on nothing is indexed or saved. */
let stopped = false;

const keyOf = (a: ArticleRecord) => `${a.publisherId}/${a.id}`;

/** Opens the worker with the stored index, or an empty one when there is none or it is from another app version. */
async function open(): Promise<NonNullable<typeof client>> {
  const c = createSearchClient();
  const stored = await loadSearchIndex().catch(() => undefined);
  if (stored && (await c.load(stored.json))) covered = new Map(stored.docs);
  else {
    await c.load();
    covered = new Map();
  }
  return c;
}

/** Makes sure the index covers exactly these articles; only changed ones are re-read and re-indexed. */
export function ensureIndexed(articles: ArticleRecord[]): Promise<void> {
  building = building.then(async () => {
    if (stopped) return;
    client ??= await open();
    const c = client;
    const want = new Map(articles.map((a) => [keyOf(a), a.meta.sha256]));
    const stale = [...covered.keys()].filter((k) => !want.has(k));
    const fresh = articles.filter((a) => covered.get(keyOf(a)) !== a.meta.sha256);
    if (!stale.length && !fresh.length) return;
    if (stale.length) await c.remove(stale);
    // Bodies are read in slices so a 10,000-article library never sits in memory at once.
    for (let start = 0; start < fresh.length; start += 200) {
      const slice = fresh.slice(start, start + 200);
      const docs = await Promise.all(slice.map(async (a) => ({
        key: keyOf(a),
        title: a.meta.title,
        summary: a.meta.summary ?? '',
        tags: a.meta.tags,
        body: htmlToText((await getBody(a.publisherId, a.id)) ?? ''),
        lang: a.meta.lang,
      })));
      await c.add(docs);
      for (const a of slice) covered.set(keyOf(a), a.meta.sha256);
    }
    for (const k of stale) covered.delete(k);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (stopped) return;
      const docs = [...covered];
      void c.serialize().then((json: string) => saveSearchIndex({ json, docs })).catch(() => undefined);
    }, 1500);
  }).catch(() => undefined);
  return building;
}

/** Runs a query once the index is ready. */
export async function searchLibrary(query: string): Promise<SearchHit[]> {
  await building;
  return client ? client.query(query, 100) : [];
}

/** Stops indexing for good and drops the worker, so nothing writes the index again (erase everything). */
export async function stopSearchIndex(): Promise<void> {
  stopped = true;
  clearTimeout(saveTimer);
  // Not awaiting work in flight: erasing must finish in moments; a terminated worker never answers, so nothing saves.
  client?.terminate();
  client = undefined;
  covered = new Map();
}
