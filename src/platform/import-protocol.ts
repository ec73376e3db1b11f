/** Messages between the page and the import worker (read, verify and, for a person's file, store: off the main thread). */
import type { TrustedKey, VerifiedBundle, VerifiedEdition } from '../core/verify';
import type { BundleErrorParams } from '../core/errors';
import type { ImportReport, PackIndex } from '../core/types';

export type ImportRequest =
  /** A person's file, read by the worker window by window; `pinned` are the site's keys (the worker adds the announced ones). */
  | { id: number; kind: 'import'; file: Blob; pinned: TrustedKey[]; allowUnverified: boolean }
  | { id: number; kind: 'edition'; bytes: ArrayBuffer; keys: TrustedKey[] }
  | { id: number; kind: 'pack'; bytes: ArrayBuffer; edition: VerifiedEdition }
  /** A whole update from a mirror: every changed pack of a verified edition, checked together and stored in one write. */
  | { id: number; kind: 'update'; packs: ArrayBuffer[]; edition: EditionResult };

/**
 * How far an import has got: reading and checking the file (bytes), then saving what passed. Reading is shown in
 * PROGRESS_STEPS steps (of 5%): the worker posts only when the step changes, the page renders each one.
 */
export const PROGRESS_STEPS = 20;

/** The step `done` of `total` bytes is in, 0 to PROGRESS_STEPS. */
export function progressStep(done: number, total: number): number {
  return Math.floor((done / Math.max(1, total)) * PROGRESS_STEPS);
}

export type ImportProgress = { stage: 'reading'; done: number; total: number } | { stage: 'saving' };

export type EditionResult = { edition: VerifiedEdition; packs: PackIndex; announcedKeys: VerifiedBundle['announcedKeys'] };

export type ImportResponse =
  | { id: number; type: 'progress'; done: number; total: number }
  /** Every check passed; the one write into the library has begun. */
  | { id: number; type: 'saving' }
  | { id: number; type: 'imported'; result: ImportReport }
  | { id: number; type: 'edition'; result: EditionResult }
  | { id: number; type: 'error'; error: { code: string; message: string; params?: BundleErrorParams } };
