// The import worker's `update` holds an edition's text about once. Its packs (77 packs, 112 MB of text at 10,000
// articles) were all parsed at once and stayed referenced by the call while every body was copied out of them into a
// buffer of its own: twice the text in memory (226 MB measured), in a worker that shares the page's memory on a cheap
// phone. Each pack is now taken off the call before it is parsed, and dropped once its records are copied out.
import { expect, it, vi } from 'vitest';
import { playWorkerScope } from '../core/testing/worker-scope';
import { makeEdition } from '../core/testing/sample';
import { chunksToBytes, writeEdition, writePack } from '../core/bundle-write';

/** For each pack parsed, how many of the packs parsed before it the call still held then. */
const heldAtParse = vi.hoisted(() => ({ call: undefined as { packs: ArrayBuffer[] } | undefined, log: [] as number[] }));
vi.mock('../core/bundle-read', async (importOriginal) => {
  const real = await importOriginal<typeof import('../core/bundle-read')>();
  const parsedBefore: ArrayBufferLike[] = [];
  return {
    ...real,
    parseBundle: (bytes: Uint8Array) => {
      const update = heldAtParse.call;
      if (update) {
        heldAtParse.log.push(parsedBefore.filter((b) => update.packs.includes(b as ArrayBuffer)).length);
        parsedBefore.push(bytes.buffer);
      }
      return real.parseBundle(bytes);
    },
  };
});
const writes = vi.hoisted(() => [] as { articles: string[]; media: number }[]);
vi.mock('../storage/library-store', () => ({
  StorageFullError: class extends Error {},
  getAllArticles: async () => [],
  getAnnouncedKeys: async () => [],
  getEditions: async () => [],
  getStoredMediaHashes: async () => new Set<string>(),
  getTombstones: async () => new Map<string, number>(),
}));
vi.mock('./library-write', () => ({
  storeVerified: async (bundle: { articles: { meta: { id: string } }[]; media: unknown[] }) => {
    writes.push({ articles: bundle.articles.map((a) => a.meta.id).sort(), media: bundle.media.length });
    return { added: bundle.articles.length, updated: 0, unchanged: 0, skipped: 0, withdrawn: 0 };
  },
}));
vi.mock('../storage/update-store', () => ({ recordMirrors: async () => undefined }));
vi.mock('../core/content-cache', () => ({ markPackStored: async () => undefined, matchPack: async () => undefined }));
vi.mock('../storage/db', () => ({ StorageUnavailableError: class extends Error {} }));

const { call } = playWorkerScope();
const { serveImports } = await import('./import-worker');
serveImports();

it("lets go of each pack before it parses the next, and still stores the edition's packs in one write", async () => {
  const ed = await makeEdition({ extra: { third: '<p>A third article.</p>' } });
  const file = chunksToBytes(writeEdition({ manifest: ed.signed, packs: { packs: [] } }));
  const summary = await call<{ handle: number }>('edition', { file: file.slice().buffer, keys: [{ publicKey: ed.keys.publicKey }] });
  // One pack per article, the picture in the last.
  const packs = ed.articles.map(
    (a, i) =>
      chunksToBytes(writePack({ manifests: [], articles: [a], media: i === ed.articles.length - 1 ? ed.media : [] })).slice().buffer,
  );
  const update = { packs, edition: summary.handle, media: 'all' };
  heldAtParse.call = update;
  await call('update', update);
  heldAtParse.call = undefined;
  // Before: [0, 1, 2] (every pack parsed at once, all held by the call until the write).
  expect(heldAtParse.log).toEqual([0, 0, 0]);
  expect(writes).toEqual([{ articles: ed.articles.map((a) => a.id).sort(), media: 1 }]);
});
