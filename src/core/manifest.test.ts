import { describe, expect, it } from 'vitest';
import { MAX_ARTICLES } from './constants';
import { isValidId, listedContent, parseCanonical, parseManifest, serializeManifest } from './manifest';
import type { Manifest } from './types';

const sha = (c: string): string => c.repeat(64);
const base = (): Manifest => ({
  format: 'offline-reader/manifest',
  v: 1,
  publisher: { id: 'open-shelf', name: 'Open Shelf' },
  edition: 5,
  created: '2024-03-20T10:00:00Z',
  articles: [
    {
      id: 'سلام',
      version: 2,
      title: 'Title </script><b>',
      date: '2024-03-20',
      lang: 'fa',
      dir: 'rtl',
      summary: 'S',
      tags: ['a'],
      size: 10,
      sha256: sha('a'),
      media: [sha('b')],
    },
    {
      id: 'hello_2-x',
      version: 1,
      title: 'Hi',
      date: '2024-03-19T08:00:00+03:30',
      lang: 'en-US',
      dir: 'ltr',
      tags: [],
      size: 0,
      sha256: sha('c'),
      media: [],
    },
  ],
  media: [{ sha256: sha('b'), type: 'image/png', size: 3, width: 1, height: 2 }],
});
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};
const edit = (mutate: (o: Record<string, any>) => void): string => {
  const o = JSON.parse(serializeManifest(base()));
  mutate(o);
  return JSON.stringify(o);
};

