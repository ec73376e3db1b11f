/** A reader file cut short on the way (a messenger, Bluetooth) is refused as incomplete, never imported in part; a page the browser saved instead is named. */
import { describe, expect, it } from 'vitest';
import { withLfLineEnds } from './bundle-crlf';
import { type ByteSource, parseBundle } from './bundle-read';
import { chunksToBytes, writePack } from './bundle-write';
import { isBundleError } from './errors';
import { writeReaderFile } from './reader-file';
import { makeEdition, readerFileInput, type SampleEdition } from './testing/sample';
import { type TrustedKey, readVerified } from './verify';

const sourceOf = (bytes: Uint8Array): ByteSource => ({ size: bytes.length, read: async (start, end) => bytes.slice(start, end) });
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);
const crlf = (bytes: Uint8Array): Uint8Array => bytesOf(text(bytes).replace(/\n/g, '\r\n'));
const keysOf = (...eds: SampleEdition[]): TrustedKey[] => eds.map((ed) => ({ publicKey: ed.keys.publicKey }));

/** What the import worker does with a file: read it, and once more as LF when refused as damaged. Its code, or what it imports. */
async function importOutcome(bytes: Uint8Array, keys: TrustedKey[]): Promise<string> {
  const source = sourceOf(bytes);
  try {
    const v = await readVerified(source, keys).catch(async (err: unknown) => {
      const lf = isBundleError(err) && err.code === 'malformed' ? await withLfLineEnds(source) : undefined;
      if (!lf) throw err;
      return readVerified(lf, keys).catch((again: unknown) =>
        Promise.reject(isBundleError(again) && again.code === 'malformed' ? err : again),
      );
    });
    return `imports ${v.editions.length}e/${v.articles.length}a/${v.media.length}m`;
  } catch (err) {
    if (!isBundleError(err)) throw err;
    return err.code;
  }
}

/** A reader file of two publishers' editions: two manifests, five articles, one picture (written after the manifests). */
async function twoEditionFile(): Promise<{ bytes: Uint8Array; keys: TrustedKey[] }> {
  const a = await makeEdition({ extra: { third: `<p>${'x'.repeat(300)}</p>` } });
  const b = await makeEdition({ publisherId: 'other-shelf', index: 1 });
  const one = readerFileInput(a);
  const two = readerFileInput(b);
  const input = {
    ...one,
    manifests: [a.signed, b.signed],
    articles: [...one.articles, ...two.articles.map((x) => ({ ...x, manifest: 1 }))],
  };
  return { bytes: chunksToBytes(await writeReaderFile(input)), keys: keysOf(a, b) };
}

/** Each outcome over every cut of `bytes` (the whole file excluded), with the first cut that gave it. */
async function outcomesOfCuts(bytes: Uint8Array, keys: TrustedKey[], step = 1): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let cut = 1; cut < bytes.length; cut += step) {
    const outcome = await importOutcome(bytes.subarray(0, cut), keys);
    if (!seen.has(outcome)) seen.set(outcome, cut);
  }
  return seen;
}

