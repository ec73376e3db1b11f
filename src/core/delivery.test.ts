import { describe, expect, it } from 'vitest';
import { deliveryOrder, isDeliveryPart, nameHashOf, placeParts, planDelivery, splitBulk, type DeliveryPart } from './delivery';

const part = (url: string, bytes: number, bulk = 'b1'): DeliveryPart => ({ url, bytes, bulk });

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

describe('planDelivery', () => {
  const parts = placeParts([part('a', 100), part('b', 100), part('c', 100), part('d', 50, 'b2'), part('e', 50, 'b2')]);

  it('fetches whole bulks on a first visit', () => {
    const steps = planDelivery(parts, new Set());
    expect(steps.map((s) => (s.kind === 'bulk' ? `bulk ${s.url} ${[...s.wanted].join('')}` : s.part.url))).toEqual([
      'bulk b1 abc',
      'bulk b2 de',
    ]);
  });

  it('fetches single packs when most of a bulk is already there (an edition update)', () => {
    const steps = planDelivery(parts, new Set(['a', 'b', 'd']));
    expect(steps).toEqual([
      { kind: 'part', part: parts[2] },
      { kind: 'part', part: parts[4] },
    ]);
  });

  it('fetches the bulk again when most of it is missing, keeping only the missing parts', () => {
    const [step] = planDelivery(parts, new Set(['a', 'd', 'e']));
    expect(step?.kind).toBe('bulk');
    expect(step?.kind === 'bulk' && [...step.wanted]).toEqual(['b', 'c']);
  });

  it('plans nothing when everything is there', () => {
    expect(planDelivery(parts, new Set(['a', 'b', 'c', 'd', 'e']))).toEqual([]);
  });

  it('splits a bulk by all of its parts when only some of them are wanted', () => {
    const placed = placeParts(parts);
    const [step] = planDelivery([placed[1]!, placed[2]!], new Set());
    expect(step?.kind).toBe('bulk');
    expect(step?.kind === 'bulk' && step.parts.map((p) => p.url)).toEqual(['a', 'b', 'c']);
    expect(step?.kind === 'bulk' && [...step.wanted]).toEqual(['b', 'c']);
  });

  it('weighs the wanted parts against the whole bulk', () => {
    const placed = placeParts([part('a', 300), part('b', 100), part('c', 100)]);
    expect(planDelivery([placed[1]!, placed[2]!], new Set())).toEqual([
      { kind: 'part', part: placed[1] },
      { kind: 'part', part: placed[2] },
    ]);
  });
});

describe('placeParts', () => {
  it("gives each part its bulk's parts, in the manifest's order", () => {
    const parts = [part('a', 1), part('d', 4, 'b2'), part('b', 2), part('e', 5, 'b2'), part('c', 3)];
    const placed = placeParts(parts);
    expect(placed.map((p) => p.bulkParts.map((q) => q.url).join(''))).toEqual(['abc', 'de', 'abc', 'de', 'abc']);
    expect(placed.map(({ url, bytes, bulk }) => ({ url, bytes, bulk }))).toEqual(parts);
  });
});

describe('splitBulk', () => {
  const parts = [part('a', 3), part('empty', 0), part('b', 5), part('c', 2)];
  const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  it('hands over each part whole, whatever the chunking', async () => {
    for (const cuts of [[10], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [4, 6], [3, 5, 2], [2, 7, 1]]) {
      const chunks: Uint8Array[] = [];
      let at = 0;
      for (const n of cuts) chunks.push(bytes.slice(at, (at += n)));
      const got: string[] = [];
      await splitBulk(streamOf(chunks), parts, async (p, b) => void got.push(`${p.url}:${[...b].join(',')}`));
      expect(got).toEqual(['a:1,2,3', 'empty:', 'b:4,5,6,7,8', 'c:9,10']);
    }
  });

  it('keeps the parts that arrived whole and throws when the stream ends early', async () => {
    const got: string[] = [];
    await expect(splitBulk(streamOf([bytes.slice(0, 6)]), parts, async (p) => void got.push(p.url))).rejects.toThrow(/ended before/);
    expect(got).toEqual(['a', 'empty']);
  });

  it('throws when the stream is longer than its parts', async () => {
    await expect(splitBulk(streamOf([bytes, Uint8Array.of(11)]), parts, async () => undefined)).rejects.toThrow(/longer/);
  });

  it('stops when storing a part fails', async () => {
    let calls = 0;
    const failing = async (): Promise<void> => {
      calls += 1;
      throw new Error('quota');
    };
    await expect(splitBulk(streamOf([bytes]), parts, failing)).rejects.toThrow('quota');
    expect(calls).toBe(1);
  });
});

describe('isDeliveryPart and nameHashOf', () => {
  it('tells delivery parts from Workbox entries', () => {
    expect(isDeliveryPart({ url: 'content/pack-abc.html', revision: null, bytes: 3, bulk: 'content/bulk-def.html' })).toBe(true);
    expect(isDeliveryPart({ url: 'index.html', revision: 'x' })).toBe(false);
    expect(isDeliveryPart('index.html')).toBe(false);
    expect(isDeliveryPart({ url: 'x', bulk: 'y', bytes: -1 })).toBe(false);
    expect(isDeliveryPart({ url: 'x', bulk: 'y', bytes: 1, media: true })).toBe(true);
    expect(isDeliveryPart({ url: 'x', bulk: 'y', bytes: 1, media: 'yes' })).toBe(false);
  });
  it('reads the hash prefix from a content file name', () => {
    expect(nameHashOf('https://m.example/a/content/pack-0123456789ab.html')).toBe('0123456789ab');
    expect(nameHashOf('content/bulk-0123456789ab.html')).toBe('0123456789ab');
    expect(nameHashOf('index.html')).toBeUndefined();
  });
});

describe('deliveryOrder', () => {
  it('brings text packs newest first (they are cut oldest first), then the media packs, each kept whole', () => {
    const packs = [
      { url: 'p1', articles: ['oldest', 'old'] },
      { url: 'p2', articles: ['new'] },
      { url: 'p3', articles: ['newest'] },
      { url: 'm1', articles: [] },
      { url: 'm2', articles: [] },
    ];
    expect(deliveryOrder(packs).map((p) => p.url)).toEqual(['p3', 'p2', 'p1', 'm1', 'm2']);
    // The list it was given is left as it was (the pack index is the edition's, signed order).
    expect(packs.map((p) => p.url)).toEqual(['p1', 'p2', 'p3', 'm1', 'm2']);
  });
});
