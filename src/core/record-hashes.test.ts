import { describe, expect, it } from 'vitest';
import { sha256Hex, utf8Decode } from './bytes';
import { parseBundle, type ByteSource } from './bundle-read';
import { chunksToBytes, writePack } from './bundle-write';
import { digestQueue, hashParsed, readHashed } from './record-hashes';
import { makeEdition } from './testing/sample';

const sourceOf = (bytes: Uint8Array): ByteSource => ({ size: bytes.length, read: async (start, end) => bytes.slice(start, end) });

describe('record hashes', () => {
  it('hashes every article and image the same way from a parsed file and while reading one', async () => {
    const ed = await makeEdition({ extra: { third: '<p>Third</p>' } });
    const bytes = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const parsed = parseBundle(bytes);
    const whole = await hashParsed(parsed);
    for (const windowBytes of [16, 4096]) expect(await readHashed(sourceOf(bytes), { windowBytes })).toEqual(whole);
    expect(whole.manifests).toEqual([ed.signed]);
    expect(whole.articles).toEqual(
      await Promise.all(
        ed.articles.map(async (a) => ({ manifest: 0, id: a.id, size: a.bytes.length, sha256: await sha256Hex(a.bytes), bytes: a.bytes })),
      ),
    );
    // Each body in a buffer of its own, from a file parsed whole or read a window at a time: a view would carry the
    // whole file (or window) into IndexedDB or across postMessage.
    for (const a of [...whole.articles, ...(await readHashed(sourceOf(bytes), { windowBytes: 4096 })).articles]) {
      expect([a.bytes.byteOffset, a.bytes.byteLength]).toEqual([0, a.bytes.buffer.byteLength]);
      expect(utf8Decode(a.bytes).length).toBeGreaterThan(0);
    }
    expect(whole.media).toEqual([{ ...ed.media[0]!, digest: ed.media[0]!.sha256 }]);
  });

  it('runs many digests at once and waits for all of them', async () => {
    const queue = digestQueue();
    const inputs = Array.from({ length: 5000 }, (_, i) => Uint8Array.of(i & 255, i >> 8));
    const out: string[] = [];
    for (const [i, bytes] of inputs.entries()) await queue.add(bytes, (hex) => (out[i] = hex));
    await queue.drain();
    expect(out).toHaveLength(inputs.length);
    expect(out[4999]).toBe(await sha256Hex(inputs[4999]!));
    expect(new Set(out).size).toBe(inputs.length);
  });

  it('passes on a digest that fails', async () => {
    const queue = digestQueue();
    await queue.add('not bytes' as unknown as Uint8Array, () => undefined);
    await expect(queue.drain()).rejects.toBeDefined();
  });
});
