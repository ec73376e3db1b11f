/** Where the library is cut into content packs: stable, content-defined boundaries, so an edit changes one pack and a new article only the last. */
import { utf8Encode } from '../core/bytes';
import { MAX_BULK_BYTES } from '../core/constants';

/**
 * About this many text packs for a library of any size (fewer for small ones). Many small packs keep an edition
 * update small (one changed article re-downloads one pack); bulk files keep the first visit to a few requests.
 */
export const TARGET_PACKS = 64;
/** About this many media packs: images rarely change, so few large packs cost few requests. */
export const TARGET_MEDIA_PACKS = 4;
/** A pack is not closed at a boundary before it holds this much. */
export const MIN_PACK_BYTES = 32 * 1024;
/** A pack is closed when it holds this much, boundary or not. */
export const MAX_PACK_BYTES = 8 * 1024 * 1024;
/** A media pack is closed at this size, so one pack is never most of a first visit on a slow link. */
export const MAX_MEDIA_PACK_BYTES = 3 * 1024 * 1024;

/** One article as the cutter sees it: its id and the bytes it adds to a pack (body plus the media it brings). */
export interface PackItem {
  id: string;
  bytes: number;
}

/** Options for cutPacks (defaults: packModulus(items.length), MIN_PACK_BYTES, MAX_PACK_BYTES). */
export interface CutOptions {
  modulus?: number;
  minBytes?: number;
  maxBytes?: number;
}

/** 32-bit FNV-1a hash of the UTF-8 bytes of a string. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of utf8Encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** K: an article ends a pack when hash(id) mod K is 0. A power of two near count/TARGET_PACKS, so it stays put while the library grows. */
export function packModulus(count: number, target = TARGET_PACKS): number {
  if (count <= target) return 1;
  return 2 ** Math.round(Math.log2(count / target));
}

/**
 * The size at which a text pack closes without a boundary: about three average packs, rounded up to a power of two so
 * it stays put while the library grows. It bounds what an edition update costs in the unlucky case of a long run
 * without a boundary.
 */
export function packCap(totalBytes: number, target = TARGET_PACKS): number {
  const wanted = Math.max(MIN_PACK_BYTES, (3 * totalBytes) / target);
  return Math.min(MAX_PACK_BYTES, 2 ** Math.ceil(Math.log2(wanted)));
}

/** Cut items (in pack order: oldest first) into consecutive groups; returns [start, end) index ranges. */
export function cutPacks(items: readonly PackItem[], opts: CutOptions = {}): Array<[number, number]> {
  const k = opts.modulus ?? packModulus(items.length);
  const min = opts.minBytes ?? MIN_PACK_BYTES;
  const max = opts.maxBytes ?? MAX_PACK_BYTES;
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let bytes = 0;
  for (const [i, item] of items.entries()) {
    bytes += item.bytes;
    // The boundary depends only on this article's id, so it holds whatever changes elsewhere in the library.
    const boundary = fnv1a32(item.id) % k === 0 && bytes >= min;
    if (boundary || bytes >= max) {
      ranges.push([start, i + 1]);
      start = i + 1;
      bytes = 0;
    }
  }
  if (start < items.length) ranges.push([start, items.length]);
  return ranges;
}

/** Group consecutive packs (by size) into bulk files of at most maxBytes, a pack larger than that alone; returns [start, end) ranges. */
export function groupBulks(sizes: readonly number[], maxBytes = MAX_BULK_BYTES): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let bytes = 0;
  for (const [i, size] of sizes.entries()) {
    if (i > start && bytes + size > maxBytes) {
      ranges.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < sizes.length) ranges.push([start, sizes.length]);
  return ranges;
}
