/**
 * Looks for a newer edition at the app's own address and then at its mirrors, and stores the text of the first one that
 * verifies, whole; then its pictures (with "Everything now"), a batch at a time. The pictures the held edition still
 * lacks come the same way from a mirror that offers it.
 */
import site from 'virtual:site-config';
import { applyWithdrawalsInWorker, missingPicturesInWorker, storeUpdateInWorker, verifyEditionInWorker } from './import-client';
import type { EditionSummary, Pack } from '../core/import-protocol';
import type { MediaChoice } from '../core/data-saver';
import { failureCode, type BundleErrorCode } from '../core/errors';
import { packsToFetch } from './library-sync';
import { getTrustedKeys } from './trusted-keys';
import { getMediaChoice, preselectedMediaChoice } from './media-choice';
import { requestPersistence } from './storage-info';
import { CURRENT_EDITION_FILE, MAX_POINTER_BYTES, parseCurrentEdition, type CurrentEdition } from '../core/mirrors';
import { BUNDLE_VERSION, MAX_FILE_BYTES, MAX_MANIFEST_BYTES } from '../core/constants';
import { MANIFEST_VERSION } from '../core/manifest';
import { picturePlan, storePictureBatches, type PicturesStored } from './update-pictures';
import { MAX_PACKS_BYTES } from '../core/bundle-syntax';
import { markPacksStoredFrom } from '../core/content-cache';
import { isErased } from '../storage/db';
import { AddressFailure, addressesToAsk, fetchFrom, isReachable, ownAddress } from './addresses';
import {
  getLastCheck,
  getLibraryEdition,
  getMirrors,
  recordCheck,
  recordLibraryEdition,
  recordMirrors,
  stillResting,
  type AddressResult,
  type CheckOutcome,
  type CheckRecord,
} from '../storage/update-store';

/**
 * How long one address may take to bring its edition file, and its packs too while another address offering one waits:
 * an address that keeps just above MIN_BYTES_PER_STALL (a hostile mirror, or one a censor throttles) would otherwise
 * hold the check for hours. The last address offering an edition gets all the time its packs need, once its signed
 * edition is verified (the pointer that claimed it is not signed, so its edition file is held to this time too).
 */
export const ATTEMPT_MS = 3 * 60_000;
/** Largest edition file read: a manifest and a pack index at their limits, and room for the file's other records. */
const MAX_EDITION_FILE_BYTES = MAX_MANIFEST_BYTES + MAX_PACKS_BYTES + 1024 * 1024;
/** How long the other addresses still get once one has offered a newer edition. */
const OFFER_GRACE_MS = 1_500;
/** Requests in flight at once while asking the addresses for their current edition. */
const IN_FLIGHT = 3;
/** Requests in flight at once while downloading the packs of an update from the address that answered. */
const PACKS_IN_FLIGHT = 2;
/**
 * How long the app's own update may be on its way (its service worker installing) before a check asks the other
 * addresses for the edition it would bring: ample for the ~400 KB an update downloads at the 1 KB/s a mirror is held
 * to, so a reader who checks twice while it comes does not download the edition twice.
 */
export const OWN_WAIT_MS = 10 * 60_000;
/** The file formats this version of the app reads: an address that needed newer ones is asked again once they change. */
const FORMATS = `${BUNDLE_VERSION}.${MANIFEST_VERSION}`;

/** How far a check has got, for a progress line; `pictures` while it brings the pictures the edition held lacks. */
export type CheckProgress =
  | { stage: 'asking'; done: number; total: number }
  /** The edition file an address offers is downloading, then being checked. */
  | { stage: 'edition'; address: number; pictures?: true }
  | { stage: 'downloading'; done: number; total: number; address: number; pictures?: true }
  | { stage: 'saving' };

