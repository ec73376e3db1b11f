/**
 * The page's side of the share target: takes the files the service worker kept (and the notes of those it did not),
 * and forgets each once its import has ended.
 */
import { SHARE_CACHE } from '../core/constants';
import { keptFileOf, noteOf, notKeptFile, SHARE_NOTES_CACHE, type NotKeptFile } from '../core/share-protocol';

/** What the share target handed over: the files it kept, and a note of each it did not keep. */
export interface SharedFiles {
  files: File[];
  notKept: NotKeptFile[];
  /** Forgets the files, once their import has ended (until then they stay, for a page that goes away meanwhile). */
  release: () => Promise<void>;
}

/** How many times each kept file was taken for an import that has not ended: a page closed meanwhile leaves its count. */
const SHARE_TAKEN_CACHE = `${SHARE_CACHE}-taken`;
/** A file taken this often without its import ending is not taken again: its import may be what closes the page. */
const MAX_TAKES = 2;

/**
 * Takes the files the share target kept (and any an earlier import did not end with: another share reloaded the page,
 * or the phone closed it while a question waited), with its notes of those it did not keep and a note of each kept one
 * that can no longer be read. The notes are removed at once, the files by `release`. Never rejects: the page says what
 * came of the share.
 */
export async function takeSharedFiles(): Promise<SharedFiles> {
  const none: SharedFiles = { files: [], notKept: [], release: async () => undefined };
  if (!('caches' in self)) return none;
  try {
    const [kept, notes] = await Promise.all([takeKept(), takeAll(SHARE_NOTES_CACHE, noteOf)]);
    return { ...kept, notKept: [...kept.notKept, ...notes.flatMap((n) => n ?? [])] };
  } catch {
    // Cache Storage itself failed: what was shared stays there, and the reader is told it was not read.
    return { ...none, notKept: [notKeptFile('', 'read-failed')] };
  }
}

/** The kept files, each counted as taken once more; one taken MAX_TAKES times already is dropped with a note. */
async function takeKept(): Promise<SharedFiles> {
  const taken: SharedFiles = { files: [], notKept: [], release: async () => undefined };
  if (!(await caches.has(SHARE_CACHE))) return taken;
  const [cache, counts] = await Promise.all([caches.open(SHARE_CACHE), caches.open(SHARE_TAKEN_CACHE)]);
  const requests = await cache.keys();
  const forget = (request: Request | string): Promise<unknown> =>
    Promise.all([cache.delete(request).catch(() => false), counts.delete(request).catch(() => false)]);
  for (const request of requests) {
    const response = await cache.match(request);
    if (!response) continue;
    const file = await keptFileOf(response);
    const times = Number((await (await counts.match(request))?.text()) ?? 0);
    if (!(file instanceof File) || times >= MAX_TAKES) {
      taken.notKept.push(file instanceof File ? notKeptFile(file.name, 'read-failed') : file);
      await forget(request);
      continue;
    }
    await counts.put(request, new Response(String(times + 1))).catch(() => undefined);
    taken.files.push(file);
  }
  taken.release = async () => void (await Promise.all(requests.map(forget)));
  return taken;
}

/** Every entry of a cache, read by `read`, then deleted; nothing (and no cache created) where there is none. */
async function takeAll<T>(name: string, read: (response: Response) => Promise<T>): Promise<T[]> {
  if (!(await caches.has(name))) return [];
  const cache = await caches.open(name);
  const requests = await cache.keys();
  const taken: T[] = [];
  for (const request of requests) {
    const response = await cache.match(request);
    if (response) taken.push(await read(response));
  }
  // Deleted once all are read, so a failure above loses none; one left by a failed delete is only imported again.
  await Promise.all(requests.map((request) => cache.delete(request).catch(() => false)));
  return taken;
}
