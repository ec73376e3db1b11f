/**
 * What the built-in library keeps beside its articles (kept out of library-store, which the first paint loads): the
 * edition file stored, whole or text only, and pictures kept one at a time (the data saver).
 */
import { getDb } from './db';
import { isQuotaError } from '../core/errors';
import { StorageFullError } from './library-store';
import { isMediaChoice, type MediaChoice } from '../core/data-saver';

const SYNCED_EDITION = 'syncedEdition';

/**
 * The built-in edition file (its content-hashed URL) the library has stored, if any, and whether its pictures came too
 * ('all') or only its text ('text', the data saver). A value stored before the data saver (a bare URL) means 'all'.
 */
export async function getSyncedEdition(): Promise<{ url: string; media: MediaChoice } | undefined> {
  const value = (await (await getDb()).get('settings', SYNCED_EDITION)) as unknown;
  if (typeof value === 'string') return { url: value, media: 'all' };
  const v = value as { url?: unknown; media?: unknown } | undefined;
  return typeof v?.url === 'string' && isMediaChoice(v.media) ? { url: v.url, media: v.media } : undefined;
}

/** Records that every pack of this built-in edition file is stored (`media` 'text': every text pack, not the pictures). */
export async function setSyncedEdition(url: string, media: MediaChoice): Promise<void> {
  await (await getDb()).put('settings', { url, media }, SYNCED_EDITION);
}

/** Keeps one picture fetched on its own (the data saver), after the caller checked its bytes against the signed manifest. */
export async function putMedia(record: { sha256: string; type: string; bytes: Uint8Array }): Promise<void> {
  try {
    await (await getDb()).put('media', record);
  } catch (err) {
    throw isQuotaError(err) ? new StorageFullError() : err;
  }
}