/** What an address that was given up on or refused ends a check as. */
const FAILED = new Set<AddressResult['status']>(['no-answer', 'tampered', 'bad-signature', 'older']);
/** What an address whose download was refused (its signed edition file older than it claimed, a file or pack forged) ends as. */
const REFUSED_FOR = new Set<AddressResult['status']>(['tampered', 'bad-signature', 'older']);
/**
 * What makes an address rest (see REFUSAL_REST_MS): a refusal, or an edition file this app cannot read. That one is
 * not blamed (it is not tried last), but downloading it again teaches nothing until the app is updated, and its
 * pointer is not signed: a liar's claim, behind a 41 MiB file that says "newer format", would cost that at each check.
 */
const RESTS_AFTER = new Set<AddressResult['status']>([...REFUSED_FOR, 'newer-app']);

/** Runs `task` over `items` with at most `limit` in flight; results in the items' order. */
async function pool<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** What the refusal of a file (its format, its signature) makes of the address that served it. */
const REFUSED_AS: Record<BundleErrorCode, 'tampered' | 'bad-signature' | 'newer-app'> = {
  empty: 'tampered',
  'too-large': 'tampered',
  'not-a-bundle': 'tampered',
  'saved-page': 'tampered',
  'newer-version': 'newer-app',
  truncated: 'tampered',
  encoding: 'tampered',
  malformed: 'tampered',
  limits: 'tampered',
  duplicate: 'tampered',
  'hash-mismatch': 'tampered',
  'not-listed': 'tampered',
  'bad-key': 'tampered',
  unsigned: 'bad-signature',
  'unknown-key': 'bad-signature',
  'bad-signature': 'bad-signature',
  'publisher-mismatch': 'bad-signature',
};
const REFUSED = new Map<string, AddressResult['status']>(Object.entries(REFUSED_AS));

/**
 * A refusal from the import worker, as an address status. Any other failure (the device is full, the storage is gone or
 * newer, a bug, the worker lost the edition) is not the address's doing: it is thrown on and ends the check, rather
 * than have every address downloaded in turn and blamed for it.
 */
function refusal(err: unknown): AddressFailure {
  if (err instanceof AddressFailure) return err;
  const status = REFUSED.get(String((err as { code?: unknown } | undefined)?.code));
  if (!status) throw err;
  return new AddressFailure(status);
}

/** Verifies the edition an address offers: a trusted signature, this app's publisher, and newer than `floor`. */
async function fetchEdition(base: string, pointer: CurrentEdition, floor: number, signal: AbortSignal): Promise<EditionSummary> {
  const bytes = await fetchFrom(new URL(pointer.file, base).href, MAX_EDITION_FILE_BYTES, signal);
  let result: EditionSummary;
  try {
    result = await verifyEditionInWorker(bytes, await getTrustedKeys());
  } catch (err) {
    throw refusal(err);
  }
  if (result.trust !== 'verified' || result.publisherId !== site.publisher.id) throw new AddressFailure('bad-signature');
  // A replay of the edition held, or a rollback to an older one: refused, whatever the pointer claimed.
  if (result.edition <= floor) throw new AddressFailure('older');
  return result;
}

/** What an address brought of an edition: its text's report, and how its pictures' batches went. */
interface Brought extends PicturesStored {
  added: number;
  updated: number;
}

/**
 * Downloads the packs of `edition` the library lacks from `base` alone (the `address`-th asked). The text comes in one
 * write (the library's articles move to the edition whole, or stay as they were), then `textStored` runs; the pictures
 * follow in batches (see storePictureBatches), each checked against the signed manifest and stored in its own write, so
 * a connection that breaks keeps every batch before it, and the next check downloads only what is still lacking.
 */
