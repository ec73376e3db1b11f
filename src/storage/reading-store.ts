/** Reading state per article: position, read mark, bookmark. */
import { getDb, type ReadingRecord } from './db';

/** Every article's reading state. */
export async function getAllReading(): Promise<ReadingRecord[]> {
  return (await getDb()).getAll('reading');
}

/** Merges a change into one article's reading state and returns the result. */
export async function updateReading(
  publisherId: string,
  id: string,
  change: Partial<Omit<ReadingRecord, 'publisherId' | 'id'>>,
): Promise<ReadingRecord> {
  const db = await getDb();
  const tx = db.transaction('reading', 'readwrite');
  const current = (await tx.store.get([publisherId, id])) ?? { publisherId, id, updatedAt: 0 };
  const next: ReadingRecord = { ...current, ...change, publisherId, id, updatedAt: Date.now() };
  await tx.store.put(next);
  await tx.done;
  return next;
}
