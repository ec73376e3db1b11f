import { describe, expect, it } from 'vitest';
import {
  checkUtf8,
  concatBytes,
  fromBase64,
  fromBase64Ascii,
  fromBase64Url,
  indexOfBytes,
  isUtf8,
  sha256Hex,
  toBase64,
  toBase64Url,
  utf8Decode,
  utf8Encode,
} from './bytes';
import { BundleError } from './errors';

describe('bytes', () => {
  it('round-trips base64 and base64url for every tail length, matching Node', () => {
    for (let n = 0; n < 300; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
      expect(fromBase64Ascii(utf8Encode(toBase64(b)))).toEqual(b);
    }
  });

  it('rejects invalid base64', () => {
    for (const bad of ['a', 'ab', 'abc', 'ab=c', '====', 'ab!=', 'YQ=', 'YR==', 'Y Q==', 'YQ==YQ==', 'ä']) {
      expect(() => fromBase64(bad), bad).toThrow(BundleError);
    }
    for (const bad of ['YQ==', 'a+b/', 'a', 'YR', 'Y Q']) expect(() => fromBase64Url(bad), bad).toThrow(BundleError);
    expect(fromBase64('')).toEqual(new Uint8Array());
  });

  it('decodes UTF-8 strictly and keeps a BOM', () => {
    expect(utf8Decode(utf8Encode('سلام ‌ 😀'))).toBe('سلام ‌ 😀');
    expect(utf8Decode(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      expect(() => utf8Decode(Uint8Array.from(bad), 'article')).toThrow(expect.objectContaining({ code: 'encoding' }));
    }
  });

  it('hashes with SHA-256', async () => {
    expect(await sha256Hex(utf8Encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('finds byte sequences', () => {
    const h = utf8Encode('aaab aab ab abc');
    expect(indexOfBytes(h, utf8Encode('abc'))).toBe(12);
    expect(indexOfBytes(h, utf8Encode('ab'), 4)).toBe(6);
    expect(indexOfBytes(h, utf8Encode('abc'), 0, 14)).toBe(-1);
    expect(indexOfBytes(h, utf8Encode('zz'))).toBe(-1);
    expect(concatBytes([utf8Encode('a'), utf8Encode('bc')])).toEqual(utf8Encode('abc'));
  });

  it('finds the same place whichever byte of the needle the native scan looks for', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % 3;
    const naive = (h: Uint8Array, n: Uint8Array, from: number, end: number): number => {
      for (let i = from; i + n.length <= end; i++) if (n.every((b, j) => h[i + j] === b)) return i;
      return -1;
    };
    for (let round = 0; round < 300; round++) {
      // Three letters only, so needles occur, overlap and nearly occur.
      const h = Uint8Array.from({ length: 40 }, () => 0x61 + next());
      const n = Uint8Array.from({ length: 1 + (round % 5) }, () => 0x61 + next());
      const from = round % 7;
      const end = 40 - (round % 11);
      for (let anchor = 0; anchor < n.length; anchor++) expect(indexOfBytes(h, n, from, end, anchor)).toBe(naive(h, n, from, end));
    }
  });

  describe('isUtf8 accepts exactly what the fatal decoder accepts', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const decodes = (b: Uint8Array): boolean => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const disagreements = (cases: Iterable<Uint8Array>): string[] => {
      const out: string[] = [];
      for (const b of cases) if (isUtf8(b) !== decodes(b)) out.push(Buffer.from(b).toString('hex'));
      return out;
    };

    it('on every sequence of one or two bytes, and each cut short after ASCII', () => {
      function* cases(): Generator<Uint8Array> {
        for (let a = 0; a < 256; a++) {
          yield Uint8Array.of(a);
          yield Uint8Array.of(0x41, a);
          for (let b = 0; b < 256; b++) yield Uint8Array.of(a, b);
        }
      }
      expect(disagreements(cases())).toEqual([]);
    });

    it('on every three-byte sequence that starts a multi-byte character, and four-byte ones at every boundary', () => {
      // Trailing bytes at the edges of each range, and one well inside it.
      const edges = [0x00, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xf4, 0xff];
      const tails = [0x7f, 0x80, 0xbf, 0xc0];
      function* cases(): Generator<Uint8Array> {
        for (let a = 0xc0; a < 256; a++)
          for (let b = 0; b < 256; b++) {
            for (const c of edges) yield Uint8Array.of(a, b, c);
            if (a >= 0xf0) for (const c of tails) for (const d of tails) yield Uint8Array.of(a, b, c, d);
          }
      }
      expect(disagreements(cases())).toEqual([]);
    });

    it('on real text in many scripts, and on that text with one byte changed anywhere', () => {
      const text = utf8Encode('Hello, سلام دنیا! کتاب‌ها — Привет, 你好, नमस्ते, 😀 \u{10FFFF} \uFEFF end');
      const cases: Uint8Array[] = [text, text.subarray(0, text.length - 1), text.subarray(1)];
      for (let i = 0; i < text.length; i++)
        for (const v of [0x00, 0x80, 0xbf, 0xc0, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff]) {
          const b = text.slice();
          b[i] = v;
          cases.push(b);
        }
      expect(isUtf8(text)).toBe(true);
      expect(disagreements(cases)).toEqual([]);
    });

    it('checkUtf8 throws the same error as utf8Decode', () => {
      const bad = Uint8Array.of(0x61, 0xed, 0xa0, 0x80);
      expect(() => checkUtf8(bad, 'article "x"')).toThrow(/The article "x" is not valid UTF-8 text\./);
      expect(() => checkUtf8(bad)).toThrow(BundleError);
      expect(() => utf8Decode(bad)).toThrow(BundleError);
      expect(() => checkUtf8(utf8Encode('سلام'))).not.toThrow();
    });
  });
});
