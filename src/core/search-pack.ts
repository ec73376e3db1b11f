/**
 * Packs a MiniSearch index and the texts results show into typed arrays (what IndexedDB keeps), and opens
 * them again without decoding: postings are decoded per term and field, texts per document, when read.
 */

import type MiniSearch from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';

/** docId -> term frequency, for one term in one field. */
export type Postings = Map<number, number>;
/** fieldId -> postings, for one term. */
export type FieldTermData = Map<number, Postings>;

/**
 * A MiniSearch index as typed arrays and numbers only: IndexedDB stores and returns it as a few blocks
 * of bytes, with no objects to build. Document short ids are renumbered 0..n-1.
 */
export interface PackedPostings {
  documentCount: number;
  dirtCount: number;
  averageFieldLength: number[];
  /** UTF-8 JSON array of document ids (keys), by short id. */
  ids: Uint8Array;
  /** Unique-term count of every field of every document: fieldLengths[shortId * fields + fieldId]. */
  fieldLengths: Uint32Array;
  /** UTF-8 of every term, each followed by a NUL (terms are letters, marks and digits only). */
  terms: Uint8Array;
  /** Byte offset in `postings` where each term's block starts, plus the end. */
  termStarts: Uint32Array;
  /**
   * Per term, LEB128 varints: a field mask; per field in the mask, its posting count and the byte length
   * of its block; then each field's block: ascending docId gaps (minus one), then term frequencies.
   */
  postings: Uint8Array;
}

/** Rows of strings (one per document, in PackedPostings id order), as UTF-8 back to back. */
export interface PackedTexts {
  bytes: Uint8Array;
  /** Where each field of each row starts in `bytes` (row * width + field), plus the end. */
  starts: Uint32Array;
}

// MiniSearch keeps these `protected` for subclasses; packing reads and restores them directly.
interface Internals {
  _index: SearchableMap<FieldTermData>;
  _documentCount: number;
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, ArrayLike<number>>;
  _avgFieldLength: number[];
  _nextId: number;
  _dirtCount: number;
}

type AnyMiniSearch = MiniSearch<never> | MiniSearch<unknown>;
const internals = (mini: AnyMiniSearch): Internals => mini as unknown as Internals;

/** Reads one LEB128 varint at pos.at, advancing it. */
function readVarint(bytes: Uint8Array, pos: { at: number }): number {
  let b = bytes[pos.at++];
  if (b === undefined) throw new RangeError('Truncated search index.');
  if (b < 0x80) return b;
  let value = b & 0x7f;
  let scale = 128;
  for (;;) {
    b = bytes[pos.at++];
    if (b === undefined || scale > 2 ** 28) throw new RangeError('Bad number in the search index.');
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
  }
}

/** A growable byte buffer of LEB128 varints. */
class VarintWriter {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  write(n: number): void {
    this.room(5);
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.bytes[this.length++] = n;
  }

