/** Looks for a newer edition at the app's own address and then at its mirrors, and stores the first one that verifies, whole. */
import site from 'virtual:site-config';
import { applyWithdrawalsInWorker, storeUpdateInWorker, verifyEditionInWorker } from './import-client';
import type { EditionSummary } from '../core/import-protocol';
import { isQuotaError, toFailure, type BundleErrorCode } from '../core/errors';
import { packsToFetch } from './library-sync';
import { getTrustedKeys } from './trusted-keys';
import { getMediaChoice, preselectedMediaChoice } from './media-choice';
import { requestPersistence } from './storage-info';
import { CURRENT_EDITION_FILE, MAX_POINTER_BYTES, parseCurrentEdition, type CurrentEdition } from '../core/mirrors';
import { MAX_FILE_BYTES, MAX_MANIFEST_BYTES } from '../core/constants';
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

/** How far a check has got, for a progress line. */
export type CheckProgress =
  | { stage: 'asking'; done: number; total: number }
  /** The edition file an address offers is downloading, then being checked. */
  | { stage: 'edition'; address: number }
  | { stage: 'downloading'; done: number; total: number; address: number }
  | { stage: 'saving' };

/** What an address that was given up on or refused ends a check as. */
const FAILED = new Set<AddressResult['status']>(['no-answer', 'tampered', 'bad-signature', 'older']);

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
const REFUSED_AS: Record<BundleErrorCode, 'tampered' | 'bad-signature'> = {
  empty: 'tampered',
  'too-large': 'tampered',
  'not-a-bundle': 'tampered',
  'newer-version': 'tampered',
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

/** Downloads the packs of `edition` the library lacks, from `base` alone (the `address`-th asked), and stores them all in one write. */
async function storeFrom(
  base: string,
  result: EditionSummary,
  signal: AbortSignal,
  address: number,
  onProgress: (p: CheckProgress) => void,
): Promise<{ added: number; updated: number }> {
  // The data saver holds for mirrors too: in text mode, pictures come one by one, when their article opens.
  const media = (await getMediaChoice()) ?? preselectedMediaChoice();
  const needed = await packsToFetch(result, media);
  let done = 0;
  let total = 0;
  // An edition that only withdraws (or brings nothing this library lacks) has no part to count: never "0 of 0 parts".
  if (needed.length) onProgress({ stage: 'downloading', done, total: needed.length, address });
  const packs = await pool(needed, PACKS_IN_FLIGHT, async (pack) => {
    // The pack index is not signed: its sizes only bound what is read; the packs are checked against the signed manifest.
    total += pack.bytes;
    if (total > MAX_FILE_BYTES) throw new AddressFailure('tampered');
    const bytes = await fetchFrom(new URL(pack.url, base).href, pack.bytes, signal);
    onProgress({ stage: 'downloading', done: ++done, total: needed.length, address });
    return bytes;
  });
  // Said before the write, which is what takes the time on a large edition (each pack checked, then stored).
  onProgress({ stage: 'saving' });
  let report: { added: number; updated: number };
  try {
    report = await storeUpdateInWorker(packs, result, media);
    // The edition's withdrawals go once its packs are stored (a withdrawal-only edition has no pack to wait for).
    await applyWithdrawalsInWorker(result);
  } catch (err) {
    throw refusal(err);
  }
  // Stored as if the service worker had brought them from the app's own address: once that address is back, its next
  // install or update does not download them again (every address serves the same packs under the same names). A pack
  // index is not signed, but a wrong name costs no more than a download: a marker is never served as the pack, and the
  // page's sync still asks for what the library lacks.
  const own = ownAddress();
  const urls = needed.map((pack) => new URL(pack.url, own).href).filter((url) => url.startsWith(own));
  if (!isErased()) await markPacksStoredFrom(urls).catch(() => undefined);
  return { added: report.added, updated: report.updated };
}

let running: Promise<CheckRecord> | undefined;

/**
 * One check: asks every address for its current edition (a few at a time), then tries the offers newer than the
 * library, newest first, until one verifies and its packs are stored whole. Every failure is a status or an outcome,
 * never a throw (unless the check cannot even be recorded); the library changes only when a whole edition is stored.
 * Resolves with the stored record of the check.
 */
export function checkForUpdates(onProgress: (p: CheckProgress) => void = () => {}): Promise<CheckRecord> {
  running ??= runCheck(onProgress).finally(() => (running = undefined));
  return running;
}

async function runCheck(onProgress: (p: CheckProgress) => void): Promise<CheckRecord> {
  const at = Date.now();
  const results: AddressResult[] = [];
  let outcome: CheckOutcome;
  try {
    outcome = await lookForUpdate(results, onProgress);
  } catch (err) {
    // Not an address's doing (the device is full, the storage is gone or newer, a bug): recorded with its code like any
    // other end, so the next check waits its time (it would otherwise download the whole update again, and fail again).
    outcome = { kind: 'failed', code: isQuotaError(err) ? 'quota' : toFailure(err).code };
  }
  return recordCheck({ at, outcome, results });
}

/** The check itself, filling `results` (one per address, in the order asked) as it goes; how it ended. */
async function lookForUpdate(results: AddressResult[], onProgress: (p: CheckProgress) => void): Promise<CheckOutcome> {
  if (!navigator.onLine) return { kind: 'offline' };
  const addresses = await addressesToAsk();
  const held = (await getLibraryEdition())?.edition;
  // While no edition is held whole (a first visit cut short), the floor is just below the newest signed edition this app
  // has verified (the first visit's, or a newer one since; the mirror list records its number): that edition itself is
  // still taken, since it brings what the library lacks, but an older one is a rollback. A floor at its number would
  // leave the library part-stored until the publisher's next edition. With nothing verified yet, anything is newer.
  const floor = held ?? (await getMirrors(site.publisher.id)).edition - 1;
  const newest = held ?? floor + 1;
  // No status until an address is asked and answers (or fails): one the check did not wait for is "not asked yet",
  // neither reported as blocked nor tried last at the next check.
  results.push(...addresses.map((url) => ({ url })));

  let asked = 0;
  // Once an address offers a newer edition, the others get OFFER_GRACE_MS more: a blackholed address then costs
  // a moment, not its whole STALL_MS. Whatever answers after that is not waited for (and not recorded).
  const pointers: (CurrentEdition | undefined)[] = addresses.map(() => undefined);
  let closed = false;
  let offered: () => void = () => {};
  const firstOffer = new Promise<void>((resolve) => (offered = resolve));
  onProgress({ stage: 'asking', done: 0, total: addresses.length });
  const everyAnswer = pool(addresses, IN_FLIGHT, async (url, i): Promise<void> => {
    if (!isReachable(url)) {
      if (!closed) results[i]!.status = 'not-allowed';
      return;
    }
    if (closed) return;
    const pointer = await fetchFrom(new URL(CURRENT_EDITION_FILE, url).href, MAX_POINTER_BYTES).then(
      (bytes) => parseCurrentEdition(new TextDecoder().decode(bytes)),
      () => undefined,
    );
    if (closed) return;
    onProgress({ stage: 'asking', done: ++asked, total: addresses.length });
    if (!pointer) return void (results[i]!.status = 'no-answer');
    pointers[i] = pointer;
    results[i] = {
      url,
      status: pointer.edition > floor ? 'answered' : pointer.edition === newest ? 'current' : 'older',
      edition: pointer.edition,
    };
    if (pointer.edition > floor) offered();
  });
  await Promise.race([everyAnswer, firstOffer.then(() => new Promise((r) => setTimeout(r, OFFER_GRACE_MS)))]);
  closed = true;

  // Newest claim first, but an address that failed last time (gave up on, refused) after those that did not: a claim is
  // not signed, and an address that claims the newest edition and never brings it would otherwise come first every time.
  const failedBefore = new Set(((await getLastCheck())?.results ?? []).filter((r) => r.status && FAILED.has(r.status)).map((r) => r.url));
  const offers = pointers
    .map((pointer, i) => ({ pointer, i, failed: failedBefore.has(addresses[i]!) }))
    .filter((o): o is { pointer: CurrentEdition; i: number; failed: boolean } => o.pointer !== undefined && o.pointer.edition > floor)
    .sort((a, b) => Number(a.failed) - Number(b.failed) || b.pointer.edition - a.pointer.edition || a.i - b.i);

  // The app's own address has a newer deployment: it comes with the app's own update (code and articles together,
  // and the reader is asked before anything reloads), so no address's copy of it is applied here. So does the edition a
  // first visit left part-stored, when the app's own address still offers it: the built-in download goes on by itself.
  if ((pointers[0]?.edition ?? -1) > floor) return { kind: 'own' };

  // Whether an address was given up on while it brought its edition (a newer one may be there, and the next check tries
  // again), and whether a newer signed edition verified but did not come whole: either way the library is not "up to date".
  let missed = false;
  let verified = false;
  for (const [n, { pointer, i }] of offers.entries()) {
    const url = addresses[i]!;
    // Given up on after ATTEMPT_MS: always while its edition file comes (its pointer is not signed: a claim of the newest
    // edition, trickled just above the rate floor, would hold every check for hours), and while its packs come too unless
    // it is the last offer; once it fails, its downloads still running stop.
    const attempt = new AbortController();
    const deadline = setTimeout(() => attempt.abort(), ATTEMPT_MS);
    try {
      onProgress({ stage: 'edition', address: i });
      const result = await fetchEdition(url, pointer, floor, attempt.signal);
      verified = true;
      results[i]!.edition = result.edition;
      const { publisherId, edition, created, mirrors } = result;
      // Signed, by this publisher, and newer: its mirror list holds from now on, whether or not its packs come whole.
      await recordMirrors([{ publisherId, edition, mirrors }]);
      if (n === offers.length - 1) clearTimeout(deadline);
      const report = await storeFrom(url, result, attempt.signal, i, onProgress);
      await recordLibraryEdition({ publisherId, edition, created });
      results[i]!.status = 'updated';
      if (report.added + report.updated > 0) void requestPersistence();
      return { kind: 'updated', from: i, ...report };
    } catch (err) {
      if (!(err instanceof AddressFailure)) throw err;
      results[i]!.status = err.status;
      if (err.status === 'no-answer') missed = true;
    } finally {
      clearTimeout(deadline);
      attempt.abort();
    }
  }
  if (missed) return { kind: 'not-brought' };
  if (verified) return { kind: 'refused' };
  return results.some((r) => r.status === 'current' || r.status === 'answered')
    ? { kind: 'current' }
    : results.some((r) => r.status && r.status !== 'no-answer' && r.status !== 'not-allowed')
      ? { kind: 'refused' }
      : { kind: 'no-answer' };
}
