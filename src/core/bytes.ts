/** Byte helpers every runtime shares: UTF-8, SHA-256, strict base64 / base64url, concatenation and search. */
import { BundleError } from './errors';
import { loadPureHashes } from './pure-hashes';

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF, so decode(encode(x)) and the hashed bytes stay in step.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a string. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decode UTF-8, refusing any invalid sequence (BundleError 'encoding'); `what` names the text for the message. */
export function utf8Decode(bytes: Uint8Array, what = 'text'): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw notUtf8(what);
  }
}

function notUtf8(what: string): BundleError {
  return new BundleError('encoding', `The ${what} is not valid UTF-8 text.`, { what });
}

/**
 * Throws what utf8Decode throws for the same bytes, without building the string: an article's body is stored as its
 * bytes, so the parser only needs to know they are UTF-8. Several times faster than decoding on a large import, and no
 * megabytes of strings for the collector. Accepts exactly what the WHATWG decoder (fatal) accepts: shortest forms only,
 * no surrogates (ED A0-BF), nothing above U+10FFFF (F4 90+, F5-FF), no stray continuation bytes, no cut sequence.
 */
export function checkUtf8(bytes: Uint8Array, what = 'text'): void {
  if (!isUtf8(bytes)) throw notUtf8(what);
}

/** Whether `bytes` are well-formed UTF-8 (see checkUtf8). */
export function isUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // The second byte's range depends on the first (Unicode Table 3-7); every later byte is 80-BF.
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return false;
    if (i + more >= n) return false;
    const c1 = bytes[i + 1]!;
    if (c1 < lo || c1 > hi) return false;
    for (let k = 2; k <= more; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    i += more + 1;
  }
  return true;
}

/** The bytes in a buffer of their own: a view stored or sent elsewhere would carry the whole buffer it looks into. */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** Lowercase hex SHA-256 of the bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await sha256(bytes));
}

/**
 * Raw SHA-256 digest of the bytes: WebCrypto where the page has it; @noble/hashes (audited, pure JS, loaded only then)
 * where it does not, as on a mirror served over plain HTTP, so content is still verified there.
 */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const { sha256: pure } = await loadPureHashes();
  return pure(bytes);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function lookup(alphabet: string): Int16Array {
  const table = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STD_LOOKUP = lookup(STD);
const URL_LOOKUP = lookup(URL_SAFE);
const STD_CODES = utf8Encode(STD);
const URL_CODES = utf8Encode(URL_SAFE);
const asciiDecoder = new TextDecoder();
/** Bytes as one character each (only ever given ASCII that is checked after). */
const latin1Decoder = new TextDecoder('latin1');

function encode(bytes: Uint8Array, codes: Uint8Array, pad: boolean): string {
  const n = bytes.length;
  const full = n - (n % 3);
  const tail = n - full;
  const outLen = (full / 3) * 4 + (tail === 0 ? 0 : pad ? 4 : tail + 1);
  // Writing ASCII codes into a buffer and decoding once is far faster than string concatenation for images.
  const out = new Uint8Array(outLen);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = codes[v >>> 18]!;
    out[o++] = codes[(v >>> 12) & 63]!;
    out[o++] = codes[(v >>> 6) & 63]!;
    out[o++] = codes[v & 63]!;
  }
  if (tail === 1) {
    const v = bytes[full]! << 16;
    out[o++] = codes[v >>> 18]!;
    out[o++] = codes[(v >>> 12) & 63]!;
    if (pad) out.set([61, 61], o);
  } else if (tail === 2) {
    const v = (bytes[full]! << 16) | (bytes[full + 1]! << 8);
    out[o++] = codes[v >>> 18]!;
    out[o++] = codes[(v >>> 12) & 63]!;
    out[o++] = codes[(v >>> 6) & 63]!;
    if (pad) out[o] = 61;
  }
  return asciiDecoder.decode(out);
}

function invalid(what: string): BundleError {
  return new BundleError('encoding', `The ${what} is not valid base64.`, { what });
}

