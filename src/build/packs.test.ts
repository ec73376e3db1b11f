import { describe, expect, it } from 'vitest';
import { cutPacks, fnv1a32, packModulus, type PackItem } from './packs';

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
  it('is a power of two giving about 10 text packs (and about 4 media packs)', () => {
    expect(packModulus(5)).toBe(1);
    expect(packModulus(500)).toBe(64);
    expect(packModulus(1000)).toBe(128);
    expect(packModulus(10_000)).toBe(1024);
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

  it('makes about 16 packs, and never more than about 20 for 1,000 articles', () => {
    for (const n of [300, 500, 1000, 1400, 3000]) {
      const count = cutPacks(library(n)).length;
      expect(count).toBeGreaterThanOrEqual(6);
      expect(count).toBeLessThanOrEqual(n === 1000 ? 22 : 30);
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