describe('a reader file cut short', () => {
  it('is refused as incomplete wherever it is cut, or imports whole (cut in its closing script)', { timeout: 120_000 }, async () => {
    const { bytes, keys } = await twoEditionFile();
    const whole = await importOutcome(bytes, keys);
    expect(whole).toBe('imports 2e/5a/1m');
    // Every cut of the file, and every third of it made CR LF (read a second time, as LF, when refused as damaged).
    for (const [file, step] of [
      [bytes, 1],
      [crlf(bytes), 3],
    ] as const) {
      const outcomes = await outcomesOfCuts(file, keys, step);
      // A cut inside the head, before the file header, leaves no reader file at all: 'not-a-bundle'.
      expect([...outcomes.keys()].sort()).toEqual([whole, 'not-a-bundle', 'truncated'].sort());
      // Importing is right only once every record is in: the cut fell in the reader's script or the end of the page.
      expect(outcomes.get(whole)!).toBeGreaterThan(text(file).lastIndexOf('data-or="media"'));
      expect(outcomes.get('not-a-bundle')!).toBeLessThan(text(file).indexOf('data-or="file"') + 64);
    }
  });

  it('is refused as incomplete when cut between two manifests, or right before its picture', async () => {
    const { bytes, keys } = await twoEditionFile();
    const s = text(bytes);
    const at = (i: number): number => bytesOf(s.slice(0, i)).length;
    const secondManifest = s.indexOf('<script data-or="manifest"', s.indexOf('data-or="manifest"') + 1);
    const picture = s.indexOf('<script data-or="media"');
    for (const cut of [secondManifest, secondManifest + 10, picture, picture + 16]) {
      expect(await importOutcome(bytes.subarray(0, at(cut)), keys)).toBe('truncated');
    }
  });

  it('still names a whole file for what it is: unsigned, damaged, or whole when a browser saved it again', async () => {
    const ed = await makeEdition();
    const keys = keysOf(ed);
    const input = readerFileInput(ed);
    // A whole reader file that carries no manifest.
    const unsigned = chunksToBytes(await writeReaderFile({ ...input, manifests: [] }));
    expect(await importOutcome(unsigned, keys)).toBe('unsigned');
    // A whole pack (no web page around it, so no </html> to look for) imported by hand.
    expect(await importOutcome(chunksToBytes(writePack({ manifests: [], articles: ed.articles, media: ed.media })), keys)).toBe('unsigned');
    // Articles that name a manifest the whole file does not hold.
    const damaged = chunksToBytes(await writeReaderFile({ ...input, articles: input.articles.map((a) => ({ ...a, manifest: 1 })) }));
    expect(await importOutcome(damaged, keys)).toBe('malformed');
    // The page as a browser writes it back: its own markup around the records, and whitespace after </html>.
    const whole = chunksToBytes(await writeReaderFile(input));
    const resaved = bytesOf(
      text(whole)
        .replace('<!doctype html>\n<html lang="fa" dir="rtl">', '<!DOCTYPE html>\n<html lang="fa" dir="rtl" class="js">')
        .replace('</body>\n</html>\n', '\n\n</body></HTML>\n\n  \n'),
    );
    expect(await importOutcome(resaved, keys)).toBe('imports 1e/2a/1m');
    expect(await importOutcome(crlf(resaved), keys)).toBe('imports 1e/2a/1m');
  });
});

describe('a web page the browser saved (MHTML)', () => {
  /** A reader file as Chrome's "Save page as… Webpage, single file" writes it: MIME parts, the page quoted-printable. */
  const mhtml = (page: string, eol = '\r\n'): Uint8Array =>
    bytesOf(
      [
        'From: <Saved by Blink>',
        'Snapshot-Content-Location: http://127.0.0.1/library.html',
        'Subject: Open Shelf',
        'MIME-Version: 1.0',
        'Content-Type: multipart/related;',
        '\ttype="text/html";',
        '\tboundary="----MultipartBoundary--abc----"',
        '',
        '',
        '------MultipartBoundary--abc----',
        'Content-Type: text/html',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        page.replace(/=/g, '=3D'),
        '------MultipartBoundary--abc------',
        '',
      ].join(eol),
    );

  it("is named as a saved page, with what to ask for, not as 'not a reader file'", async () => {
    const ed = await makeEdition();
    const page = text(chunksToBytes(await writeReaderFile(readerFileInput(ed))));
    for (const file of [mhtml(page), mhtml(page, '\n')]) {
      expect(await importOutcome(file, keysOf(ed))).toBe('saved-page');
      expect(() => parseBundle(file)).toThrow(expect.objectContaining({ code: 'saved-page' }));
    }
    // Other files without the header stay 'not-a-bundle', a mail that is no saved page among them.
    expect(await importOutcome(bytesOf('MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello'), keysOf(ed))).toBe('not-a-bundle');
    expect(await importOutcome(bytesOf('<!doctype html><p>multipart/related</p>'), keysOf(ed))).toBe('not-a-bundle');
  });
});
