import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { drawQr } from './qr-path';

describe('drawQr', () => {
  it('draws exactly the dark modules of the code, inside a four-module quiet zone', async () => {
    const url = 'https://mirror.example/news/';
    const { size, path } = await drawQr(url);
    const { data, version } = encode(url, { ecc: 'M', border: 4 });
    expect(size).toBe(4 * version + 17 + 8);
    const squares = [...path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(squares.length).toBe(data.flat().filter(Boolean).length);
    for (const [x, y] of squares) {
      expect(data[y]![x]).toBe(true);
      expect(Math.min(x!, y!, size - 1 - x!, size - 1 - y!)).toBeGreaterThanOrEqual(4);
    }
  });
});
