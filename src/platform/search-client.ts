/** Page side of the search worker: a small promise API where the latest query wins. */
// Types only: the index code (MiniSearch and all) stays in the worker's bundle.
import type { Failure } from '../core/errors';
import { createRpcClient, type RpcClient } from '../core/rpc';
import { takeSearchWorker } from './search-worker-start';
import type { IndexedVersions, SearchPage, SearchSource, SearchSpec } from '../core/search';

export type { IndexedVersions, SearchHit, SearchPage, SearchSource } from '../core/search';

/** The search worker, as the UI sees it. */
export interface SearchClient {
  /** Loads the stored index in the worker (an empty one when there is none, or it cannot be used): the article versions it covers. */
  load(): Promise<IndexedVersions>;
  /** Adds or replaces articles. */
  add(docs: SearchSource[]): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /**
   * Results `offset` to `offset + limit` and the total; the request is posted before this returns.
   * A query overtaken by a newer one never settles, so stale results never show.
   */
  query(q: string, offset?: number, limit?: number): Promise<SearchPage>;
  /** Stores the index (the worker writes it) with the article versions it covers, for the next start. */
  save(): Promise<void>;
  /** Stops the worker; requests still waiting are refused. */
  terminate(): void;
}

const STOPPED = 'Search is not available right now.';

/** Starts a search worker. */
export function createSearchClient(): SearchClient {
  const worker = createRpcClient<SearchSpec>(takeSearchWorker, {
    stopped: { code: 'unexpected', message: STOPPED },
    restart: false,
  });
  // The UI knows search failures by their English sentence only.
  const call: RpcClient<SearchSpec>['call'] = (method, arg, opts) =>
    worker.call(method, arg, opts).catch((f: Failure) => Promise.reject(new Error(f.message)));
  let latestQuery = 0;

  return {
    load: () => call('load', undefined),
    add: async (docs) => {
      await call('add', docs);
    },
    remove: async (keys) => {
      await call('remove', keys);
    },
    query: async (q, offset = 0, limit = 20) => {
      const mine = ++latestQuery;
      const { hits, total, stale } = await call('query', { q, offset, limit });
      // A query overtaken by a newer one never settles, so stale results never show.
      if (stale || mine !== latestQuery) return new Promise<never>(() => undefined);
      return { hits, total };
    },
    save: async () => {
      await call('save', undefined);
    },
    terminate: () => worker.terminate(),
  };
}
