/** What the import worker offers the page (read, verify and, for a person's file, store: off the main thread), and how progress is counted. */
import type { TrustedKey, VerifiedBundle, VerifiedEdition } from './verify';
import type { ImportReport, PackIndex } from './types';

/**
 * How far an import has got: reading and checking the file (bytes), then saving what passed. Reading is shown in
 * PROGRESS_STEPS steps (of 5%): the worker posts only when the step changes, the page renders each one.
 */
export const PROGRESS_STEPS = 20;

/** The step `done` of `total` bytes is in, 0 to PROGRESS_STEPS. */
export function progressStep(done: number, total: number): number {
  return Math.floor((done / Math.max(1, total)) * PROGRESS_STEPS);
}

/** Reading (bytes done of total), then saving: every check passed and the one write into the library has begun. */
export type ImportProgress = { stage: 'reading'; done: number; total: number } | { stage: 'saving' };

/**
 * A verified edition: its manifest, its pack index and the keys it announces; `handle` names the worker's own copy, so
 * later requests about its packs need not send the manifest back (at 1,000 articles, copying it costs the page more
 * than storing a pack does).
 */
export type EditionResult = { edition: VerifiedEdition; packs: PackIndex; announcedKeys: VerifiedBundle['announcedKeys']; handle: number };

/** The import worker's methods (see core/rpc.ts); each refuses with a Failure. */
export type ImportSpec = {
  /** A person's file, read by the worker window by window; `pinned` are the site's keys (the worker adds the announced ones). */
  import: { arg: { file: Blob; pinned: TrustedKey[]; allowUnverified: boolean }; result: ImportReport; progress: ImportProgress };
  /** An edition file (signed manifest + pack index), parsed and verified. */
  edition: { arg: { bytes: ArrayBuffer; keys: TrustedKey[] }; result: EditionResult };
  /**
   * A built-in pack at `url`, read by the worker (from the service worker's content cache, or from the network when
   * `network`), checked against the edition verified before as `edition` (its handle), stored where the library lacks
   * it, and marked stored in the cache. `null`: not in the cache yet (only when not `network`). The bytes never cross
   * the page's main thread.
   */
  pack: { arg: { url: string; edition: number; network: boolean }; result: ImportReport | null };
  /** A whole update from a mirror: every changed pack of a verified edition, checked together and stored in one write. */
  update: { arg: { packs: ArrayBuffer[]; edition: EditionResult }; result: ImportReport };
  /** The withdrawals of an edition verified before: tombstones kept, withdrawn rows removed. */
  withdraw: { arg: { edition: VerifiedEdition }; result: ImportReport };
};
