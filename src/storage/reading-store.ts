/** Reading state per article: position, read mark, bookmark. */
import { getDb, type ReadingRecord } from './db';

/** The greatest `updatedAt` read or given, once known: stamps only grow, whatever the device's clock does. */
let latest: number | undefined;

/** The last read of every state: a change made while it runs waits for it. */
let reading: Promise<ReadingRecord[]> | undefined;

/** Every article's reading state. */
export function getAllReading(): Promise<ReadingRecord[]> {
  const read = (async () => {
    const all = await (await getDb()).getAll('reading');
    latest = all.reduce((most, r) => Math.max(most, r.updatedAt), latest ?? 0);
    return all;
  })();
  reading = read;
  // Once it has ended `latest` is known and it is not asked for again; one that failed is dropped, to be tried again.
  read.catch(() => {
    if (reading === read) reading = undefined;
  });
  return read;
}

/**
 * A stamp for a change: the clock, but above every stamp before it. A state saved while the clock was ahead (by years,
 * on a phone whose clock the network later set right) would otherwise stay the latest until that time came.
 */
async function nextStamp(): Promise<number> {
  // The library reads every state at start: a change made before that read ends (an article opened first is marked
  // read) waits for it rather than reading up to 10,000 states a second time.
  if (latest === undefined) await (reading ?? getAllReading());
  latest = Math.max(Date.now(), (latest ?? 0) + 1);
  return latest;
}

/** Merges a change into one article's reading state and returns the result. */
export async function updateReading(
  publisherId: string,
  id: string,
  change: Partial<Omit<ReadingRecord, 'publisherId' | 'id'>>,
): Promise<ReadingRecord> {
  const updatedAt = await nextStamp();
  const db = await getDb();
  const tx = db.transaction('reading', 'readwrite');
  const current = (await tx.store.get([publisherId, id])) ?? { publisherId, id, updatedAt: 0 };
  const next: ReadingRecord = { ...current, ...change, publisherId, id, updatedAt };
  await tx.store.put(next);
  await tx.done;
  return next;
}
