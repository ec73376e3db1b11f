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
import type { BundleArticle, BundleMedia, PackIndex, ParsedArticle, ParsedBundle, SignedManifest } from './types';

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
// The search runs natively for the needle's '=', far rarer between records than its leading space (text of the contents).
const NEEDLE_ANCHOR = 8;
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
    if (!ATTR_VALUE.test(value) || value.length > MAX_ATTR_VALUE)
      throw new Error(`The value of ${name} has characters a record attribute cannot hold.`);
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
  return recordChunks('script', 'media', toBase64(m.bytes), {
    type: 'application/octet-stream',
    'data-sha': m.sha256,
    'data-type': m.type,
  });
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

/** Random access to a file's bytes: a Blob's slices in the browser, a buffer in tests. */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** One record as found: its payload is the file's bytes [start, end), absent for kinds this version skips. */
interface RawRecord {
  kind: string;
  attrs: Map<string, string>;
  start: number;
  end: number;
  payload?: Uint8Array;
}

/** The part of the file the scanner sees: bytes from offset `base`; `eof` when they reach the end of the file. */
interface ScanWindow {
  bytes: Uint8Array;
  base: number;
  eof: boolean;
}

/** The scanner needs the file's bytes up to `need` (or to its end), and will never again look before `keep`. */
interface NeedMore {
  need: number;
  keep: number;
}

const LT = 0x3c,
  GT = 0x3e,
  QUOTE = 0x22,
  SPACE = 0x20,
  EQ = 0x3d;

/** The short run bytes[start, end) as one character per byte: far cheaper than a TextDecoder call for tag names and attributes, which must be ASCII anyway (checked after). */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}
/** The most bytes past a tag's `<` that reading the tag may look at (a tag is at most MAX_TAG_BYTES, its last value may run on). */
const TAG_LOOKAHEAD = MAX_TAG_BYTES + MAX_ATTR_VALUE + 64;
/** How much of a file is read at a time when it is read window by window. */
const READ_WINDOW = 4 * 1024 * 1024;
/** The first read: small, so parsing starts while the rest loads (reads then grow fourfold up to READ_WINDOW). */
const FIRST_READ = 64 * 1024;
/** Kinds whose payload version 1 reads; the payloads of other kinds are skipped unread. */
const READ_KINDS = new Set(['file', 'manifest', 'article', 'media', 'packs']);

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
    case 'file':
      return HEADER_WINDOW;
    case 'manifest':
      return MAX_MANIFEST_BYTES;
    case 'article':
      return MAX_ARTICLE_BYTES;
    case 'media':
      return Math.ceil(MAX_MEDIA_BYTES / 3) * 4;
    case 'packs':
      return MAX_PACKS_BYTES;
    default:
      return MAX_FILE_BYTES;
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
 * Positions are offsets in the file. When `win` ends before the file does and more is needed, the scanner yields a
 * NeedMore and goes on once its reader has moved the window (a whole file in one window never needs more).
 */
function* scanRecords(win: ScanWindow, from: number, firstBefore = Infinity): Generator<RawRecord | NeedMore, void, void> {
  // Nothing before `pos` can belong to a tag still to come: the end of the previous record, or just past a needle that was not one.
  let pos = from;
  let searchFrom = from;
  let searchLimit = firstBefore + NEEDLE.length;
  const at = (i: number): number => win.bytes[i - win.base]!;
  const windowEnd = (): number => win.base + win.bytes.length;
  for (;;) {
    const end = windowEnd();
    const searchEnd = Math.min(end, searchLimit);
    const local = indexOfBytes(win.bytes, NEEDLE, searchFrom - win.base, searchEnd - win.base, NEEDLE_ANCHOR);
    if (local < 0) {
      if (win.eof || searchEnd >= searchLimit) return;
      // A needle may start in the last bytes of the window: search on from there, keeping room for the tag name before it.
      searchFrom = Math.max(searchFrom, end - NEEDLE.length + 1);
      yield { need: end + 1, keep: Math.max(pos, searchFrom - MAX_TAG_NAME - 1) };
      continue;
    }
    const hit = win.base + local;
    // Walk back over the tag name: at most MAX_TAG_NAME bytes, never before the end of the previous record.
    let s = hit;
    while (s > pos && hit - s < MAX_TAG_NAME && isTagNameByte(at(s - 1))) s--;
    if (s === hit || s - 1 < pos || at(s - 1) !== LT || !(at(s) >= 0x61 && at(s) <= 0x7a)) {
      // Text such as `[data-or="x"]` outside a tag is not a record.
      pos = searchFrom = hit + 1;
      continue;
    }
    const tagStart = s - 1;
    if (!win.eof && windowEnd() < tagStart + TAG_LOOKAHEAD) yield { need: tagStart + TAG_LOOKAHEAD, keep: tagStart };
    const tag = latin1(win.bytes, s - win.base, hit - win.base);
    const { attrs, next } = readTagAttributes(win.bytes, tagStart - win.base, hit - win.base);
    const kind = attrs.get('data-or')!;
    const lenText = attrs.get('data-len');
    if (!/^[a-z]{1,16}$/.test(kind)) throw malformed('a record has an unknown kind name');
    if (lenText === undefined || !LEN_ATTR.test(lenText)) throw malformed('a record has no valid length');
    const len = Number(lenText);
    if (len > kindLimit(kind)) throw overLimit(kind, attrs);
    const start = win.base + next;
    const payloadEnd = start + len;
    const close = `</${tag}>`;
    const recordEnd = payloadEnd + close.length;
    const wanted = READ_KINDS.has(kind);
    if (windowEnd() < recordEnd) {
      if (win.eof) throw truncated();
      // A skipped payload is never read: only its closing tag is.
      yield { need: recordEnd, keep: wanted ? start : payloadEnd };
      if (windowEnd() < recordEnd) throw truncated();
    }
    for (let k = 0; k < close.length; k++) {
      if (at(payloadEnd + k) !== close.charCodeAt(k)) throw malformed('a record does not end where its length says');
    }
    const record: RawRecord = { kind, attrs, start, end: payloadEnd };
    if (wanted) record.payload = win.bytes.subarray(start - win.base, payloadEnd - win.base);
    yield record;
    pos = searchFrom = recordEnd;
    searchLimit = Infinity;
  }
}

