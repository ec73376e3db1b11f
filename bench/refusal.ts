/** Owns the "time to refuse a huge forged file" figure (issue 12): manifests of millions of keys, read the way an import reads a file. */
import { chunksToBytes, fileRecord, recordChunks } from '../src/core/bundle-write';
import { generateKeyPair, signManifest } from '../src/core/signing';
import { readVerified } from '../src/core/verify';

/** What refusing the forged files cost. */
export interface RefusalCost {
  bytes: number;
  /** Manifests whose signatures fail: refused as altered or forged. */
  badSignatureMs: number;
  /** The same manifests validly signed by a key the app does not know: refused (asked) before any parse. */
  unknownKeyMs: number;
}

/** A JSON object of about `bytes` bytes of small members: the shape that costs a parser the most per byte. */
function hugeObject(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const part = `"k${i}":${i}`;
    parts.push(part);
    size += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

/** Builds a file of `manifests` manifest records of about `mbEach` MiB each (under the 192 MiB file limit) and times its refusal twice. */
export async function measureRefusal(manifests: number, mbEach: number): Promise<RefusalCost> {
  const text = hugeObject(mbEach * 1024 * 1024);
  const stranger = await generateKeyPair();
  const trusted = await generateKeyPair();
  const signed = await signManifest(text, stranger.privateKey, stranger.publicKey);
  const other = await signManifest('{}', stranger.privateKey, stranger.publicKey);
  const file = (signature: string): Uint8Array => {
    const chunks = [...fileRecord()];
    for (let i = 0; i < manifests; i++) {
      chunks.push(
        ...recordChunks('script', 'manifest', text, {
          type: 'application/json',
          'data-key': stranger.publicKey,
          'data-sig': signature,
          'data-sv': '2',
        }),
      );
    }
    return chunksToBytes(chunks);
  };
  const time = async (bytes: Uint8Array, expected: string): Promise<number> => {
    const source = { size: bytes.length, read: (start: number, end: number) => Promise.resolve(bytes.subarray(start, end)) };
    const t0 = performance.now();
    const code = await readVerified(source, [{ publicKey: trusted.publicKey }]).then(
      () => 'accepted',
      (e: unknown) => (e as { code?: string }).code ?? String(e),
    );
    if (code !== expected)
      throw new Error(`The forged file was ${code === 'accepted' ? 'accepted' : `refused as ${code}`}, not ${expected}.`);
    return performance.now() - t0;
  };
  const bad = file(other.signature);
  return {
    bytes: bad.length,
    badSignatureMs: await time(bad, 'bad-signature'),
    unknownKeyMs: await time(file(signed.signature), 'unknown-key'),
  };
}
