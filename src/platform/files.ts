/** Files in and out: share sheet or download, "Open with" (launchQueue). The share target's files: shared-files.ts. */
import { notKeptFile, type NotKeptFile } from '../core/share-protocol';

/** What to do with a finished file when sharing it needs the reader's tap again. */
export type ShareOrSaveChoice = () => Promise<'share' | 'save'>;

/**
 * Offers a file to the system share sheet where it can take files, else downloads it; says which it did. A share
 * sheet opens only within moments of a tap, and making a large file outlasts them: then `askAgain`, where given, asks
 * the reader for another tap (share, or save instead), once. Without it, or for any other failure, the file is saved.
 */
export async function shareOrSave(blob: Blob, fileName: string, askAgain?: ShareOrSaveChoice): Promise<'shared' | 'saved'> {
  const file = new File([blob], fileName, { type: 'text/html' });
  const nav = navigator as Navigator & { canShare?: (d: ShareData) => boolean; userActivation?: { isActive: boolean } };
  if (nav.canShare?.({ files: [file] }) && matchMedia('(pointer: coarse)').matches) {
    let asked = false;
    const ask = (): Promise<'share' | 'save'> => {
      asked = true;
      return askAgain ? askAgain() : Promise.resolve('save');
    };
    if (nav.userActivation?.isActive === false && (await ask()) === 'save') return saveFile(file);
    for (;;) {
      try {
        await nav.share({ files: [file], title: fileName });
        return 'shared';
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'AbortError') throw err;
        // No tap a moment ago (a browser that does not say so beforehand): asked once. Any other failure (no app to
        // take it): a download.
        if (name !== 'NotAllowedError' || asked || (await ask()) === 'save') break;
      }
    }
  }
  return saveFile(file);
}

/** Downloads the file. */
function saveFile(file: File): 'saved' {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return 'saved';
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