async function storeFrom(
  base: string,
  result: EditionSummary,
  media: MediaChoice,
  signal: AbortSignal,
  address: number,
  onProgress: (p: CheckProgress) => void,
  textStored: () => Promise<void>,
): Promise<Brought> {
  // The data saver holds for mirrors too: in text mode, pictures come one by one, when their article opens.
  const plan = await packsToFetch(result, media);
  const { text } = plan;
  const pictures = picturePlan(plan.pictures, text, base);
  const total = text.length + pictures.length;
  let done = 0;
  // An edition that only withdraws (or brings nothing this library lacks) has no part to count: never "0 of 0 parts".
  if (total) onProgress({ stage: 'downloading', done, total, address });
  // The pack index is not signed: its sizes only bound what is read; the packs are checked against the signed manifest.
  const download = (packs: Pack[]): Promise<ArrayBuffer[]> =>
    pool(packs, PACKS_IN_FLIGHT, async (pack) => {
      const bytes = await fetchFrom(new URL(pack.url, base).href, pack.bytes, signal);
      onProgress({ stage: 'downloading', done: ++done, total, address });
      return bytes;
    });
  // Said before each write, which is what takes the time on a large edition (each pack checked, then stored). With
  // "Everything now", the last write also checks that no picture of the edition the device lacks was left out.
  // A write's packs are held together until it is done: never more than the importer reads in one file (the text of
  // an edition, whose one write cannot be cut; a batch of pictures is far below it).
  const store = async (packs: Pack[], last: boolean): Promise<{ added: number; updated: number }> => {
    if (packs.reduce((sum, pack) => sum + pack.bytes, 0) > MAX_FILE_BYTES) throw new AddressFailure('tampered');
    const bytes = await download(packs);
    onProgress({ stage: 'saving' });
    let report: { added: number; updated: number };
    try {
      report = await storeUpdateInWorker(bytes, result, last ? media : 'text');
    } catch (err) {
      throw refusal(err);
    }
    await markStored(packs);
    return report;
  };
  // Always written, even with no text pack to bring: the worker's update stores the signed manifest whatever else it
  // brings, and the edition recorded next must have it beside it (the pictures it still lacks are counted from it).
  const report = await store(text, !pictures.length);
  try {
    // The edition's withdrawals go once its text is stored (a withdrawal-only edition has no pack to wait for).
    await applyWithdrawalsInWorker(result);
  } catch (err) {
    throw refusal(err);
  }
  await textStored();
  const brought = await storePictureBatches(pictures, result.publisherId, result.edition, store);
  return { ...brought, added: report.added, updated: report.updated };
}

/**
 * Marks packs stored as if the service worker had brought them from the app's own address: once that address is back,
 * its next install or update does not download them again (every address serves the same packs under the same names).
 * A pack index is not signed, but a wrong name costs no more than a download: a marker is never served as the pack, and
 * the page's sync still asks for what the library lacks.
 */
async function markStored(packs: Pack[]): Promise<void> {
  const own = ownAddress();
  const urls = packs.map((pack) => new URL(pack.url, own).href).filter((url) => url.startsWith(own));
  if (!isErased()) await markPacksStoredFrom(urls).catch(() => undefined);
}

/**
 * Brings the edition `pointer` names from the `i`-th address (`url`): its signed edition file, newer than `floor`, then
 * what the library lacks of it (see storeFrom), recorded as the library's edition once its text is stored; `verified`
 * hears its number once its signature holds. Given up on after ATTEMPT_MS: always while its edition file comes (its
 * pointer is not signed: a claim of the newest edition, trickled just above the rate floor, would hold every check for
 * hours), and while its packs come too unless it is the `last` address to try; once it fails, its downloads still
 * running stop.
 */
async function bringFrom(
  url: string,
  i: number,
  pointer: CurrentEdition,
  floor: number,
  media: MediaChoice,
  last: boolean,
  onProgress: (p: CheckProgress) => void,
  verified: (edition: number) => void,
): Promise<Brought & { edition: number }> {
  const attempt = new AbortController();
  const deadline = setTimeout(() => attempt.abort(), ATTEMPT_MS);
  try {
    onProgress({ stage: 'edition', address: i });
    const result = await fetchEdition(url, pointer, floor, attempt.signal);
    const { publisherId, edition, created, mirrors } = result;
    verified(edition);
    // Signed, by this publisher, and newer: its mirror list holds from now on, whether or not its packs come whole.
    await recordMirrors([{ publisherId, edition, mirrors }]);
    if (last) clearTimeout(deadline);
    const stored = (): Promise<void> => recordLibraryEdition({ publisherId, edition, created });
    return { ...(await storeFrom(url, result, media, attempt.signal, i, onProgress, stored)), edition };
  } finally {
    clearTimeout(deadline);
    attempt.abort();
  }
}

