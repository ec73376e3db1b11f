// The import worker's edition calls, driven through its messages as the page drives them, against hostile mirrors.
// The pack index of an edition file is not signed, and a pack may hold any part of an edition: a mirror serving the
// genuine signed manifest with an empty pack index (or empty packs at the listed URLs) got an "update" through that
// stored none of the edition's new articles, and the page then recorded the edition as held. And the worker keeps a few
// verified editions: older ones that mirrors offer (refused by the page as a rollback) must not push out the one in use.
import { describe, expect, it, vi } from 'vitest';
import { playWorkerScope } from '../core/testing/worker-scope';
import { makeEdition, readerFileInput } from '../core/testing/sample';
import { generateKeyPair } from '../core/signing';
import { chunksToBytes, writeEdition, writePack } from '../core/bundle-write';
import type { Failure } from '../core/errors';

const writes: { articles: number }[] = [];
/** What getEditions finds stored. */
const storedEditions: { publisherId: string; edition: number; signed: { text: string }; trust: string }[] = [];
vi.mock('../storage/library-store', () => ({
  StorageFullError: class extends Error {},
  getAllArticles: async () => [],
  getAnnouncedKeys: async () => [],
  getEditions: async (publisherId: string, edition: number) =>
    storedEditions.filter((e) => e.publisherId === publisherId && e.edition === edition),
  getStoredMediaHashes: async () => new Set<string>(),
  getTombstones: async () => new Map<string, number>(),
}));
vi.mock('./library-write', () => ({
  storeVerified: async (bundle: { articles: unknown[] }) => {
    writes.push({ articles: bundle.articles.length });
    return { added: bundle.articles.length, updated: 0, unchanged: 0, skipped: 0, withdrawn: 0 };
  },
}));
vi.mock('../storage/update-store', () => ({ recordMirrors: async () => undefined }));
vi.mock('../core/content-cache', () => ({ markPackStored: async () => undefined, matchPack: async () => undefined }));
vi.mock('../storage/db', () => ({ StorageUnavailableError: class extends Error {} }));

const { call } = playWorkerScope();
const { serveImports } = await import('./import-worker');
serveImports();

const buffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

/** The mirror-update sequence update-check runs (verify, plan, download the planned packs, update). */
async function mirrorUpdate(
  editionFile: Uint8Array,
  keys: { publicKey: string }[],
  serve: (url: string) => Uint8Array,
  media: 'all' | 'text' = 'all',
): Promise<void> {
  const summary = await call<{ handle: number }>('edition', { file: buffer(editionFile), keys });
  const plan = await call<{ text: { url: string }[]; media: { url: string }[] }>('plan', { edition: summary.handle });
  const packs = [...plan.text, ...(media === 'all' ? plan.media : [])].map((p) => buffer(serve(p.url)));
  await call('update', { packs, edition: summary.handle, media });
}