/** The attributes of a record tag whose `<` is at bytes[tagStart] and whose ` data-or="` is at bytes[from]; `next` is just past its `>`. */
function readTagAttributes(bytes: Uint8Array, tagStart: number, from: number): { attrs: Map<string, string>; next: number } {
  const attrs = new Map<string, string>();
  let p = from;
  for (;;) {
    if (p >= bytes.length) throw truncated();
    if (p - tagStart > MAX_TAG_BYTES) throw malformed('a record tag is too long');
    const c = bytes[p];
    if (c === GT) return { attrs, next: p + 1 };
    if (c !== SPACE) throw malformed('a record tag is not well formed');
    p++;
    const nameStart = p;
    while (p < bytes.length && bytes[p] !== EQ && p - nameStart <= 32) p++;
    const name = latin1(bytes, nameStart, p);
    if (p + 1 >= bytes.length) throw truncated();
    if (!ATTR_NAME.test(name) || bytes[p + 1] !== QUOTE) throw malformed('a record tag is not well formed');
    p += 2;
    const valueStart = p;
    while (p < bytes.length && bytes[p] !== QUOTE && p - valueStart <= MAX_ATTR_VALUE) p++;
    if (p >= bytes.length) throw truncated();
    const value = latin1(bytes, valueStart, p);
    if (bytes[p] !== QUOTE || !ATTR_VALUE.test(value)) throw malformed('a record attribute has characters it may not hold');
    if (attrs.has(name)) throw malformed(`a record tag has ${name} twice`);
    attrs.set(name, value);
    p++;
  }
}

/** One record's content, as a version reader hands it on. */
export type BundleItem =
  | { kind: 'manifest'; manifest: SignedManifest }
  | { kind: 'article'; article: ParsedArticle }
  | { kind: 'media'; media: BundleMedia }
  | { kind: 'packs'; packs: PackIndex };

/** Reads the records after the header, one at a time, for one format version; `finish` makes the checks that need them all. */
interface RecordReader {
  read(record: RawRecord): BundleItem | undefined;
  finish(): void;
}

/** Old versions keep their reader forever. */
const READERS: Record<number, () => RecordReader> = { 1: version1Reader };

/** The header record, checked: which version reader the rest of the file needs. */
function startReading(first: IteratorResult<RawRecord | NeedMore>): { version: number; reader: RecordReader } {
  if (first.done || 'need' in first.value || first.value.kind !== 'file') throw notABundle();
  const version = readHeader(first.value.payload!);
  const make = READERS[version];
  if (!make) throw malformed(`version ${version} is not one this app can read`);
  return { version, reader: make() };
}

/** Calls onProgress(done, total) each time at least 1% more of the file has been read. */
function progressReporter(total: number, onProgress?: (done: number, total: number) => void): (done: number) => void {
  let reported = 0;
  const step = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (onProgress && done - reported >= step) {
      reported = done;
      onProgress(done, total);
    }
  };
}

/**
 * Parse a bundle's bytes (not yet verified). Never decodes the whole file to a string; every text payload is checked
 * as strict UTF-8 (and an article's text is kept). onProgress(doneBytes, totalBytes) is called as records are read.
 * Throws BundleError.
 */
