import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64Url } from './bytes';
import { SIGNATURE_CONTEXT, SIGNATURE_CONTEXT_DIGEST } from './constants';
import { ed25519Backend, fingerprint, generateKeyPair, resetEd25519Backend, signManifest, verifySignature } from './signing';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
// RFC 8032 section 7.1, test 1.
const RFC = {
  seed: toBase64Url(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')),
  pub: toBase64Url(hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')),
};

/** Make this runtime look like one whose WebCrypto has no Ed25519, so the noble fallback runs. */
function withoutWebCryptoEd25519(): void {
  const subtle = globalThis.crypto.subtle;
  const refuse = (original: (...args: any[]) => unknown) =>
    function (this: SubtleCrypto, ...args: any[]) {
      const alg = args.find((a) => a === 'Ed25519' || (typeof a === 'object' && a && (a as { name?: string }).name === 'Ed25519'));
      if (alg) return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
      return original.apply(this, args);
    };
  for (const m of ['importKey', 'generateKey', 'sign', 'verify'] as const)
    vi.spyOn(subtle, m).mockImplementation(refuse(subtle[m]) as never);
  resetEd25519Backend();
}

afterEach(() => {
  vi.restoreAllMocks();
  resetEd25519Backend();
});

describe.each(['webcrypto', 'noble'] as const)('signing with %s', (which) => {
  const setup = async () => {
    if (which === 'noble') withoutWebCryptoEd25519();
    expect(await ed25519Backend()).toBe(which);
  };

  it('generates keys, signs and verifies', async () => {
    await setup();
    const { publicKey, privateKey } = await generateKeyPair();
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sm = await signManifest('{"a":"سلام"}', privateKey, publicKey);
    expect(sm.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(await verifySignature(sm)).toBe(true);
    expect(await verifySignature({ ...sm, text: '{"a":"سلام" }' })).toBe(false);
    const other = await generateKeyPair();
    expect(await verifySignature({ ...sm, publicKey: other.publicKey })).toBe(false);
    expect(await verifySignature({ ...sm, signature: 'x' })).toBe(false);
    expect(await verifySignature({ ...sm, publicKey: '' })).toBe(false);
  });

  it('matches the RFC 8032 key derivation and signs with the domain prefix', async () => {
    await setup();
    const sm = await signManifest('m', RFC.seed, RFC.pub);
    const { verify } = await import('node:crypto');
    const spki = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
    ]);
    const key = (await import('node:crypto')).createPublicKey({ key: spki, format: 'der', type: 'spki' });
    // Scheme 2 (the default): over the digest context and SHA-256 of the text, never over the text itself.
    const digest = (await import('node:crypto')).createHash('sha256').update('m').digest();
    const message2 = Buffer.concat([Buffer.from(SIGNATURE_CONTEXT_DIGEST), digest]);
    expect(sm.scheme).toBe(2);
    expect(verify(null, message2, key, Buffer.from(sm.signature, 'base64url'))).toBe(true);
    expect(verify(null, Buffer.from(SIGNATURE_CONTEXT + 'm'), key, Buffer.from(sm.signature, 'base64url'))).toBe(false);
    expect(verify(null, Buffer.from('m'), key, Buffer.from(sm.signature, 'base64url'))).toBe(false);
    // Scheme 1 (files of bundle version 1): over the context and the text.
    const sm1 = await signManifest('m', RFC.seed, RFC.pub, 1);
    expect(sm1.scheme).toBeUndefined();
    expect(verify(null, Buffer.from(SIGNATURE_CONTEXT + 'm'), key, Buffer.from(sm1.signature, 'base64url'))).toBe(true);
    expect(await verifySignature(sm1)).toBe(true);
    // A signature of one scheme never verifies as the other.
    expect(await verifySignature({ ...sm1, scheme: 2 })).toBe(false);
    expect(await verifySignature({ text: sm.text, publicKey: sm.publicKey, signature: sm.signature })).toBe(false);
  });

  it('verifies a scheme 1 signature over a long manifest (the portable verifier past the native limit)', async () => {
    await setup();
    const { privateKey, publicKey } = await generateKeyPair();
    const long = '{"x":"' + 'ب'.repeat(200_000) + '"}';
    const sm1 = await signManifest(long, privateKey, publicKey, 1);
    expect(await verifySignature(sm1)).toBe(true);
    expect(await verifySignature({ ...sm1, text: long.replace('ب', 'پ') })).toBe(false);
    const sm2 = await signManifest(long, privateKey, publicKey);
    expect(await verifySignature(sm2)).toBe(true);
    expect(await verifySignature({ ...sm2, text: long.replace('ب', 'پ') })).toBe(false);
  });

  it('refuses a private key that does not belong to the public key', async () => {
    await setup();
    const other = await generateKeyPair();
    await expect(signManifest('m', RFC.seed, other.publicKey)).rejects.toMatchObject({ code: 'bad-key' });
    await expect(signManifest('m', 'short', RFC.pub)).rejects.toMatchObject({ code: 'bad-key' });
  });
});

describe('signing across implementations', () => {
  it('verifies with one what the other signed', async () => {
    const keys = await generateKeyPair();
    const a = await signManifest('text', keys.privateKey, keys.publicKey);
    withoutWebCryptoEd25519();
    expect(await verifySignature(a)).toBe(true);
    const b = await signManifest('text', keys.privateKey, keys.publicKey);
    expect(b.signature).toBe(a.signature);
  });
});

describe('fingerprint', () => {
  it('is five groups of four uppercase hex digits, stable per key', async () => {
    const fp = await fingerprint(RFC.pub);
    expect(fp).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    const { createHash } = await import('node:crypto');
    const want = createHash('sha256').update(Buffer.from(RFC.pub, 'base64url')).digest('hex').slice(0, 20).toUpperCase();
    expect(fp.replace(/ /g, '')).toBe(want);
  });
});

describe('a page with no WebCrypto at all (a mirror served over plain HTTP)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    resetEd25519Backend();
  });

  it('still hashes and verifies, with pure-JS SHA-256 and SHA-512', async () => {
    const { sha256Hex } = await import('./bytes');
    const { publicKey, privateKey } = await generateKeyPair();
    const sm = await signManifest('{"edition":1}', privateKey, publicKey);
    const print = await fingerprint(publicKey);
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
    resetEd25519Backend();
    expect(globalThis.crypto.subtle).toBeUndefined();
    expect(await ed25519Backend()).toBe('noble');
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await verifySignature(sm)).toBe(true);
    expect(await verifySignature({ ...sm, text: '{"edition":2}' })).toBe(false);
    expect(await fingerprint(publicKey)).toBe(print);
  });
});
