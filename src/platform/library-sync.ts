/** Brings the built-in library (the deployed edition's packs) into IndexedDB, through the service worker's cache. */
import { applyWithdrawalsInWorker, planEditionInWorker, storePackInWorker, verifyEditionInWorker } from './import-client';
import { getTrustedKeys } from './trusted-keys';
import { onPrecacheProgress, whenControlled } from './pwa';
import { requestPersistence } from './storage-info';
import { takeWithdrawnNotice } from '../storage/library-store';
import { StorageUnavailableError, isErased } from '../storage/db';
import { getSyncedEdition, setSyncedEdition } from '../storage/built-in-store';
import { deliveryOrder } from '../core/delivery';
import { markPackStored, markPacksStoredFrom, writeMediaChoice } from '../core/content-cache';
import type { MediaChoice } from '../core/data-saver';
import { awaitMediaChoice, getMediaChoice, onMediaChoice, setPicturesWaiting } from './media-choice';
import { getLibraryEdition, recordLibraryEdition, recordMirrors } from '../storage/update-store';
import type { EditionSummary, Pack } from '../core/import-protocol';
import type { PageToSw } from '../core/messages';
import { isFailure, isQuotaError } from '../core/errors';

/** The deployed edition file, named in index.html by the build. */
function editionUrl(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="or-edition"]')?.content || undefined;
}

/** A pack's URL as the edition lists it (relative to the app), made absolute: the key the caches know it by. */
const absolute = (url: string): string => new URL(url, document.baseURI).href;

/** Packs stored at once after the first (each waits on the database for part of its time). */
const STORE_LANES = 3;

/** Waits for every promise; then throws the first failure, if any (so no lane is left running unseen). */
async function allSettledOrThrow(work: Promise<void>[]): Promise<void> {
  let failure: { error: unknown } | undefined;
  await Promise.all(work.map((p) => p.catch((error: unknown) => void (failure ??= { error }))));
  if (failure) throw failure.error;
}

/**
 * Stores `packs` a few at once (STORE_LANES): while one waits for the database, the worker reads and checks the next, so
 * storing keeps up with the download. Stops taking new packs at the first failure, which it throws once all have settled,
 * or once `stopped`.
 */
async function storeInLanes(
  packs: readonly Pack[],
  edition: EditionSummary,
  stored: () => void | Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && !stopped() && next < packs.length) {
      const pack = packs[next++] as Pack;
      try {
        await storePack(pack.url, edition);
      } catch (error) {
        failed = true;
        throw error;
      }
      await stored();
    }
  };
  await allSettledOrThrow(Array.from({ length: STORE_LANES }, lane));
}

/** Resolves at the service worker's next sign of progress (a file cached, or it took control), or after `ms`. */
function nextProgress(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      navigator.serviceWorker.removeEventListener('controllerchange', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = onPrecacheProgress(done);
    navigator.serviceWorker.addEventListener('controllerchange', done);
  });
}

/**
 * Asks the controlling service worker to bring these packs in their bulk files (one request for most of a bulk, not one
 * per pack); the packs' own requests, made as the lanes store them, wait for what the bulk brings. Without a controlling
 * worker, each pack comes on its own as before.
 */
function fetchInBulk(urls: string[]): Promise<void> {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return Promise.resolve();
  const message: PageToSw = { type: 'FETCH_PACKS', urls };
  const channel = new MessageChannel();
  // Its answer says the packs' requests now wait for the bulk files; a worker that never answers is not waited for long.
  const answered = new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve();
    setTimeout(resolve, 2_000);
  });
  worker.postMessage(message, [channel.port2]);
  return answered.finally(() => channel.port1.close());
}

/**
 * Brings the pictures' packs until the reader chooses "Text now", on this page or another (read from storage between
 * packs: no tab hears another's choice): then no more are taken, and the service worker stops the downloads it makes
 * for them (those under way are answered as failed, which are then not failures). True when it stopped so.
 */
