/** Looks for a newer edition at the app's own address and then at its mirrors, and stores the first one that verifies, whole. */
import site from 'virtual:site-config';
import { applyWithdrawalsInWorker, storeUpdateInWorker, verifyEditionInWorker } from './import-client';
import type { EditionSummary } from '../core/import-protocol';
import type { Failure } from '../core/errors';
import { packsToFetch } from './library-sync';
import { getTrustedKeys } from './trusted-keys';
import { getMediaChoice, preselectedMediaChoice } from './media-choice';
import { requestPersistence } from './storage-info';
import { CURRENT_EDITION_FILE, MAX_POINTER_BYTES, parseCurrentEdition, type CurrentEdition } from '../core/mirrors';
import { MAX_FILE_BYTES, MAX_MANIFEST_BYTES } from '../core/constants';
import { MAX_PACKS_BYTES } from '../core/bundle-syntax';
import { concatBytes } from '../core/bytes';
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

/** How long an address may stay silent (no answer, or no byte of a body) before it counts as not answering. */
export const STALL_MS = 8_000;
/**
 * The least a body must bring in each STALL_MS while it is still coming: 1 KB/s, slower than any working link. Below
 * it, an address that trickles a byte now and then (never silent for STALL_MS) would hold the check, and every later
 * one, for as long as it liked, and the honest addresses behind it would never be asked.
 */
export const MIN_BYTES_PER_STALL = 8 * 1024;
/**
 * How long one address may take to bring its edition (file and packs) while another address offering one waits: an
 * address that keeps just above MIN_BYTES_PER_STALL (a hostile mirror, or one a censor throttles) would otherwise hold
 * the check for hours. The last address offering an edition gets all the time it needs.
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
  | { stage: 'downloading'; done: number; total: number; address: number }
  | { stage: 'saving' };

/** Why an address was given up on: it did not answer usefully, or what it served was refused. */
class AddressFailure extends Error {
  constructor(readonly status: AddressResult['status']) {
    super(status);
  }
}

/** What an address that was given up on or refused ends a check as. */
const FAILED = new Set<AddressResult['status']>(['no-answer', 'tampered', 'bad-signature', 'older']);

/** The app's own base URL (where index.html is): the first address to ask. */
export function ownAddress(): string {
  return new URL('./', document.baseURI).href;
}

/** The origins the page's Content-Security-Policy lets it connect to (besides its own); undefined when it names none. */
function allowedOrigins(): Set<string> | undefined {
  const csp = document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content ?? '';
  const directive = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === 'connect-src');
  if (!directive) return undefined;
  return new Set(directive.slice(1).filter((s) => /^https?:\/\//.test(s)));
}

/** The addresses a check asks, in order: the app's own first, then the mirrors of the newest signed list, shuffled. */
export async function addressesToAsk(): Promise<string[]> {
  const own = ownAddress();
  const { mirrors } = await getMirrors(site.publisher.id);
  const others = mirrors.filter((m) => m !== own);
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  return [own, ...others];
}

/**
 * The bytes at `url`, or an AddressFailure: it must answer 200 from the same origin (a redirect elsewhere is refused)
 * within STALL_MS, send no more than `maxBytes`, and then bring at least MIN_BYTES_PER_STALL in every STALL_MS until
 * the body ends (a blackholed or trickling address costs seconds, not hours); `signal` gives up sooner. Always
 * revalidated: a copy the browser kept from a mirror that was hijacked then is not served again once it is repaired.
 */
async function fetchFrom(url: string, maxBytes: number, signal?: AbortSignal): Promise<ArrayBuffer> {
  const controller = new AbortController();
  const giveUp = (): void => controller.abort();
  signal?.addEventListener('abort', giveUp);
  if (signal?.aborted) giveUp();
  let timer = setTimeout(() => controller.abort(), STALL_MS);
  let lately = 0;
  const checkRate = (): void => {
    if (lately < MIN_BYTES_PER_STALL) return controller.abort();
    lately = 0;
    timer = setTimeout(checkRate, STALL_MS);
  };
  try {
    const res = await fetch(url, {
      signal: controller.signal,
      cache: 'no-cache',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      mode: 'cors',
    }).catch(() => {
      throw new AddressFailure('no-answer');
    });
    if (new URL(res.url || url).origin !== new URL(url).origin) throw new AddressFailure('tampered');
    if (!res.ok || !res.body) throw new AddressFailure('no-answer');
    const declared = Number(res.headers.get('Content-Length') ?? 0);
    if (declared > maxBytes) throw new AddressFailure('tampered');
    clearTimeout(timer);
    timer = setTimeout(checkRate, STALL_MS);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        throw new AddressFailure('no-answer');
      });
      if (done) break;
      lately += value.length;
      size += value.length;
      if (size > maxBytes) {
        controller.abort();
        throw new AddressFailure('tampered');
      }
      chunks.push(value);
    }
    return concatBytes(chunks).buffer as ArrayBuffer;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', giveUp);
  }
}

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

