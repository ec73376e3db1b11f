// The import worker's `update` through the real library write: an edition whose text the device already holds (it
// changes no article, or "Text now" stored it) still has its signed manifest stored, since the page records it as held
// next and counts the pictures it lacks from that manifest. Before, nothing was written, the manifest was never stored,
// and the pictures it lacks counted as none at every later check ("up to date").
import { expect, it, vi } from 'vitest';
import { playWorkerScope } from '../core/testing/worker-scope';
import { makeEdition } from '../core/testing/sample';
import { chunksToBytes, writeEdition } from '../core/bundle-write';
import type { LibraryWrite } from '../storage/library-store';
import type { ArticleRecord } from '../storage/db';

/** The library: its article rows (the edition's text, held) and the manifests written. */
const library = vi.hoisted(() => ({ rows: [] as unknown[], editions: [] as LibraryWrite['editions'] }));
vi.mock('../storage/library-store', () => ({
  StorageFullError: class extends Error {},
  getAllArticles: async () => library.rows,
  getAnnouncedKeys: async () => [],
  getEditions: async (publisherId: string, edition: number) =>
    library.editions.filter((e) => e.publisherId === publisherId && e.edition === edition),
  getStoredMediaHashes: async () => new Set<string>(),
  getTombstones: async () => new Map<string, number>(),
  updateLibrary: async (_keys: unknown, media: string[], decide: (s: unknown) => LibraryWrite | undefined) => {
    const write = decide({ rows: library.rows, storedMedia: new Set(), tombstones: new Map() });
    if (write) library.editions.push(...write.editions);
    void media;
  },
}));
vi.mock('../storage/update-store', () => ({ recordMirrors: async () => undefined }));
vi.mock('../core/content-cache', () => ({ markPackStored: async () => undefined, matchPack: async () => undefined }));

const { call } = playWorkerScope();
const { serveImports } = await import('./import-worker');
serveImports();

it('an update that brings nothing new stores its signed manifest, so the pictures it lacks are counted', async () => {
  const ed = await makeEdition();
  // Every article of the edition is held, as this edition has it (its text came with "Text now", or it changed none).
  library.rows = ed.manifest.articles.map((meta): Partial<ArticleRecord> => ({
    publisherId: 'open-shelf',
    id: meta.id,
    meta,
    edition: ed.manifest.edition,
    trust: 'verified',
  }));
  const file = chunksToBytes(writeEdition({ manifest: ed.signed, packs: { packs: [] } }));
  const summary = await call<{ handle: number }>('edition', { file: file.slice().buffer, keys: [{ publicKey: ed.keys.publicKey }] });
  // Its first write ("Everything now" with pictures to follow, so checked as text): no pack, nothing new.
  await call('update', { packs: [], edition: summary.handle, media: 'text' });
  expect(library.editions.map((e) => [e.publisherId, e.edition, e.trust])).toEqual([['open-shelf', ed.manifest.edition, 'verified']]);
  const missing = await call<number>('missingPictures', { publisherId: 'open-shelf', edition: ed.manifest.edition });
  expect(missing).toBeGreaterThan(0);
});