async function storePictures(packs: readonly Pack[], edition: EditionSummary, stored: () => void): Promise<boolean> {
  let stopped = false;
  const follow = (choice: MediaChoice | undefined): void => {
    if (choice !== 'text' || stopped) return;
    stopped = true;
    const message: PageToSw = { type: 'STOP_PACKS' };
    navigator.serviceWorker?.controller?.postMessage(message);
  };
  const off = onMediaChoice(follow);
  // Read after each pack, not before one: the lanes start at once (as they stop at once on this page's choice).
  const storedThenRead = async (): Promise<void> => {
    stored();
    follow(await getMediaChoice());
  };
  try {
    await fetchInBulk(packs.map((p) => absolute(p.url)));
    await storeInLanes(packs, edition, storedThenRead, () => stopped);
  } catch (error) {
    if (!stopped) throw error;
  } finally {
    off();
  }
  return stopped;
}

/**
 * Stores a content pack, downloaded once: through the controlling service worker, or, while the first install is
 * still downloading, straight from its cache as each file lands there. So on a short or slow connection every pack
 * that arrived is stored and readable, even if the install has to finish on a later visit. The import worker reads,
 * checks and stores the bytes; the page only says where to look.
 */
async function storePack(packUrl: string, edition: EditionSummary, urgent = false): Promise<void> {
  const url = absolute(packUrl);
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  for (;;) {
    // The pack of the article the reader opened is not worth waiting for: the service worker may reach it last.
    if (!sw || sw.controller || urgent) {
      await storePackInWorker(url, edition, true);
      return;
    }
    if (await storePackInWorker(url, edition, false)) return;
    const registration = await sw.getRegistration().catch(() => undefined);
    // No worker is coming (unsupported, failed, or never registered): take the network.
    if (!registration?.installing && !registration?.waiting && !registration?.active) {
      await storePackInWorker(url, edition, true);
      return;
    }
    await nextProgress(5_000);
  }
}

/** What a sync of the built-in library is asked for (see syncBuiltInLibrary). */
type SyncOptions = Parameters<typeof syncEdition>[0];

/**
 * Stores whatever the deployed edition has that the library lacks, by the import's own rule of which copy wins (so a
 * verified article replaces an unverified copy whatever version that claims), and applies the edition's withdrawals;
 * `ready` when everything is offline, `withdrawn` how many articles the publisher's withdrawals removed, `textOnly` when
 * the data saver left pictures for later. The text
 * comes first; the packs that only bring pictures follow the reader's data-saver choice (awaited on a first visit).
 * A sync that stops half-way for want of its address marks the page `data-sync-stopped`: the update checks then start
 * without waiting for offline-ready (use-updates), so a first visit cut short, its address then blocked, gets the rest
 * from a mirror. Not when the device stopped it (full, its storage gone or erased): a mirror's copy would fail the same.
 */
export function syncBuiltInLibrary(options: SyncOptions): ReturnType<typeof syncEdition> {
  return syncEdition(options).catch((error: unknown) => {
    const device =
      isQuotaError(error) || (isFailure(error) && /^(quota|storage-)/.test(error.code)) || error instanceof StorageUnavailableError;
    if (!device) document.documentElement.dataset.syncStopped = 'true';
    throw error;
  });
}