/**
 * With "Everything now", the pictures of the edition held that the device still lacks (chosen after "Text now", or an
 * update or a first visit that stopped before they came), from the mirrors that offer that edition, in batches (see
 * storeFrom), each mirror going on where the one before stopped. Not from the app's own address: when it offers that
 * edition, the app's own sync brings them. Undefined when nothing is lacking, no mirror offers the edition or no part
 * came; else how many of the picture parts lacking were stored, and from which address. A device that stops them
 * before any part came throws, as any storage failure does.
 */
async function bringPictures(
  addresses: string[],
  pointers: (CurrentEdition | undefined)[],
  results: AddressResult[],
  held: number | undefined,
  media: MediaChoice,
  failedBefore: Set<string>,
  onProgress: (p: CheckProgress) => void,
): Promise<CheckOutcome | undefined> {
  if (held === undefined || media !== 'all' || pointers[0]?.edition === held) return undefined;
  const sources = pointers
    .map((pointer, i) => ({ pointer, i }))
    .filter(
      (s): s is { pointer: CurrentEdition; i: number } => s.i > 0 && s.pointer?.edition === held && results[s.i]!.status === 'current',
    )
    .sort((a, b) => Number(failedBefore.has(addresses[a.i]!)) - Number(failedBefore.has(addresses[b.i]!)));
  // Read from the manifest stored with the edition: a check with nothing lacking downloads no edition file.
  if (!sources.length || (await missingPicturesInWorker(site.publisher.id, held)) === 0) return undefined;
  const say = (p: CheckProgress): void => onProgress(p.stage === 'edition' || p.stage === 'downloading' ? { ...p, pictures: true } : p);
  let outcome: Extract<CheckOutcome, { kind: 'pictures' }> | undefined;
  // Parts stored by the mirrors before this one; each mirror's plan counts what was still lacking when it began, so the
  // total is those and its own ("6 of 10", never "12 of 10" when a later plan lists more).
  let done = 0;
  for (const [n, { pointer, i }] of sources.entries()) {
    try {
      const brought = await bringFrom(addresses[i]!, i, pointer, held - 1, media, n === sources.length - 1, say, (e) => {
        results[i]!.edition = e;
      });
      // Its signed file was a newer edition after all, or brought articles the library lacked: an update like any other.
      if (brought.edition > held || brought.added + brought.updated > 0) {
        return updated(results[i]!, i, brought);
      }
      const total = done + brought.of;
      done += brought.stored;
      if (brought.stored) {
        void requestPersistence();
        outcome = { kind: 'pictures', from: i, done, total };
      }
      if (brought.stopped) {
        // Nothing came at all: the check ends as failed, as any storage failure does; else what came is said with why
        // the rest did not.
        if (!outcome) throw brought.stopped.error;
        return { ...outcome, stopped: brought.stopped.code };
      }
      if (brought.textNow) return outcome && { ...outcome, textNow: true };
      if (!brought.failure) return outcome;
      failed(results[i]!, brought.failure.status);
    } catch (err) {
      if (!(err instanceof AddressFailure)) throw err;
      failed(results[i]!, err.status);
    }
  }
  return outcome;
}

/** Records why an address failed; one whose download was refused, or needs a newer app, rests (see RESTS_AFTER). */
function failed(result: AddressResult, status: AddressResult['status']): void {
  result.status = status;
  if (RESTS_AFTER.has(status)) result.refusedAt = Date.now();
}

/**
 * The outcome of an edition whose text the `i`-th address (`result`) stored, with why its pictures stopped when that was
 * no address's doing. An address whose pictures failed by its doing (a forged batch) keeps that beside its status, so
 * the next check tries it last.
 */