  append(block: Uint8Array): void {
    this.room(block.length);
    this.bytes.set(block, this.length);
    this.length += block.length;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

interface FieldBlock {
  fieldId: number;
  count: number;
  /** Offset of the block (docId gaps, then frequencies) in the postings bytes. */
  start: number;
}

/** The field blocks of the term whose block starts at `at`. */
function readHeader(bytes: Uint8Array, at: number): FieldBlock[] {
  const pos = { at };
  const mask = readVarint(bytes, pos);
  const heads: { fieldId: number; count: number; length: number }[] = [];
  for (let f = 0; f < 31 && mask >= 2 ** f; f++) {
    if (mask & (1 << f)) heads.push({ fieldId: f, count: readVarint(bytes, pos), length: readVarint(bytes, pos) });
  }
  let start = pos.at;
  return heads.map((h) => {
    const block = { fieldId: h.fieldId, count: h.count, start };
    start += h.length;
    return block;
  });
}

/**
 * A field's postings. Damaged bytes (which the header check on loading cannot see) lose the rest of
 * the block rather than stop search: what decoded before the damage is kept.
 */
function decodeBlock(bytes: Uint8Array, block: FieldBlock): Postings {
  const pos = { at: block.start };
  const ids = new Array<number>(block.count);
  const postings: Postings = new Map();
  try {
    let id = -1;
    for (let i = 0; i < block.count; i++) ids[i] = id += readVarint(bytes, pos) + 1;
    for (let i = 0; i < block.count; i++) postings.set(ids[i]!, readVarint(bytes, pos));
  } catch {
    // Truncated or runaway numbers: keep what decoded.
  }
  return postings;
}

/**
 * One term's postings straight from the packed bytes: a field's postings are decoded the first time
 * MiniSearch asks for them, so opening an index costs one object per term, not one entry per posting.
 * Anything other than `get` (iterating, changing) decodes every field first and then acts as a Map.
 */
export class PackedTermData extends Map<number, Postings> {
  private bytes: Uint8Array | null;
  private readonly at: number;
  private readonly end: number;
  private blocks: FieldBlock[] | null = null;

  constructor(bytes: Uint8Array, at: number, end: number) {
    super();
    this.bytes = bytes;
    this.at = at;
    this.end = end;
  }

  private header(): FieldBlock[] {
    return (this.blocks ??= readHeader(this.bytes!, this.at));
  }

  private decodeAll(): void {
    if (!this.bytes) return;
    for (const block of this.header()) if (!super.has(block.fieldId)) super.set(block.fieldId, decodeBlock(this.bytes, block));
    this.bytes = null;
    this.blocks = null;
  }

  /** How many documents have the term in this field, without decoding them. */
  countIn(fieldId: number): number {
    if (!this.bytes || super.has(fieldId)) return super.get(fieldId)?.size ?? 0;
    return this.header().find((b) => b.fieldId === fieldId)?.count ?? 0;
  }

  /** The packed bytes of the term, while nothing in it was decoded (they can be copied as they are). */
  untouched(): Uint8Array | null {
    return this.bytes && super.size === 0 ? this.bytes.subarray(this.at, this.end) : null;
  }

  /** Calls `each` with every field's postings; fields still packed are decoded for the call only, not kept. */
  eachField(each: (fieldId: number, postings: Postings) => void): void {
    if (!this.bytes) {
      for (const [fieldId, postings] of super.entries()) each(fieldId, postings);
      return;
    }
    for (const block of this.header()) each(block.fieldId, super.get(block.fieldId) ?? decodeBlock(this.bytes, block));
  }

  override get(fieldId: number): Postings | undefined {
    if (this.bytes && !super.has(fieldId)) {
      const block = this.header().find((b) => b.fieldId === fieldId);
      if (block) super.set(fieldId, decodeBlock(this.bytes, block));
    }
    return super.get(fieldId);
  }

  override has(fieldId: number): boolean {
    this.decodeAll();
    return super.has(fieldId);
  }

  override set(fieldId: number, postings: Postings): this {
    this.decodeAll();
    return super.set(fieldId, postings);
  }

  override delete(fieldId: number): boolean {
    this.decodeAll();
    return super.delete(fieldId);
  }

  override clear(): void {
    this.decodeAll();
    super.clear();
  }

  override get size(): number {
    this.decodeAll();
    return super.size;
  }

  override keys(): MapIterator<number> {
    this.decodeAll();
    return super.keys();
  }

  override values(): MapIterator<Postings> {
    this.decodeAll();
    return super.values();
  }

  override entries(): MapIterator<[number, Postings]> {
    this.decodeAll();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[number, Postings]> {
    return this.entries();
  }

  override forEach(fn: (value: Postings, key: number, map: Map<number, Postings>) => void, thisArg?: unknown): void {
    this.decodeAll();
    super.forEach(fn, thisArg);
  }
}

/** Documents with a term in a field (decoding nothing when the term is still packed). */
export function countPostings(data: FieldTermData | undefined, fieldId: number): number {
  if (!data) return 0;
  return data instanceof PackedTermData ? data.countIn(fieldId) : (data.get(fieldId)?.size ?? 0);
}

/** Writes terms' blocks with documents renumbered; reuses its buffers from term to term. */
class TermWriter {
  readonly out = new VarintWriter();
  private readonly block = new VarintWriter();
  private ids = new Int32Array(1024);
  private tfs = new Int32Array(1024);
  private heads: number[] = [];
  private readonly renumber: Int32Array;
  /** No document was removed: packed terms keep their bytes as they are. */
  private readonly same: boolean;

  constructor(renumber: Int32Array) {
    this.renumber = renumber;
    this.same = renumber.every((to, from) => to === from);
  }

  private grow(n: number): void {
    if (n <= this.ids.length) return;
    let size = this.ids.length;
    while (size < n) size *= 2;
    this.ids = new Int32Array(size);
    this.tfs = new Int32Array(size);
  }

  /** Renumbered, live postings of one field into ids/tfs (ascending); returns how many. */
  private collect(postings: Postings): number {
    const renumber = this.renumber;
    let n = 0;
    let sorted = true;
    this.grow(postings.size);
    for (const [id, tf] of postings) {
      const to = id < renumber.length ? renumber[id]! : -1;
      if (to < 0 || tf <= 0) continue;
      if (n > 0 && to < this.ids[n - 1]!) sorted = false;
      this.ids[n] = to;
      this.tfs[n++] = tf;
    }
    if (!sorted) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.ids[a]! - this.ids[b]!);
      const idCopy = this.ids.slice(0, n);
      const tfCopy = this.tfs.slice(0, n);
      order.forEach((from, to) => {
        this.ids[to] = idCopy[from]!;
        this.tfs[to] = tfCopy[from]!;
      });
    }
    return n;
  }

  /** Appends one term; false (nothing written) when none of its postings is left. */
  write(data: FieldTermData): boolean {
    const copy = data instanceof PackedTermData && this.same ? data.untouched() : null;
    if (copy) {
      this.out.append(copy);
      return true;
    }
    const fields: [number, Postings][] = [];
    if (data instanceof PackedTermData) data.eachField((fieldId, postings) => fields.push([fieldId, postings]));
    else for (const entry of data) fields.push(entry);
    fields.sort((a, b) => a[0] - b[0]);
    const block = this.block;
    const heads = this.heads;
    block.length = 0;
    heads.length = 0;
    let mask = 0;
    for (const [fieldId, postings] of fields) {
      const n = this.collect(postings);
      if (n === 0) continue;
      const start = block.length;
      let prev = -1;
      for (let i = 0; i < n; i++) {
        block.write(this.ids[i]! - prev - 1);
        prev = this.ids[i]!;
      }
      for (let i = 0; i < n; i++) block.write(this.tfs[i]!);
      mask |= 1 << fieldId;
      heads.push(n, block.length - start);
    }
    if (mask === 0) return false;
    this.out.write(mask);
    for (const h of heads) this.out.write(h);
    this.out.append(block.bytes.subarray(0, block.length));
    return true;
  }
}

/** The index's postings and document table as typed arrays (documents renumbered, removed ones left out), and the keys in that order. */
export function packPostings(mini: AnyMiniSearch, fieldCount: number): { packed: PackedPostings; keys: string[] } {
  const m = internals(mini);
  const shortIds = [...m._documentIds.keys()].sort((a, b) => a - b);
  const keys = shortIds.map((id) => m._documentIds.get(id)!);
  const renumber = new Int32Array(m._nextId).fill(-1);
  shortIds.forEach((id, n) => (renumber[id] = n));
  const fieldLengths = new Uint32Array(shortIds.length * fieldCount);
  shortIds.forEach((id, n) => {
    const lengths = m._fieldLength.get(id) ?? [];
    for (let f = 0; f < fieldCount; f++) fieldLengths[n * fieldCount + f] = lengths[f] ?? 0;
  });
  const writer = new TermWriter(renumber);
  const terms: string[] = [];
  const starts: number[] = [];
  // In code-unit order, so opening builds the radix tree in one pass (see radixTree).
  const entries = [...m._index].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [term, data] of entries) {
    const at = writer.out.length;
    if (!writer.write(data)) continue;
    terms.push(term);
    starts.push(at);
  }
  starts.push(writer.out.length);
  const encoder = new TextEncoder();
  const packed: PackedPostings = {
    documentCount: shortIds.length,
    dirtCount: 0,
    averageFieldLength: [...m._avgFieldLength],
    ids: encoder.encode(JSON.stringify(keys)),
    fieldLengths,
    terms: encoder.encode(terms.join('\0') + (terms.length ? '\0' : '')),
    termStarts: Uint32Array.from(starts),
    postings: writer.out.result(),
  };
  return { packed, keys };
}

