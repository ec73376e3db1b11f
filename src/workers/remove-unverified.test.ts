/**
 * "Remove unverified articles" through the real write (fake-indexeddb): a stranger's file imported anyway (junk, forged
 * look-alikes) could be taken off the device only by erasing everything, genuine articles with it. The removal takes
 * every unverified row with its body, reading state and the pictures only it used, and leaves the verified library (and
 * the withdrawals and keys it keeps) exactly as it was.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, utf8Encode } from '../core/bytes';
import { parseBundle } from '../core/bundle-read';
import { chunksToBytes, writePack } from '../core/bundle-write';
import { serializeManifest } from '../core/manifest';
import { generateKeyPair, signManifest } from '../core/signing';
import { makeEdition } from '../core/testing/sample';
import type { ArticleMeta, BundleArticle, BundleMedia, Manifest } from '../core/types';
import { verifyBundle } from '../core/verify';
import { getDb } from '../storage/db';
import { getAllArticles, getBodies } from '../storage/library-store';
import { updateReading } from '../storage/reading-store';
import { removeUnverified, storeVerified } from './library-write';

/** A picture of its own bytes (the verifier checks hash, size and type, not the format). */
async function picture(text: string): Promise<BundleMedia> {
  const bytes = utf8Encode(text);
  return { sha256: await sha256Hex(bytes), type: 'image/png', bytes };
}

/** An article record and its manifest entry, showing `media`. */
async function article(id: string, media: BundleMedia[], version = 1): Promise<{ meta: ArticleMeta; record: BundleArticle }> {
  const bytes = utf8Encode(`<p>${id}</p>${media.map((m) => `<img src="media/${m.sha256}.png" alt="">`).join('')}`);
  const meta: ArticleMeta = {
    id,
    version,
    title: `Forged: ${id}`,
    date: '2024-03-21',
    lang: 'en',
    dir: 'ltr',
    tags: ['test'],
    size: bytes.length,
    sha256: await sha256Hex(bytes),
    media: media.map((m) => m.sha256),
  };
  return { meta, record: { manifest: 0, id, bytes } };
}

/** A file of one manifest signed by `keys`, listing `media` and these articles, carrying `carried`. */
async function fileOf(
  base: Manifest,
  keys: { publicKey: string; privateKey: string },
  over: Partial<Manifest>,
  articles: { meta: ArticleMeta; record: BundleArticle }[],
  media: BundleMedia[],
): Promise<Uint8Array> {
  const m: Manifest = {
    ...base,
    ...over,
    articles: articles.map((a) => a.meta),
    media: media.map((x) => ({ sha256: x.sha256, type: x.type, size: x.bytes.length })),
  };
  const signed = await signManifest(serializeManifest(m), keys.privateKey, keys.publicKey);
  return chunksToBytes(writePack({ manifests: [signed], articles: articles.map((a) => a.record), media }));
}

/** Every store the removal may touch, as it stands. */
async function snapshot() {
  const db = await getDb();
  const [shelves, texts, media, editions, withdrawn, keys, reading] = await Promise.all([
    db.getAll('shelves'),
    db.getAllKeys('texts'),
    db.getAllKeys('media'),
    db.getAll('editions'),
    db.getAll('withdrawn'),
    db.getAll('keys'),
    db.getAll('reading'),
  ]);
  return { shelves, texts, media, editions, withdrawn, keys, reading };
}

