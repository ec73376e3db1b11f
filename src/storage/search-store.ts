/** The persisted search index and the article versions it covers, so search is ready at start without re-indexing. */
import { getDb } from './db';

/** A stored index: the worker's serialised index (see core/search SerializedIndex) plus [key, sha256] of every article in it. */
export interface StoredIndex {
  /** A SerializedIndex (or what an older version stored, which the search worker refuses and rebuilds). */
  index: unknown;
  docs: [string, string][];
}

const isDocs = (docs: unknown): docs is [string, string][] =>
  Array.isArray(docs) && docs.every((d) => Array.isArray(d) && typeof d[0] === 'string' && typeof d[1] === 'string');

/** The stored index, if any (read as typed arrays: no megabytes of text are parsed on the page). */
export async function loadSearchIndex(): Promise<StoredIndex | undefined> {
  const row = await (await getDb()).get('search', 'index');
  if (!row || !isDocs(row.docs)) return undefined;
  // Before INDEX_VERSION 2 the index was one string under `json`: not read, so the worker builds the index again.
  return { index: row.index, docs: row.docs };
}

/** Stores the serialised index with the article versions it covers. */
export async function saveSearchIndex(stored: StoredIndex): Promise<void> {
  await (await getDb()).put('search', { index: stored.index, docs: stored.docs }, 'index');
}