/**
 * Throws unless the header of the term block from `start` to `end` fits it exactly. (Postings are
 * checked as they are decoded: see decodeBlock.)
 */
function checkTerm(bytes: Uint8Array, start: number, end: number): void {
  if (!(start < end && end <= bytes.length)) throw new RangeError('Bad term offsets.');
  const pos = { at: start };
  const mask = readVarint(bytes, pos);
  let length = 0;
  for (let f = 0; f < 31 && mask >= 2 ** f; f++) {
    if (!(mask & (1 << f))) continue;
    const count = readVarint(bytes, pos);
    const bytesOf = readVarint(bytes, pos);
    // Every posting takes two bytes at least (its gap and its frequency).
    if (count === 0 || bytesOf < 2 * count) throw new RangeError('Bad field block.');
    length += bytesOf;
  }
  if (mask === 0 || pos.at + length !== end) throw new RangeError('Bad term block.');
}

// MiniSearch's radix tree: a node maps edge labels to child nodes, and LEAF to the value of the key ending there.
type RadixTree = Map<string, RadixTree | FieldTermData>;
const LEAF = '';

/**
 * The radix tree of sorted, distinct, non-empty keys from..to that share their first `depth` code
 * units, built in one pass (inserting keys one by one splits and walks the tree for each of them).
 */
