import { describe, expect, it } from 'vitest';
import { utf8Encode } from './bytes';
import { checkFileSize, parseBundle, readBundle, type ByteSource } from './bundle-read';
import { HEADER_WINDOW } from './bundle-syntax';
import type { BundleItem } from './bundle-v1';
import {
  articleRecord,
  chunksToBytes,
  fileRecord,
  manifestRecord,
  mediaRecord,
  recordChunks,
  writeEdition,
  writePack,
  writeRecords,
} from './bundle-write';
import { BUNDLE_VERSION, MAX_ARTICLE_BYTES, MAX_FILE_BYTES } from './constants';
import { makeEdition } from './testing/sample';

const bytesOf = (...parts: (string | Uint8Array)[]): Uint8Array => chunksToBytes(parts);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};
const header = (): string => chunksToBytesText(fileRecord());
function chunksToBytesText(chunks: (string | Uint8Array)[]): string {
  return new TextDecoder().decode(chunksToBytes(chunks));
}

describe('bundle writing and parsing', () => {
  it('round-trips a pack', async () => {
    const ed = await makeEdition();
    const bytes = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const seen: number[] = [];
    const parsed = parseBundle(bytes, (done, total) => {
      expect(total).toBe(bytes.length);
      seen.push(done);
    });
    expect(parsed.version).toBe(BUNDLE_VERSION);
    expect(parsed.manifests).toEqual([ed.signed]);
    expect(parsed.articles.map((a) => [a.manifest, a.id, new TextDecoder().decode(a.bytes)])).toEqual(
      ed.articles.map((a) => [a.manifest, a.id, new TextDecoder().decode(a.bytes)]),
    );
    expect(parsed.media).toEqual(ed.media);
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('round-trips an edition file with a pack index', async () => {
    const ed = await makeEdition();
    const packs = {
      packs: [{ url: 'content/pack-abc.html', articles: ['hello-world', 'سلام-دنیا'], media: [ed.media[0]!.sha256], bytes: 10 }],
    };
    const parsed = parseBundle(chunksToBytes(writeEdition({ manifest: ed.signed, packs })));
    expect(parsed.packs).toEqual(packs);
    expect(parsed.manifests).toHaveLength(1);
    expect(parsed.articles).toHaveLength(0);
  });

  it('skips payloads by length, so markup inside a body is never read as a record', async () => {
    const body = utf8Encode(
      '<div data-or="article" data-m="0" data-id="x" data-len="3">abc</div></div><script data-or="file" data-len="2">{}</script>',
    );
    const bytes = chunksToBytes([...fileRecord(), ...articleRecord({ manifest: 0, id: 'evil', bytes: body })]);
    const parsed = parseBundle(bytes);
    expect(parsed.articles).toHaveLength(1);
    expect(parsed.articles[0]!.bytes).toEqual(body);
  });

  it('ignores data-or text that is not inside a record tag, and records of unknown kinds', () => {
    const bytes = bytesOf(
      '<!doctype html><title>x</title>',
      header(),
      '<script>document.querySelectorAll(\'[data-or="media"]\'); a<b; x <b, data-or="y"</script>',
      chunksToBytesText(recordChunks('template', 'future', 'anything <b>here</b>')),
    );
    expect(parseBundle(bytes).articles).toHaveLength(0);
  });

  it('reads version-1 files written with any tag names and extra attributes', () => {
    const text =
      '\ufeff<!DOCTYPE html><html><head><meta charset="utf-8">' +
      '<script data-or="file" type="application/json" data-len="39">{"format":"offline-reader","version":1}</script>' +
      '</head><body><article id="a-x"><section data-or="article" data-m="0" data-id="x" class="body" lang="fa-IR" data-len="5">hello</section></article></body></html>';
    const parsed = parseBundle(utf8Encode(text));
    expect(parsed.articles[0]!.id).toBe('x');
    expect(new TextDecoder().decode(parsed.articles[0]!.bytes)).toBe('hello');
  });
});

describe('hostile files', () => {
  it('refuses an empty file and a file over the size limit (without allocating it)', () => {
    expect(codeOf(() => parseBundle(new Uint8Array()))).toBe('empty');
    expect(codeOf(() => checkFileSize(0))).toBe('empty');
    expect(codeOf(() => checkFileSize(200 * 1024 * 1024))).toBe('too-large');
    expect(codeOf(() => checkFileSize(MAX_FILE_BYTES + 1))).toBe('too-large');
    expect(codeOf(() => checkFileSize(MAX_FILE_BYTES))).toBe('no error');
    // A view that claims 200 MB: parseBundle checks the length before touching a byte.
    const fake = { length: 200 * 1024 * 1024 } as Uint8Array;
    expect(codeOf(() => parseBundle(fake))).toBe('too-large');
  });

  it('refuses random binary and other files quickly', () => {
    let seed = 1;
    const random = new Uint8Array(8 * 1024 * 1024).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 255);
    const t0 = performance.now();
    expect(codeOf(() => parseBundle(random))).toBe('not-a-bundle');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(codeOf(() => parseBundle(utf8Encode('<!doctype html><p>Hello</p>')))).toBe('not-a-bundle');
    expect(codeOf(() => parseBundle(utf8Encode('{"format":"offline-reader","version":1}')))).toBe('not-a-bundle');
    const late = bytesOf(' '.repeat(HEADER_WINDOW + 10), header());
    expect(codeOf(() => parseBundle(late))).toBe('not-a-bundle');
    const wrongFirst = bytesOf(chunksToBytesText(recordChunks('script', 'packs', '{"packs":[]}')), header());
    expect(codeOf(() => parseBundle(wrongFirst))).toBe('not-a-bundle');
    const otherFormat = bytesOf(chunksToBytesText(recordChunks('script', 'file', '{"format":"other","version":1}')));
    expect(codeOf(() => parseBundle(otherFormat))).toBe('not-a-bundle');
  });

  it('stays linear on adversarial repetition', () => {
    const n = 4 * 1024 * 1024;
    for (const unit of [' data-or="', '<a data-or="', 'd', '<']) {
      const bytes = bytesOf(header(), unit.repeat(Math.floor(n / unit.length)));
      const t0 = performance.now();
      codeOf(() => parseBundle(bytes));
      expect(performance.now() - t0, unit).toBeLessThan(2000);
    }
  });

  it('refuses a file from a newer format version', () => {
    const bytes = bytesOf(chunksToBytesText(fileRecord(3)));
    const err = (() => {
      try {
        parseBundle(bytes);
      } catch (e) {
        return e as { code: string; message: string; params: Record<string, unknown> };
      }
    })();
    expect(err?.code).toBe('newer-version');
    expect(err?.message).toMatch(/update the app/);
    expect(err?.params).toEqual({ version: 3, supported: 2 });
  });

  it('refuses truncated files at every cut point', async () => {
    const ed = await makeEdition();
    const bytes = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const whole = parseBundle(bytes);
    const codes = new Set<string | undefined>();
    // Cuts inside a record (not between records, where the shorter file is still well-formed).
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const c = codeOf(() => parseBundle(bytes.subarray(0, cut)));
      if (c === 'no error') {
        const p = parseBundle(bytes.subarray(0, cut));
        expect(p.articles.length + p.media.length + p.manifests.length).toBeLessThan(
          whole.articles.length + whole.media.length + whole.manifests.length + 1,
        );
      } else codes.add(c);
    }
    expect(codes).toContain('truncated');
    for (const c of codes) expect(['truncated', 'not-a-bundle', 'malformed']).toContain(c);
  });

  it('refuses invalid UTF-8 in an article or a manifest', async () => {
    const bad = Uint8Array.from([0x3c, 0x70, 0x3e, 0xff, 0xfe]);
    expect(codeOf(() => parseBundle(chunksToBytes([...fileRecord(), ...articleRecord({ manifest: 0, id: 'a', bytes: bad })])))).toBe(
      'encoding',
    );
    const ed = await makeEdition();
    const mf = chunksToBytes([
      ...fileRecord(),
      ...recordChunks('script', 'manifest', Uint8Array.from([0x7b, 0xc3, 0x7d]), {
        'data-key': ed.signed.publicKey,
        'data-sig': ed.signed.signature,
      }),
    ]);
    expect(codeOf(() => parseBundle(mf))).toBe('encoding');
  });

  it('refuses bad base64 in media', () => {
    const rec = recordChunks('script', 'media', 'not base64!', { 'data-sha': 'a'.repeat(64), 'data-type': 'image/png' });
    expect(codeOf(() => parseBundle(chunksToBytes([...fileRecord(), ...rec])))).toBe('encoding');
  });

  it('refuses broken JSON in the header and pack index', () => {
    expect(codeOf(() => parseBundle(chunksToBytes(recordChunks('script', 'file', '{"format":"offline-reader",'))))).toBe('not-a-bundle');
    expect(codeOf(() => parseBundle(chunksToBytes([...fileRecord(), ...recordChunks('script', 'packs', '{"packs":[}')])))).toBe(
      'malformed',
    );
    expect(
      codeOf(() =>
        parseBundle(
          chunksToBytes([
            ...fileRecord(),
            ...recordChunks('script', 'packs', '{"packs":[{"url":"../x","articles":[],"media":[],"bytes":1}]}'),
          ]),
        ),
      ),
    ).toBe('malformed');
  });

  it('refuses duplicate articles and media, and bad article references', async () => {
    const ed = await makeEdition();
    const a = ed.articles[0]!;
    expect(codeOf(() => parseBundle(chunksToBytes(writeRecords({ manifests: [ed.signed], articles: [a, a], media: [] }))))).toBe(
      'duplicate',
    );
    // The same id under two manifests is two different articles.
    expect(
      codeOf(() =>
        parseBundle(chunksToBytes(writeRecords({ manifests: [ed.signed, ed.signed], articles: [a, { ...a, manifest: 1 }], media: [] }))),
      ),
    ).toBe('no error');
    const m = ed.media[0]!;
    expect(codeOf(() => parseBundle(chunksToBytes(writeRecords({ manifests: [ed.signed], articles: [], media: [m, m] }))))).toBe(
      'duplicate',
    );
    expect(
      codeOf(() => parseBundle(chunksToBytes(writeRecords({ manifests: [ed.signed], articles: [{ ...a, manifest: 1 }], media: [] })))),
    ).toBe('malformed');
    const badId = recordChunks('div', 'article', 'x', { 'data-m': '0', 'data-id': '%2Fetc' });
    expect(codeOf(() => parseBundle(chunksToBytes([...fileRecord(), ...badId])))).toBe('malformed');
    const nonCanonical = recordChunks('div', 'article', 'x', { 'data-m': '0', 'data-id': '%61' });
    expect(codeOf(() => parseBundle(chunksToBytes([...fileRecord(), ...nonCanonical])))).toBe('malformed');
  });

  it('refuses broken record tags', () => {
    const cases = [
      '<div data-or="article" data-m="0" data-id="a" data-len="1" data-len="1">x</div>',
      '<div data-or="article" data-m="0" data-id="a" data-len="01">x</div>',
      '<div data-or="article" data-m="0" data-id="a">x</div>',
      '<div data-or="article" data-m="0" data-id="a" data-len="1">xy</div>',
      '<div data-or="article" data-m="0" data-id="a" data-len="1">x</span>',
      '<div data-or="article" data-m=\'0\' data-id="a" data-len="1">x</div>',
      '<div data-or="article" data-m="0" data-id="a<b" data-len="1">x</div>',
      `<div data-or="article" data-m="0" data-id="${'a'.repeat(2000)}" data-len="1">x</div>`,
      // Inside markup outside records, "<name data-or=" always starts a record.
      `<script>x = '<b data-or="y">'</script>`,
    ];
    for (const c of cases)
      expect(
        codeOf(() => parseBundle(bytesOf(header(), c))),
        c,
      ).toBe('malformed');
  });

  it('refuses an article over the size limit before reading it', () => {
    // 50 MB claimed by the tag; the payload itself is not there.
    const tag = `<div data-or="article" data-m="0" data-id="big" data-len="${50 * 1024 * 1024}">`;
    expect(codeOf(() => parseBundle(bytesOf(header(), tag, 'x')))).toBe('limits');
    const over = `<div data-or="article" data-m="0" data-id="big" data-len="${MAX_ARTICLE_BYTES + 1}">`;
    expect(codeOf(() => parseBundle(bytesOf(header(), over)))).toBe('limits');
    const within = `<div data-or="article" data-m="0" data-id="big" data-len="${MAX_ARTICLE_BYTES}">`;
    expect(codeOf(() => parseBundle(bytesOf(header(), within)))).toBe('truncated');
  });

  it('refuses a second header and manifests containing "<"', () => {
    expect(codeOf(() => parseBundle(bytesOf(header(), header())))).toBe('malformed');
    const rec = recordChunks('script', 'manifest', '{"a":"</script>"}', { 'data-key': 'a'.repeat(43), 'data-sig': 'a'.repeat(86) });
    expect(codeOf(() => parseBundle(chunksToBytes([...fileRecord(), ...rec])))).toBe('malformed');
    expect(() => manifestRecord({ text: '<', publicKey: '', signature: '' })).toThrow();
  });

  it('writes only allowed attribute values', () => {
    expect(() => recordChunks('div', 'article', 'x', { 'data-id': 'a"b' })).toThrow();
    expect(() => recordChunks('di v', 'article', 'x')).toThrow();
    expect(() => mediaRecord({ sha256: 'a'.repeat(64), type: 'image/png"><x', bytes: new Uint8Array() })).toThrow();
  });
});

