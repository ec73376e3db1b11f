/** A reader file whose line ends were made CR LF on the way, read again as the LF bytes that were signed. */
import { describe, expect, it } from 'vitest';
import { withLfLineEnds } from './bundle-crlf';
import type { ByteSource } from './bundle-read';
import { chunksToBytes } from './bundle-write';
import { writeReaderFile } from './reader-file';
import { makeEdition, readerFileInput } from './testing/sample';
import { readVerified } from './verify';

const sourceOf = (bytes: Uint8Array): ByteSource => ({ size: bytes.length, read: async (start, end) => bytes.slice(start, end) });
const crlf = (bytes: Uint8Array): Uint8Array => new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/\n/g, '\r\n'));

/** A seeded generator of numbers in [0, 1). */
function seeded(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('withLfLineEnds', () => {
  it('reads every CR LF as LF and leaves every other byte, whatever the blocks and the reads', async () => {
    const random = seeded(3);
    const alphabet = [0x0d, 0x0a, 0x61, 0x0d, 0x0a];
    for (let k = 0; k < 400; k++) {
      const bytes = Uint8Array.from({ length: 2 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]!);
      bytes.set([0x0d, 0x0a]);
      const expected = Uint8Array.from(Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\r\n/g, '\n'), 'latin1'));
      const block = 1 + Math.floor(random() * 8);
      const source = (await withLfLineEnds(sourceOf(bytes), block))!;
      expect(source.size).toBe(expected.length);
      // Forward reads of any length, as the bundle reader makes them, and one backward.
      const cuts = [0, ...Array.from({ length: 4 }, () => Math.floor(random() * (expected.length + 1)))].sort((a, b) => a - b);
      cuts.push(expected.length);
      const reads = await Promise.all(cuts.slice(1).map((end, i) => source.read(cuts[i]!, end)));
      expect([...reads.flatMap((r) => [...r])]).toEqual([...expected]);
      expect([...(await source.read(0, expected.length))]).toEqual([...expected]);
    }
  });

  it('leaves alone a file with no CR LF in its first bytes', async () => {
    expect(await withLfLineEnds(sourceOf(new TextEncoder().encode('<!doctype html>\n<p>a\r\nb</p>'.padStart(5000, ' '))))).toBeUndefined();
    expect(await withLfLineEnds(sourceOf(new TextEncoder().encode('a\rb\nc')))).toBeUndefined();
  });

  it('makes a reader file whose line ends a messenger changed import again, read window by window', async () => {
    const ed = await makeEdition({ extra: { lines: '<p>one</p>\n<p>two</p>\n' } });
    const file = chunksToBytes(await writeReaderFile(readerFileInput(ed)));
    const keys = [{ publicKey: ed.keys.publicKey }];
    const changed = sourceOf(crlf(file));
    await expect(readVerified(changed, keys)).rejects.toMatchObject({ code: 'malformed' });
    for (const windowBytes of [undefined, 256]) {
      const v = await readVerified((await withLfLineEnds(changed, 100))!, keys, { windowBytes });
      expect(v.articles.map((a) => a.meta.id).sort()).toEqual(ed.articles.map((a) => a.id).sort());
    }
  });
});