function updated(result: AddressResult, i: number, brought: Brought): CheckOutcome {
  result.status = 'updated';
  // Only a forgery blames it: a mirror cut off by its time limit, or whose connection broke, did nothing wrong.
  const status = brought.failure?.status;
  if (status === 'tampered' || status === 'bad-signature') Object.assign(result, { picturesFailed: status, refusedAt: Date.now() });
  const outcome: CheckOutcome = { kind: 'updated', from: i, added: brought.added, updated: brought.updated };
  return brought.stopped ? { ...outcome, stopped: brought.stopped.code } : outcome;
}

let running: Promise<CheckRecord> | undefined;

/**
 * One check: asks every address for its current edition (a few at a time), then tries the offers newer than the
 * library, newest first, until one verifies and its text is stored whole (its pictures follow in batches); with none
 * stored, brings the pictures the edition held lacks. Every failure is a status or an outcome, never a throw (unless
 * the check cannot even be recorded); the library's articles change only when the whole text of a verified edition is
 * stored. Resolves with the stored record of the check.
 */
export function checkForUpdates(onProgress: (p: CheckProgress) => void = () => {}): Promise<CheckRecord> {
  running ??= oneAtATime(() => runCheck(onProgress)).finally(() => (running = undefined));
  return running;
}

/**
 * Runs `check` once no check of this library runs in another of the app's pages: two at once would download the same
 * pictures, and the second would find its batch brought nothing and blame an honest mirror. Where the browser has no
 * Web Locks, at once.
 */
function oneAtATime<T>(check: () => Promise<T>): Promise<T> {
  const locks = (navigator as { locks?: LockManager }).locks;
  return locks ? (locks.request(`update-check:${site.publisher.id}`, check) as Promise<T>) : check();
}

async function runCheck(onProgress: (p: CheckProgress) => void): Promise<CheckRecord> {
  const at = Date.now();
  const results: AddressResult[] = [];
  const before = await getLastCheck().catch(() => undefined);
  let outcome: CheckOutcome;
  try {
    outcome = await lookForUpdate(results, before, onProgress);
  } catch (err) {
    // Not an address's doing (the device is full, the storage is gone or newer, a bug): recorded with its code like any
    // other end, so the next check waits its time (it would otherwise download the whole update again, and fail again).
    outcome = { kind: 'failed', code: failureCode(err) };
  }
  return recordCheck({ at, outcome, results, resting: restingAfter(before, results, at) });
}

/**
 * When a check first said the app's own update brings `edition`, if it still may (now, for a first check that says so);
 * undefined when it will not come by itself: no service worker controls the page (a private window, a plain-HTTP
 * address: nothing to update), or a check said so before and the update is neither waiting for the reader nor still
 * installing within OWN_WAIT_MS (its download stalled, or the browser found nothing new to install). Reads the
 * registration only: asking for the update is the bridge's (use-updates calls checkForAppUpdate on "own").
 */
async function ownUpdateComing(edition: number, before: CheckRecord | undefined): Promise<number | undefined> {
  const container = (navigator as { serviceWorker?: ServiceWorkerContainer }).serviceWorker;
  if (!container?.controller) return undefined;
  const now = Date.now();
  const last = before?.outcome;
  // The first check to say so for this edition (or the last said so by a clock that was ahead): the update gets its chance.
  if (last?.kind !== 'own' || last.edition !== edition || last.since === undefined || last.since > now) return now;
  const registration = await container.getRegistration().catch(() => undefined);
  if (registration?.waiting) return last.since;
  return registration?.installing && now - last.since < OWN_WAIT_MS ? last.since : undefined;
}

