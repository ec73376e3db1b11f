/**
 * A withdrawal and the pictures of what it removes, through the real write (fake-indexeddb): an edition that withdraws
 * an article and re-issues it under another id with the same picture must not delete that picture before the new
 * article's text is stored (the picture pack, up to megabytes, was then downloaded again). A picture nothing else shows
 * or lists still goes.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, utf8Encode } from '../core/bytes';
import { parseBundle } from '../core/bundle-read';
import { chunksToBytes, writePack } from '../core/bundle-write';
import { serializeManifest } from '../core/manifest';
import { generateKeyPair, signManifest } from '../core/signing';
import type { ArticleMeta, BundleArticle, BundleMedia, Manifest, SignedManifest } from '../core/types';
import { verifyBundle, type VerifiedBundle } from '../core/verify';
import { getDb } from '../storage/db';
import { getAllArticles } from '../storage/library-store';
import { storeVerified } from './library-write';

async function picture(text: string): Promise<BundleMedia> {
  const bytes = utf8Encode(text);
  return { sha256: await sha256Hex(bytes), type: 'image/png', bytes };
}

async function article(id: string, media: BundleMedia[]): Promise<{ meta: ArticleMeta; record: BundleArticle }> {
  const bytes = utf8Encode(`<p>${id}</p>${media.map((m) => `<img src="media/${m.sha256}.png" alt="">`).join('')}`);
  const meta: ArticleMeta = {
    id,
    version: 1,
    title: id,
    date: '2024-03-21',
    lang: 'en',
    dir: 'ltr',
    tags: [],
    size: bytes.length,
    sha256: await sha256Hex(bytes),
    media: media.map((m) => m.sha256),
  };
  return { meta, record: { manifest: 0, id, bytes } };
}

const keys = await generateKeyPair();
const trusted = { keys: [{ publicKey: keys.publicKey, publisherId: 'open-shelf' }] };

/** A signed manifest of edition `edition` listing these articles and pictures, withdrawing `withdrawn`. */
async function manifestOf(
  edition: number,
  articles: { meta: ArticleMeta }[],
  media: BundleMedia[],
  withdrawn: string[] = [],
): Promise<SignedManifest> {
  const m: Manifest = {
    format: 'offline-reader/manifest',
    v: 1,
    publisher: { id: 'open-shelf', name: 'Open Shelf' },
    edition,
    created: '2024-03-21T10:00:00Z',
    articles: articles.map((a) => a.meta),
    media: media.map((x) => ({ sha256: x.sha256, type: x.type, size: x.bytes.length })),
  };
  if (withdrawn.length) m.withdrawn = withdrawn.map((id) => ({ id, edition }));
  return signManifest(serializeManifest(m), keys.privateKey, keys.publicKey);
}

async function verified(manifests: SignedManifest[], articles: BundleArticle[], media: BundleMedia[]): Promise<VerifiedBundle> {
  return verifyBundle(parseBundle(chunksToBytes(writePack({ manifests, articles, media }))), trusted);
}

/** The bundle the import worker's `withdraw` writes: the edition alone, nothing else. */
const withdrawalOf = (v: VerifiedBundle): VerifiedBundle => ({ editions: v.editions, articles: [], media: [], announcedKeys: [] });

async function storedMedia(): Promise<string[]> {
  return ((await (await getDb()).getAllKeys('media')) as string[]).sort();
}

describe('a withdrawal and the pictures of the articles it removes', async () => {
  // Edition 1: "a" shows the photo, "d" a picture of its own, "c" none.
  const photo = await picture('the photo');
  const own = await picture('only d shows this');
  const a = await article('a', [photo]);
  const d = await article('d', [own]);
  const c = await article('c', []);
  // Edition 2 withdraws "a" and "d", and re-issues "a" as "b" with the same photo.
  const b = await article('b', [photo]);

  it('keeps a picture the new edition lists for its re-issued article, and deletes the one nothing shows or lists', async () => {
    const first = await manifestOf(1, [a, d, c], [photo, own]);
    await storeVerified(
      await verified(
        [first],
        [a, d, c].map((x) => x.record),
        [photo, own],
      ),
      'built-in',
    );
    expect(await storedMedia()).toEqual([photo.sha256, own.sha256].sort());

    const second = await manifestOf(2, [b, c], [photo], ['a', 'd']);
    // The sync applies the withdrawals first, with the edition alone (as the worker's `withdraw` does).
    const edition = await verified([second], [], []);
    expect(await storeVerified(withdrawalOf(edition), 'built-in')).toMatchObject({ withdrawn: 2 });
    expect((await getAllArticles()).map((r) => r.id)).toEqual(['c']);
    // Before the fix the photo went too: no remaining row showed it yet.
    expect(await storedMedia()).toEqual([photo.sha256]);

    // Then "b"'s text pack (no pictures: they come in their own pack): nothing is missing, nothing to download again.
    const report = await storeVerified(await verified([second], [b.record], []), 'built-in', true);
    expect(report).toMatchObject({ added: 1 });
    expect(report.picturesMissing).toBeUndefined();
    expect(await storedMedia()).toEqual([photo.sha256]);
  });

  it("deletes a withdrawn article's picture that only an older edition in the same file lists", async () => {
    const photo2 = await picture('another photo');
    const e = await article('e', [photo2]);
    const third = await manifestOf(3, [b, c, e], [photo, photo2]);
    await storeVerified(await verified([third], [e.record], [photo2]), 'import');
    expect(await storedMedia()).toContain(photo2.sha256);
    // A file with both editions (an export of articles of each): the newer withdraws "e"; the older still lists its picture.
    const fourth = await manifestOf(4, [b, c], [photo], ['e']);
    expect(await storeVerified(await verified([third, fourth], [], []), 'import')).toMatchObject({ withdrawn: 1 });
    expect(await storedMedia()).not.toContain(photo2.sha256);
  });
});
