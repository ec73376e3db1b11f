/** Pictures one at a time (the data saver): what the signed manifest says of each, and a fetch that keeps only bytes that match it. */
import { sha256Hex } from '../core/bytes';
import { MEDIA_DIR, MEDIA_TYPES } from '../core/constants';
import { putMedia } from '../storage/built-in-store';
import { getLibraryEdition } from '../storage/update-store';
import type { MediaMeta } from '../core/types';
import { describePicturesInWorker, missingPicturesInWorker } from './import-client';

/** What the manifest of an article's edition says of these pictures (those it lists): read in the import worker. */
export async function describePictures(publisherId: string, edition: number, hashes: string[]): Promise<Map<string, MediaMeta>> {
  const media = await describePicturesInWorker(publisherId, edition, hashes);
  return new Map(media.map((m) => [m.sha256, m]));
}

/**
 * Downloads one picture from the app's own address, checks its size and SHA-256 against the signed manifest's entry
 * (a damaged or swapped file is refused, nothing unchecked is kept), keeps it with the library's images, and returns it.
 */
export async function fetchPicture(meta: MediaMeta): Promise<Blob> {
  const ext = MEDIA_TYPES[meta.type];
  if (!ext) throw new Error(`${meta.sha256}: not a picture type this app shows.`);
  const url = new URL(`${MEDIA_DIR}/${meta.sha256}.${ext}`, document.baseURI).href;
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== meta.size || (await sha256Hex(bytes)) !== meta.sha256)
    throw new Error(`${url}: the picture does not match the signed manifest.`);
  await putMedia({ sha256: meta.sha256, type: meta.type, bytes });
  return new Blob([bytes as BlobPart], { type: meta.type });
}

/** How many bytes the pictures of the library's edition that the device does not hold would take (0 before a first sync). */
export async function missingPictureBytes(): Promise<number> {
  const held = await getLibraryEdition().catch(() => undefined);
  return held ? missingPicturesInWorker(held.publisherId, held.edition) : 0;
}
