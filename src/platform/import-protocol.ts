/** Messages between the page and the import worker (parse + verify off the main thread). */
import type { TrustedKey, VerifiedBundle, VerifiedEdition } from '../core/verify';
import type { BundleErrorParams } from '../core/errors';
import type { PackIndex } from '../core/types';

export type ImportRequest =
  | { id: number; kind: 'file'; bytes: ArrayBuffer; keys: TrustedKey[]; allowUnverified: boolean }
  | { id: number; kind: 'edition'; bytes: ArrayBuffer; keys: TrustedKey[] }
  | { id: number; kind: 'pack'; bytes: ArrayBuffer; edition: VerifiedEdition };

export type EditionResult = { edition: VerifiedEdition; packs: PackIndex; announcedKeys: VerifiedBundle['announcedKeys'] };

export type ImportResponse =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'bundle'; result: VerifiedBundle }
  | { id: number; type: 'edition'; result: EditionResult }
  | { id: number; type: 'error'; error: { code: string; message: string; params?: BundleErrorParams } };
