// When the search index is saved: after a burst of changes, not while the reader is typing (the worker packs the whole
// index in one go and a query would wait for it), never later than 20 s, and at once when the page goes to the background.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { SearchClient } from './search-client';
import type { ArticleRecord } from '../storage/db';

vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
afterAll(() => void vi.useRealTimers());

const saves: number[] = [];
const client: SearchClient = {
  load: () => Promise.resolve([]),
  add: () => Promise.resolve(),
  remove: () => Promise.resolve(),
  query: () => Promise.resolve({ hits: [], total: 0 }),
  save: () => (saves.push(performance.now()), Promise.resolve()),
  terminate: () => undefined,
};
vi.mock('./search-client', () => ({ createSearchClient: () => client }));
vi.mock('./search-worker-start', () => ({ dropSearchWorker: () => undefined }));
// The module listens for the page going to the background: the test keeps the listener and plays the page.
const listeners = new Map<string, () => void>();
vi.stubGlobal('addEventListener', (type: string, listener: () => void) => listeners.set(type, listener));
const page = { visibilityState: 'visible' };
vi.stubGlobal('document', page);

const { ensureIndexed, searchLibrary } = await import('./search-index');

let next = 0;
/** Articles not indexed before: each call is a change that needs saving. */
const fresh = (n: number): ArticleRecord[] =>
  Array.from({ length: n }, () => {
    const i = next++;
    return {
      publisherId: 'p',
      id: `a${i}`,
      meta: { id: `a${i}`, title: `T${i}`, sha256: `v${i}`, lang: 'en' },
    } as unknown as ArticleRecord;
  });
/** Every article indexed so far plus `n` new ones (ensureIndexed is given the whole library each time). */
let library: ArticleRecord[] = [];
const grow = async (n: number): Promise<void> => {
  library = [...library, ...fresh(n)];
  await ensureIndexed(library);
};

/** Moves the clock on `ms`, typing a query every `every` ms meanwhile (none when undefined). */
const pass = async (ms: number, every?: number): Promise<void> => {
  for (let t = 0; t < ms; t += every ?? ms) {
    if (every !== undefined) await searchLibrary('کتاب');
    await vi.advanceTimersByTimeAsync(Math.min(every ?? ms, ms - t));
  }
};

describe('saving the search index', () => {
  it('saves half a second after a change when no one is searching', async () => {
    await grow(3);
    const changed = performance.now();
    await pass(400);
    expect(saves).toEqual([]);
    await pass(200);
    expect(saves.map((t) => t - changed)).toEqual([500]);
  });

  it('waits for a pause of 1.5 s in the queries, then saves', async () => {
    saves.length = 0;
    await grow(3);
    // Typing for 3 s, a query every 300 ms: no save meanwhile.
    await pass(3000, 300);
    expect(saves).toEqual([]);
    const lastQuery = performance.now() - 300;
    await pass(1000);
    expect(saves).toEqual([]);
    await pass(1000);
    expect(saves.map((t) => t - lastQuery)).toEqual([1500]);
  });

  it('saves after 20 s of changes however long the searching goes on', async () => {
    saves.length = 0;
    await grow(3);
    const changed = performance.now();
    await pass(19_000, 500);
    expect(saves).toEqual([]);
    await pass(2000, 500);
    expect(saves).toHaveLength(1);
    expect(saves[0]! - changed).toBeGreaterThanOrEqual(20_000);
    expect(saves[0]! - changed).toBeLessThanOrEqual(20_500);
  });

  it('saves at once when the page goes to the background, even while the reader is searching', async () => {
    saves.length = 0;
    await grow(3);
    await pass(1000, 200);
    expect(saves).toEqual([]);
    page.visibilityState = 'hidden';
    listeners.get('visibilitychange')!();
    expect(saves).toHaveLength(1);
    page.visibilityState = 'visible';
    // Nothing is left waiting: no second save follows.
    await pass(25_000);
    expect(saves).toHaveLength(1);
  });
});