describe('manifest', () => {
  it('serialises canonically with no "<" and round-trips', () => {
    const text = serializeManifest(base());
    expect(text).not.toContain('<');
    expect(text).toContain('\\u003c/script>');
    expect(
      text.startsWith('{"format":"offline-reader/manifest","v":1,"publisher":{"id":"open-shelf","name":"Open Shelf"},"edition":5'),
    ).toBe(true);
    expect(parseManifest(text)).toEqual(base());
    expect(serializeManifest(parseManifest(text))).toBe(text);
    // Key order of the input object does not matter.
    const shuffled = JSON.parse(text);
    expect(
      serializeManifest({ ...shuffled, articles: shuffled.articles.map((a: object) => Object.fromEntries(Object.entries(a).reverse())) }),
    ).toBe(text);
  });

  it('returns fresh plain objects', () => {
    const m = parseManifest(serializeManifest(base()));
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(m.articles[0])).toBe(Object.prototype);
  });

  it('refuses wrong format, newer and unknown versions', () => {
    expect(code(() => parseManifest(edit((o) => (o.format = 'x'))))).toBe('malformed');
    expect(code(() => parseManifest(edit((o) => (o.v = 2))))).toBe('newer-version');
    expect(code(() => parseManifest(edit((o) => (o.v = '1'))))).toBe('malformed');
    expect(code(() => parseManifest('[]'))).toBe('malformed');
  });

  it('validates every field', () => {
    const bad: ((o: Record<string, any>) => void)[] = [
      (o) => (o.publisher.id = 'a b'),
      (o) => (o.publisher.id = '-a'),
      (o) => (o.publisher.name = ''),
      (o) => (o.edition = -1),
      (o) => (o.edition = 1.5),
      (o) => (o.created = 'yesterday'),
      (o) => (o.articles[0].id = 'a/b'),
      (o) => (o.articles[0].id = 'x'.repeat(201)),
      (o) => (o.articles[0].dir = 'auto'),
      (o) => (o.articles[0].lang = 'fa_IR'),
      (o) => (o.articles[0].sha256 = sha('A')),
      (o) => (o.articles[0].size = 9e15),
      (o) => (o.articles[0].title = 5),
      (o) => (o.articles[0].tags = 'a'),
      (o) => (o.articles[0].media = [sha('d')]),
      (o) => (o.articles[0].extra = 1),
      (o) => (o.articles[0].constructor = {}),
      (o) => (o.media[0].type = 'image/svg+xml'),
      (o) => (o.media[0].width = 0),
      (o) => (o.announceKeys = ['nope']),
      (o) => (o.mirrors = ['ftp://example.org/']),
      (o) => (o.mirrors = ['http://example.org/']),
      (o) => (o.mirrors = ['https://example.org/a?b=1']),
      (o) => (o.mirrors = ['https://example.org/', 'https://example.org/']),
      (o) => (o.mirrors = 'https://example.org/'),
      (o) => (o.extra = true),
    ];
    for (const [i, f] of bad.entries())
      expect(
        code(() => parseManifest(edit(f))),
        String(i),
      ).toBe('malformed');
  });

  it('refuses duplicate ids, media and JSON keys', () => {
    expect(code(() => parseManifest(edit((o) => (o.articles[1].id = o.articles[0].id))))).toBe('duplicate');
    expect(code(() => parseManifest(edit((o) => o.media.push(o.media[0]))))).toBe('duplicate');
    expect(code(() => parseManifest(serializeManifest(base()).replace('"edition":5', '"edition":5,"edition":6')))).toBe('malformed');
    expect(code(() => parseManifest(serializeManifest(base()).replace('"edition":5', '"__proto__":{},"edition":5')))).toBe('malformed');
  });

  it('refuses a 100,000-article manifest quickly', () => {
    const a = base().articles[1]!;
    const articles = Array.from({ length: 100_000 }, (_, i) => ({ ...a, id: `a${i}` }));
    const text = serializeManifest({ ...base(), articles, media: [] });
    const t0 = performance.now();
    expect(code(() => parseManifest(text))).toBe('limits');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(code(() => parseManifest(serializeManifest({ ...base(), articles: articles.slice(0, MAX_ARTICLES + 1), media: [] })))).toBe(
      'limits',
    );
  });

  it('refuses millions of empty objects (a few megabytes of text that would take gigabytes of memory) without building them', () => {
    // The canonical start, so the engine's own parser would be tried first; lists within every per-list and depth limit.
    const row = `[${'{},'.repeat(9_999)}{}]`;
    const text = `{"format":"offline-reader/manifest","v":1,"x":[${`${row},`.repeat(199)}${row}]}`;
    expect(text.length).toBeGreaterThan(6_000_000);
    expect(parseCanonical(text)).toBeUndefined();
    const t0 = performance.now();
    expect(code(() => parseManifest(text))).toBe('limits');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('reads a canonical manifest natively, and leaves every other text to the strict reader with the same outcome', () => {
    const text = serializeManifest(base());
    expect(parseCanonical(text)).toEqual(base());
    expect(parseManifest(text)).toEqual(base());
    const withKeys = serializeManifest({ ...base(), announceKeys: ['A'.repeat(43)] });
    expect(parseCanonical(withKeys)?.announceKeys).toEqual(['A'.repeat(43)]);
    const mirrors = ['https://mirror.example/news/', 'http://127.0.0.1:8080/'];
    const withMirrors = serializeManifest({ ...base(), announceKeys: ['A'.repeat(43)], mirrors });
    expect(withMirrors.endsWith(`"announceKeys":["${'A'.repeat(43)}"],"mirrors":${JSON.stringify(mirrors)}}`)).toBe(true);
    expect(parseCanonical(withMirrors)?.mirrors).toEqual(mirrors);
    expect(parseManifest(JSON.stringify(JSON.parse(withMirrors), null, 1)).mirrors).toEqual(mirrors);
    expect(serializeManifest({ ...base(), mirrors: [] })).toBe(text);

    // Valid, but not as serializeManifest writes it: the strict reader reads them, to the same manifest.
    const spaced = JSON.stringify(JSON.parse(text), null, 2);
    const reordered = edit((o) => {
      const { format, ...rest } = o;
      for (const k of Object.keys(o)) delete o[k];
      Object.assign(o, rest, { format });
    });
    const escaped = text.replace('"Open Shelf"', '"Open \\u0053helf"');
    const emptyKeys = text.replace(/}$/, ',"announceKeys":[]}');
    for (const t of [spaced, reordered, escaped, emptyKeys]) {
      expect(parseCanonical(t)).toBeUndefined();
      expect({ ...parseManifest(t), announceKeys: undefined }).toEqual({ ...base(), announceKeys: undefined });
    }
    expect(parseManifest(escaped).publisher.name).toBe('Open Shelf');

    // What the strict reader exists to refuse never passes the native path, whatever JSON.parse makes of it.
    const refused: [string, string][] = [
      [text.replace('"edition":5', '"edition":5,"edition":6'), 'malformed'],
      [text.replace('"edition":5', '"edition":5,"__proto__":{"x":1}'), 'malformed'],
      [text.replace('"title":"Hi"', '"title":"\\ud800"'), 'malformed'],
      [text.replace('"title":"Hi"', '"title":"\\udc00x"'), 'malformed'],
      [text.replace('"edition":5', '"edition":5.0'), ''],
      [text.replace('"edition":5', '"edition":5,"extra":1'), 'malformed'],
      [`${text} `, ''],
      [text.replace('"Open Shelf"', '"Open Shelf\\u0000"'), ''],
    ];
    for (const [t, expected] of refused) {
      expect(parseCanonical(t)).toBeUndefined();
      expect(code(() => parseManifest(t)) ?? '').toBe(expected);
    }
  });
});