function radixTree(keys: string[], values: FieldTermData[], from: number, to: number, depth: number): RadixTree {
  const node: RadixTree = new Map();
  let i = from;
  if (i < to && keys[i]!.length === depth) node.set(LEAF, values[i++]!);
  while (i < to) {
    const first = keys[i]!;
    const c = first.charCodeAt(depth);
    let j = i + 1;
    while (j < to && keys[j]!.charCodeAt(depth) === c) j++;
    // Sorted keys: what the first and last of the group share, all of them share.
    const last = keys[j - 1]!;
    let end = depth + 1;
    while (end < first.length && first.charCodeAt(end) === last.charCodeAt(end)) end++;
    node.set(first.slice(depth, end), radixTree(keys, values, i, j, end));
    i = j;
  }
  return node;
}

/**
 * Fills an empty MiniSearch (built with the same options) from packed postings and returns the document
 * keys by short id. Throws on damaged input: every block is walked once (no objects are made for it).
 */
export function unpackPostings(mini: AnyMiniSearch, packed: PackedPostings, fieldCount: number): string[] {
  const m = internals(mini);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const ids: unknown = JSON.parse(decoder.decode(packed.ids));
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new TypeError('Bad document ids.');
  const keys = ids as string[];
  const n = keys.length;
  const terms = decoder.decode(packed.terms).split('\0');
  terms.pop();
  const { termStarts, postings } = packed;
  if (
    n !== packed.documentCount ||
    packed.fieldLengths.length !== n * fieldCount ||
    termStarts.length !== terms.length + 1 ||
    termStarts[terms.length] !== postings.length ||
    packed.averageFieldLength.length > fieldCount
  ) {
    throw new TypeError('Inconsistent search index.');
  }
  for (let i = 0; i < terms.length; i++) {
    checkTerm(postings, termStarts[i]!, termStarts[i + 1]!);
    if (terms[i] === '' || (i > 0 && !(terms[i - 1]! < terms[i]!))) throw new RangeError('Terms out of order.');
  }
  m._documentCount = n;
  m._nextId = n;
  m._dirtCount = packed.dirtCount;
  m._avgFieldLength = [...packed.averageFieldLength];
  m._documentIds = new Map();
  m._idToShortId = new Map();
  m._fieldLength = new Map();
  for (let id = 0; id < n; id++) {
    m._documentIds.set(id, keys[id]!);
    m._idToShortId.set(keys[id]!, id);
    // MiniSearch only reads a document's lengths (new documents get arrays of their own).
    m._fieldLength.set(id, packed.fieldLengths.subarray(id * fieldCount, (id + 1) * fieldCount));
  }
  const values = terms.map((_, i) => new PackedTermData(postings, termStarts[i]!, termStarts[i + 1]!));
  const Searchable = m._index.constructor as new (tree: RadixTree) => SearchableMap<FieldTermData>;
  m._index = new Searchable(radixTree(terms, values, 0, terms.length, 0));
  return keys;
}

