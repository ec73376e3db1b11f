/** Page side of the search worker: a small promise API where the latest query wins. */
// Types only: the index code (MiniSearch and all) stays in the worker's bundle.
import type { IndexedVersions, SearchPage, SearchRequest, SearchResponse, SearchSource } from '../core/search';

export type { IndexedVersions, SearchHit, SearchPage, SearchSource } from '../core/search';

/** What the stored index held: the article versions it covers (none when there was none, or it could not be used). */
export interface LoadResult {
  docs: IndexedVersions;
  /** Stored by an older version: save it again in the current form. */
  legacy: boolean;
}

/** The search worker, as the UI sees it. */
export interface SearchClient {
  /** Loads the stored index in the worker (an empty one when there is none, or it cannot be used). */
  load(): Promise<LoadResult>;
  /** Adds or replaces articles. */
  add(docs: SearchSource[]): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /**
   * Results `offset` to `offset + limit` and the total; the request is posted before this returns.
   * A query overtaken by a newer one never settles, so stale results never show.
   */
  query(q: string, offset?: number, limit?: number): Promise<SearchPage>;
  /** Stores the index (the worker writes it) with the article versions it covers, for the next start. */
  save(docs: IndexedVersions): Promise<void>;
  /** Stops the worker; requests still waiting are refused. */
  terminate(): void;
}

type Omitted<T> = T extends unknown ? Omit<T, 'id'> : never;
interface Pending {
  resolve: (r: SearchResponse) => void;
  reject: (e: Error) => void;
}

const STOPPED = 'Search is not available right now.';

/** Starts a search worker. */
export function createSearchClient(): SearchClient {
  let worker: Worker | null = new Worker(new URL('./search-worker.ts', import.meta.url));
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let latestQuery = 0;

  const fail = (): void => {
    for (const p of pending.values()) p.reject(new Error(STOPPED));
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  worker.onmessage = (event: MessageEvent<SearchResponse>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.type === 'results' && (msg.stale || msg.id !== latestQuery)) return;
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else p.resolve(msg);
  };
  worker.onerror = fail;
  worker.onmessageerror = fail;

  const request = (req: Omitted<SearchRequest>): Promise<SearchResponse> => {
    const id = nextId++;
    if (req.type === 'query') latestQuery = id;
    return new Promise<SearchResponse>((resolve, reject) => {
      if (!worker) return reject(new Error(STOPPED));
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id } as SearchRequest);
    });
  };

  return {
    load: async () => {
      const r = await request({ type: 'load' });
      return r.type === 'loaded' ? { docs: r.docs, legacy: r.legacy } : { docs: [], legacy: false };
    },
    add: async (docs) => {
      await request({ type: 'add', docs });
    },
    remove: async (keys) => {
      await request({ type: 'remove', keys });
    },
    query: async (q, offset = 0, limit = 20) => {
      const r = await request({ type: 'query', q, offset, limit });
      return r.type === 'results' ? { hits: r.hits, total: r.total } : { hits: [], total: 0 };
    },
    save: async (docs) => {
      await request({ type: 'save', docs });
    },
    terminate: fail,
  };
}
