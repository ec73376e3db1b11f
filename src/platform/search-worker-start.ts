/**
 * Starts the search worker as the app starts, before the page has painted or loaded its deferred part: the worker
 * boots and reads the stored index on its own thread meanwhile, so a reader who opens the app to look something up
 * does not wait for it. The search client (in the deferred part) takes this worker instead of starting one.
 */
import { WORKER_NAMES } from '../core/constants';

let early: Worker | undefined;

const start = (): Worker => new Worker(new URL('../workers/worker.ts', import.meta.url), { name: WORKER_NAMES.search });

/** Starts the search worker now (once), where the browser has workers. */
export function startSearchWorker(): void {
  if (!early && typeof Worker !== 'undefined') early = start();
}

/** The worker started early, or a new one: the search client's only way to a worker. */
export function takeSearchWorker(): Worker {
  const worker = early ?? start();
  early = undefined;
  return worker;
}

/** Stops a worker started early and never taken (erase everything: it must not hold the database open). */
export function dropSearchWorker(): void {
  early?.terminate();
  early = undefined;
}
