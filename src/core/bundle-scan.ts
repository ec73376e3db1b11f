/** The byte scanner: finds each record of a bundle in a window of its bytes, linear in the file size, asking for more bytes when the window ends. */
import { indexOfBytes, utf8Encode } from './bytes';
import {
  ATTR_NAME,
  ATTR_VALUE,
  LEN_ATTR,
  MAX_ATTR_VALUE,
  MAX_TAG_BYTES,
  MAX_TAG_NAME,
  kindLimit,
  malformed,
  overLimit,
  truncated,
} from './bundle-syntax';

const NEEDLE = utf8Encode(' data-or="');
// The search runs natively for the needle's '=', far rarer between records than its leading space (text of the contents).
const NEEDLE_ANCHOR = 8;

/** One record as found: its payload is the file's bytes [start, end), absent for kinds this version skips. */
export interface RawRecord {
  kind: string;
  attrs: Map<string, string>;
  start: number;
  end: number;
  payload?: Uint8Array;
}

/** The part of the file the scanner sees: bytes from offset `base`; `eof` when they reach the end of the file. */
export interface ScanWindow {
  bytes: Uint8Array;
  base: number;
  eof: boolean;
}

/** The scanner needs the file's bytes up to `need` (or to its end), and will never again look before `keep`. */
export interface NeedMore {
  need: number;
  keep: number;
}

const LT = 0x3c,
  GT = 0x3e,
  QUOTE = 0x22,
  SPACE = 0x20,
  EQ = 0x3d;

/** The short run bytes[start, end) as one character per byte: far cheaper than a TextDecoder call for tag names and attributes, which must be ASCII anyway (checked after). */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}
/** The most bytes past a tag's `<` that reading the tag may look at (a tag is at most MAX_TAG_BYTES, its last value may run on). */
const TAG_LOOKAHEAD = MAX_TAG_BYTES + MAX_ATTR_VALUE + 64;
/** Kinds whose payload version 1 reads; the payloads of other kinds are skipped unread. */
const READ_KINDS = new Set(['file', 'manifest', 'article', 'media', 'packs']);

function isTagNameByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * Every record from `from` on, in order. A record tag is `<name data-or="` ... `>`; payloads are skipped by length,
 * so nothing inside them is ever scanned. Each byte is looked at a bounded number of times: linear in the file size.
 * Positions are offsets in the file. When `win` ends before the file does and more is needed, the scanner yields a
 * NeedMore and goes on once its reader has moved the window (a whole file in one window never needs more).
 */
export function* scanRecords(win: ScanWindow, from: number, firstBefore = Infinity): Generator<RawRecord | NeedMore, void, void> {
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
    if (len > kindLimit(kind, attrs)) throw overLimit(kind, attrs);
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
