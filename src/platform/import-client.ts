/** Page side of the import worker: one worker, requests matched to replies, progress passed through. */
import type { EditionResult, ImportRequest, ImportResponse } from './import-protocol';
import type { TrustedKey, VerifiedBundle } from '../core/verify';
import type { ImportReport } from '../core/types';
import type { BundleErrorParams } from '../core/errors';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; progress?: (done: number, total: number) => void; file?: Blob };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** A refusal from the worker, in the shape the UI translates. */
export interface WorkerFailure { code: string; message: string; params?: BundleErrorParams }

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<ImportResponse>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') { p.progress?.(msg.done, msg.total); return; }
    if (msg.type === 'read') { sendBytes(msg.id, p.file, msg.start, msg.end); return; }
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

/** Reads part of a file for the worker (the page is idle meanwhile: reading here keeps that work off the parser's thread). */
function sendBytes(id: number, file: Blob | undefined, start: number, end: number): void {
  const reply = (bytes?: ArrayBuffer): void => worker?.postMessage({ id, kind: 'bytes', start, bytes } satisfies ImportRequest, bytes ? [bytes] : []);
  if (!file) return reply();
  file.slice(start, end).arrayBuffer().then(reply, () => reply());
}

type Omitted<T> = T extends unknown ? Omit<T, 'id'> : never;

function request<T>(req: Omitted<ImportRequest>, progress?: (done: number, total: number) => void, file?: Blob): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress, file });
    // Bytes move to the worker rather than being copied.
    getWorker().postMessage({ ...req, id }, 'bytes' in req && req.bytes ? [req.bytes] : []);
  });
}

/** Starts the worker ahead of a request, so its code loads while the page gets the request ready. */
export function warmImportWorker(): void {
  getWorker();
}

/** Verifies and stores a person's file in the worker, which asks for the file's bytes a window at a time; resolves with what the import did. */
export function importFileInWorker(file: Blob, keys: TrustedKey[], allowUnverified: boolean, progress?: (d: number, t: number) => void): Promise<ImportReport> {
  return request({ kind: 'import', size: file.size, keys, allowUnverified }, progress, file);
}

/** Parses and verifies an edition file (signed manifest + pack index). */
export function verifyEditionInWorker(bytes: ArrayBuffer, keys: { publicKey: string; publisherId?: string }[]): Promise<EditionResult> {
  return request({ kind: 'edition', bytes, keys });
}

/** Parses a pack and checks it against an edition verified before. */
export function verifyPackInWorker(bytes: ArrayBuffer, edition: EditionResult['edition']): Promise<VerifiedBundle> {
  return request({ kind: 'pack', bytes, edition });
}
