import { describe, expect, it } from 'vitest';
import { cutPacks, fnv1a32, groupBulks, packCap, packModulus, type PackItem } from './packs';

function library(n: number, size = 6000): PackItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `article-${i}`, bytes: size + ((i * 7919) % 5000) }));
}

describe('fnv1a32', () => {
  it('matches the reference values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('packModulus', () => {
  it('is a power of two giving about 64 text packs (and about 4 media packs)', () => {
    expect(packModulus(5)).toBe(1);
    expect(packModulus(64)).toBe(1);
    expect(packModulus(500)).toBe(8);
    expect(packModulus(1000)).toBe(16);
    expect(packModulus(10_000)).toBe(128);
    expect(packModulus(80, 4)).toBe(16);
  });
});

describe('cutPacks', () => {
  it('covers every item once, in order', () => {
    const ranges = cutPacks(library(1000));
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(1000);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1]);
  });

  it('makes about 64 packs, none much larger than the average when capped', () => {
    for (const n of [300, 500, 1000, 1400, 3000, 10_000]) {
      const items = library(n);
      const total = items.reduce((s, i) => s + i.bytes, 0);
      const ranges = cutPacks(items, { maxBytes: packCap(total) });
      expect(ranges.length).toBeGreaterThanOrEqual(30);
      expect(ranges.length).toBeLessThanOrEqual(130);
      const largest = Math.max(...ranges.map(([s, e]) => items.slice(s, e).reduce((t, i) => t + i.bytes, 0)));
      expect(largest).toBeLessThanOrEqual(packCap(total) + 11_000);
      expect(largest).toBeLessThanOrEqual((6 * total) / 64 + 11_000);
    }
    expect(cutPacks(library(6, 3000)).length).toBe(1);
  });

  it('keeps packs at least the minimum size except the last, and cuts at the maximum', () => {
    const ranges = cutPacks(library(200, 100), { minBytes: 5000, maxBytes: 1e9, modulus: 1 });
    for (const [s, e] of ranges.slice(0, -1)) expect(e - s).toBeGreaterThanOrEqual(2);
    expect(cutPacks(library(10, 1000), { modulus: 1 << 30, maxBytes: 3000 }).length).toBeGreaterThanOrEqual(3);
  });

  it('moves no boundary but the edited pack when one article changes size a little', () => {
    const items = library(1000);
    const before = cutPacks(items);
    const edited = items.map((it, i) => (i === 400 ? { ...it, bytes: it.bytes + 300 } : it));
    expect(cutPacks(edited)).toEqual(before);
  });

  it('changes only the last pack when a newest article is added', () => {
    const items = library(1000);
    const before = cutPacks(items);
    const after = cutPacks([...items, { id: 'new-one', bytes: 5000 }]);
    expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
  });
});

describe('packCap', () => {
  it('is a power of two about three average packs, within the minimum and maximum', () => {
    expect(packCap(64 * 100_000)).toBe(512 * 1024);
    expect(packCap(1000)).toBe(32 * 1024);
    expect(packCap(1e12)).toBe(8 * 1024 * 1024);
  });
});

describe('groupBulks', () => {
  it('groups consecutive packs up to the limit, covering each once in order', () => {
    expect(groupBulks([3, 3, 3, 3], 6)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(groupBulks([3, 4, 3], 6)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(groupBulks([1, 1, 1], 100)).toEqual([[0, 3]]);
  });
  it('puts a pack larger than the limit in a bulk of its own', () => {
    expect(groupBulks([2, 10, 2], 6)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
  it('makes no bulk for no packs', () => {
    expect(groupBulks([], 6)).toEqual([]);
  });
});
