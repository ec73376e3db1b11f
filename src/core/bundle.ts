/** The bundle container (reader files, packs, edition files): record writers and a linear, byte-level, versioned parser. */
import { concatBytes, fromBase64Ascii, indexOfBytes, toBase64, utf8Decode, utf8Encode } from './bytes';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  MAX_ARTICLES,
  MAX_ARTICLE_BYTES,
  MAX_FILE_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_MEDIA_BYTES,
  MEDIA_TYPES,
} from './constants';
import { BundleError } from './errors';
import { ID_PATTERN, MAX_MEDIA_FILES, isSha256Hex } from './manifest';
import { isJsonObject, parseStrictJson } from './strict-json';
import type { BundleArticle, BundleMedia, PackIndex, ParsedBundle, SignedManifest } from './types';

/** A piece of a file being written: text (written as UTF-8) or bytes. Join with `new Blob(chunks)` or chunksToBytes. */
export type BundleChunk = string | Uint8Array;

/** Record kinds this version knows; readers skip records of other kinds. */
export type RecordKind = 'file' | 'manifest' | 'article' | 'media' | 'packs';

/** Most manifests one file may carry. */
export const MAX_MANIFESTS = 256;
/** Largest pack index record. */
export const MAX_PACKS_BYTES = 8 * 1024 * 1024;
/** The file header record must start within this many bytes of the beginning. */
export const HEADER_WINDOW = 4096;

const MAX_TAG_BYTES = 1024;
const MAX_TAG_NAME = 16;
const MAX_ATTR_VALUE = 512;
const ATTR_VALUE = /^[A-Za-z0-9%._:+/=_-]*$/;
const ATTR_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const TAG_NAME = /^[a-z][a-z0-9]{0,15}$/;
const KEY_ATTR = /^[A-Za-z0-9_-]{43}$/;
const SIG_ATTR = /^[A-Za-z0-9_-]{86}$/;
const INDEX_ATTR = /^(0|[1-9][0-9]{0,5})$/;
const LEN_ATTR = /^(0|[1-9][0-9]{0,9})$/;
const NEEDLE = utf8Encode(' data-or="');
/** Written before the records of packs and edition files, so that opening one in a browser runs and fetches nothing. */
const PROLOGUE = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'">\n`;

// ---------------------------------------------------------------- writing

/** UTF-8 byte length of a string without encoding it. */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The opening tag of a record: `<tag data-or="kind" attr="v"... data-len="n">`; attribute values must fit the record charset. */
export function recordOpenTag(tag: string, kind: string, len: number, attrs: Record<string, string> = {}): string {
  if (!TAG_NAME.test(tag)) throw new Error(`"${tag}" cannot carry a record.`);
  let out = `<${tag} data-or="${kind}"`;
  for (const [name, value] of Object.entries(attrs)) {
    if (!ATTR_NAME.test(name) || name === 'data-or' || name === 'data-len') throw new Error(`"${name}" cannot be a record attribute.`);
    if (!ATTR_VALUE.test(value) || value.length > MAX_ATTR_VALUE) throw new Error(`The value of ${name} has characters a record attribute cannot hold.`);
    out += ` ${name}="${value}"`;
  }
  return `${out} data-len="${len}">`;
}

/** One whole record as chunks: opening tag, exactly the payload, closing tag. */
export function recordChunks(tag: string, kind: string, payload: BundleChunk, attrs: Record<string, string> = {}): BundleChunk[] {
  const len = typeof payload === 'string' ? utf8ByteLength(payload) : payload.length;
  return [recordOpenTag(tag, kind, len, attrs), payload, `</${tag}>`];
}

/** The file header record (must be the first record of every bundle). */
export function fileRecord(version: number = BUNDLE_VERSION): BundleChunk[] {
  const header = JSON.stringify({ format: BUNDLE_FORMAT, version });
  return recordChunks('script', 'file', header, { type: 'application/json' });
}