export function parseBundle(bytes: Uint8Array, onProgress?: (done: number, total: number) => void): ParsedBundle {
  checkFileSize(bytes.length);
  const records = scanRecords({ bytes, base: 0, eof: true }, 0, HEADER_WINDOW);
  let first: IteratorResult<RawRecord | NeedMore>;
  try {
    first = records.next();
  } catch {
    throw notABundle();
  }
  const { version, reader } = startReading(first);
  const parsed: ParsedBundle = { version, manifests: [], articles: [], media: [] };
  const progress = progressReporter(bytes.length, onProgress);
  for (const r of records) {
    // The whole file is one window: the scanner never needs more.
    if ('need' in r) throw truncated();
    progress(r.end);
    collect(parsed, reader.read(r));
  }
  reader.finish();
  onProgress?.(bytes.length, bytes.length);
  return parsed;
}

function collect(parsed: ParsedBundle, item: BundleItem | undefined): void {
  if (!item) return;
  if (item.kind === 'manifest') parsed.manifests.push(item.manifest);
  else if (item.kind === 'article') parsed.articles.push(item.article);
  else if (item.kind === 'media') parsed.media.push(item.media);
  else parsed.packs = item.packs;
}

/** How readBundle reports progress, and how much it reads at a time (READ_WINDOW unless a test wants tiny windows). */
export interface ReadOptions {
  onProgress?: (done: number, total: number) => void;
  windowBytes?: number;
}

/**
 * Read a bundle from `source` one window at a time (READ_WINDOW bytes, more only while one record needs it), so the
 * file is never held whole: each record is checked as in parseBundle and handed to `onItem` as soon as it is read
 * (awaited, so a slow consumer slows the reading). Article bytes are views of the window: use them before `onItem`
 * returns. Payloads of kinds version 1 skips are never read. Resolves with the file's format version; throws
 * BundleError, or whatever `source.read` throws.
 */
export async function readBundle(
  source: ByteSource,
  onItem: (item: BundleItem) => void | Promise<void>,
  opts: ReadOptions = {},
): Promise<number> {
  const size = source.size;
  checkFileSize(size);
  const read = readForward(source, opts.windowBytes ?? READ_WINDOW);
  const win: ScanWindow = { bytes: new Uint8Array(0), base: 0, eof: false };
  await moveWindow(win, read, size, { need: 1, keep: 0 });
  const records = scanRecords(win, 0, HEADER_WINDOW);
  let step: IteratorResult<RawRecord | NeedMore>;
  for (;;) {
    try {
      step = records.next();
    } catch {
      throw notABundle();
    }
    if (step.done || !('need' in step.value)) break;
    await moveWindow(win, read, size, step.value);
  }
  const { version, reader } = startReading(step);
  const progress = progressReporter(size, opts.onProgress);
  for (step = records.next(); !step.done; step = records.next()) {
    const r = step.value;
    if ('need' in r) {
      await moveWindow(win, read, size, r);
      continue;
    }
    progress(r.end);
    const item = reader.read(r);
    if (item) await onItem(item);
  }
  reader.finish();
  opts.onProgress?.(size, size);
  return version;
}

/**
 * Reads a source front to back with one read ahead: while the parser works on one window, the next one loads.
 * Returns bytes from `start` up to at least `end` (more when read-ahead brought more), never past the end of the file.
 * Reads start small and grow to `maxWindow`: the parser need not wait for a whole large window before its first byte.
 */
function readForward(source: ByteSource, maxWindow: number): (start: number, end: number) => Promise<Uint8Array> {
  let ahead: { start: number; bytes: Promise<Uint8Array> } | undefined;
  let window = Math.min(FIRST_READ, maxWindow);
  const grow = (): void => void (window = Math.min(maxWindow, window * 4));
  const readExactly = (start: number, end: number): Promise<Uint8Array> =>
    source.read(start, end).then((bytes) => {
      // A file that shrank while being read.
      if (bytes.length !== end - start) throw truncated();
      return bytes;
    });
  return async (start, end) => {
    const parts: Uint8Array[] = [];
    let pos = start;
    if (ahead?.start === start) {
      const bytes = await ahead.bytes;
      parts.push(bytes);
      pos += bytes.length;
    }
    ahead = undefined;
    if (pos < end) {
      const bytes = await readExactly(pos, Math.min(source.size, Math.max(end, pos + window)));
      grow();
      parts.push(bytes);
      pos += bytes.length;
    }
    if (pos < source.size) {
      const bytes = readExactly(pos, Math.min(source.size, pos + window));
      grow();
      // Not awaited when the parser skips ahead: a failure then matters to no one.
      bytes.catch(() => undefined);
      ahead = { start: pos, bytes };
    }
    return parts.length === 1 ? parts[0]! : concatBytes(parts);
  };
}