/**
 * Rows of `width` strings by key (what a search result shows of a document): rows from a packed table
 * are decoded one at a time when read; rows set since are kept as they are.
 */
export class TextTable {
  private readonly width: number;
  private readonly changed = new Map<string, readonly string[] | null>();
  private readonly packed: { rows: Map<string, number>; texts: PackedTexts; decoder: TextDecoder } | null;

  /** An empty table, or one over packed rows for `keys` (throws when they do not fit). */
  constructor(width: number, keys?: readonly string[], texts?: PackedTexts) {
    this.width = width;
    if (!keys || !texts) {
      this.packed = null;
      return;
    }
    const { starts, bytes } = texts;
    if (starts.length !== keys.length * width + 1 || starts[starts.length - 1] !== bytes.length || starts[0] !== 0) {
      throw new TypeError('The texts do not fit the documents.');
    }
    for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) throw new RangeError('Bad text offsets.');
    // Damaged text shows as U+FFFD rather than stopping search.
    this.packed = { rows: new Map(keys.map((k, i) => [k, i])), texts, decoder: new TextDecoder() };
  }

  get(key: string): readonly string[] | undefined {
    const changed = this.changed.get(key);
    if (changed !== undefined) return changed ?? undefined;
    const row = this.packed?.rows.get(key);
    if (row === undefined || !this.packed) return undefined;
    const { texts, decoder } = this.packed;
    const out: string[] = [];
    for (let f = 0; f < this.width; f++) {
      const at = row * this.width + f;
      out.push(decoder.decode(texts.bytes.subarray(texts.starts[at], texts.starts[at + 1])));
    }
    return out;
  }

  set(key: string, row: readonly string[]): void {
    this.changed.set(key, row);
  }

  delete(key: string): void {
    this.changed.set(key, null);
  }

  /** The rows of `keys`, in that order (a missing row packs as empty strings). */
  pack(keys: readonly string[]): PackedTexts {
    const encoder = new TextEncoder();
    const starts = new Uint32Array(keys.length * this.width + 1);
    const out = new VarintWriter();
    keys.forEach((key, i) => {
      const packedRow = this.changed.has(key) ? undefined : this.packed?.rows.get(key);
      if (packedRow !== undefined && this.packed) {
        // Copied as bytes: nothing is decoded to save the table again.
        const { starts: from, bytes } = this.packed.texts;
        const base = out.length - from[packedRow * this.width]!;
        for (let f = 0; f < this.width; f++) starts[i * this.width + f] = from[packedRow * this.width + f]! + base;
        out.append(bytes.subarray(from[packedRow * this.width]!, from[(packedRow + 1) * this.width]!));
        return;
      }
      const row = this.get(key);
      for (let f = 0; f < this.width; f++) {
        starts[i * this.width + f] = out.length;
        out.append(encoder.encode(row?.[f] ?? ''));
      }
    });
    starts[starts.length - 1] = out.length;
    return { bytes: out.result(), starts };
  }
}