async function syncEdition({
  onProgress,
  wanted,
}: {
  onProgress?: (done: number, total: number) => void;
  /** The article the reader is waiting for (a shared link opened on a first visit): its pack is stored first. */
  wanted?: { id: string; publisherId?: string };
}): Promise<{ ready: boolean; withdrawn: number; textOnly?: boolean }> {
  const url = editionUrl();
  if (!url) return { ready: false, withdrawn: 0 };
  const stored = await getMediaChoice();
  // The service worker's copy of the choice follows the page's (a copy lost with the caches, or made by another version).
  if (stored) await writeMediaChoice(stored).catch(() => undefined);
  // Already stored whole (the file name carries its hash): no need to verify and plan it again at every start.
  // (Read again once when the library's edition was never recorded, so that update checks know what it holds.)
  const synced = await getSyncedEdition().catch(() => undefined);
  if (synced?.url === url && (synced.media === 'all' || stored === 'text') && (await getLibraryEdition().catch(() => undefined)))
    return { ready: await isReady(), withdrawn: await takeWithdrawnNotice().catch(() => 0), textOnly: synced.media === 'text' };
  // The edition file is small and content-hashed: the service worker's own download of it can come from the HTTP cache.
  // The worker fetches it: its megabytes (at 10,000 articles) never pass through the page.
  const edition = await verifyEditionInWorker({ url: absolute(url) }, await getTrustedKeys());
  const { publisherId, edition: number, created, mirrors } = edition;
  // The signed mirror list is kept at once, not once every pack is in: a first visit cut short, its address then blocked,
  // still knows where else to ask (and the update check takes this edition's number as its floor).
  if (edition.trust === 'verified') await recordMirrors([{ publisherId, edition: number, mirrors }]).catch(() => undefined);
  await applyWithdrawalsInWorker(edition);
  const { text, media, held, missingBytes } = await planEditionInWorker(edition);
  // Packs whose every article and picture the device holds (an imported file, articles opened in "Text now" brought
  // them): marked stored, so that no install of the service worker (the next version's, "Everything now") downloads them.
  if (!isErased()) await markPacksStoredFrom(held.map((p) => absolute(p.url))).catch(() => undefined);
  // Newest articles first, so the list grows downwards and its first screen is there after the first pack; but the
  // article the reader opened before all of them.
  const ordered = deliveryOrder(text);
  const own = !wanted?.publisherId || wanted.publisherId === edition.publisherId;
  const urgent = own ? ordered.find((p) => wanted && p.articles.includes(wanted.id)) : undefined;
  const needed = urgent ? [urgent, ...ordered.filter((p) => p !== urgent)] : ordered;
  let done = 0;
  let total = needed.length + (stored === 'text' ? 0 : media.length);
  const packStored = (): void => {
    // Asked once the first pack is kept, not once all are: a first visit cut short (common on the networks this app is
    // for) still leaves articles the browser should not evict.
    if (done++ === 0) void requestPersistence();
    onProgress?.(done, total);
  };
  // The question is asked while the text downloads; nothing of the pictures is fetched before the reader could answer.
  if (media.length && !stored) setPicturesWaiting(missingBytes);
  if (needed.length) {
    // The first pack alone (the first screen of the list), then a few at once.
    await storePack((needed[0] as Pack).url, edition, !!urgent);
    packStored();
    await storeInLanes(needed.slice(1), edition, packStored);
    // The urgent pack came from the network; the service worker's copy of it (in a bulk file, cached by now as the other
    // packs waited for it) is not needed twice.
    if (urgent) await markPackStored(absolute(urgent.url)).catch(() => undefined);
  }
  let choice: MediaChoice = stored ?? 'all';
  if (media.length) {
    choice = await awaitMediaChoice();
    setPicturesWaiting(undefined);
    if (choice === 'all') {
      // Only while the library can still be stored into: after an erase while the reader was asked, the service worker
      // would fill the emptied caches with the pictures again.
      if (isErased()) throw new StorageUnavailableError('the library was erased', 'storage-erased');
      if (await storePictures(media, edition, packStored)) choice = 'text';
    }
    if (choice === 'text') total = done;
  }
  await setSyncedEdition(url, media.length ? choice : 'all').catch(() => undefined);
  await recordLibraryEdition({ publisherId, edition: number, created }).catch(() => undefined);
  // Said once, whoever applied them: this sync, or a mirror update that got there first.
  return { ready: await isReady(), withdrawn: await takeWithdrawnNotice().catch(() => 0), textOnly: media.length > 0 && choice === 'text' };
}

/**
 * The packs of a verified edition that hold something the library lacks: `text`, those with an article to store (a copy
 * that wins by the import's rule); `pictures`, those that only bring pictures the device lacks, none with `media` 'text'
 * (the data saver).
 */
export async function packsToFetch(edition: EditionSummary, media: MediaChoice): Promise<{ text: Pack[]; pictures: Pack[] }> {
  const plan = await planEditionInWorker(edition);
  return { text: plan.text, pictures: media === 'all' ? plan.media : [] };
}

/** Everything is offline once a service worker controls the page (or never will: no service workers here). */
async function isReady(): Promise<boolean> {
  return (await whenControlled(120_000)) || !('serviceWorker' in navigator);
}