/** A signed manifest record; its text holds no '<', so it sits safely in a <script>. */
export function manifestRecord(sm: SignedManifest): BundleChunk[] {
  if (sm.text.includes('<')) throw new Error('A manifest text must not contain "<": serialise it with serializeManifest.');
  return recordChunks('script', 'manifest', sm.text, { type: 'application/json', 'data-key': sm.publicKey, 'data-sig': sm.signature });
}

/** An article body record; `tag` and `attrs` let a reader file render it as a visible element. */
export function articleRecord(a: BundleArticle, tag = 'div', attrs: Record<string, string> = {}): BundleChunk[] {
  return recordChunks(tag, 'article', a.bytes, { 'data-m': String(a.manifest), 'data-id': encodeURIComponent(a.id), ...attrs });
}

/** A media record: base64 of the bytes in a <script> that is never run. */
export function mediaRecord(m: BundleMedia): BundleChunk[] {
  return recordChunks('script', 'media', toBase64(m.bytes), { type: 'application/octet-stream', 'data-sha': m.sha256, 'data-type': m.type });
}

/** The pack index record of an edition file. */
export function packsRecord(index: PackIndex): BundleChunk[] {
  return recordChunks('script', 'packs', JSON.stringify(index).replace(/</g, '\\u003c'), { type: 'application/json' });
}

/** Header, then manifest, article and media records, one per line. */
export function writeRecords(content: { manifests: SignedManifest[]; articles: BundleArticle[]; media: BundleMedia[] }): BundleChunk[] {
  const out: BundleChunk[] = [...fileRecord(), '\n'];
  for (const m of content.manifests) out.push(...manifestRecord(m), '\n');
  for (const a of content.articles) out.push(...articleRecord(a), '\n');
  for (const m of content.media) out.push(...mediaRecord(m), '\n');
  return out;
}

/** An app pack (or any bare bundle): a prologue that runs nothing, then writeRecords. */
export function writePack(content: { manifests: SignedManifest[]; articles: BundleArticle[]; media: BundleMedia[] }): BundleChunk[] {
  return [PROLOGUE, ...writeRecords(content)];
}

/** An edition file: header, the signed manifest and the pack index. */
export function writeEdition(edition: { manifest: SignedManifest; packs: PackIndex }): BundleChunk[] {
  return [PROLOGUE, ...fileRecord(), '\n', ...manifestRecord(edition.manifest), '\n', ...packsRecord(edition.packs), '\n'];
}

/** All chunks as one byte array (strings as UTF-8). */
export function chunksToBytes(chunks: BundleChunk[]): Uint8Array {
  return concatBytes(chunks.map((c) => (typeof c === 'string' ? utf8Encode(c) : c)));
}

// ---------------------------------------------------------------- reading

/** Refuse a file by its size alone (call with File.size before reading it): 'empty' or 'too-large'. */
export function checkFileSize(size: number): void {
  if (size <= 0) throw new BundleError('empty', 'The file is empty.');
  if (size > MAX_FILE_BYTES) {
    throw new BundleError('too-large', `The file is too large: the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB.`, {
      size,
      max: MAX_FILE_BYTES,
    });
  }
}

/** One record as found in the bytes: payload is bytes[start, end). */
interface RawRecord {
  kind: string;
  attrs: Map<string, string>;
  start: number;
  end: number;
}

const LT = 0x3c, GT = 0x3e, QUOTE = 0x22, SPACE = 0x20, EQ = 0x3d;
const ascii = new TextDecoder();

function isTagNameByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

function truncated(): BundleError {
  return new BundleError('truncated', 'The file is incomplete: it ends in the middle of its content.');
}

function malformed(reason: string): BundleError {
  return new BundleError('malformed', `The file is damaged: ${reason}.`, { what: 'file' });
}

