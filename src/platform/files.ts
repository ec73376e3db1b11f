/** Files in and out: share sheet or download, shared files kept by the service worker, "Open with" (launchQueue). */
import { SHARE_CACHE } from '../core/constants';

/** Offers a file to the system share sheet where it can take files, else downloads it. */
export async function shareOrSave(blob: Blob, fileName: string): Promise<void> {
  const file = new File([blob], fileName, { type: 'text/html' });
  const nav = navigator as Navigator & { canShare?: (d: ShareData) => boolean };
  if (nav.canShare?.({ files: [file] }) && matchMedia('(pointer: coarse)').matches) {
    try {
      await nav.share({ files: [file], title: fileName });
      return;
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
}

/** Takes (and removes) the files the share target kept. */
export async function takeSharedFiles(): Promise<File[]> {
  if (!('caches' in self)) return [];
  const cache = await caches.open(SHARE_CACHE);
  const files: File[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (response) {
      const name = decodeURIComponent(response.headers.get('x-file-name') ?? 'shared-file');
      files.push(new File([await response.blob()], name));
    }
    await cache.delete(request);
  }
  return files;
}

interface LaunchParams {
  files: { getFile(): Promise<File> }[];
}

/** Calls back with files the system opened with this app (desktop "Open with"). */
export function onLaunchFiles(handler: (file: File) => void): void {
  const queue = (window as Window & { launchQueue?: { setConsumer(cb: (p: LaunchParams) => void): void } }).launchQueue;
  queue?.setConsumer(async (params) => {
    for (const handle of params.files ?? []) handler(await handle.getFile());
  });
}