/** Moves the window to start at `keep` and reach at least `need` (or the end of the file), keeping the bytes it already has. */
async function moveWindow(
  win: ScanWindow,
  read: (start: number, end: number) => Promise<Uint8Array>,
  size: number,
  { need, keep }: NeedMore,
): Promise<void> {
  const have = win.base + win.bytes.length;
  const kept = keep < have ? win.bytes.subarray(keep - win.base) : new Uint8Array(0);
  const fresh = await read(Math.max(have, keep), Math.min(size, need));
  win.bytes = kept.length ? concatBytes([kept, fresh]) : fresh;
  win.base = keep;
  win.eof = win.base + win.bytes.length === size;
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

function version1Reader(): RecordReader {
  let manifests = 0;
  let articles = 0;
  let media = 0;
  let packs = false;
  // Each article's manifest number and id, in order, for the check that needs every manifest seen first.
  const refs: { manifest: number; id: string }[] = [];
  const articleKeys = new Set<string>();
  const mediaKeys = new Set<string>();
  return {
    read(r) {
      const payload = r.payload!;
      switch (r.kind) {
        case 'file':
          throw malformed('it has two file headers');
        case 'manifest': {
          if (manifests >= MAX_MANIFESTS) throw limits('manifests', MAX_MANIFESTS);
          const publicKey = r.attrs.get('data-key') ?? '';
          const signature = r.attrs.get('data-sig') ?? '';
          // An unsigned or oddly signed manifest is kept: verification names the reason ('bad-signature').
          if (publicKey !== '' && !KEY_ATTR.test(publicKey)) throw malformed('a manifest key is not a public key');
          if (signature !== '' && !SIG_ATTR.test(signature)) throw malformed('a manifest signature is not a signature');
          const text = utf8Decode(payload, 'manifest');
          if (text.includes('<')) throw malformed('a manifest contains "<"');
          manifests++;
          return { kind: 'manifest', manifest: { text, publicKey, signature } };
        }
        case 'article': {
          if (articles >= MAX_ARTICLES) throw limits('articles', MAX_ARTICLES);
          const m = r.attrs.get('data-m') ?? '';
          const rawId = r.attrs.get('data-id') ?? '';
          if (!INDEX_ATTR.test(m)) throw malformed('an article has no valid manifest number');
          const id = safeDecodeId(rawId);
          if (!ID_PATTERN.test(id) || encodeURIComponent(id) !== rawId) throw malformed('an article has an id that is not valid');
          const key = `${m}\n${id}`;
          if (articleKeys.has(key)) throw new BundleError('duplicate', `The file holds the article "${id}" twice.`, { article: id });
          articleKeys.add(key);
          // Decoded once, here: the check that it is text, and the body the library stores.
          const text = utf8Decode(payload, `article "${id}"`);
          articles++;
          refs.push({ manifest: Number(m), id });
          return { kind: 'article', article: { manifest: Number(m), id, bytes: payload, text } };
        }
        case 'media': {
          if (media >= MAX_MEDIA_FILES) throw limits('media', MAX_MEDIA_FILES);
          const sha256 = r.attrs.get('data-sha') ?? '';
          const type = r.attrs.get('data-type') ?? '';
          if (!isSha256Hex(sha256)) throw malformed('a media file has no valid hash');
          if (!Object.prototype.hasOwnProperty.call(MEDIA_TYPES, type))
            throw malformed('a media file has a type that is not an allowed image type');
          if (mediaKeys.has(sha256)) {
            throw new BundleError('duplicate', `The file holds the media file ${sha256.slice(0, 12)} twice.`, { media: sha256 });
          }
          mediaKeys.add(sha256);
          const data = fromBase64Ascii(payload, 'media file');
          if (data.length > MAX_MEDIA_BYTES) throw overLimit('media', r.attrs);
          media++;
          return { kind: 'media', media: { sha256, type, bytes: data } };
        }
        case 'packs': {
          if (packs) throw malformed('it has two pack indexes');
          packs = true;
          return { kind: 'packs', packs: readPackIndex(utf8Decode(payload, 'pack index')) };
        }
        default:
          // Unknown kinds from a later minor addition are skipped by length; anything that changes meaning bumps the version.
          return undefined;
      }
    },
    finish() {
      if (manifests === 0) return;
      for (const a of refs) {
        if (a.manifest >= manifests) throw malformed(`the article "${a.id}" names a manifest the file does not hold`);
      }
    },
  };
}

function limits(what: string, max: number): BundleError {
  return new BundleError('limits', `The file holds more than ${max} ${what}.`, { what, max });
}

const PACK_URL = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function readPackIndex(text: string): PackIndex {
  const raw = parseStrictJson(text, {
    what: 'pack index',
    maxLength: MAX_PACKS_BYTES,
    maxDepth: 6,
    maxArrayItems: Math.max(MAX_ARTICLES, MAX_MEDIA_FILES),
  });
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