function kindLimit(kind: string): number {
  switch (kind) {
    case 'file': return HEADER_WINDOW;
    case 'manifest': return MAX_MANIFEST_BYTES;
    case 'article': return MAX_ARTICLE_BYTES;
    case 'media': return Math.ceil(MAX_MEDIA_BYTES / 3) * 4;
    case 'packs': return MAX_PACKS_BYTES;
    default: return MAX_FILE_BYTES;
  }
}

function overLimit(kind: string, attrs: Map<string, string>): BundleError {
  const max = kind === 'media' ? MAX_MEDIA_BYTES : kindLimit(kind);
  const mb = `${Math.round(max / 1024 / 1024)} MB`;
  if (kind === 'article') {
    const id = safeDecodeId(attrs.get('data-id') ?? '');
    return new BundleError('limits', `The article "${id}" is larger than the ${mb} limit.`, { what: 'article', article: id, max });
  }
  return new BundleError('limits', `A ${kind} in this file is larger than the ${mb} limit.`, { what: kind, max });
}

function safeDecodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Every record from `from` on, in order. A record tag is `<name data-or="` ... `>`; payloads are skipped by length,
 * so nothing inside them is ever scanned. Each byte is looked at a bounded number of times: linear in the file size.
 */
function* scanRecords(bytes: Uint8Array, from: number, firstBefore = Infinity): Generator<RawRecord> {
  let pos = from;
  let searchEnd = Math.min(bytes.length, firstBefore + NEEDLE.length);
  for (;;) {
    const hit = indexOfBytes(bytes, NEEDLE, pos, searchEnd);
    if (hit < 0) return;
    // Walk back over the tag name: at most MAX_TAG_NAME bytes, never before the end of the previous record.
    let s = hit;
    while (s > pos && hit - s < MAX_TAG_NAME && isTagNameByte(bytes[s - 1]!)) s--;
    if (s === hit || s - 1 < pos || bytes[s - 1] !== LT || !(bytes[s]! >= 0x61 && bytes[s]! <= 0x7a)) {
      // Text such as `[data-or="x"]` outside a tag is not a record.
      pos = hit + 1;
      continue;
    }
    const tagStart = s - 1;
    const tag = ascii.decode(bytes.subarray(s, hit));
    const attrs = new Map<string, string>();
    let p = hit;
    for (;;) {
      if (p >= bytes.length) throw truncated();
      if (p - tagStart > MAX_TAG_BYTES) throw malformed('a record tag is too long');
      const c = bytes[p];
      if (c === GT) {
        p++;
        break;
      }
      if (c !== SPACE) throw malformed('a record tag is not well formed');
      p++;
      const nameStart = p;
      while (p < bytes.length && bytes[p] !== EQ && p - nameStart <= 32) p++;
      const name = ascii.decode(bytes.subarray(nameStart, p));
      if (p + 1 >= bytes.length) throw truncated();
      if (!ATTR_NAME.test(name) || bytes[p + 1] !== QUOTE) throw malformed('a record tag is not well formed');
      p += 2;
      const valueStart = p;
      while (p < bytes.length && bytes[p] !== QUOTE && p - valueStart <= MAX_ATTR_VALUE) p++;
      if (p >= bytes.length) throw truncated();
      const value = ascii.decode(bytes.subarray(valueStart, p));
      if (bytes[p] !== QUOTE || !ATTR_VALUE.test(value)) throw malformed('a record attribute has characters it may not hold');
      if (attrs.has(name)) throw malformed(`a record tag has ${name} twice`);
      attrs.set(name, value);
      p++;
    }
    const kind = attrs.get('data-or')!;
    const lenText = attrs.get('data-len');
    if (!/^[a-z]{1,16}$/.test(kind)) throw malformed('a record has an unknown kind name');
    if (lenText === undefined || !LEN_ATTR.test(lenText)) throw malformed('a record has no valid length');
    const len = Number(lenText);
    if (len > kindLimit(kind)) throw overLimit(kind, attrs);
    const end = p + len;
    if (end > bytes.length) throw truncated();
    const close = `</${tag}>`;
    if (end + close.length > bytes.length) throw truncated();
    for (let k = 0; k < close.length; k++) {
      if (bytes[end + k] !== close.charCodeAt(k)) throw malformed('a record does not end where its length says');
    }
    yield { kind, attrs, start: p, end };
    pos = end + close.length;
    searchEnd = bytes.length;
  }
}

