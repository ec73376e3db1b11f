/** Which pictures a stored manifest vouches for: the one rule of the worker's picture look-ups and of removing unverified rows. */
import { parseManifest } from '../core/manifest';
import type { MediaMeta } from '../core/types';
import type { EditionRecord } from '../storage/db';

/**
 * The pictures a verified stored manifest lists. An unverified one (any key can sign) vouches for none: it could name a
 * picture the device then asks its own address for (a request a forger chose), or give a genuine picture a wrong size or
 * type so that it is refused. A stored manifest that no longer reads vouches for none.
 */
export function vouchedMedia(record: EditionRecord): MediaMeta[] {
  if (record.trust !== 'verified') return [];
  try {
    return parseManifest(record.signed.text).media;
  } catch {
    return [];
  }
}
