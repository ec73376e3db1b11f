/** Page side of the search worker: a small promise API where the latest query wins. */
import type { SearchDoc, SearchHit, SearchRequest, SearchResponse } from '../core/search';

export type { SearchDoc, SearchHit } from '../core/search';

/** The search worker, as the UI sees it. */
export interface SearchClient {
  /** Starts from a stored index (or an empty one). Resolves false when the stored index cannot be used (another version, damaged): add every article again. */
  load(serialized?: string): Promise<boolean>;
  /** Adds or replaces articles. */
  add(docs: SearchDoc[]): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** The best `limit` hits. A query overtaken by a newer one never settles, so stale results never show. */
  query(q: string, limit?: number): Promise<SearchHit[]>;
  /** The index as text, to keep in IndexedDB for the next start. */
  serialize(): Promise<string>;
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
  let worker: Worker | null = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module' });
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
    load: async (serialized) => {
      const r = await request(serialized === undefined ? { type: 'load' } : { type: 'load', serialized });
      return r.type === 'loaded' && r.ok;
    },
    add: async (docs) => {
      await request({ type: 'add', docs });
    },
    remove: async (keys) => {
      await request({ type: 'remove', keys });
    },
    query: async (q, limit = 20) => {
      const r = await request({ type: 'query', q, limit });
      return r.type === 'results' ? r.hits : [];
    },
    serialize: async () => {
      const r = await request({ type: 'serialize' });
      return r.type === 'serialized' ? r.data : '';
    },
    terminate: fail,
  };
}
