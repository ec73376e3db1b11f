/** Messages between the page and the import worker (read, verify and, for a person's file, store: off the main thread). */
import type { TrustedKey, VerifiedBundle, VerifiedEdition } from '../core/verify';
import type { BundleErrorParams } from '../core/errors';
import type { ImportReport, PackIndex } from '../core/types';

export type ImportRequest =
  | { id: number; kind: 'import'; size: number; keys: TrustedKey[]; allowUnverified: boolean }
  | { id: number; kind: 'edition'; bytes: ArrayBuffer; keys: TrustedKey[] }
  | { id: number; kind: 'pack'; bytes: ArrayBuffer; edition: VerifiedEdition }
  /** The page's answer to a 'read': the file's bytes from `start`, or none when the file could not be read. */
  | { id: number; kind: 'bytes'; start: number; bytes?: ArrayBuffer };

export type EditionResult = { edition: VerifiedEdition; packs: PackIndex; announcedKeys: VerifiedBundle['announcedKeys'] };

export type ImportResponse =
  | { id: number; type: 'progress'; done: number; total: number }
  /** The worker asks the page for bytes [start, end) of the file being imported (the page reads; the worker parses). */
  | { id: number; type: 'read'; start: number; end: number }
  | { id: number; type: 'imported'; result: ImportReport }
  | { id: number; type: 'bundle'; result: VerifiedBundle }
  | { id: number; type: 'edition'; result: EditionResult }
  | { id: number; type: 'error'; error: { code: string; message: string; params?: BundleErrorParams } };
