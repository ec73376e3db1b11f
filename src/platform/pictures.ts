/** Pictures one at a time (the data saver): what the signed manifest says of each, and a fetch that keeps only bytes that match it. */
import { sha256Hex } from '../core/bytes';
import { MEDIA_DIR, MEDIA_TYPES } from '../core/constants';
import { putMedia } from '../storage/built-in-store';
import { getLibraryEdition } from '../storage/update-store';
import type { MediaMeta } from '../core/types';
import { describePicturesInWorker, missingPicturesInWorker } from './import-client';
import { addressesToAsk, fetchFrom, isReachable } from './addresses';

/** What the manifest of an article's edition says of these pictures (those it lists): read in the import worker. */
export async function describePictures(publisherId: string, edition: number, hashes: string[]): Promise<Map<string, MediaMeta>> {
  const media = await describePicturesInWorker(publisherId, edition, hashes);
  return new Map(media.map((m) => [m.sha256, m]));
}

/** The address that last brought a picture: asked first for the next one (the app's own may be blackholed, costing seconds each). */
let lastBrought: string | undefined;

/**
 * Downloads one picture from the app's own address or, where that fails, from each mirror of the signed list in turn,
 * bounded as the update check's downloads are; keeps the first copy whose size and SHA-256 match the signed manifest's
 * entry (a damaged or swapped file is refused, and the next address asked; nothing unchecked is kept) with the
 * library's images, and returns it.
 */
export async function fetchPicture(meta: MediaMeta): Promise<Blob> {
  const ext = MEDIA_TYPES[meta.type];
  if (!ext) throw new Error(`${meta.sha256}: not a picture type this app shows.`);
  const path = `${MEDIA_DIR}/${meta.sha256}.${ext}`;
  const addresses = (await addressesToAsk()).filter(isReachable);
  const first = addresses.filter((a) => a === lastBrought);
  for (const address of [...first, ...addresses.filter((a) => a !== lastBrought)]) {
    const bytes = await fetchFrom(new URL(path, address).href, meta.size).then(
      (buffer) => new Uint8Array(buffer),
      () => undefined,
    );
    if (bytes?.length !== meta.size || (await sha256Hex(bytes)) !== meta.sha256) continue;
    lastBrought = address;
    await putMedia({ sha256: meta.sha256, type: meta.type, bytes });
    return new Blob([bytes as BlobPart], { type: meta.type });
  }
  throw new Error(`${path}: no address brought the picture the signed manifest describes.`);
}

/** How many bytes the pictures of the library's edition that the device does not hold would take (0 before a first sync). */
export async function missingPictureBytes(): Promise<number> {
  const held = await getLibraryEdition().catch(() => undefined);
  return held ? missingPicturesInWorker(held.publisherId, held.edition) : 0;
}
