// Tests the font subset's code point list and the committed output.
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { FONT_FILE, RANGES, formatUnicodeRange } from './subset-font.mjs';

const has = (cp) => RANGES.some(([a, b]) => cp >= a && cp <= b);

describe('font subset', () => {
  it('keeps Persian letters, digits, ZWNJ and Basic Latin, in order and without overlaps', () => {
    for (const ch of 'پچژکگیۀ۰۹٠٩،؛؟«»abcXYZ019.,') expect(has(ch.codePointAt(0)), ch).toBe(true);
    for (let i = 1; i < RANGES.length; i++) expect(RANGES[i][0]).toBeGreaterThan(RANGES[i - 1][1]);
    expect(has(0x200c), 'ZWNJ').toBe(true);
  });

  it('keeps the letters of the other languages written in the Arabic script, which @font-face claims too', () => {
    // Urdu, Kurdish (Sorani), Pashto, Azerbaijani: missing from the font, each fell back to another font mid-word.
    for (const ch of 'ےہھںٹڈێۆڕڵەڤټځډړږښګڼۍېۇ') expect(has(ch.codePointAt(0)), ch).toBe(true);
    for (let cp = 0x0600; cp <= 0x06ff; cp++) expect(has(cp)).toBe(true);
  });

  it('formats a CSS unicode-range', () => {
    expect(
      formatUnicodeRange([
        [0x20, 0x7e],
        [0x200c, 0x200c],
      ]),
    ).toBe('U+0020-007E, U+200C');
  });

  it('has a committed woff2 under 60 KB', () => {
    const size = statSync(FONT_FILE).size;
    expect(size).toBeGreaterThan(10_000);
    expect(size).toBeLessThan(60_000);
  });
});