describe('a mirror update that withholds the articles', () => {
  it('is refused when the pack index lists none of the articles the library lacks', async () => {
    const ed = await makeEdition();
    const keys = [{ publicKey: ed.keys.publicKey }];
    const file = chunksToBytes(writeEdition({ manifest: ed.signed, packs: { packs: [] } }));
    writes.length = 0;
    const outcome = await mirrorUpdate(file, keys, () => new Uint8Array()).then(
      () => 'stored',
      (f: Failure) => f.code,
    );
    // Before: 'stored', with one write of 0 articles (and the caller then recorded the edition as held whole).
    expect(outcome, `articles written: ${JSON.stringify(writes)}`).not.toBe('stored');
  });

  it('is refused when the listed packs come back empty', async () => {
    const ed = await makeEdition();
    const keys = [{ publicKey: ed.keys.publicKey }];
    const index = {
      packs: [{ url: 'content/p-1.html', articles: ed.manifest.articles.map((a) => a.id), media: [ed.media[0]!.sha256], bytes: 5000 }],
    };
    const file = chunksToBytes(writeEdition({ manifest: ed.signed, packs: index }));
    const empty = chunksToBytes(writePack({ manifests: [], articles: [], media: [] }));
    writes.length = 0;
    const outcome = await mirrorUpdate(file, keys, () => empty).then(
      () => 'stored',
      (f: Failure) => f.code,
    );
    expect(outcome, `articles written: ${JSON.stringify(writes)}`).not.toBe('stored');
  });

  it('an honest mirror update stores the articles', async () => {
    const ed = await makeEdition();
    const keys = [{ publicKey: ed.keys.publicKey }];
    const index = {
      packs: [{ url: 'content/p-1.html', articles: ed.manifest.articles.map((a) => a.id), media: [ed.media[0]!.sha256], bytes: 5000 }],
    };
    const file = chunksToBytes(writeEdition({ manifest: ed.signed, packs: index }));
    const pack = chunksToBytes(writePack({ manifests: [], articles: ed.articles, media: ed.media }));
    writes.length = 0;
    await mirrorUpdate(file, keys, () => pack);
    expect(writes).toEqual([{ articles: 2 }]);
  });

  it('is refused when its packs leave out the pictures, for a reader who keeps everything (not one who saves data)', async () => {
    const ed = await makeEdition();
    const keys = [{ publicKey: ed.keys.publicKey }];
    // The genuine manifest, with a pack index that lists the articles and no picture, and a pack without it.
    const index = { packs: [{ url: 'content/p-1.html', articles: ed.manifest.articles.map((a) => a.id), media: [], bytes: 5000 }] };
    const file = chunksToBytes(writeEdition({ manifest: ed.signed, packs: index }));
    const pack = chunksToBytes(writePack({ manifests: [], articles: ed.articles, media: [] }));
    writes.length = 0;
    const outcome = await mirrorUpdate(file, keys, () => pack).then(
      () => 'stored',
      (f: Failure) => f.code,
    );
    expect(outcome, `articles written: ${JSON.stringify(writes)}`).toBe('malformed');
    // In text mode the pictures come one by one, when their article opens: the update is whole without them.
    await mirrorUpdate(file, keys, () => pack, 'text');
    expect(writes).toEqual([{ articles: 2 }]);
  });
});

describe('stale editions offered by mirrors', () => {
  it('do not evict the edition the built-in sync is storing', async () => {
    const k = await generateKeyPair();
    const trusted = [{ publicKey: k.publicKey }];
    // Numbers above those of the editions earlier tests verified (still kept by the worker): these are the newest.
    const current = await makeEdition({ keys: k, edition: 1_800_000_100 });
    const index = { packs: [{ url: 'content/p-1.html', articles: current.manifest.articles.map((a) => a.id), media: [], bytes: 5000 }] };
    const sync = await call<{ handle: number }>('edition', {
      file: buffer(chunksToBytes(writeEdition({ manifest: current.signed, packs: index }))),
      keys: trusted,
    });
    // An update check meanwhile: four mirrors each offer a genuine, older edition; each is verified, then refused by
    // the page (result.edition <= stored).
    for (const n of [1_800_000_096, 1_800_000_097, 1_800_000_098, 1_800_000_099]) {
      const old = await makeEdition({ keys: k, edition: n });
      const summary = await call<{ edition: number }>('edition', {
        file: buffer(chunksToBytes(writeEdition({ manifest: old.signed, packs: { packs: [] } }))),
        keys: trusted,
      });
      expect(summary.edition).toBeLessThan(1_800_000_100);
    }
    // The sync goes on with its next pack.
    const outcome = await call('plan', { edition: sync.handle }).then(
      () => 'planned',
      (f: Failure) => f.message,
    );
    expect(outcome).toBe('planned');
  });
});

describe('the pictures an edition lists', () => {
  it('come from its verified manifests only: an unverified one names no picture to fetch, nor changes a genuine one', async () => {
    const genuine = await makeEdition({ edition: 7 });
    const [png] = genuine.manifest.media;
    // A forger's manifest for the same publisher and edition (any key signs it): a picture of its choosing, and the
    // genuine picture with another size and type.
    const forged = await makeEdition({ edition: 7 });
    const chosen = 'f'.repeat(64);
    const text = forged.signed.text.replace(
      JSON.stringify(forged.manifest.media),
      JSON.stringify([
        { ...png, size: 999, type: 'image/webp' },
        { ...png, sha256: chosen },
      ]),
    );
    expect(text).not.toBe(forged.signed.text);
    storedEditions.push({ publisherId: 'open-shelf', edition: 7, signed: genuine.signed, trust: 'verified' });
    storedEditions.push({ publisherId: 'open-shelf', edition: 7, signed: { ...forged.signed, text }, trust: 'unverified' });
    const listed = await call<{ sha256: string; size: number; type: string }[]>('pictures', {
      publisherId: 'open-shelf',
      edition: 7,
      hashes: [png!.sha256, chosen],
    });
    expect(listed).toEqual([png]);
    storedEditions.length = 0;
  });
});