/** The file as a source that notes every range read; `fail` makes reads from that offset on reject. */
function memorySource(bytes: Uint8Array, fail?: { from: number; error: unknown }): ByteSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    size: bytes.length,
    reads,
    read: async (start, end) => {
      reads.push([start, end]);
      if (fail && end > fail.from) throw fail.error;
      return bytes.slice(start, end);
    },
  };
}

/** Everything readBundle hands on, with article bytes copied (they are views of a window). */
async function readItems(bytes: Uint8Array, windowBytes: number): Promise<{ version: number; items: BundleItem[] }> {
  const items: BundleItem[] = [];
  const version = await readBundle(
    memorySource(bytes),
    (item) =>
      void items.push(
        item.kind === 'article' ? { kind: 'article', article: { ...item.article, bytes: item.article.bytes.slice() } } : item,
      ),
    { windowBytes },
  );
  return { version, items };
}

async function readCode(bytes: Uint8Array, windowBytes: number): Promise<string | undefined> {
  try {
    await readItems(bytes, windowBytes);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
}

const WINDOWS = [1, 7, 64, 1000, 4096, 4 * 1024 * 1024];

describe('reading a file window by window', () => {
  it('hands on exactly what parseBundle finds, whatever the window size', async () => {
    const ed = await makeEdition({ extra: { long: `<p>${'سلام دنیا، '.repeat(800)}</p>` } });
    const pack = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const packs = { packs: [{ url: 'content/pack-abc.html', articles: ['hello-world'], media: [], bytes: 10 }] };
    const edition = chunksToBytes(writeEdition({ manifest: ed.signed, packs }));
    for (const file of [pack, edition]) {
      const whole = parseBundle(file);
      for (const windowBytes of WINDOWS) {
        const { version, items } = await readItems(file, windowBytes);
        expect(version).toBe(whole.version);
        expect(items.flatMap((i) => (i.kind === 'manifest' ? [i.manifest] : []))).toEqual(whole.manifests);
        expect(items.flatMap((i) => (i.kind === 'article' ? [i.article] : []))).toEqual(whole.articles);
        expect(items.flatMap((i) => (i.kind === 'media' ? [i.media] : []))).toEqual(whole.media);
        expect(items.flatMap((i) => (i.kind === 'packs' ? [i.packs] : []))).toEqual(whole.packs ? [whole.packs] : []);
      }
    }
  });

  it('refuses every damaged file with the same reason as parseBundle', async () => {
    const ed = await makeEdition();
    const good = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const damaged: Uint8Array[] = [
      new Uint8Array([0x3c]),
      utf8Encode('<!doctype html><p>Hello</p>'),
      bytesOf(' '.repeat(HEADER_WINDOW + 10), header()),
      bytesOf(chunksToBytesText(fileRecord(2))),
      bytesOf(header(), header()),
      bytesOf(header(), `<div data-or="article" data-m="0" data-id="big" data-len="${MAX_ARTICLE_BYTES + 1}">`),
      bytesOf(header(), '<div data-or="article" data-m="0" data-id="a" data-len="1">xy</div>'),
      bytesOf(header(), `<div data-or="article" data-m="0" data-id="${'a'.repeat(2000)}" data-len="1">x</div>`),
      chunksToBytes(writeRecords({ manifests: [ed.signed], articles: [ed.articles[0]!, ed.articles[0]!], media: [] })),
      chunksToBytes(writeRecords({ manifests: [ed.signed], articles: [{ ...ed.articles[0]!, manifest: 1 }], media: [] })),
      chunksToBytes([...fileRecord(), ...articleRecord({ manifest: 0, id: 'a', bytes: Uint8Array.from([0x3c, 0xff]) })]),
    ];
    // And the good file cut short at many points, inside and between records.
    for (let cut = 1; cut < good.length; cut += 13) damaged.push(good.subarray(0, cut));
    for (const bytes of damaged) {
      const expected = codeOf(() => parseBundle(bytes));
      for (const windowBytes of [5, 64, 4096])
        expect(await readCode(bytes, windowBytes), `${bytes.length} bytes, window ${windowBytes}`).toBe(expected);
    }
  });

  it('never reads the payload of a record kind it skips', async () => {
    const payload = 'x'.repeat(200_000);
    const bytes = bytesOf(
      header(),
      chunksToBytesText(recordChunks('template', 'future', payload)),
      chunksToBytesText(articleRecord({ manifest: 0, id: 'after', bytes: utf8Encode('<p>after</p>') })),
    );
    const source = memorySource(bytes);
    const ids: string[] = [];
    await readBundle(source, (item) => void (item.kind === 'article' && ids.push(item.article.id)), { windowBytes: 1024 });
    expect(ids).toEqual(['after']);
    const start = chunksToBytesText(fileRecord()).length + chunksToBytesText([recordChunks('template', 'future', '')[0]!]).length;
    // Read-ahead may fetch one window past the tag; nothing deeper into the payload is ever read.
    const middle = [start + 4096, start + payload.length - 4096];
    expect(source.reads.filter(([a, b]) => a < middle[1]! && b > middle[0]!)).toEqual([]);
  });

  /** A signed file of `articles` long articles (about 1 MB each), read with readBundle: its bytes and the reads made. */
  const readLongFile = async (articles: number) => {
    const body = (n: number): string => `<p>${n} ${'سلام دنیا، '.repeat(50_000)}</p>`;
    const ed = await makeEdition({ extra: Object.fromEntries(Array.from({ length: articles }, (_, n) => [`long-${n}`, body(n)])) });
    const bytes = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const source = memorySource(bytes);
    const ids: string[] = [];
    await readBundle(source, (item) => void (item.kind === 'article' && ids.push(item.article.id)));
    expect(ids).toEqual(parseBundle(bytes).articles.map((a) => a.id));
    return { bytes, reads: source.reads };
  };

  it('reads a file of up to 32 MB in one go', async () => {
    const { bytes, reads } = await readLongFile(6);
    expect(bytes.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(reads).toEqual([[0, bytes.length]]);
  });

  it('starts a larger file with a small read and grows it, so parsing starts before a large window has loaded', async () => {
    const { bytes, reads } = await readLongFile(34);
    expect(bytes.length).toBeGreaterThan(32 * 1024 * 1024);
    const sizes = reads.map(([a, b]) => b - a);
    expect(sizes.slice(0, 3)).toEqual([64 * 1024, 256 * 1024, 1024 * 1024]);
    // Then whole windows (4 MB at most, the last one what is left), read front to back without a gap or overlap.
    expect(Math.max(...sizes)).toBe(4 * 1024 * 1024);
    expect(reads.every(([a], i) => i === 0 || a === reads[i - 1]![1])).toBe(true);
    expect(reads.at(-1)![1]).toBe(bytes.length);
  });

  it('reports progress in order, up to the size of the file', async () => {
    const ed = await makeEdition();
    const bytes = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const seen: number[] = [];
    await readBundle(memorySource(bytes), () => undefined, {
      windowBytes: 100,
      onProgress: (done, total) => (expect(total).toBe(bytes.length), seen.push(done)),
    });
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('passes on a failure to read the file, and refuses a file that shrank while it was read', async () => {
    const ed = await makeEdition();
    const bytes = chunksToBytes(writePack({ manifests: [ed.signed], articles: ed.articles, media: ed.media }));
    const gone = new Error('gone');
    for (const from of [0, 100, bytes.length - 10]) {
      await expect(readBundle(memorySource(bytes, { from, error: gone }), () => undefined, { windowBytes: 64 })).rejects.toBe(gone);
    }
    const shrunk: ByteSource = { size: bytes.length, read: async (start, end) => bytes.slice(start, Math.min(end, bytes.length - 50)) };
    await expect(readBundle(shrunk, () => undefined, { windowBytes: 64 })).rejects.toMatchObject({ code: 'truncated' });
  });
});
