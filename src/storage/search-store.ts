/** The persisted search index and the article versions it covers, so search is ready at start without re-indexing. */
import { getDb } from './db';

/** A stored index: MiniSearch JSON plus [key, sha256] of every article in it. */
export interface StoredIndex {
  json: string;
  docs: [string, string][];
}

/** The stored index, if any. */
export async function loadSearchIndex(): Promise<StoredIndex | undefined> {
  const row = await (await getDb()).get('search', 'index');
  return row && Array.isArray(row.docs) ? { json: row.json, docs: row.docs } : undefined;
}

/** Stores the serialised index with the article versions it covers. */
export async function saveSearchIndex(index: StoredIndex): Promise<void> {
  await (await getDb()).put('search', index, 'index');
}