describe('a reader file whose line ends a messenger made CR LF', () => {
  it('imports: read once more as the LF bytes that were signed', async () => {
    const { writeReaderFile } = await import('../core/reader-file');
    const ed = await makeEdition({ extra: { lines: '<p>one</p>\n<p>two</p>\n' } });
    const file = chunksToBytes(await writeReaderFile(readerFileInput(ed)));
    const changed = new TextEncoder().encode(new TextDecoder().decode(file).replace(/\n/g, '\r\n'));
    writes.length = 0;
    const pinned = [{ publicKey: ed.keys.publicKey }];
    // Refused before as damaged: "a record does not end where its length says".
    await call('import', { file: new Blob([changed]), pinned, allowUnverified: false });
    expect(writes).toEqual([{ articles: 3 }]);
    // Damaged otherwise, it is refused for what the first reading found.
    const cut = changed.slice();
    const text = new TextDecoder().decode(changed);
    // A byte offset: the text before the record holds Persian (two bytes a letter).
    cut.set(new TextEncoder().encode('99'), new TextEncoder().encode(text.slice(0, text.indexOf('data-len="', 400) + 10)).length);
    const failure = await call('import', { file: new Blob([cut]), pinned, allowUnverified: false }).then(
      () => undefined,
      (f: Failure) => f,
    );
    expect(failure?.code).toBe('malformed');
    // Signed by a key this device does not know: refused as that (the reader may still import it anyway), not as damaged.
    const stranger = await call('import', { file: new Blob([changed]), pinned: [], allowUnverified: false }).then(
      () => undefined,
      (f: Failure) => f,
    );
    expect(stranger?.code).toBe('unknown-key');
  });
});

describe('an edition verified again', () => {
  it('is kept once: the pictures stage verifying the held edition at each address adds no edition', async () => {
    const k = await generateKeyPair();
    const trusted = [{ publicKey: k.publicKey }];
    const held = await makeEdition({ keys: k, edition: 1_900_000_000 });
    const newer = await makeEdition({ keys: k, edition: 1_900_000_001 });
    const index = { packs: [{ url: 'content/p-1.html', articles: held.manifest.articles.map((a) => a.id), media: [], bytes: 5000 }] };
    const sync = await call<{ handle: number }>('edition', {
      file: buffer(chunksToBytes(writeEdition({ manifest: held.signed, packs: index }))),
      keys: trusted,
    });
    const file = chunksToBytes(writeEdition({ manifest: newer.signed, packs: { packs: [] } }));
    const handles = new Set<number>();
    for (let address = 0; address < 4; address++) {
      handles.add((await call<{ handle: number }>('edition', { file: buffer(file), keys: trusted })).handle);
    }
    // Before: four handles, each holding a parsed copy of the same edition, and the held edition pushed out.
    expect(handles.size).toBe(1);
    const outcome = await call('plan', { edition: sync.handle }).then(
      () => 'planned',
      (f: Failure) => f.message,
    );
    expect(outcome).toBe('planned');
  });

  it("with another pack index (an index is not signed) gets a handle of its own: one address's index never stands in for another's", async () => {
    const ed = await makeEdition({ edition: 1_900_000_002 });
    const keys = [{ publicKey: ed.keys.publicKey }];
    const index = { packs: [{ url: 'content/p-1.html', articles: ed.manifest.articles.map((a) => a.id), media: [], bytes: 5000 }] };
    const honest = await call<{ handle: number }>('edition', {
      file: buffer(chunksToBytes(writeEdition({ manifest: ed.signed, packs: index }))),
      keys,
    });
    const empty = await call<{ handle: number }>('edition', {
      file: buffer(chunksToBytes(writeEdition({ manifest: ed.signed, packs: { packs: [] } }))),
      keys,
    });
    expect(empty.handle).not.toBe(honest.handle);
    const urls = async (handle: number) => (await call<{ text: { url: string }[] }>('plan', { edition: handle })).text.map((p) => p.url);
    expect(await urls(empty.handle)).toEqual([]);
    expect(await urls(honest.handle)).toEqual(['content/p-1.html']);
  });
});
