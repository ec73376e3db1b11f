/** What the import worker offers the page (read, verify and, for a person's file, store: off the main thread), and how progress is counted. */
import type { TrustedKey } from './verify';
import type { ImportReport, MediaMeta, PackIndex, Trust } from './types';
import type { MediaChoice } from './data-saver';

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
 * What the page is told of an edition the worker verified: who signed it, which edition, its mirrors. The manifest
 * itself (thousands of entries, and its signed copy) stays in the worker under `handle`, which later calls name: at
 * 10,000 articles, reading a copy of it on the page froze the page for longer than storing every pack did.
 */
export interface EditionSummary {
  trust: Trust;
  publisherId: string;
  edition: number;
  created: string;
  mirrors?: string[];
  handle: number;
}

/** A pack of an edition's index: its file, the articles and pictures it holds, its size. */
export type Pack = PackIndex['packs'][number];

/**
 * Which of an edition's packs hold something the library lacks: `text`, those with an article to store (by the import's
 * rule of which copy wins); `media`, those that only bring pictures not held; `missingBytes`, the size of those pictures;
 * `held`, the others (everything in them is on the device already: an imported file or an opened article brought it).
 */
export interface EditionPlan {
  text: Pack[];
  media: Pack[];
  held: Pack[];
  missingBytes: number;
}

/** The import worker's methods (see core/rpc.ts); each refuses with a Failure. */
export type ImportSpec = {
  /** A person's file, read by the worker (a large one window by window); `pinned` are the site's keys (the worker adds the announced ones). */
  import: { arg: { file: Blob; pinned: TrustedKey[]; allowUnverified: boolean }; result: ImportReport; progress: ImportProgress };
  /**
   * An edition file (signed manifest + pack index), parsed and verified; the worker keeps it under the summary's handle.
   * Given as bytes, or as the address of the deployed edition, which the worker fetches.
   */
  edition: { arg: { file: ArrayBuffer | { url: string }; keys: TrustedKey[] }; result: EditionSummary };
  /** The packs of the edition `edition` (a handle) that hold something the library lacks, read against the library as it is now. */
  plan: { arg: { edition: number }; result: EditionPlan };
  /**
   * A built-in pack at `url`, read by the worker (from the service worker's content cache, or from the network when
   * `network`), checked against the edition verified before as `edition` (its handle), stored where the library lacks
   * it, and marked stored in the cache. `null`: not in the cache yet (only when not `network`). The bytes never cross
   * the page's main thread.
   */
  pack: { arg: { url: string; edition: number; network: boolean }; result: ImportReport | null };
  /**
   * A whole update from a mirror: every changed pack of a verified edition, checked together and stored in one write.
   * `media` is the reader's choice: with 'all', the packs must also bring every picture of the edition the device lacks.
   */
  update: { arg: { packs: ArrayBuffer[]; edition: number; media: MediaChoice }; result: ImportReport };
  /**
   * The withdrawals of an edition verified before (a handle) that the library does not keep yet: tombstones kept,
   * withdrawn rows removed; how many articles that removed (0, and nothing written, when there is nothing new).
   */
  withdraw: { arg: { edition: number }; result: number };
  /**
   * Every unverified article (all publishers) removed at the reader's request, in one write: rows, bodies, reading state,
   * pictures only they used, unverified manifests; no tombstone. How many articles went (0: nothing was written).
   */
  removeUnverified: { arg: null; result: number };
  /**
   * What the stored signed manifests of a publisher's edition say of these pictures (those they list), read in the
   * worker: at 1,000 articles, parsing the manifest on the page took 60-135 ms of its main thread, on a fast machine.
   */
  pictures: { arg: { publisherId: string; edition: number; hashes: string[] }; result: MediaMeta[] };
  /** How many bytes the pictures an edition's stored manifests list, and the device does not hold, would take. */
  missingPictures: { arg: { publisherId: string; edition: number }; result: number };
};