/** The addresses resting after this check: those still resting from before, and those refused at it. */
function restingAfter(before: CheckRecord | undefined, results: AddressResult[], at: number): NonNullable<CheckRecord['resting']> {
  const resting: NonNullable<CheckRecord['resting']> = {};
  for (const [url, rest] of Object.entries(before?.resting ?? {})) {
    if (stillResting(rest.at, at) && (rest.status !== 'newer-app' || rest.formats === FORMATS)) resting[url] = rest;
  }
  for (const r of results) {
    if (r.refusedAt === undefined) continue;
    const status = r.picturesFailed ?? r.status!;
    resting[r.url] = status === 'newer-app' ? { at: r.refusedAt, status, formats: FORMATS } : { at: r.refusedAt, status };
  }
  return resting;
}

/** The check itself, filling `results` (one per address, in the order asked) as it goes; how it ended. */
async function lookForUpdate(
  results: AddressResult[],
  before: CheckRecord | undefined,
  onProgress: (p: CheckProgress) => void,
): Promise<CheckOutcome> {
  if (!navigator.onLine) return { kind: 'offline' };
  const addresses = await addressesToAsk();
  const held = (await getLibraryEdition())?.edition;
  const media = (await getMediaChoice()) ?? preselectedMediaChoice();
  // While no edition is held whole (a first visit cut short), the floor is just below the newest signed edition this app
  // has verified (the first visit's, or a newer one since; the mirror list records its number): that edition itself is
  // still taken, since it brings what the library lacks, but an older one is a rollback. A floor at its number would
  // leave the library part-stored until the publisher's next edition. With nothing verified yet, anything is newer.
  const floor = held ?? (await getMirrors(site.publisher.id)).edition - 1;
  const newest = held ?? floor + 1;
  // No status until an address is asked and answers (or fails): one the check did not wait for is "not asked yet",
  // neither reported as blocked nor tried last at the next check.
  results.push(...addresses.map((url) => ({ url })));

  // Read before asking: an address whose download was refused lately (see REFUSAL_REST_MS) is asked for its pointer,
  // what it claims is recorded, but it neither starts the grace below nor is downloaded from; it keeps its refusal.
  const lastResults = before?.results ?? [];
  const resting = new Map(Object.entries(restingAfter(before, [], Date.now())));
  // Newest claim first, but an address that failed last time (gave up on, refused) after those that did not: a claim is
  // not signed, and an address that claims the newest edition and never brings it would otherwise come first every time.
  const failedBefore = new Set(lastResults.filter((r) => [r.status, r.picturesFailed].some((s) => s && FAILED.has(s))).map((r) => r.url));

  let asked = 0;
  // Once an address offers a newer edition, the others get OFFER_GRACE_MS more: a blackholed address then costs
  // a moment, not its whole STALL_MS. Answers that come later are still recorded while the check runs, and waited for
  // when every offer before them failed: a fast address with a false claim cannot shut out a slow honest one.
  const pointers: (CurrentEdition | undefined)[] = addresses.map(() => undefined);
  let listening = true;
  let asking = true;
  let offered: () => void = () => {};
  const firstOffer = new Promise<void>((resolve) => (offered = resolve));
  onProgress({ stage: 'asking', done: 0, total: addresses.length });
  let answered = false;
  const everyAnswer = pool(addresses, IN_FLIGHT, async (url, i): Promise<void> => {
    if (!isReachable(url)) {
      if (listening) results[i]!.status = 'not-allowed';
      return;
    }
    if (!listening) return;
    const pointer = await fetchFrom(new URL(CURRENT_EDITION_FILE, url).href, MAX_POINTER_BYTES).then(
      (bytes) => parseCurrentEdition(new TextDecoder().decode(bytes)),
      () => undefined,
    );
    if (!listening) return;
    if (asking) onProgress({ stage: 'asking', done: ++asked, total: addresses.length });
    if (!pointer) return void (results[i]!.status = 'no-answer');
    pointers[i] = pointer;
    const rest = resting.get(url);
    if (rest) return void (results[i] = { url, status: rest.status, edition: pointer.edition });
    results[i] = {
      url,
      status: pointer.edition > floor ? 'answered' : pointer.edition === newest ? 'current' : 'older',
      edition: pointer.edition,
    };
    if (pointer.edition > floor) offered();
  }).then(() => void (answered = true));
  await Promise.race([everyAnswer, firstOffer.then(() => new Promise((r) => setTimeout(r, OFFER_GRACE_MS)))]);
  asking = false;
  try {
    return await tryOffers();
  } finally {
    // The record is written once this returns: what answers after that changes nothing.
    listening = false;
  }

  /** Tries the offers newer than the library, then those that came late, then the pictures the edition held lacks. */
  async function tryOffers(): Promise<CheckOutcome> {
    // The app's own address has a newer deployment: it comes with the app's own update (code and articles together,
    // and the reader is asked before anything reloads), so no address's copy of it is applied here. So does the edition
    // a first visit left part-stored, when the app's own address still offers it: the built-in download goes on by itself.
    // Unless that update cannot come (see ownUpdateComing): then the addresses bring it, the own address asked last
    // (a throttled one lets its pointer through, and stalls what is bigger).
    const own = pointers[0]?.edition ?? -1;
    if (own > floor) {
      const since = await ownUpdateComing(own, before);
      if (since !== undefined) return { kind: 'own', edition: own, since };
      if (before?.outcome.kind === 'own') failedBefore.add(addresses[0]!);
    }

    // Whether an address was given up on while it brought its edition (a newer one may be there, and the next check
    // tries again), and whether a newer signed edition verified but did not come whole: either way the library is not
    // "up to date".
    let missed = false;
    let verified = false;
    const tried = new Set<number>();
    for (;;) {
      // Whether every address had answered before this pass: one that answers while an offer is tried is tried next.
      const allIn = answered;
      const offers = pointers
        .map((pointer, i) => ({ pointer, i, failed: failedBefore.has(addresses[i]!) }))
        .filter(
          (o): o is { pointer: CurrentEdition; i: number; failed: boolean } =>
            o.pointer !== undefined && o.pointer.edition > floor && !tried.has(o.i) && !resting.has(addresses[o.i]!),
        )
        .sort((a, b) => Number(a.failed) - Number(b.failed) || b.pointer.edition - a.pointer.edition || a.i - b.i);
      for (const [n, { pointer, i }] of offers.entries()) {
        tried.add(i);
        try {
          // The last offer of this pass gets all the time its packs need (one that answered later is tried only if it
          // fails by itself).
          const last = n === offers.length - 1;
          const brought = await bringFrom(addresses[i]!, i, pointer, floor, media, last, onProgress, (edition) => {
            verified = true;
            results[i]!.edition = edition;
          });
          // Its text is stored whole: the library holds the edition, whether or not every picture came (the next check
          // brings the rest).
          if (brought.added + brought.updated > 0) void requestPersistence();
          return updated(results[i]!, i, brought);
        } catch (err) {
          if (!(err instanceof AddressFailure)) throw err;
          failed(results[i]!, err.status);
          if (err.status === 'no-answer') missed = true;
        }
      }
      // Every offer so far failed: the addresses still answering may offer one (they cost STALL_MS at most).
      if (allIn) break;
      await everyAnswer;
    }
    // A newer edition that did not come (a stale or hostile mirror's claim) does not hold back the pictures the edition
    // held lacks: they still come, and the check says both.
    // An edition this app cannot read is said first: no later check brings it until the app is updated.
    const newerApp = results.some((r) => r.status === 'newer-app' && (r.edition ?? -1) > floor);
    const newer = newerApp ? 'newer-app' : missed ? 'not-brought' : verified ? 'refused' : undefined;
    const pictures = await bringPictures(addresses, pointers, results, held, media, failedBefore, onProgress);
    if (pictures) return newer && pictures.kind === 'pictures' ? { ...pictures, newer } : pictures;
    if (newer) return { kind: newer };
    return results.some((r) => r.status === 'current' || r.status === 'answered')
      ? { kind: 'current' }
      : results.some((r) => r.status && r.status !== 'no-answer' && r.status !== 'not-allowed')
        ? { kind: 'refused' }
        : { kind: 'no-answer' };
  }
}
