import { describe, expect, it } from 'vitest';
import { isMediaChoice, missingMediaBytes, missingPictures, partsForChoice, preselectedChoice, splitPacks } from './data-saver';
import type { DeliveryPart } from './delivery';

const media = (sha: string, size: number) => ({ sha256: sha, type: 'image/png', size });
const pack = (url: string, articles: string[], pictures: string[]) => ({ url, articles, media: pictures, bytes: 10 });

describe('the data saver', () => {
  it('knows a choice from anything else', () => {
    expect(isMediaChoice('text')).toBe(true);
    expect(isMediaChoice('all')).toBe(true);
    expect(isMediaChoice('none')).toBe(false);
    expect(isMediaChoice(undefined)).toBe(false);
  });

  it('preselects text only where the browser asks to save data', () => {
    expect(preselectedChoice(true)).toBe('text');
    expect(preselectedChoice(false)).toBe('all');
    expect(preselectedChoice(undefined)).toBe('all');
  });

  it('installs picture parts only after "everything now"; before any choice, none', () => {
    const parts: DeliveryPart[] = [
      { url: 't1', bytes: 1, bulk: 'b1' },
      { url: 'm1', bytes: 1, bulk: 'b2', media: true },
      { url: 't2', bytes: 1, bulk: 'b1' },
    ];
    expect(partsForChoice(parts, 'all').map((p) => p.url)).toEqual(['t1', 'm1', 't2']);
    expect(partsForChoice(parts, 'text').map((p) => p.url)).toEqual(['t1', 't2']);
    expect(partsForChoice(parts, undefined).map((p) => p.url)).toEqual(['t1', 't2']);
  });

  it('splits the packs to fetch into text (whatever pictures they carry) and picture-only packs with a picture not held', () => {
    const packs = [
      pack('text-new', ['a'], []),
      pack('text-old', ['b'], []),
      pack('mixed-old', ['b'], ['p1']),
      pack('pics-missing', [], ['p2', 'p3']),
      pack('pics-held', [], ['p4']),
      pack('mixed-new', ['c'], ['p4']),
    ];
    const { text, media: pictures } = splitPacks(packs, (id) => id !== 'b', new Set(['p3', 'p4']));
    expect(text.map((p) => p.url)).toEqual(['text-new', 'mixed-new']);
    expect(pictures.map((p) => p.url)).toEqual(['mixed-old', 'pics-missing']);
  });

  it('sums the sizes of the pictures not held', () => {
    expect(missingMediaBytes([media('a', 57_000), media('b', 1_000_000), media('c', 3)], new Set(['b']))).toBe(57_003);
    expect(missingMediaBytes([], new Set())).toBe(0);
  });

  it('counts each missing picture of an export once, and those a verified article shows', () => {
    const verified = (...media: string[]) => ({ media, verified: true });
    const unverified = (...media: string[]) => ({ media, verified: false });
    expect(missingPictures([verified('a', 'b'), verified('b', 'c'), verified()], new Set(['c']))).toEqual({ count: 2, fetchable: 2 });
    expect(missingPictures([verified('a')], new Set(['a']))).toEqual({ count: 0, fetchable: 0 });
    // An unverified article's pictures are never downloaded: "Everything now" would not bring them.
    expect(missingPictures([unverified('a', 'b'), verified('b')], new Set())).toEqual({ count: 2, fetchable: 1 });
    expect(missingPictures([unverified('a')], new Set())).toEqual({ count: 1, fetchable: 0 });
  });
});