/** Strict decoder over ASCII codes: only the alphabet, canonical trailing bits, padding exactly where the variant wants it. */
function decode(ascii: Uint8Array, table: Int16Array, padded: boolean, what: string): Uint8Array {
  let n = ascii.length;
  if (padded) {
    if (n % 4 !== 0) throw invalid(what);
    if (n > 0 && ascii[n - 1] === 61) n--;
    if (n > 0 && ascii[n - 1] === 61) n--;
  }
  const rem = n % 4;
  if (rem === 1) throw invalid(what);
  const out = new Uint8Array(((n - rem) / 4) * 3 + (rem === 0 ? 0 : rem - 1));
  const full = n - rem;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = table[ascii[i]!]!,
      b = table[ascii[i + 1]!]!,
      c = table[ascii[i + 2]!]!,
      d = table[ascii[i + 3]!]!;
    if ((a | b | c | d) < 0) throw invalid(what);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (rem > 0) {
    const a = table[ascii[full]!]!,
      b = table[ascii[full + 1]!]!;
    const c = rem === 3 ? table[ascii[full + 2]!]! : 0;
    if ((a | b | c) < 0) throw invalid(what);
    const v = (a << 18) | (b << 12) | (c << 6);
    // Non-zero unused bits would let two different texts stand for the same bytes.
    if (rem === 2 ? (v & 0xffff) !== 0 : (v & 0xff) !== 0) throw invalid(what);
    out[o++] = v >>> 16;
    if (rem === 3) out[o] = (v >>> 8) & 255;
  }
  return out;
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  return encode(bytes, STD_CODES, true);
}

/** Decode standard padded base64 strictly (BundleError 'encoding' on any other character or shape). */
export function fromBase64(text: string, what = 'base64 data'): Uint8Array {
  return decode(utf8Encode(text), STD_LOOKUP, true, what);
}

/** The runtime's own base64 decoder (TC39 Uint8Array.fromBase64), where it has one. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string, o: { lastChunkHandling: 'strict' }) => Uint8Array })
  .fromBase64;

/** Decode standard padded base64 given as ASCII bytes (as found inside a file), as strictly as `decode`. */
export function fromBase64Ascii(ascii: Uint8Array, what = 'base64 data'): Uint8Array {
  if (!nativeFromBase64 || ascii.length % 4 !== 0) return decode(ascii, STD_LOOKUP, true, what);
  // The native decoder is many times faster on images, but skips ASCII whitespace: any skipped character leaves
  // fewer bytes than the length says, so the length check below refuses what `decode` refuses.
  const n = ascii.length;
  const padding = n > 0 && ascii[n - 1] === 61 ? (ascii[n - 2] === 61 ? 2 : 1) : 0;
  let out: Uint8Array;
  try {
    out = nativeFromBase64.call(Uint8Array, latin1Decoder.decode(ascii), { lastChunkHandling: 'strict' });
  } catch {
    throw invalid(what);
  }
  if (out.length !== (n / 4) * 3 - padding) throw invalid(what);
  return out;
}

/** base64url without padding (RFC 4648 section 5), as used for keys and signatures. */
export function toBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL_CODES, false);
}

/** Decode unpadded base64url strictly (BundleError 'encoding' on padding or any other character). */
export function fromBase64Url(text: string, what = 'base64url data'): Uint8Array {
  return decode(utf8Encode(text), URL_LOOKUP, false, what);
}

/** One array holding all the parts in order (an array, not spread arguments: a 10,000-article file has 40,000 parts). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * First index >= from where needle occurs in haystack (ending by `end`), or -1. Linear: a native scan for one byte of
 * the needle, needle[anchor] (choose one that is rare in the haystack), then a short compare.
 */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0, end = haystack.length, anchor = 0): number {
  const m = needle.length;
  if (m === 0) return from <= end ? from : -1;
  const key = needle[anchor]!;
  const last = Math.min(end, haystack.length) - m;
  let i = from;
  while (i <= last) {
    const k = haystack.indexOf(key, i + anchor);
    if (k === -1) return -1;
    i = k - anchor;
    if (i > last) return -1;
    let j = 0;
    while (j < m && haystack[i + j] === needle[j]) j++;
    if (j === m) return i;
    i++;
  }
  return -1;
}
