/** Where the library's editions come from: the edition it last stored whole, the newest signed list of mirrors, and the last update check. */
import { getDb } from './db';
import type { FailureCode } from '../core/errors';

/** The edition whose every pack the library holds (from the app's own deployment or a mirror). */
export interface LibraryEdition {
  publisherId: string;
  edition: number;
  /** The manifest's `created` (ISO date-time): how old the library is. */
  created: string;
}

/** The mirrors a verified edition lists, and which edition said so (a newer edition's list replaces an older one's). */
export interface MirrorList {
  publisherId: string;
  edition: number;
  mirrors: string[];
}

/**
 * What one address did at a check. `newer-app`: it offered a newer edition in a format made after this version of the
 * app (an honest mirror once the publisher moves on): not blamed, but this app cannot read it until it is updated.
 */
export type AddressStatus =
  'updated' | 'current' | 'answered' | 'older' | 'bad-signature' | 'tampered' | 'newer-app' | 'no-answer' | 'not-allowed';

/** One address's result at a check, in the order the check tried them (the app's own address first). */
export interface AddressResult {
  url: string;
  /** None when the check ended before this address answered, or before it was asked at all. */
  status?: AddressStatus;
  /** The edition it offered (its signed number once verified, else what its pointer claimed). */
  edition?: number;
  /** Its edition's text came, but its pictures failed by its doing (a batch forged, or nothing new): tried last next time. */
  picturesFailed?: AddressStatus;
  /**
   * Set when what it served was refused at this check (its edition file, a pack, a batch of pictures), or needs a newer
   * version of this app: see CheckRecord.resting.
   */
  refusedAt?: number;
}

/**
 * How long nothing is downloaded from an address after what it served was refused. Its pointer is not signed: one that
 * always claims a newer edition, and serves a forged file of up to the edition file's limit (or packs padded to theirs),
 * would otherwise cost the reader that much data at every check, and be the first offer every time.
 */
export const REFUSAL_REST_MS = 24 * 60 * 60_000;

/** Whether an address refused at `at` still rests at `now` (a refusal stamped by a clock that was ahead does not). */
export const stillResting = (at: number | undefined, now: number): boolean => at !== undefined && at <= now && now - at < REFUSAL_REST_MS;

/** How a check ended. */
export type CheckOutcome =
  /** `stopped`: the pictures that follow the text stopped because of the device (it is full), not of the address. */
  | { kind: 'updated'; from: number; added: number; updated: number; stopped?: FailureCode }
  | { kind: 'current' }
  /**
   * The app's own address has a newer edition (`edition`): it arrives with the app's own update. `since`: when a check
   * first said so for that edition (a later check that finds the update still not on its way asks the other addresses).
   */
  | { kind: 'own'; edition?: number; since?: number }
  | { kind: 'refused' }
  /** No edition stored; a newer one offered is in a format made after this version of the app, which must be updated first. */
  | { kind: 'newer-app' }
  /** An address offering a newer edition was given up on before it brought it whole: the next check tries again. */
  | { kind: 'not-brought' }
  /**
   * No newer edition stored, but the pictures the edition held lacked came from the `from`-th address, `done` (at least
   * one) of the `total` parts lacking: each part stored as it came, the rest (if any) at the next check. `stopped`: why
   * the rest did not come, when the device (not the address) stopped them; `newer`: a newer edition was offered but not
   * brought, or refused.
   */
  | {
      kind: 'pictures';
      from: number;
      done: number;
      total: number;
      stopped?: FailureCode;
      newer?: 'not-brought' | 'refused' | 'newer-app';
      /** The reader chose "Text now" before the rest came: they come as their articles open. */
      textNow?: true;
    }
  | { kind: 'no-answer' }
  | { kind: 'offline' }
  /**
   * Stopped by something no address did (the device is full, the storage is gone or newer, a bug): nothing more was
   * stored (an edition's text, and the batches of pictures before, stay).
   */
  | { kind: 'failed'; code: FailureCode };

/** The last finished check. */
export interface CheckRecord {
  at: number;
  outcome: CheckOutcome;
  results: AddressResult[];
  /**
   * The addresses resting after a refusal (see REFUSAL_REST_MS), by address: when they were refused and why. Carried
   * from check to check until the rest ends, whether or not they answer (an address that skips a check, or a check made
   * offline, does not end its rest). One that needed a newer app (`newer-app`) rests only while the app reads the same
   * formats it did then (`formats`): once updated, the app can read it.
   */
  resting?: Record<string, { at: number; status: AddressStatus; formats?: string }>;
  /** When a check last reached an address that answered (now or earlier). */
  lastSuccess?: number;
}

const SYNCED = 'update.synced';
/** Where the last check's record is kept in the settings store. */
export const CHECK_KEY = 'update.check';
const mirrorsKey = (publisherId: string): string => `update.mirrors:${publisherId}`;

/** The edition the library last stored whole, if known. */
export async function getLibraryEdition(): Promise<LibraryEdition | undefined> {
  return (await (await getDb()).get('settings', SYNCED)) as LibraryEdition | undefined;
}

/** Records that every pack of this edition is stored; an older edition never replaces a newer one's record. */
export async function recordLibraryEdition(edition: LibraryEdition): Promise<void> {
  const tx = (await getDb()).transaction('settings', 'readwrite');
  const now = (await tx.store.get(SYNCED)) as LibraryEdition | undefined;
  if (!now || now.publisherId !== edition.publisherId || now.edition < edition.edition) await tx.store.put({ ...edition }, SYNCED);
  await tx.done;
}

/** The newest signed mirror list of a publisher (empty when none was ever stored). */
export async function getMirrors(publisherId: string): Promise<MirrorList> {
  const stored = (await (await getDb()).get('settings', mirrorsKey(publisherId))) as MirrorList | undefined;
  return stored ?? { publisherId, edition: -1, mirrors: [] };
}

/** Keeps the mirror lists of these verified editions where they are newer than the stored one (an edition with no list empties it). */
export async function recordMirrors(editions: { publisherId: string; edition: number; mirrors?: string[] }[]): Promise<void> {
  if (editions.length === 0) return;
  const tx = (await getDb()).transaction('settings', 'readwrite');
  for (const e of editions) {
    const now = (await tx.store.get(mirrorsKey(e.publisherId))) as MirrorList | undefined;
    if (now && now.edition >= e.edition) continue;
    await tx.store.put({ publisherId: e.publisherId, edition: e.edition, mirrors: [...(e.mirrors ?? [])] }, mirrorsKey(e.publisherId));
  }
  await tx.done;
}

/** The last check, if any. */
export async function getLastCheck(): Promise<CheckRecord | undefined> {
  return (await (await getDb()).get('settings', CHECK_KEY)) as CheckRecord | undefined;
}

/** Stores a finished check, keeping when one last succeeded. */
export async function recordCheck(check: Omit<CheckRecord, 'lastSuccess'>): Promise<CheckRecord> {
  const tx = (await getDb()).transaction('settings', 'readwrite');
  const before = (await tx.store.get(CHECK_KEY)) as CheckRecord | undefined;
  const answered = check.results.some((r) => r.status === 'updated' || r.status === 'current' || r.status === 'answered');
  const record: CheckRecord = { ...check, lastSuccess: answered ? check.at : before?.lastSuccess };
  await tx.store.put(record, CHECK_KEY);
  await tx.done;
  return record;
}
