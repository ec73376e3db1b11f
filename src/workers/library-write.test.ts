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
    expect(report.picturesMissing).toBe(1);
    // The device already holds the picture (its own sync stored it): nothing is missing.
    stored = new Set([picture]);
    expect((await storeVerified(v, 'import')).picturesMissing).toBeUndefined();
  });
});
