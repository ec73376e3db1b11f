import { describe, expect, it } from 'vitest';
import { sha256Hex, utf8Decode, utf8Encode } from './bytes';
import { parseBundle } from './bundle-read';
import { chunksToBytes, writeEdition, writePack, writeRecords } from './bundle-write';
import { serializeManifest } from './manifest';
import { generateKeyPair, signManifest } from './signing';
import { makeEdition, type SampleEdition } from './testing/sample';
import type { ParsedBundle } from './types';
import { readHashed } from './record-hashes';
import { readVerified, verifyBundle, verifyHashed, verifyPack } from './verify';

const fileOf = (ed: SampleEdition): ParsedBundle =>
  parseBundle(chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media })));
const trustOf = (ed: SampleEdition, publisherId?: string) => ({ keys: [{ publicKey: ed.keys.publicKey, publisherId }] });
const reject = async (p: Promise<unknown>): Promise<{ code: string; params?: Record<string, unknown> }> => {
  try {
    await p;
  } catch (e) {
    return e as { code: string; params?: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
};

describe('verifyBundle', () => {
  it('accepts a signed file from a trusted key: write -> parse -> verify', async () => {
    const ed = await makeEdition();
    const v = await verifyBundle(fileOf(ed), trustOf(ed, 'open-shelf'));
    expect(v.editions).toHaveLength(1);
    expect(v.editions[0]!.trust).toBe('verified');
    expect(v.editions[0]!.manifest).toEqual(ed.manifest);
    expect(v.articles.map((a) => [a.publisherId, a.meta.id, a.trust, a.edition])).toEqual([
      ['open-shelf', 'سلام-دنیا', 'verified', ed.manifest.edition],
      ['open-shelf', 'hello-world', 'verified', ed.manifest.edition],
    ]);
    expect(utf8Decode(v.articles[0]!.body)).toContain('سلام دنیا');
    expect(v.media).toEqual(ed.media);
    expect(v.announcedKeys).toEqual([]);
  });

  it("accepts any subset of an edition's articles", async () => {
    const ed = await makeEdition();
    const parsed = parseBundle(chunksToBytes(writeRecords({ manifests: [ed.signed], articles: [ed.articles[1]!], media: [] })));
    expect((await verifyBundle(parsed, trustOf(ed))).articles).toHaveLength(1);
  });

  it('rejects a one-byte edit in an article, naming it', async () => {
    const ed = await makeEdition();
    const bytes = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const at = new TextDecoder().decode(bytes).indexOf('Hello, ');
    const edited = bytes.slice();
    edited[new TextEncoder().encode(new TextDecoder().decode(bytes).slice(0, at)).length] = 'J'.charCodeAt(0);
    const err = await reject(verifyBundle(parseBundle(edited), trustOf(ed)));
    expect(err.code).toBe('hash-mismatch');
    expect(err.params).toEqual({ article: 'hello-world' });
  });

  it('rejects an article of the same size swapped in, and a changed image', async () => {
    const ed = await makeEdition();
    const swapped = ed.articles.map((a) => (a.id === 'hello-world' ? { ...a, bytes: a.bytes.map((b) => (b === 0x77 ? 0x57 : b)) } : a));
    expect(
      (
        await reject(
          verifyBundle(parseBundle(chunksToBytes(writePack({ manifests: [ed.signed], articles: swapped, media: ed.media }))), trustOf(ed)),
        )
      ).code,
    ).toBe('hash-mismatch');
    const png = ed.media[0]!;
    const changed = [{ ...png, bytes: png.bytes.map((b, i) => (i === 40 ? b ^ 1 : b)) }];
    expect(
      (
        await reject(
          verifyBundle(
            parseBundle(chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: changed }))),
            trustOf(ed),
          ),
        )
      ).code,
    ).toBe('hash-mismatch');
  });

  it('rejects a forged manifest (edited text, same signature)', async () => {
    const ed = await makeEdition();
    const forged = { ...ed.signed, text: ed.signed.text.replace('"edition":1700000100', '"edition":1800000000') };
    const parsed = parseBundle(chunksToBytes(writePack({ manifests: [forged], articles: ed.articles, media: ed.media })));
    const err = await reject(verifyBundle(parsed, trustOf(ed)));
    expect(err.code).toBe('bad-signature');
  });

  it('rejects an unsigned file and a missing signature', async () => {
    const ed = await makeEdition();
    expect(
      (await reject(verifyBundle(parseBundle(chunksToBytes(writePack({ manifests: [], articles: ed.articles, media: [] }))), trustOf(ed))))
        .code,
    ).toBe('unsigned');
    const unsigned = { ...ed.signed, signature: '' };
    expect(
      (await reject(verifyBundle(parseBundle(chunksToBytes(writePack({ manifests: [unsigned], articles: [], media: [] }))), trustOf(ed))))
        .code,
    ).toBe('bad-signature');
  });

  it('rejects an unknown key unless unverified files are allowed', async () => {
    const ed = await makeEdition();
    const stranger = await generateKeyPair();
    const err = await reject(verifyBundle(fileOf(ed), { keys: [{ publicKey: stranger.publicKey }] }));
    expect(err.code).toBe('unknown-key');
    expect(err.params?.fingerprint).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    const v = await verifyBundle(fileOf(ed), { keys: [] }, { allowUnverified: true });
    expect(v.editions[0]!.trust).toBe('unverified');
    expect(v.articles.every((a) => a.trust === 'unverified')).toBe(true);
  });

  it('still checks hashes of an unverified file', async () => {
    const ed = await makeEdition();
    const tampered = ed.articles.map((a) => ({ ...a, bytes: utf8Encode(new TextDecoder().decode(a.bytes) + ' ') }));
    const parsed = parseBundle(chunksToBytes(writePack({ manifests: [ed.signed], articles: tampered, media: ed.media })));
    expect((await reject(verifyBundle(parsed, { keys: [] }, { allowUnverified: true }))).code).toBe('hash-mismatch');
  });

  it('rejects a trusted key signing for another publisher', async () => {
    const ed = await makeEdition({ publisherId: 'impostor' });
    expect((await reject(verifyBundle(fileOf(ed), trustOf(ed, 'open-shelf')))).code).toBe('publisher-mismatch');
  });

  it('rejects splicing an article into another edition or publisher', async () => {
    const a = await makeEdition({ extra: { only: '<p>Only in A</p>' } });
    const b = await makeEdition({ keys: a.keys, edition: 2 });
    // The record claims manifest B, which does not list it.
    const spliced = [...b.articles, { ...a.articles.find((x) => x.id === 'only')!, manifest: 0 }];
    const parsed = parseBundle(chunksToBytes(writePack({ manifests: [b.signed], articles: spliced, media: b.media })));
    expect((await reject(verifyBundle(parsed, trustOf(a)))).code).toBe('not-listed');
    // An article body of B placed under A's listing of a different article fails by hash.
    const c = await makeEdition({ keys: a.keys, extra: { only: '<p>Different text</p>' } });
    const mixed = [...c.articles.filter((x) => x.id !== 'only'), a.articles.find((x) => x.id === 'only')!];
    const parsed2 = parseBundle(chunksToBytes(writePack({ manifests: [c.signed], articles: mixed, media: c.media })));
    expect((await reject(verifyBundle(parsed2, trustOf(a)))).code).toBe('hash-mismatch');
  });

  it('rejects an image the manifest does not list; takes an article whose image the file does not carry (data-saver export)', async () => {
    const ed = await makeEdition();
    const stray = { sha256: await sha256Hex(utf8Encode('x')), type: 'image/png', bytes: utf8Encode('x') };
    const withStray = parseBundle(chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: [...ed.media, stray] })));
    expect((await reject(verifyBundle(withStray, trustOf(ed)))).code).toBe('not-listed');
    const noImage = parseBundle(chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: [] })));
    // A device in data-saver mode exports the pictures it holds: the signed text comes in, the picture shows as missing.
    const v = await verifyBundle(noImage, trustOf(ed));
    expect(v.articles.map((a) => a.meta.id).sort()).toEqual(ed.articles.map((a) => a.id).sort());
    expect(v.articles.find((a) => a.meta.id === 'سلام-دنیا')?.meta.media).toHaveLength(1);
    expect(v.media).toEqual([]);
  });

  it('trusts a key announced by a trusted manifest (rotation), for that publisher only', async () => {
    const next = await generateKeyPair();
    const old = await makeEdition({ announceKeys: [next.publicKey] });
    const rotated = await makeEdition({ keys: next, edition: old.manifest.edition + 1, index: 1 });
    const parsed = parseBundle(
      chunksToBytes(writePack({ manifests: [rotated.signed, old.signed].reverse(), articles: rotated.articles, media: rotated.media })),
    );
    const v = await verifyBundle(parsed, trustOf(old, 'open-shelf'));
    expect(v.editions.map((e) => e.trust)).toEqual(['verified', 'verified']);
    expect(v.announcedKeys).toEqual([{ publicKey: next.publicKey, publisherId: 'open-shelf' }]);
    // Alone, the new key is unknown; with the announcement stored as trusted (announcedKeys), it is accepted.
    const alone = parseBundle(
      chunksToBytes(writePack({ manifests: [(await makeEdition({ keys: next })).signed], articles: [], media: [] })),
    );
    expect((await reject(verifyBundle(alone, trustOf(old)))).code).toBe('unknown-key');
    expect((await verifyBundle(alone, { keys: [...trustOf(old).keys, ...v.announcedKeys] })).editions[0]!.trust).toBe('verified');
    // The announced key cannot sign for another publisher.
    const other = await makeEdition({ keys: next, publisherId: 'someone-else', index: 1 });
    const parsed2 = parseBundle(chunksToBytes(writePack({ manifests: [old.signed, other.signed], articles: [], media: [] })));
    expect((await reject(verifyBundle(parsed2, trustOf(old, 'open-shelf')))).code).toBe('publisher-mismatch');
  });

  it('announces nothing from an unverified manifest', async () => {
    const next = await generateKeyPair();
    const ed = await makeEdition({ announceKeys: [next.publicKey] });
    const v = await verifyBundle(fileOf(ed), { keys: [] }, { allowUnverified: true });
    expect(v.announcedKeys).toEqual([]);
  });

  it('refuses a signed manifest that breaks the schema', async () => {
    const ed = await makeEdition();
    const text = serializeManifest(ed.manifest).replace('"edition":', '"edition":1,"edition":');
    const sm = await signManifest(text, ed.keys.privateKey, ed.keys.publicKey);
    const parsed = parseBundle(chunksToBytes(writePack({ manifests: [sm], articles: [], media: [] })));
    expect((await reject(verifyBundle(parsed, trustOf(ed)))).code).toBe('malformed');
  });

  it('refuses a signed manifest listing 100,000 articles, quickly', async () => {
    const ed = await makeEdition();
    const a = ed.manifest.articles[1]!;
    const huge = { ...ed.manifest, articles: Array.from({ length: 100_000 }, (_, i) => ({ ...a, id: `a${i}` })) };
    const sm = await signManifest(serializeManifest(huge), ed.keys.privateKey, ed.keys.publicKey);
    const parsed = parseBundle(chunksToBytes(writePack({ manifests: [sm], articles: [], media: [] })));
    const t0 = performance.now();
    expect((await reject(verifyBundle(parsed, trustOf(ed)))).code).toBe('limits');
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('signatures before parsing', () => {
  it('never parses a manifest whose signature fails, nor one a stranger signed (unless unverified files are allowed)', async () => {
    const ed = await makeEdition();
    const stranger = await generateKeyPair();
    // Not JSON at all: any parse would say 'malformed'; the signature (or the key) must be what refuses it.
    const junk = '{"format":"offline-reader/manifest","v":1,' + '"k":1,'.repeat(10_000);
    const forged = { text: junk, publicKey: ed.keys.publicKey, signature: ed.signed.signature, scheme: 2 as const };
    const bad = parseBundle(chunksToBytes(writePack({ manifests: [forged], articles: [], media: [] })));
    expect((await reject(verifyBundle(bad, trustOf(ed)))).code).toBe('bad-signature');
    const byStranger = await signManifest(junk, stranger.privateKey, stranger.publicKey);
    const unknown = parseBundle(chunksToBytes(writePack({ manifests: [byStranger], articles: [], media: [] })));
    expect((await reject(verifyBundle(unknown, trustOf(ed)))).code).toBe('unknown-key');
    // Allowed in, it is parsed, and the parse names the fault.
    expect((await reject(verifyBundle(unknown, trustOf(ed), { allowUnverified: true }))).code).toBe('malformed');
  });

  it('a scheme 1 file (bundle version 1) still verifies; a scheme 2 signature claimed as scheme 1 does not', async () => {
    const ed = await makeEdition();
    const text = serializeManifest(ed.manifest);
    const v1 = await signManifest(text, ed.keys.privateKey, ed.keys.publicKey, 1);
    const file1 = parseBundle(chunksToBytes(writePack({ manifests: [v1], articles: ed.articles, media: ed.media })));
    expect((await verifyBundle(file1, trustOf(ed))).editions[0]!.trust).toBe('verified');
    const downgraded = { ...ed.signed, scheme: undefined };
    const file2 = parseBundle(chunksToBytes(writePack({ manifests: [downgraded], articles: ed.articles, media: ed.media })));
    expect((await reject(verifyBundle(file2, trustOf(ed)))).code).toBe('bad-signature');
  });
});

describe('verifyBundle: a picture two manifests list differently', () => {
  it("takes a verified manifest's listing over a stranger's", async () => {
    const ed = await makeEdition();
    const png = ed.media[0]!;
    const stranger = await generateKeyPair();
    // A stranger's manifest, imported anyway, listing the publisher's picture as a GIF.
    const retyped = {
      ...ed.manifest,
      publisher: { id: 'someone', name: 'Someone' },
      articles: [],
      media: [{ sha256: png.sha256, type: 'image/gif', size: png.bytes.length }],
    };
    const theirs = await signManifest(serializeManifest(retyped), stranger.privateKey, stranger.publicKey);
    const fileWith = (type: string) =>
      parseBundle(chunksToBytes(writeRecords({ manifests: [ed.signed, theirs], articles: ed.articles, media: [{ ...png, type }] })));
    const anyway = { allowUnverified: true };
    // The genuine type goes (the stranger's manifest, read last, refused it as "changed after it was signed")...
    const v = await verifyBundle(fileWith('image/png'), trustOf(ed), anyway);
    expect(v.media.map((m) => m.type)).toEqual(['image/png']);
    // ...and the stranger's type does not, though the stranger's manifest lists it so.
    expect((await reject(verifyBundle(fileWith('image/gif'), trustOf(ed), anyway))).code).toBe('hash-mismatch');
    // With no verified listing, any manifest's does (both strangers' here, whichever the record matches).
    const second = await generateKeyPair();
    const again = await signManifest(
      serializeManifest({ ...retyped, media: [{ ...retyped.media[0]!, type: 'image/webp' }] }),
      second.privateKey,
      second.publicKey,
    );
    for (const type of ['image/gif', 'image/webp']) {
      const file = parseBundle(chunksToBytes(writeRecords({ manifests: [theirs, again], articles: [], media: [{ ...png, type }] })));
      expect((await verifyBundle(file, { keys: [] }, anyway)).media.map((m) => m.type)).toEqual([type]);
    }
  });
});

describe('verifyHashed (a file hashed while it is read)', () => {
  it('accepts and refuses exactly what verifyBundle does', async () => {
    const ed = await makeEdition();
    const png = ed.media[0]!;
    const files = [
      writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }),
      writePack({
        manifests: [ed.signed],
        articles: ed.articles.map((a) => ({ ...a, bytes: utf8Encode(new TextDecoder().decode(a.bytes) + ' ') })),
        media: ed.media,
      }),
      writePack({
        manifests: [ed.signed],
        articles: ed.articles,
        media: [{ ...png, bytes: png.bytes.map((b, i) => (i === 40 ? b ^ 1 : b)) }],
      }),
      writePack({ manifests: [ed.signed], articles: ed.articles, media: [] }),
      writePack({
        manifests: [{ ...ed.signed, text: ed.signed.text.replace('"edition":1700000100', '"edition":1800000000') }],
        articles: ed.articles,
        media: ed.media,
      }),
      writePack({ manifests: [], articles: ed.articles, media: [] }),
      // Not a manifest at all under the original signature: the signature is what fails (checked first, also when the parse ran early).
      writePack({ manifests: [{ ...ed.signed, text: '{"format":' }], articles: ed.articles, media: ed.media }),
    ].map(chunksToBytes);
    const outcome = (p: Promise<{ articles: { meta: { id: string }; body: Uint8Array }[] }>) =>
      p.then(
        (v) => v.articles.map((a) => [a.meta.id, utf8Decode(a.body)]),
        (e: { code: string }) => e.code,
      );
    for (const bytes of files) {
      const expected = await outcome(verifyBundle(parseBundle(bytes), trustOf(ed)));
      const source = { size: bytes.length, read: async (start: number, end: number) => bytes.slice(start, end) };
      expect(await outcome(readHashed(source, { windowBytes: 256 }).then((h) => verifyHashed(h, trustOf(ed))))).toEqual(expected);
      // readVerified: the manifest's checks start while the file is read, and the keys may still be loading.
      expect(await outcome(readVerified(source, Promise.resolve(trustOf(ed).keys), { windowBytes: 256 }))).toEqual(expected);
      expect(await outcome(readVerified(source, trustOf(ed).keys))).toEqual(expected);
    }
    expect(await outcome(verifyBundle(parseBundle(files[files.length - 1]!), trustOf(ed)))).toBe('bad-signature');
  });
});

describe('verifyPack', () => {
  it('checks a pack against an edition verified before', async () => {
    const ed = await makeEdition();
    const edition = await verifyBundle(
      parseBundle(chunksToBytes(writeEdition({ manifest: ed.signed, packs: { packs: [] } }))),
      trustOf(ed),
    );
    const pack = parseBundle(chunksToBytes(writePack({ manifests: [], articles: [ed.articles[1]!], media: [] })));
    const v = await verifyPack(pack, edition.editions[0]!);
    expect(v.articles.map((a) => a.meta.id)).toEqual(['hello-world']);
    const tampered = parseBundle(
      chunksToBytes(writePack({ manifests: [], articles: [{ ...ed.articles[1]!, bytes: utf8Encode('x') }], media: [] })),
    );
    expect((await reject(verifyPack(tampered, edition.editions[0]!))).code).toBe('hash-mismatch');
    const unlisted = parseBundle(chunksToBytes(writePack({ manifests: [], articles: [{ ...ed.articles[1]!, id: 'nope' }], media: [] })));
    expect((await reject(verifyPack(unlisted, edition.editions[0]!))).code).toBe('not-listed');
  });
});
