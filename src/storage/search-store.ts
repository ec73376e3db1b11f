/** The persisted search index, so search is ready at start without re-indexing. */
import { getDb } from './db';

/** The stored index, if its signature (which articles it covers) still matches. */
export async function loadSearchIndex(signature: string): Promise<string | undefined> {
  const row = await (await getDb()).get('search', 'index');
  return row && row.signature === signature ? row.json : undefined;
}

/** Stores the serialised index with the signature of the library it covers. */
export async function saveSearchIndex(json: string, signature: string): Promise<void> {
  await (await getDb()).put('search', { json, signature }, 'index');
}