/** Reads the records after the header, for one format version. Old versions keep their reader forever. */
type VersionReader = (bytes: Uint8Array, records: Iterable<RawRecord>) => ParsedBundle;

const READERS: Record<number, VersionReader> = { 1: readVersion1 };

/**
 * Parse a bundle's bytes (not yet verified). Never decodes the whole file to a string; every text payload is checked
 * as strict UTF-8. onProgress(doneBytes, totalBytes) is called as records are read. Throws BundleError.
 */
export function parseBundle(bytes: Uint8Array, onProgress?: (done: number, total: number) => void): ParsedBundle {
  checkFileSize(bytes.length);
  const records = scanRecords(bytes, 0, HEADER_WINDOW);
  let first: IteratorResult<RawRecord>;
  try {
    first = records.next();
  } catch {
    throw notABundle();
  }
  if (first.done || first.value.kind !== 'file') throw notABundle();
  const version = readHeader(bytes.subarray(first.value.start, first.value.end));
  const reader = READERS[version];
  if (!reader) throw malformed(`version ${version} is not one this app can read`);
  const total = bytes.length;
  let reported = 0;
  const step = Math.max(1, Math.floor(total / 100));
  const tracked = (function* () {
    for (const r of records) {
      if (onProgress && r.end - reported >= step) {
        reported = r.end;
        onProgress(r.end, total);
      }
      yield r;
    }
  })();
  const parsed = reader(bytes, tracked);
  parsed.version = version;
  onProgress?.(total, total);
  return parsed;
}

function notABundle(): BundleError {
  return new BundleError('not-a-bundle', 'This is not a reader file.');
}

function readHeader(payload: Uint8Array): number {
  let header: unknown;
  try {
    header = parseStrictJson(utf8Decode(payload, 'file header'), { what: 'file header', maxLength: HEADER_WINDOW, maxDepth: 4 });
  } catch {
    throw notABundle();
  }
  if (!isJsonObject(header) || header.format !== BUNDLE_FORMAT) throw notABundle();
  const version = header.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw notABundle();
  if (version > BUNDLE_VERSION) {
    throw new BundleError('newer-version', 'This file was made by a newer version of the app: update the app to read it.', {
      version,
      supported: BUNDLE_VERSION,
    });
  }
  return version;
}

