/** Keeps the search worker's index in step with the library, persisting it so search is ready at start. */
import { createSearchClient, type SearchHit } from './search-client';
import { htmlToText } from '../core/html-text';
import { getBody } from '../storage/library-store';
import { loadSearchIndex, saveSearchIndex } from '../storage/search-store';
import type { ArticleRecord } from '../storage/db';

type Client = ReturnType<typeof createSearchClient>;
let client: Client | undefined;
let indexed = '';
let building: Promise<void> = Promise.resolve();

/** A short fingerprint of which article versions the index must cover. */
function signatureOf(articles: ArticleRecord[]): string {
  let h = 0x811c9dc5;
  const parts = articles.map((a) => `${a.publisherId}/${a.id}@${a.meta.sha256}`).sort();
  for (const p of parts) for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 0x01000193);
  return `${articles.length}:${(h >>> 0).toString(16)}`;
}

/** Makes sure the index covers exactly these articles (loads the stored one, or rebuilds it). */
export function ensureIndexed(articles: ArticleRecord[]): Promise<void> {
  const signature = signatureOf(articles);
  building = building.then(async () => {
    if (signature === indexed) return;
    client?.terminate();
    client = createSearchClient();
    const stored = await loadSearchIndex(signature).catch(() => undefined);
    if (stored) {
      await client.load(stored);
    } else {
      await client.load();
      // Bodies are read in slices so a 10,000-article library never sits in memory at once.
      for (let start = 0; start < articles.length; start += 200) {
        const slice = articles.slice(start, start + 200);
        const docs = await Promise.all(slice.map(async (a) => ({
          key: `${a.publisherId}/${a.id}`,
          title: a.meta.title,
          summary: a.meta.summary ?? '',
          tags: a.meta.tags.join(' '),
          body: htmlToText((await getBody(a.publisherId, a.id)) ?? ''),
          lang: a.meta.lang,
        })));
        await client.add(docs);
      }
      void client.serialize().then((json) => saveSearchIndex(json, signature)).catch(() => undefined);
    }
    indexed = signature;
  }).catch(() => { indexed = ''; });
  return building;
}

/** Runs a query once the index is ready. */
export async function searchLibrary(query: string): Promise<SearchHit[]> {
  await building;
  return client ? client.query(query) : [];
}
