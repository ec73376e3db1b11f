/** Ed25519 publisher signatures over manifests: WebCrypto where the runtime has it, @noble/ed25519 where not. */
import * as noble from '@noble/ed25519';
import { fromBase64Url, sha256, toBase64Url, toHex, utf8Encode } from './bytes';
import { SIGNATURE_CONTEXT, SIGNATURE_CONTEXT_DIGEST } from './constants';
import { BundleError } from './errors';
import { loadPureHashes } from './pure-hashes';
import type { SignatureScheme, SignedManifest } from './types';

type Backend = 'webcrypto' | 'noble';
const ED25519 = { name: 'Ed25519' } as const;
// RFC 8032 test vector 1 public key: importing it tells whether this runtime's WebCrypto knows Ed25519.
const PROBE_KEY = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
let backend: Promise<Backend> | undefined;

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

/** @noble/ed25519 hashes with WebCrypto's SHA-512; without WebCrypto (plain HTTP) it needs @noble/hashes' pure one. */
async function nobleWithoutWebCrypto(): Promise<Backend> {
  const { sha512 } = await loadPureHashes();
  noble.hashes.sha512 = sha512;
  noble.hashes.sha512Async = (m: Uint8Array) => Promise.resolve(sha512(m));
  return 'noble';
}

function detectBackend(): Promise<Backend> {
  if (!globalThis.crypto?.subtle) return (backend ??= nobleWithoutWebCrypto());
  backend ??= subtle()
    .importKey('raw', fromBase64Url(PROBE_KEY) as Uint8Array<ArrayBuffer>, ED25519, false, ['verify'])
    .then(
      () => 'webcrypto' as const,
      () => 'noble' as const,
    );
  return backend;
}

/** Forget which Ed25519 implementation was detected (tests use this to exercise the fallback). */
export function resetEd25519Backend(): void {
  backend = undefined;
}

/** Which implementation signs and verifies here: 'webcrypto' or 'noble'. */
export function ed25519Backend(): Promise<Backend> {
  return detectBackend();
}

function keyBytes(text: string, length: number, what: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text, what);
  } catch {
    throw new BundleError('bad-key', `The ${what} is not valid base64url.`, { what });
  }
  if (bytes.length !== length) throw new BundleError('bad-key', `The ${what} is not ${length} bytes long.`, { what });
  return bytes;
}

/** What a signature of this scheme covers: the context and the text itself (1), or the context and the text's SHA-256 (2). */
async function message(text: string, scheme: SignatureScheme): Promise<Uint8Array> {
  if (scheme === 1) return utf8Encode(SIGNATURE_CONTEXT + text);
  const context = utf8Encode(SIGNATURE_CONTEXT_DIGEST);
  const digest = await sha256(utf8Encode(text));
  const out = new Uint8Array(context.length + digest.length);
  out.set(context);
  out.set(digest, context.length);
  return out;
}

/**
 * Longest message handed to the engine's own Ed25519 verify: WebKitGTK's returns false from about 65,474 bytes and
 * crashes the page from 65,534. Only scheme 1 signatures are that long; they go to the portable verifier instead.
 */
const NATIVE_MESSAGE_LIMIT = 16 * 1024;

/** A new Ed25519 key pair: base64url raw 32-byte public key and 32-byte private seed. */
export async function generateKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  if ((await detectBackend()) === 'webcrypto') {
    const pair = (await subtle().generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
    const jwk = await subtle().exportKey('jwk', pair.privateKey);
    if (typeof jwk.x !== 'string' || typeof jwk.d !== 'string') throw new Error('WebCrypto did not export an Ed25519 key.');
    return { publicKey: jwk.x, privateKey: jwk.d };
  }
  const { secretKey, publicKey } = await noble.keygenAsync();
  return { publicKey: toBase64Url(publicKey), privateKey: toBase64Url(secretKey) };
}

/**
 * Sign manifest text with scheme 2 (over SIGNATURE_CONTEXT_DIGEST + SHA-256 of its UTF-8), or scheme 1 where a test
 * needs a file of bundle version 1; refuses a private key that does not match publicKey.
 */
export async function signManifest(
  text: string,
  privateKey: string,
  publicKey: string,
  scheme: SignatureScheme = 2,
): Promise<SignedManifest> {
  const seed = keyBytes(privateKey, 32, 'private key');
  keyBytes(publicKey, 32, 'public key');
  const msg = await message(text, scheme);
  let sig: Uint8Array;
  if ((await detectBackend()) === 'webcrypto') {
    const key = await subtle()
      .importKey('jwk', { kty: 'OKP', crv: 'Ed25519', d: privateKey, x: publicKey }, ED25519, false, ['sign'])
      .catch(() => {
        throw new BundleError('bad-key', 'The private key is not a valid Ed25519 key.', { what: 'private key' });
      });
    sig = new Uint8Array(await subtle().sign(ED25519, key, msg as Uint8Array<ArrayBuffer>));
  } else {
    sig = await noble.signAsync(msg, seed);
  }
  const signed: SignedManifest = { text, publicKey, signature: toBase64Url(sig), ...(scheme === 2 ? { scheme } : {}) };
  // A signature made with a key that is not publicKey's would only fail later, in every reader's hands.
  if (!(await verifySignature(signed))) {
    throw new BundleError('bad-key', 'The private key does not belong to the public key.', { what: 'private key' });
  }
  return signed;
}

/** True if sm.signature is a valid Ed25519 signature by sm.publicKey over the message of its scheme; false for any malformed key or signature. */
export async function verifySignature(sm: SignedManifest): Promise<boolean> {
  let pub: Uint8Array;
  let sig: Uint8Array;
  try {
    pub = keyBytes(sm.publicKey, 32, 'public key');
    sig = keyBytes(sm.signature, 64, 'signature');
  } catch {
    return false;
  }
  try {
    const msg = await message(sm.text, sm.scheme ?? 1);
    if ((await detectBackend()) === 'webcrypto' && msg.length <= NATIVE_MESSAGE_LIMIT) {
      const key = await subtle().importKey('raw', pub as Uint8Array<ArrayBuffer>, ED25519, false, ['verify']);
      return await subtle().verify(ED25519, key, sig as Uint8Array<ArrayBuffer>, msg as Uint8Array<ArrayBuffer>);
    }
    // RFC 8032 rules (not ZIP 215), the same strictness as WebCrypto implementations.
    return await noble.verifyAsync(sig, msg, pub, { zip215: false });
  } catch {
    return false;
  }
}

/** Short form of a public key for people to compare out of band: first 10 bytes of SHA-256(raw key), "ABCD EF01 2345 6789 ABCD". */
export async function fingerprint(publicKey: string): Promise<string> {
  const digest = await sha256(keyBytes(publicKey, 32, 'public key'));
  const hex = toHex(digest.subarray(0, 10)).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}
