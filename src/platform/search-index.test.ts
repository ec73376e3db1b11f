import { describe, expect, it, vi } from 'vitest';
import type { SearchClient } from './search-client';
import type { ArticleRecord } from '../storage/db';

// The worker, replaced: each add waits until the test lets it finish.
const adds: { size: number; done: () => void }[] = [];
const client: SearchClient = {
  load: () => Promise.resolve([]),
  add: (docs) => new Promise<void>((done) => adds.push({ size: docs.length, done })),
  remove: () => Promise.resolve(),
  query: () => Promise.resolve({ hits: [], total: 0 }),
  save: () => Promise.resolve(),
  terminate: () => undefined,
};
vi.mock('./search-client', () => ({ createSearchClient: () => client }));
vi.mock('./search-worker-start', () => ({ dropSearchWorker: () => undefined }));
// The module listens for the page going to the background; Node has no window.
vi.stubGlobal('addEventListener', () => undefined);

const { ensureIndexed, whenIndexed } = await import('./search-index');

const article = (i: number) =>
  ({
    publisherId: 'p',
    id: `a${i}`,
    text: Math.floor(i / 32),
    textAt: i % 32,
    meta: { id: `a${i}`, title: `T${i}`, sha256: `v${i}`, lang: 'en' },
  }) as unknown as ArticleRecord;

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return done;
};
/** Lets the next add the build asks for finish, once it has asked. */
const finishAdd = async (): Promise<void> => {
  await vi.waitFor(() => expect(adds.length).toBeGreaterThan(0));
  adds.shift()!.done();
};

describe('whenIndexed', () => {
  it('given the progress a partial answer came with, settles once a quarter of the library more is indexed; without, once the build is over', async () => {
    const build = ensureIndexed(Array.from({ length: 1000 }, (_, i) => article(i)));
    const grown = whenIndexed({ indexed: 0, of: 1000 });
    const whole = whenIndexed();
    await finishAdd(); // 200 of 1,000
    expect(await settled(grown)).toBe(false);
    await finishAdd(); // 400: a quarter (250) more than the answer had
    expect(await settled(grown)).toBe(true);
    expect(await settled(whole)).toBe(false);
    for (let i = 0; i < 3; i++) await finishAdd();
    await build;
    expect(await settled(whole)).toBe(true);
  });
});
