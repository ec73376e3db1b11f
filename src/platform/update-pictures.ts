/**
 * The picture stage of an update from a mirror: the picture packs an edition's plan lists, cut into batches and stored
 * one write each, each batch required to bring a picture the device still lacked, until "Text now" is chosen.
 */
import type { Pack } from '../core/import-protocol';
import { MAX_BULK_BYTES } from '../core/constants';
import { failureCode, type FailureCode } from '../core/errors';
import { missingPicturesInWorker } from './import-client';
import { awaitMediaChoice, getMediaChoice, onMediaChoice, setPicturesWaiting } from './media-choice';
import { getStoredMediaHashes } from '../storage/library-store';
import { AddressFailure } from './addresses';

/**
 * The most bytes of picture packs downloaded and then stored in one write (a larger pack goes alone). It bounds what a
 * connection that breaks costs (only the batch under way comes again: about a minute's download at 1 Mbit/s) and what
 * the page and the import worker hold at once (the batch's packs, then its decoded pictures, instead of every picture
 * of the library); it is the size of the bulk files a first visit downloads, so a batch holds two or three picture
 * packs of the build (MAX_MEDIA_PACK_BYTES).
 */
const PICTURE_BATCH_BYTES = MAX_BULK_BYTES;

/** How the picture stage of one address ended (the text, and every batch before, stay stored). */
export interface PicturesStored {
  /** Picture parts stored, of `of` planned. */
  stored: number;
  of: number;
  /** The address's doing: a batch refused, brought nothing the device lacked, or did not come. */
  failure?: AddressFailure;
  /** Not the address's doing (the device is full, the storage is gone): what stopped them. */
  stopped?: { code: FailureCode; error: unknown };
  /** The reader chose "Text now" before they all came: the rest come as their articles open. */
  textNow?: true;
}

/**
 * The picture packs of a plan worth downloading from `base`: each address once (a pack index is not signed: one that
 * lists one pack under many names must not have it downloaded again and again), and none the text write brings.
 */
export function picturePlan(pictures: readonly Pack[], text: readonly Pack[], base: string): Pack[] {
  const seen = new Set(text.map((pack) => new URL(pack.url, base).href));
  return pictures.filter((pack) => {
    const url = new URL(pack.url, base).href;
    return !seen.has(url) && Boolean(seen.add(url));
  });
}

/** `packs` cut in order into batches of at most `maxBytes` (by their listed sizes); a larger pack is a batch alone. */
function inBatches(packs: readonly Pack[], maxBytes: number): Pack[][] {
  const batches: Pack[][] = [];
  let bytes = Infinity;
  for (const pack of packs) {
    if (bytes + pack.bytes > maxBytes) {
      batches.push([]);
      bytes = 0;
    }
    batches[batches.length - 1]!.push(pack);
    bytes += pack.bytes;
  }
  return batches;
}

/**
 * Stores `pictures` (of the edition `publisherId`/`edition`, whose manifest the text write stored) through `store`, a
 * batch of PICTURE_BATCH_BYTES at a time (`last` on the final one). A batch after which the device lacks no fewer
 * picture bytes than before stops the address as 'tampered': a pack index is not signed, and one that lists genuine
 * packs the device holds (or one pack again and again) would otherwise have them downloaded with no end. Stops between
 * batches once the reader chooses "Text now" on this page.
 */
export async function storePictureBatches(
  pictures: readonly Pack[],
  publisherId: string,
  edition: number,
  store: (packs: Pack[], last: boolean) => Promise<unknown>,
): Promise<PicturesStored> {
  const out: PicturesStored = { stored: 0, of: pictures.length };
  if (!pictures.length) return out;
  let textNow = false;
  const off = onMediaChoice((choice) => void (textNow ||= choice === 'text'));
  const batches = inBatches(pictures, PICTURE_BATCH_BYTES);
  try {
    let lacking = await missingPicturesInWorker(publisherId, edition);
    // No choice made yet (a first visit cut short before its question, then the site blocked): the question is put now,
    // as the first visit's sync puts it, and no picture comes before its answer (or, unanswered, its default).
    if (lacking > 0 && !(await getMediaChoice())) {
      setPicturesWaiting(lacking);
      await awaitMediaChoice();
      setPicturesWaiting(undefined);
    }
    for (const [n, batch] of batches.entries()) {
      // Chosen on this page while a batch came, or before this stage began (on another page too: the choice is stored
      // before anyone hears of it).
      if (textNow || (await getMediaChoice()) === 'text') {
        out.textNow = true;
        break;
      }
      const last = n === batches.length - 1;
      // Packs whose pictures the device came to hold since the plan (an article opened, the app's own sync) are not
      // downloaded again, nor make their batch look as if it brought nothing. The last write is made even with none
      // left: it checks that the plan left out no picture the edition lacks.
      const held = await getStoredMediaHashes(batch.flatMap((pack) => pack.media));
      const needed = batch.filter((pack) => pack.media.some((sha) => !held.has(sha)));
      // Not parts this address brought: out of the count ("2 of 2 parts came", not "2 of 4").
      out.of -= batch.length - needed.length;
      if (!needed.length && !last) continue;
      await store(needed, last);
      if (!needed.length) break;
      const now = await missingPicturesInWorker(publisherId, edition);
      if (now >= lacking) throw new AddressFailure('tampered');
      lacking = now;
      out.stored += needed.length;
    }
  } catch (err) {
    if (err instanceof AddressFailure) out.failure = err;
    else out.stopped = { code: failureCode(err), error: err };
  } finally {
    off();
  }
  return out;
}
