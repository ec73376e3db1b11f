/** Reading stamps on a cold start: a change made while the library is still reading every state waits for that read. */
import { describe, expect, it, vi } from 'vitest';

// The database, counting full reads; each read waits until the test lets it end.
const reads = vi.hoisted(() => ({ count: 0, end: [] as (() => void)[] }));
vi.mock('./db', () => ({
  getDb: async () => ({
    getAll: () => {
      reads.count++;
      return new Promise((resolve) => reads.end.push(() => resolve([{ publisherId: 'p', id: 'old', updatedAt: 5e12 }])));
    },
    transaction: () => ({ store: { get: async () => undefined, put: async () => undefined }, done: Promise.resolve() }),
  }),
}));

const { getAllReading, updateReading } = await import('./reading-store');

describe('updateReading on a cold start into an article', () => {
  it('reads every state once, not a second time for its stamp, and stamps above them', async () => {
    // The library's read at start, then the article marked read before it ends.
    const library = getAllReading();
    const marked = updateReading('p', 'a', { read: true });
    await new Promise((r) => setTimeout(r, 0));
    // Before the fix: 2 (10,000 rows read twice at once on a cheap phone).
    expect(reads.count).toBe(1);
    reads.end.forEach((end) => end());
    await library;
    expect((await marked).updatedAt).toBe(5e12 + 1);
  });
});
