/** The reader's data-saver choice on the page: read, made (kept in IndexedDB, copied for the service worker) and awaited on a first visit. */
import { getSettings, setSetting } from '../storage/settings-store';
import { StorageUnavailableError, followStorageNotice, isErased } from '../storage/db';
import { writeMediaChoice } from '../core/content-cache';
import { preselectedChoice, QUESTION_MS, type MediaChoice } from '../core/data-saver';

type Listener = (choice: MediaChoice) => void;
const listeners = new Set<Listener>();
/** When the question was put (the sync holds pictures back): its clock, for the fallback. */
let askedAt = 0;

/** The choice offered first: "text now" where the browser asks to save data (Chrome's Lite mode, Android's Data Saver). */
export function preselectedMediaChoice(): MediaChoice {
  return preselectedChoice((navigator as { connection?: { saveData?: boolean } }).connection?.saveData === true);
}

/** The stored choice; undefined when the reader has not chosen yet. */
export async function getMediaChoice(): Promise<MediaChoice | undefined> {
  return (await getSettings().catch(() => ({ media: undefined }))).media;
}

/**
 * Makes a choice: stored, copied where the service worker reads it, and told to whoever waits for it (the sync, the
 * question). Not once the library is erased: the service worker's copy, made again, would bring every picture next visit.
 */
export async function chooseMedia(choice: MediaChoice): Promise<void> {
  if (isErased()) return;
  await setSetting('media', choice).catch(() => undefined);
  if (isErased()) return;
  await writeMediaChoice(choice).catch(() => undefined);
  tell(choice);
}

const tell = (choice: MediaChoice): void => {
  for (const listener of [...listeners]) listener(choice);
};

/** Calls back on every choice made on this page (the reader's, or the first visit's fallback). Returns an unsubscribe. */
export function onMediaChoice(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const erasedError = () => new StorageUnavailableError('the library was erased', 'storage-erased');

/**
 * The choice the pictures follow: the stored one; else the reader's answer, or, when none came within QUESTION_MS of
 * the question (the caller awaits this once the text is stored), the one another tab stored meanwhile, else the
 * preselected choice, stored as the reader's (Settings can change it). Rejects ('storage-erased') once erased.
 */
export async function awaitMediaChoice(): Promise<MediaChoice> {
  const stored = await getMediaChoice();
  if (stored) return stored;
  if (isErased()) throw erasedError();
  return new Promise((resolve, reject) => {
    const end = (): void => {
      clearTimeout(timer);
      off();
      unfollow();
    };
    const off = onMediaChoice((choice) => {
      end();
      resolve(choice);
    });
    const unfollow = followStorageNotice(() => {
      if (!isErased()) return;
      end();
      reject(erasedError());
    });
    // Read again: an answer another tab stored meanwhile (not heard here) stands, and is not overwritten.
    const fallback = async () => {
      const other = await getMediaChoice();
      if (other) tell(other);
      else await chooseMedia(preselectedMediaChoice());
    };
    const timer = setTimeout(() => void fallback(), Math.max(0, askedAt + QUESTION_MS - Date.now()));
  });
}

let waiting: number | undefined;
const waitingListeners = new Set<(bytes: number | undefined) => void>();

// An erase (here or in another tab) takes the question away: nothing may be chosen after it.
followStorageNotice(() => void (isErased() && setPicturesWaiting(undefined)));

/** The sync says what the pictures it holds back for the reader's answer would take (undefined: it holds none back). */
export function setPicturesWaiting(bytes: number | undefined): void {
  if (bytes !== undefined && waiting === undefined) askedAt = Date.now();
  waiting = bytes;
  for (const listener of [...waitingListeners]) listener(bytes);
}

/** Calls back now and on every change with the bytes of pictures waiting for the reader's answer. Returns an unsubscribe. */
export function onPicturesWaiting(listener: (bytes: number | undefined) => void): () => void {
  waitingListeners.add(listener);
  listener(waiting);
  return () => waitingListeners.delete(listener);
}