function readVersion1(bytes: Uint8Array, records: Iterable<RawRecord>): ParsedBundle {
  const manifests: SignedManifest[] = [];
  const articles: BundleArticle[] = [];
  const media: BundleMedia[] = [];
  let packs: PackIndex | undefined;
  const articleKeys = new Set<string>();
  const mediaKeys = new Set<string>();
  for (const r of records) {
    const payload = bytes.subarray(r.start, r.end);
    switch (r.kind) {
      case 'file':
        throw malformed('it has two file headers');
      case 'manifest': {
        if (manifests.length >= MAX_MANIFESTS) throw limits('manifests', MAX_MANIFESTS);
        const publicKey = r.attrs.get('data-key') ?? '';
        const signature = r.attrs.get('data-sig') ?? '';
        // An unsigned or oddly signed manifest is kept: verification names the reason ('bad-signature').
        if (publicKey !== '' && !KEY_ATTR.test(publicKey)) throw malformed('a manifest key is not a public key');
        if (signature !== '' && !SIG_ATTR.test(signature)) throw malformed('a manifest signature is not a signature');
        const text = utf8Decode(payload, 'manifest');
        if (text.includes('<')) throw malformed('a manifest contains "<"');
        manifests.push({ text, publicKey, signature });
        break;
      }
      case 'article': {
        if (articles.length >= MAX_ARTICLES) throw limits('articles', MAX_ARTICLES);
        const m = r.attrs.get('data-m') ?? '';
        const rawId = r.attrs.get('data-id') ?? '';
        if (!INDEX_ATTR.test(m)) throw malformed('an article has no valid manifest number');
        const id = safeDecodeId(rawId);
        if (!ID_PATTERN.test(id) || encodeURIComponent(id) !== rawId) throw malformed('an article has an id that is not valid');
        const key = `${m}\n${id}`;
        if (articleKeys.has(key)) throw new BundleError('duplicate', `The file holds the article "${id}" twice.`, { article: id });
        articleKeys.add(key);
        utf8Decode(payload, `article "${id}"`);
        articles.push({ manifest: Number(m), id, bytes: payload });
        break;
      }
      case 'media': {
        if (media.length >= MAX_MEDIA_FILES) throw limits('media', MAX_MEDIA_FILES);
        const sha256 = r.attrs.get('data-sha') ?? '';
        const type = r.attrs.get('data-type') ?? '';
        if (!isSha256Hex(sha256)) throw malformed('a media file has no valid hash');
        if (!Object.prototype.hasOwnProperty.call(MEDIA_TYPES, type)) throw malformed('a media file has a type that is not an allowed image type');
        if (mediaKeys.has(sha256)) {
          throw new BundleError('duplicate', `The file holds the media file ${sha256.slice(0, 12)} twice.`, { media: sha256 });
        }
        mediaKeys.add(sha256);
        const data = fromBase64Ascii(payload, 'media file');
        if (data.length > MAX_MEDIA_BYTES) throw overLimit('media', r.attrs);
        media.push({ sha256, type, bytes: data });
        break;
      }
      case 'packs': {
        if (packs) throw malformed('it has two pack indexes');
        packs = readPackIndex(utf8Decode(payload, 'pack index'));
        break;
      }
      default:
        // Unknown kinds from a later minor addition are skipped by length; anything that changes meaning bumps the version.
        break;
    }
  }
  if (manifests.length > 0) {
    for (const a of articles) {
      if (a.manifest >= manifests.length) throw malformed(`the article "${a.id}" names a manifest the file does not hold`);
    }
  }
  const parsed: ParsedBundle = { version: 1, manifests, articles, media };
  if (packs) parsed.packs = packs;
  return parsed;
}

function limits(what: string, max: number): BundleError {
  return new BundleError('limits', `The file holds more than ${max} ${what}.`, { what, max });
}

const PACK_URL = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function readPackIndex(text: string): PackIndex {
  const raw = parseStrictJson(text, { what: 'pack index', maxLength: MAX_PACKS_BYTES, maxDepth: 6, maxArrayItems: Math.max(MAX_ARTICLES, MAX_MEDIA_FILES) });
  const bad = (): never => {
    throw malformed('its pack index is not valid');
  };
  if (!isJsonObject(raw) || !Array.isArray(raw.packs) || raw.packs.length > MAX_ARTICLES) return bad();
  const packs = raw.packs.map((p): PackIndex['packs'][number] => {
    if (!isJsonObject(p)) return bad();
    const { url, articles, media, bytes } = p;
    if (typeof url !== 'string' || !PACK_URL.test(url) || url.split('/').some((s) => s === '..' || s === '.')) return bad();
    if (!Array.isArray(articles) || !articles.every((a) => typeof a === 'string' && ID_PATTERN.test(a))) return bad();
    if (!Array.isArray(media) || !media.every((m) => typeof m === 'string' && isSha256Hex(m))) return bad();
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) return bad();
    return { url, articles: [...(articles as string[])], media: [...(media as string[])], bytes };
  });
  return { packs };
}
