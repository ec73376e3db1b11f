/** Files in and out: share sheet or download, shared files kept by the service worker, "Open with" (launchQueue). */
import { SHARE_CACHE } from '../core/constants';
import { keptFileOf, noteOf, SHARE_NOTES_CACHE, type NotKeptFile } from '../core/share-protocol';

/** Offers a file to the system share sheet where it can take files, else downloads it; says which it did. */
export async function shareOrSave(blob: Blob, fileName: string): Promise<'shared' | 'saved'> {
  const file = new File([blob], fileName, { type: 'text/html' });
  const nav = navigator as Navigator & { canShare?: (d: ShareData) => boolean };
  if (nav.canShare?.({ files: [file] }) && matchMedia('(pointer: coarse)').matches) {
    try {
      await nav.share({ files: [file], title: fileName });
      return 'shared';
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      // Sharing failed for another reason (e.g. no target app): fall back to a download.
    }
  }
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return 'saved';
}

/** What the share target handed over: the files it kept, and a note of each it did not keep. */
export interface SharedFiles {
  files: File[];
  notKept: NotKeptFile[];
}

/** Takes (and removes) the files the share target kept, and its notes of those it did not. */
export async function takeSharedFiles(): Promise<SharedFiles> {
  if (!('caches' in self)) return { files: [], notKept: [] };
  const [files, notes] = await Promise.all([takeAll(SHARE_CACHE, keptFileOf), takeAll(SHARE_NOTES_CACHE, noteOf)]);
  return { files, notKept: notes.filter((n): n is NotKeptFile => n !== undefined) };
}

/** Every entry of a cache, read by `read` and deleted; nothing (and no cache created) where there is none. */
async function takeAll<T>(name: string, read: (response: Response) => Promise<T>): Promise<T[]> {
  if (!(await caches.has(name))) return [];
  const cache = await caches.open(name);
  const taken: T[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response) taken.push(await read(response));
    await cache.delete(request);
  }
  return taken;
}

interface LaunchParams {
  files: { getFile(): Promise<File> }[];
}

/** Calls back with the files the system opened with this app (desktop "Open with"), all of one launch together. */
export function onLaunchFiles(handler: (files: File[]) => void): void {
  const queue = (window as Window & { launchQueue?: { setConsumer(cb: (p: LaunchParams) => void): void } }).launchQueue;
  queue?.setConsumer(async (params) => {
    // A launch without files (the app opened from its icon) is not an import.
    const files = await Promise.all((params.files ?? []).map((handle) => handle.getFile()));
    if (files.length) handler(files);
  });
}
