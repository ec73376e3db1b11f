/**
 * The write a verified bundle becomes. A stranger's (unverified) manifest that claims a trusted publisher's id must not
 * rename that publisher on the genuine, verified articles of the same file ("Verified: signed by <stranger's text>").
 */
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex, utf8Encode } from '../core/bytes';
import { parseBundle } from '../core/bundle-read';
import { chunksToBytes, writePack } from '../core/bundle-write';
import { serializeManifest } from '../core/manifest';
import { generateKeyPair, signManifest } from '../core/signing';
import { makeEdition } from '../core/testing/sample';
import type { Manifest } from '../core/types';
import { verifyBundle } from '../core/verify';
import type { LibraryWrite } from '../storage/library-store';

let written: LibraryWrite | undefined;
/** The pictures the (mocked) library holds, and those the write asked about. */
let stored = new Set<string>();
let asked: string[] = [];
vi.mock('../storage/library-store', () => ({
  updateLibrary: async (_keys: unknown, media: string[], decide: (s: unknown) => LibraryWrite | undefined) => {
    asked = media;
    written = decide({ rows: [], storedMedia: new Set(media.filter((sha) => stored.has(sha))), tombstones: new Map() });
  },
}));

describe('storeVerified: the publisher name', () => {
  it('keeps the verified publisher name on verified articles', async () => {
    const { storeVerified } = await import('./library-write');
    const genuine = await makeEdition(); // publisher { id: 'open-shelf', name: 'Open Shelf' }
    const stranger = await generateKeyPair();
    const body = utf8Encode('<p>forged</p>');
    const forgedManifest: Manifest = {
      ...genuine.manifest,
      publisher: { id: 'open-shelf', name: 'Open Shelf - official mirror: evil.example' },
      articles: [{ ...genuine.manifest.articles[1]!, id: 'extra', size: body.length, sha256: await sha256Hex(body), media: [] }],
      media: [],
    };
    const forged = await signManifest(serializeManifest(forgedManifest), stranger.privateKey, stranger.publicKey);
    const file = chunksToBytes(
      writePack({
        manifests: [genuine.signed, forged],
        articles: [...genuine.articles, { manifest: 1, id: 'extra', bytes: body }],
        media: genuine.media,
      }),
    );
    // The person chose "Import anyway, marked unverified" for the stranger's part.
    const v = await verifyBundle(
      parseBundle(file),
      { keys: [{ publicKey: genuine.keys.publicKey, publisherId: 'open-shelf' }] },
      {
        allowUnverified: true,
      },
    );
    await storeVerified(v, 'import');
    const verifiedRow = written!.articles.find((a) => a.trust === 'verified')!;
    expect(verifiedRow).toBeDefined();
    // The name stored with (and shown for) a verified article must come from a verified manifest.
    expect(written!.publisherNames?.get(verifiedRow.publisherId)).toBe('Open Shelf');
  });
});

describe('storeVerified: pictures a file does not carry', () => {
  it('counts those the device does not hold either, and takes the text', async () => {
    const { storeVerified } = await import('./library-write');
    const ed = await makeEdition();
    const picture = ed.media[0]!.sha256;
    const file = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: [] }));
    const v = await verifyBundle(parseBundle(file), { keys: [{ publicKey: ed.keys.publicKey, publisherId: 'open-shelf' }] });
    stored = new Set();
    const report = await storeVerified(v, 'import');
    expect(asked).toContain(picture);
    expect(written!.articles).toHaveLength(ed.articles.length);
    expect(written!.media).toEqual([]);
    expect(report.picturesMissing).toEqual([picture]);
    // The device already holds the picture (its own sync stored it): nothing is missing.
    stored = new Set([picture]);
    expect((await storeVerified(v, 'import')).picturesMissing).toBeUndefined();
  });
});

describe('storeVerified: which pictures are kept', () => {
  it("keeps no picture only a stranger's manifest lists when no article of the import shows it", async () => {
    const { storeVerified } = await import('./library-write');
    const genuine = await makeEdition();
    const png = genuine.media[0]!;
    // A stranger's file, imported anyway: no article, the publisher's public picture listed as a GIF. The device lacks
    // the picture (data saver), so it was stored as "image/gif", and every file carrying it later was refused.
    const stranger = await generateKeyPair();
    const m: Manifest = {
      ...genuine.manifest,
      publisher: { id: 'someone', name: 'Someone' },
      articles: [],
      media: [{ sha256: png.sha256, type: 'image/gif', size: png.bytes.length }],
    };
    const signed = await signManifest(serializeManifest(m), stranger.privateKey, stranger.publicKey);
    const file = chunksToBytes(writePack({ manifests: [signed], articles: [], media: [{ ...png, type: 'image/gif' }] }));
    stored = new Set();
    written = undefined;
    await storeVerified(await verifyBundle(parseBundle(file), { keys: [] }, { allowUnverified: true }), 'import');
    expect(written?.media ?? []).toEqual([]);
  });

  it('keeps the pictures the articles written now show, and those a verified manifest lists', async () => {
    const { storeVerified } = await import('./library-write');
    const ed = await makeEdition();
    const png = ed.media[0]!;
    const trusted = { keys: [{ publicKey: ed.keys.publicKey, publisherId: 'open-shelf' }] };
    stored = new Set();
    // A pack of pictures alone (their articles came in another pack): a verified manifest lists them.
    const pictures = chunksToBytes(writePack({ manifests: [ed.signed], articles: [], media: ed.media }));
    await storeVerified(await verifyBundle(parseBundle(pictures), trusted), 'built-in');
    expect(written!.media.map((x) => x.sha256)).toEqual([png.sha256]);
    // A stranger's own article and picture, imported anyway: the picture its article shows goes with it.
    const stranger = await makeEdition({ publisherId: 'someone' });
    const theirs = chunksToBytes(writePack({ manifests: [stranger.signed], articles: stranger.articles, media: stranger.media }));
    await storeVerified(await verifyBundle(parseBundle(theirs), { keys: [] }, { allowUnverified: true }), 'import');
    expect(written!.articles.map((a) => a.trust)).toEqual(['unverified', 'unverified']);
    expect(written!.media.map((x) => x.sha256)).toEqual([png.sha256]);
  });
});
