/** Page side of the import worker: one worker, requests matched to replies, progress passed through. */
import type { EditionResult, ImportProgress, ImportRequest, ImportResponse } from './import-protocol';
import type { TrustedKey } from '../core/verify';
import type { ImportReport } from '../core/types';
import type { BundleErrorParams } from '../core/errors';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; progress?: (p: ImportProgress) => void };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** A refusal from the worker, in the shape the UI translates. */
export interface WorkerFailure {
  code: string;
  message: string;
  params?: BundleErrorParams;
}

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./import-worker.ts', import.meta.url));
  worker.onmessage = (event: MessageEvent<ImportResponse>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.progress?.({ stage: 'reading', done: msg.done, total: msg.total });
      return;
    }
    if (msg.type === 'saving') {
      p.progress?.({ stage: 'saving' });
      return;
    }
    pending.delete(msg.id);
    if (msg.type === 'error') p.reject(msg.error satisfies WorkerFailure);
    else p.resolve(msg.result);
  };
  worker.onerror = () => {
    for (const p of pending.values()) p.reject({ code: 'malformed', message: 'The import worker stopped.' } satisfies WorkerFailure);
    pending.clear();
    worker = undefined;
  };
  return worker;
}

type Omitted<T> = T extends unknown ? Omit<T, 'id'> : never;

function request<T>(req: Omitted<ImportRequest>, progress?: (p: ImportProgress) => void): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
    // Bytes move to the worker rather than being copied.
    getWorker().postMessage({ ...req, id }, 'bytes' in req && req.bytes ? [req.bytes] : []);
  });
}

/**
 * Verifies and stores a person's file in the worker, which reads it a window at a time (a Blob crosses by reference,
 * not by copy); `pinned` are the site's keys. Resolves with what the import did.
 */
export function importFileInWorker(
  file: Blob,
  pinned: TrustedKey[],
  allowUnverified: boolean,
  progress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  return request({ kind: 'import', file, pinned, allowUnverified }, progress);
}

/** Parses and verifies an edition file (signed manifest + pack index). */
export function verifyEditionInWorker(bytes: ArrayBuffer, keys: { publicKey: string; publisherId?: string }[]): Promise<EditionResult> {
  return request({ kind: 'edition', bytes, keys });
}

/** Parses a built-in pack, checks it against an edition verified before, and stores what the library lacks. */
export function storePackInWorker(bytes: ArrayBuffer, edition: EditionResult['edition']): Promise<ImportReport> {
  return request({ kind: 'pack', bytes, edition });
}