describe('removeUnverified', async () => {
  const genuine = await makeEdition({ announceKeys: [(await generateKeyPair()).publicKey] });
  const trusted = { keys: [{ publicKey: genuine.keys.publicKey, publisherId: 'open-shelf' }] };
  const png = genuine.media[0]!;
  // Listed by the publisher's signed manifest, shown by no verified article yet (its article comes in another pack).
  const vouched = await picture('vouched');
  // Shown only by a stranger's article.
  const theirs = await picture('theirs');

  it('takes every unverified row, its body, reading state and only-its pictures, and nothing verified', async () => {
    // The publisher's edition, verified: two articles (one shows the PNG) and a manifest that also lists `vouched`.
    const sample = genuine.manifest.articles.map((meta, n) => ({ meta, record: genuine.articles[n]! }));
    const publisher = await fileOf(genuine.manifest, genuine.keys, {}, sample, [png, vouched]);
    expect(await storeVerified(await verifyBundle(parseBundle(publisher), trusted), 'import')).toMatchObject({
      added: 2,
      trust: 'verified',
    });
    // Junk under the publisher's own id, signed by a stranger and imported anyway: one shows a picture of its own and the
    // vouched one, one the publisher's PNG.
    const stranger = await generateKeyPair();
    const junk = [await article('junk-1', [theirs, vouched]), await article('junk-2', [png])];
    const forged = await fileOf(genuine.manifest, stranger, { edition: genuine.manifest.edition + 1 }, junk, [theirs, vouched, png]);
    const anyway = { allowUnverified: true };
    expect(await storeVerified(await verifyBundle(parseBundle(forged), { keys: [] }, anyway), 'import')).toMatchObject({
      added: 2,
      trust: 'unverified',
    });
    // And another stranger's own publisher, look-alike titles.
    const other = await makeEdition({ publisherId: 'some-one' });
    const look = chunksToBytes(writePack({ manifests: [other.signed], articles: other.articles, media: other.media }));
    await storeVerified(await verifyBundle(parseBundle(look), { keys: [] }, anyway), 'import');
    await updateReading('open-shelf', 'hello-world', { bookmarked: true, position: 0.5 });
    await updateReading('open-shelf', 'junk-1', { bookmarked: true });
    await updateReading('some-one', 'hello-world', { read: true });
    const before = await snapshot();
    const verifiedRows = (await getAllArticles()).filter((r) => r.trust === 'verified');
    const verifiedBodies = await getBodies(verifiedRows.map((r) => [r.publisherId, r.id]));
    expect(verifiedRows).toHaveLength(2);
    expect(before.media).toEqual(expect.arrayContaining([png.sha256, vouched.sha256, theirs.sha256]));
    expect(before.editions.filter((e) => e.trust === 'unverified')).toHaveLength(2);

    expect(await removeUnverified()).toBe(4);

    const after = await snapshot();
    const rows = await getAllArticles();
    expect(rows).toEqual(verifiedRows);
    expect(await getBodies(verifiedRows.map((r) => [r.publisherId, r.id]))).toEqual(verifiedBodies);
    expect(
      await getBodies([
        ['open-shelf', 'junk-1'],
        ['some-one', 'hello-world'],
      ]),
    ).toEqual([undefined, undefined]);
    // No body group stays that no row uses.
    expect(after.texts.sort()).toEqual([...new Set(rows.map((r) => r.text))].sort());
    expect(after.texts.length).toBeLessThan(before.texts.length);
    // The PNG a verified article shows and the picture the publisher's manifest lists stay; the stranger's own goes.
    expect(after.media.sort()).toEqual([png.sha256, vouched.sha256].sort());
    expect(after.reading.map((r) => [r.publisherId, r.id])).toEqual([['open-shelf', 'hello-world']]);
    expect(after.reading[0]).toMatchObject({ bookmarked: true, position: 0.5 });
    // No withdrawal: the publisher's own "junk-1" may still come. The keys the publisher announced stay.
    expect(after.withdrawn).toEqual([]);
    expect(after.keys).toEqual(before.keys);
    expect(after.keys).toHaveLength(1);
    // The publisher's manifest stays; the strangers' (signing nothing now) go.
    expect(after.editions).toEqual(before.editions.filter((e) => e.trust === 'verified'));
    expect(after.editions).toHaveLength(1);

    // The genuine article under the id the junk had comes in afterwards.
    const real = await makeEdition({ keys: genuine.keys, edition: genuine.manifest.edition + 2, extra: { 'junk-1': '<p>real</p>' } });
    const update = chunksToBytes(writePack({ manifests: [real.signed], articles: real.articles, media: real.media }));
    expect(await storeVerified(await verifyBundle(parseBundle(update), trusted), 'import')).toMatchObject({ added: 1 });
    expect((await getAllArticles()).find((r) => r.id === 'junk-1')).toMatchObject({
      trust: 'verified',
      meta: { title: 'Hello <junk-1> & "friends"' },
    });
  });

  it('removes nothing the second time', async () => {
    const before = await snapshot();
    expect(await removeUnverified()).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect((await getAllArticles()).every((r) => r.trust === 'verified')).toBe(true);
  });
});
