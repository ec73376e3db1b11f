/** Files in: shared files kept by the service worker, "Open with" (launchQueue). Files out: share-or-save.ts. */
import { SHARE_CACHE } from '../core/constants';
import { keptFileOf, noteOf, notKeptFile, SHARE_NOTES_CACHE, type NotKeptFile } from '../core/share-protocol';

/** What the share target handed over: the files it kept, and a note of each it did not keep. */
export interface SharedFiles {
  files: File[];
  notKept: NotKeptFile[];
}

/**
 * Takes (and removes) the files the share target kept, with its notes of those it did not and a note of each kept one
 * that can no longer be read. Never rejects: the page leaves the import route and says what came of the share.
 */
export async function takeSharedFiles(): Promise<SharedFiles> {
  if (!('caches' in self)) return { files: [], notKept: [] };
  try {
    const [kept, notes] = await Promise.all([takeAll(SHARE_CACHE, keptFileOf), takeAll(SHARE_NOTES_CACHE, noteOf)]);
    const taken: SharedFiles = { files: [], notKept: [] };
    for (const x of [...kept, ...notes]) {
      if (x instanceof File) taken.files.push(x);
      else if (x) taken.notKept.push(x);
    }
    return taken;
  } catch {
    // Cache Storage itself failed: what was shared stays there (see takeAll), and the reader is told it was not read.
    return { files: [], notKept: [notKeptFile('', 'read-failed')] };
  }
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

interface LaunchParams {
  files: { name: string; getFile(): Promise<File> }[];
}

/**
 * Calls back with the files the system opened with this app (desktop "Open with"), all of one launch together, and a
 * note of each that could not be read (moved or deleted since).
 */
export function onLaunchFiles(handler: (files: File[], notRead: NotKeptFile[]) => void): void {
  const queue = (window as Window & { launchQueue?: { setConsumer(cb: (p: LaunchParams) => void): void } }).launchQueue;
  queue?.setConsumer(async (params) => {
    const handles = params.files ?? [];
    // A launch without files (the app opened from its icon) is not an import.
    if (handles.length === 0) return;
    const read = await Promise.allSettled(handles.map((handle) => handle.getFile()));
    handler(
      read.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
      handles.filter((_, k) => read[k]!.status === 'rejected').map((handle) => notKeptFile(handle.name, 'read-failed')),
    );
  });
}
