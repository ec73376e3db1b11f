import { describe, expect, it } from 'vitest';
import { isDeliveryPart, isSizedEntry } from '../core/delivery';
import { isFallbackPart } from '../core/fallbacks';
import { planPrecache } from './precache-plan';

describe('planPrecache', () => {
  const entries = [
    { url: 'content/pack-aaaaaaaaaaaa.html', revision: null, size: 10 },
    { url: 'content/bulk-cccccccccccc.html', revision: null, size: 30 },
    { url: 'index.html', revision: 'r1', size: 1 },
    { url: 'content/edition-dddddddddddd.html', revision: null, size: 5 },
    { url: 'assets/index-abcdefgh.js', revision: null, size: 2 },
    { url: 'content/pack-bbbbbbbbbbbb.html', revision: null, size: 20 },
  ];
  const delivery = [
    { url: 'content/pack-aaaaaaaaaaaa.html', bytes: 10, bulk: 'content/bulk-cccccccccccc.html' },
    { url: 'content/pack-bbbbbbbbbbbb.html', bytes: 20, bulk: 'content/bulk-cccccccccccc.html' },
  ];

  it('lists the shell, then the edition, then the packs as delivery parts, and no bulk file', () => {
    const plan = planPrecache(entries, delivery);
    expect(plan.map((e) => e.url)).toEqual([
      'index.html',
      'assets/index-abcdefgh.js',
      'content/edition-dddddddddddd.html',
      'content/pack-aaaaaaaaaaaa.html',
      'content/pack-bbbbbbbbbbbb.html',
    ]);
    expect(plan.filter(isDeliveryPart)).toEqual(delivery.map((d) => ({ ...d, revision: null, size: d.bytes })));
    expect(plan.slice(0, 3).some(isDeliveryPart)).toBe(false);
  });

  it('keeps the mark of a picture-only pack, which the data saver leaves for later', () => {
    const withPictures = [
      ...delivery,
      { url: 'content/pack-eeeeeeeeeeee.html', bytes: 40, bulk: 'content/bulk-ffffffffffff.html', media: true as const },
    ];
    const parts = planPrecache(entries, withPictures).filter(isDeliveryPart);
    expect(parts.map((p) => ('media' in p ? p.media : 'absent'))).toEqual(['absent', 'absent', true]);
  });

  it("marks DOMPurify's chunk as a fallback for pages without the Sanitizer API, after the rest of the shell", () => {
    const withPurify = [{ url: 'assets/article-purify-B7AlLLmy.js', revision: null, size: 3 }, ...entries];
    const plan = planPrecache(withPurify, delivery);
    expect(plan.filter(isFallbackPart)).toEqual([{ ...withPurify[0], fallback: 'sanitizer', bytes: 3 }]);
    expect(plan.map((e) => e.url).slice(0, 3)).toEqual(['index.html', 'assets/index-abcdefgh.js', 'assets/article-purify-B7AlLLmy.js']);
  });

  it('gives each file named by its hash its size, so that a copy cut short is never kept; not index.html, which a host may rewrite', () => {
    const plan = planPrecache(entries, delivery);
    expect(plan.flatMap((e) => (isSizedEntry(e) ? [[e.url, e.bytes]] : []))).toEqual([
      ['assets/index-abcdefgh.js', 2],
      ['content/edition-dddddddddddd.html', 5],
    ]);
    expect(plan.filter(isDeliveryPart).some(isSizedEntry), 'a pack is a delivery part, not a sized shell entry').toBe(false);
  });
});