describe('isValidId', () => {
  it('holds an id to what a record attribute carries percent-encoded (512 characters), not only to 200 letters', () => {
    expect(isValidId('a'.repeat(200))).toBe(true);
    expect(isValidId('a'.repeat(201))).toBe(false);
    // A Persian letter is six characters percent-encoded: 85 fit, 86 (516) built no file and imported nowhere.
    expect(isValidId('س'.repeat(85))).toBe(true);
    expect(isValidId('س'.repeat(86))).toBe(false);
    // A manifest listing such an id is refused like any other id that is not valid.
    const m = base();
    const listed = { ...m, articles: [{ ...m.articles[0]!, id: 'س'.repeat(86) }, ...m.articles.slice(1)] };
    expect(code(() => parseManifest(serializeManifest(listed)))).toBe('malformed');
    expect(
      parseManifest(serializeManifest({ ...m, articles: [{ ...m.articles[0]!, id: 'س'.repeat(85) }, ...m.articles.slice(1)] })),
    ).toBeDefined();
  });
});

describe('listedContent', () => {
  it('lists what parseManifest lists, and nothing for text that does not read as a manifest', () => {
    const text = serializeManifest(base());
    const manifest = parseManifest(text);
    expect(manifest.media.length).toBeGreaterThan(0);
    expect(listedContent(text)).toEqual({
      articles: new Map(manifest.articles.map((a) => [a.id, a.sha256])),
      media: new Map(manifest.media.map((m) => [m.sha256, m.type])),
    });
    const nothing = { articles: new Map(), media: new Map() };
    for (const bad of ['', 'null', '{', '[]', '{"articles":{}}', '{"articles":[],"media":{}}']) {
      expect(listedContent(bad), bad).toEqual(nothing);
    }
    expect(listedContent('{"articles":[null,1,{"id":2,"sha256":"x"}],"media":[null,{"sha256":"y"}]}')).toEqual(nothing);
  });
});

describe('withdrawn', () => {
  it('round-trips tombstones canonically, and refuses a withdrawn id that is also listed, twice, or from a later edition', () => {
    const m = base();
    const withdrawn = { ...m, withdrawn: [{ id: 'taken-down', edition: m.edition }] };
    const text = serializeManifest(withdrawn);
    expect(text).toContain('"withdrawn":[{"id":"taken-down","edition":');
    expect(parseManifest(text)).toEqual(withdrawn);
    expect(parseCanonical(text)).toEqual(withdrawn);
    const listed = m.articles[0]!.id;
    expect(() => parseManifest(serializeManifest({ ...m, withdrawn: [{ id: listed, edition: 1 }] }))).toThrow(/both listed and withdrawn/);
    expect(() =>
      parseManifest(
        serializeManifest({
          ...m,
          withdrawn: [
            { id: 'x', edition: 1 },
            { id: 'x', edition: 1 },
          ],
        }),
      ),
    ).toThrow(/twice/);
    expect(() => parseManifest(serializeManifest({ ...m, withdrawn: [{ id: 'x', edition: m.edition + 1 }] }))).toThrow();
  });
});