/** A refusal from the import worker, as an address status. */
function refusal(err: unknown): AddressFailure {
  if (err instanceof AddressFailure) return err;
  const code = (err as Failure | undefined)?.code;
  if (code === 'bad-signature' || code === 'unknown-key' || code === 'publisher-mismatch' || code === 'unsigned')
    return new AddressFailure('bad-signature');
  if (code === 'quota') throw err;
  return new AddressFailure('tampered');
}

/** Verifies the edition an address offers: a trusted signature, this app's publisher, and newer than the library's. */
async function fetchEdition(base: string, pointer: CurrentEdition, stored: number, signal: AbortSignal): Promise<EditionSummary> {
  const bytes = await fetchFrom(new URL(pointer.file, base).href, MAX_EDITION_FILE_BYTES, signal);
  let result: EditionSummary;
  try {
    result = await verifyEditionInWorker(bytes, await getTrustedKeys());
  } catch (err) {
    throw refusal(err);
  }
  if (result.trust !== 'verified' || result.publisherId !== site.publisher.id) throw new AddressFailure('bad-signature');
  // A replay of the edition held, or a rollback to an older one: refused, whatever the pointer claimed.
  if (result.edition <= stored) throw new AddressFailure('older');
  return result;
}

/** Downloads the packs of `edition` the library lacks, from `base` alone, and stores them all in one write. */
async function storeFrom(
  base: string,
  result: EditionSummary,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<{ added: number; updated: number }> {
  // The data saver holds for mirrors too: in text mode, pictures come one by one, when their article opens.
  const media = (await getMediaChoice()) ?? preselectedMediaChoice();
  const needed = await packsToFetch(result, media);
  let done = 0;
  let total = 0;
  onProgress(0, needed.length);
  const packs = await pool(needed, PACKS_IN_FLIGHT, async (pack) => {
    // The pack index is not signed: its sizes only bound what is read; the packs are checked against the signed manifest.
    total += pack.bytes;
    if (total > MAX_FILE_BYTES) throw new AddressFailure('tampered');
    const bytes = await fetchFrom(new URL(pack.url, base).href, pack.bytes, signal);
    onProgress(++done, needed.length);
    return bytes;
  });
  try {
    const report = await storeUpdateInWorker(packs, result, media);
    // The edition's withdrawals go once its packs are stored (a withdrawal-only edition has no pack to wait for).
    await applyWithdrawalsInWorker(result);
    return { added: report.added, updated: report.updated };
  } catch (err) {
    throw refusal(err);
  }
}

let running: Promise<CheckRecord> | undefined;

/**
 * One check: asks every address for its current edition (a few at a time), then tries the offers newer than the
 * library, newest first, until one verifies and its packs are stored whole. Every failure is a status, never a throw;
 * the library changes only when a whole edition is stored. Resolves with the stored record of the check.
 */
export function checkForUpdates(onProgress: (p: CheckProgress) => void = () => {}): Promise<CheckRecord> {
  running ??= runCheck(onProgress).finally(() => (running = undefined));
  return running;
}

async function runCheck(onProgress: (p: CheckProgress) => void): Promise<CheckRecord> {
  const at = Date.now();
  if (!navigator.onLine) return recordCheck({ at, outcome: { kind: 'offline' }, results: [] });
  const addresses = await addressesToAsk();
  const stored = (await getLibraryEdition())?.edition ?? -1;
  const allowed = allowedOrigins();
  const own = new URL(ownAddress()).origin;
  const results: AddressResult[] = addresses.map((url) => ({ url, status: 'no-answer' }));

  let asked = 0;
  // Once an address offers a newer edition, the others get OFFER_GRACE_MS more: a blackholed address then costs
  // a moment, not its whole STALL_MS. Whatever answers after that is not waited for (and not recorded).
  const pointers: (CurrentEdition | undefined)[] = addresses.map(() => undefined);
  let closed = false;
  let offered: () => void = () => {};
  const firstOffer = new Promise<void>((resolve) => (offered = resolve));
  onProgress({ stage: 'asking', done: 0, total: addresses.length });
  const everyAnswer = pool(addresses, IN_FLIGHT, async (url, i): Promise<void> => {
    const origin = new URL(url).origin;
    // A mirror added by a newer edition on an origin this version of the app was not built to reach: its policy would block it.
    if (origin !== own && allowed && !allowed.has(origin)) {
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
    if (!pointer) return;
    pointers[i] = pointer;
    results[i] = {
      url,
      status: pointer.edition > stored ? 'answered' : pointer.edition === stored ? 'current' : 'older',
      edition: pointer.edition,
    };
    if (pointer.edition > stored) offered();
  });
  await Promise.race([everyAnswer, firstOffer.then(() => new Promise((r) => setTimeout(r, OFFER_GRACE_MS)))]);
  closed = true;

  // Newest claim first, but an address that failed last time (gave up on, refused) after those that did not: a claim is
  // not signed, and an address that claims the newest edition and never brings it would otherwise come first every time.
  const failedBefore = new Set(((await getLastCheck())?.results ?? []).filter((r) => FAILED.has(r.status)).map((r) => r.url));
  const offers = pointers
    .map((pointer, i) => ({ pointer, i, failed: failedBefore.has(addresses[i]!) }))
    .filter((o): o is { pointer: CurrentEdition; i: number; failed: boolean } => o.pointer !== undefined && o.pointer.edition > stored)
    .sort((a, b) => Number(a.failed) - Number(b.failed) || b.pointer.edition - a.pointer.edition || a.i - b.i);

  // The app's own address has a newer deployment: it comes with the app's own update (code and articles together,
  // and the reader is asked before anything reloads), so no address's copy of it is applied here.
  if ((pointers[0]?.edition ?? -1) > stored) return recordCheck({ at, outcome: { kind: 'own' }, results });

  let outcome: CheckOutcome | undefined;
  for (const [n, { pointer, i }] of offers.entries()) {
    const url = addresses[i]!;
    // Given up on after ATTEMPT_MS while another offer waits; and once it fails, its downloads still running stop.
    const attempt = new AbortController();
    const deadline = n < offers.length - 1 ? setTimeout(() => attempt.abort(), ATTEMPT_MS) : undefined;
    try {
      const result = await fetchEdition(url, pointer, stored, attempt.signal);
      results[i]!.edition = result.edition;
      const report = await storeFrom(url, result, attempt.signal, (done, total) =>
        onProgress({ stage: 'downloading', done, total, address: i }),
      );
      onProgress({ stage: 'saving' });
      const { publisherId, edition, created, mirrors } = result;
      await recordLibraryEdition({ publisherId, edition, created });
      await recordMirrors([{ publisherId, edition, mirrors }]);
      results[i]!.status = 'updated';
      outcome = { kind: 'updated', from: i, ...report };
      if (report.added + report.updated > 0) void requestPersistence();
      break;
    } catch (err) {
      if (!(err instanceof AddressFailure)) throw err;
      results[i]!.status = err.status;
    } finally {
      clearTimeout(deadline);
      attempt.abort();
    }
  }
  outcome ??= results.some((r) => r.status === 'current' || r.status === 'answered')
    ? { kind: 'current' }
    : results.some((r) => r.status !== 'no-answer' && r.status !== 'not-allowed')
      ? { kind: 'refused' }
      : { kind: 'no-answer' };
  return recordCheck({ at, outcome, results });
}
