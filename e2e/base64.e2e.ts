// Owns one check: in real Chromium, where the runtime's own base64 decoder is used, files' base64 is exactly as strict as the portable decoder Node runs.
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Ascii, toBase64 } from '../src/core/bytes';
import { openSession, type Session } from './helpers/browser';

/** Every shape of base64 a file may hold, good and bad. */
function cases(): string[] {
  const good = [0, 1, 2, 3, 4, 5, 6, 255].map((n) => toBase64(Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255)));
  return [
    ...good,
    'QUJD',
    'QUI=',
    'QQ==',
    // Whitespace anywhere (the runtime's decoder skips it; a file's base64 has none).
    'QUJD RA==',
    'QU JDRA=',
    ' QUJD',
    'QUJD\n',
    'QUJ\tDRA==',
    'QQ= =',
    'Q Q==',
    // ... including where the length is still a multiple of 4.
    'QUJD    ',
    'QUJ D   ',
    'QQ==    ',
    '    QUJD',
    'QU\r\nJDRA==  ',
    // Padding missing, extra, or in the middle.
    'QUI',
    'QQ',
    'QQ=',
    'QQ===',
    '=QUJ',
    'QU=J',
    'QUJD====',
    // Unused bits that are not zero (two texts for the same bytes).
    'QR==',
    'QUJ=',
    // Characters outside the standard alphabet.
    'QU-D',
    'QU_D',
    'QUJ\u00e9',
    'QUJ\u00a0',
    'QUJ.',
  ];
}

/** What Node's (portable) decoder makes of each case: the bytes as base64, or 'invalid'. */
function portable(texts: string[]): string[] {
  return texts.map((t) => {
    try {
      return toBase64(fromBase64Ascii(Uint8Array.from(t, (c) => c.charCodeAt(0) & 255)));
    } catch {
      return 'invalid';
    }
  });
}

describe('base64 in the browser', () => {
  let session: Session;
  let bundle: string;

  beforeAll(async () => {
    // The app's own module, bundled for a plain page.
    const out = await build({
      input: fileURLToPath(new URL('../src/core/bytes.ts', import.meta.url)),
      write: false,
      logLevel: 'warn',
      output: { format: 'iife', name: 'bytes' },
    });
    bundle = out.output[0].code;
    session = await openSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it("uses Chromium's own decoder and accepts and refuses exactly what the portable decoder does", async () => {
    expect(
      typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64,
      'Node here has no native decoder, so it runs the portable one',
    ).toBe('undefined');
    const { page } = session;
    await page.setContent('<!doctype html><title>base64</title>');
    await page.addScriptTag({ content: bundle });
    const texts = cases();
    const inBrowser = await page.evaluate((list) => {
      const w = window as unknown as { bytes: { fromBase64Ascii(a: Uint8Array): Uint8Array; toBase64(b: Uint8Array): string } };
      return {
        native: typeof (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64 === 'function',
        results: list.map((t) => {
          // Bytes as a file holds them: one byte per character (é and NBSP as their Latin-1 byte).
          const ascii = Uint8Array.from(t, (c) => c.charCodeAt(0) & 255);
          try {
            return w.bytes.toBase64(w.bytes.fromBase64Ascii(ascii));
          } catch {
            return 'invalid';
          }
        }),
      };
    }, texts);
    expect(inBrowser.native, 'Chromium has Uint8Array.fromBase64').toBe(true);
    const expected = portable(texts);
    expect(inBrowser.results.map((r, i) => `${JSON.stringify(texts[i])} -> ${r}`)).toEqual(
      expected.map((r, i) => `${JSON.stringify(texts[i])} -> ${r}`),
    );
    // The good cases decode, and at least every whitespace, padding, bits and alphabet case is refused.
    expect(expected.filter((r) => r === 'invalid').length).toBe(texts.length - 11);
  });
});
