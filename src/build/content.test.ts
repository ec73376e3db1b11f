import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../core/bundle-read';
import { sha256Hex, utf8Decode } from '../core/bytes';
import { directionOf } from '../core/direction';
import { deliveryOrder } from '../core/delivery';
import { verifyBundle, verifyPack } from '../core/verify';
import { CURRENT_EDITION_FILE, parseCurrentEdition } from '../core/mirrors';
import { SITE_YAML, article, makeRoot, writeFile, writeManyScriptLibrary } from './__fixtures__/library';
import { exifSegment, GPS_LATITUDE, jpegSegment, TINY_JPEG, withSegments } from './__fixtures__/jpeg';
import { solidPng } from './__fixtures__/png';
import { buildContent, type BuildOptions } from './content';
import { BuildFailure } from './errors';

const STUB_TEMPLATE = { css: 'body{}', js: 'void 0' };

function build(root: string, opts: BuildOptions = {}) {
  return buildContent({
    root,
    env: { OFFLINE_READER_DEV_KEY: '1', OFFLINE_READER_EDITION: '1000' },
    readerTemplate: STUB_TEMPLATE,
    now: new Date('2025-01-01T00:00:00Z'),
    log: () => {},
    warn: () => {},
    ...opts,
  });
}

async function problemsOf(root: string): Promise<string[]> {
  try {
    await build(root);
  } catch (e) {
    if (e instanceof BuildFailure) return e.problems.map((p) => p.message);
    throw e;
  }
  throw new Error('The build did not fail.');
}

function packNames(files: Map<string, Uint8Array>): string[] {
  return [...files.keys()].filter((f) => f.startsWith('content/pack-')).sort();
}

describe('buildContent failures', () => {
  it('collects every problem, each naming its file and reason, and skips _ and . files', async () => {
    const { root, articles } = makeRoot();
    const ok = 'title: Fine\ndate: 2024-01-01';
    writeFile(articles, 'good.md', article(ok));
    writeFile(articles, '_draft.md', 'not even front matter');
    writeFile(articles, '.hidden.md', 'not even front matter');
    writeFile(articles, '_shared/readme.md', 'notes');
    writeFile(articles, 'no-title.md', article('date: 2024-01-01'));
    writeFile(articles, 'no-date.md', article('title: A'));
    writeFile(articles, 'bad-date.md', article('title: A\ndate: 2024-13-01'));
    writeFile(articles, 'broken.md', article('title: A\ntitle: B\ndate: 2024-01-01'));
    writeFile(articles, 'no-fm.md', '# Just a heading\n');
    writeFile(articles, 'dup.md', article(ok));
    writeFile(articles, 'dup/index.md', article(ok));
    writeFile(articles, 'bad slug.md', article(ok));
    writeFile(articles, 'missing-image.md', article(ok, '![x](nope.png)\n'));
    writeFile(articles, 'svg/index.md', article(ok, '![logo](logo.svg)\n'));
    writeFile(articles, 'svg/logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    writeFile(articles, 'sneaky-svg/index.md', article(ok, '<img src="logo.png" alt="l">\n'));
    writeFile(articles, 'sneaky-svg/logo.png', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFile(articles, 'text-image/index.md', article(ok, '![t](fake.png)\n'));
    writeFile(articles, 'text-image/fake.png', 'just text');
    writeFile(articles, 'outside.md', article(ok, '![p](../site.config.yml)\n'));
    writeFile(articles, 'no-index/notes.md', article(ok));

    const problems = await problemsOf(root);
    expect(problems.sort()).toEqual(
      [
        'articles/bad slug.md: bad slug "bad slug": a file or folder name must be letters or digits (any script), "-" or "_", starting with a letter or digit, at most 200 long.',
        'articles/bad-date.md: date "2024-13-01" is not a date like 2024-05-01 or 2024-05-01T09:30:00Z.',
        'articles/broken.md: broken front matter: Map keys must be unique (line 3).',
        'articles/dup.md: duplicate slug "dup": articles/dup/index.md is the same article; keep one of them.',
        'articles/missing-image.md: missing image "nope.png".',
        'articles/no-date.md: missing date in the front matter.',
        'articles/no-fm.md: no front matter: start the file with a --- block holding at least title and date.',
        'articles/no-index: this folder holds Markdown but no index.md: an article in a folder is <slug>/index.md.',
        'articles/no-title.md: missing title in the front matter.',
        'articles/outside.md: image "../site.config.yml" is outside the articles folder.',
        'articles/sneaky-svg/index.md: image "logo.png": SVG images are refused because they can carry scripts: use PNG, JPEG, WebP, GIF or AVIF.',
        'articles/svg/index.md: image "logo.svg": SVG images are refused because they can carry scripts: use PNG, JPEG, WebP, GIF or AVIF.',
        'articles/text-image/index.md: image "fake.png": unsupported image type: use PNG, JPEG, WebP, GIF or AVIF.',
      ].sort(),
    );
  });

  it('prints the list as one message without a stack trace', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'a.md', article('title: A'));
    writeFile(articles, 'b.md', article('date: 2024-01-01'));
    const error = await build(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFailure);
    expect((error as Error).message).toBe(
      'The content has 2 problems:\n  articles/a.md: missing date in the front matter.\n  articles/b.md: missing title in the front matter.',
    );
  });

  it('names the articles folder when it does not exist, and a bad site config', async () => {
    const { root } = makeRoot();
    expect(await problemsOf(join(root, 'nowhere'))).toEqual([expect.stringMatching(/site\.config\.yml: the site config file is missing/)]);
    await expect(build(root, { articlesDir: 'missing' })).rejects.toThrow('missing: the articles folder does not exist.');
    writeFileSync(join(root, 'site.config.yml'), 'name: X\n');
    await expect(build(root)).rejects.toThrow('site.config.yml: publisher is missing');
  });

  it('fails a production build without a key', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'a.md', article('title: A\ndate: 2024-01-01'));
    await expect(build(root, { env: {} })).rejects.toThrow('.keys/publisher.key: No publisher key: run npm run keygen.');
  });
});

describe('buildContent output', () => {
  it('signs the configured mirrors into the edition and writes the pointer to the current edition file', async () => {
    const { root, articles } = makeRoot(`${SITE_YAML}mirrors:\n  - https://mirror.example/news\n`);
    writeFile(articles, 'a.md', article('title: A\ndate: 2024-01-01'));
    const { files, report } = await build(root);
    const verified = await verifyBundle(parseBundle(files.get(report.editionFile)!), {
      keys: report.keys.map((publicKey) => ({ publicKey })),
    });
    expect(verified.editions[0]!.manifest.mirrors).toEqual(['https://mirror.example/news/']);
    expect(parseCurrentEdition(utf8Decode(files.get(CURRENT_EDITION_FILE)!))).toEqual({ edition: 1000, file: report.editionFile });
  });

  it('writes a signed edition, verifiable packs, media files and library.html', async () => {
    const { root, articles } = makeRoot();
    const png = solidPng(3, 20, 10);
    writeFile(
      articles,
      'first.md',
      article('title: First\ndate: 2024-01-01\nlang: fa', 'See [the second](second/) and [away](https://example.org).\n'),
    );
    writeFile(
      articles,
      'second/index.md',
      article('title: Second\ndate: 2024-02-01\nupdated: 2024-03-01', '# Big\n\n![A picture](pic.png)\n\n[back](../first.md)\n'),
    );
    writeFile(articles, 'second/pic.png', png);
    const { files, report } = await build(root);

    expect(report).toMatchObject({ articles: 2, media: 1, edition: 1000, devKey: true, keys: [expect.any(String)] });
    const edition = parseBundle(files.get(report.editionFile)!);
    const verified = await verifyBundle(edition, { keys: report.keys.map((publicKey) => ({ publicKey })) });
    const manifest = verified.editions[0]!.manifest;
    expect(manifest.articles.map((a) => a.id)).toEqual(['second', 'first']);
    expect(manifest.articles[0]).toMatchObject({
      title: 'Second',
      date: '2024-02-01',
      version: Date.UTC(2024, 2, 1) / 1000,
      lang: 'en',
      dir: 'ltr',
    });
    expect(manifest.articles[1]).toMatchObject({ lang: 'fa', dir: 'rtl' });
    expect(manifest.media[0]).toMatchObject({ type: 'image/png', size: png.length, width: 20, height: 10 });
    expect(manifest.created).toBe('2025-01-01T00:00:00.000Z');

    const sha = manifest.media[0]!.sha256;
    expect(files.get(`media/${sha}.png`)).toEqual(png);
    const bodies = new Map<string, string>();
    for (const pack of edition.packs!.packs) {
      const parsed = parseBundle(files.get(pack.url)!);
      const checked = await verifyPack(parsed, verified.editions[0]!);
      for (const a of checked.articles) bodies.set(a.meta.id, utf8Decode(a.body));
      expect(pack.bytes).toBe(files.get(pack.url)!.length);
    }
    expect(bodies.get('first')).toBe(
      '<p>See <a href="#/article/second">the second</a> and <a href="https://example.org" rel="noopener noreferrer" target="_blank">away</a>.</p>\n',
    );
    expect(bodies.get('second')).toContain(
      `<h2 id="user-content-big">Big</h2>\n<p><img src="media/${sha}.png" alt="A picture" width="20" height="10" loading="lazy" decoding="async"></p>`,
    );
    expect(bodies.get('second')).toContain('<a href="#/article/first">back</a>');

    const library = parseBundle(files.get('library.html')!);
    expect(library.articles.map((a) => a.id).sort()).toEqual(['first', 'second']);
    expect(library.media.map((m) => m.sha256)).toEqual([sha]);
    await verifyBundle(library, { keys: report.keys.map((publicKey) => ({ publicKey })) });

    // The data saver: picture packs are marked, and no bulk file carries text and pictures together.
    const mediaPacks = new Set(edition.packs!.packs.filter((p) => p.articles.length === 0).map((p) => p.url));
    expect(mediaPacks.size).toBe(1);
    for (const part of report.delivery) expect(part.media === true, part.url).toBe(mediaPacks.has(part.url));
    for (const bulk of new Set(report.delivery.map((d) => d.bulk))) {
      const kinds = new Set(report.delivery.filter((d) => d.bulk === bulk).map((d) => d.media === true));
      expect(kinds.size, `${bulk} carries one kind of pack`).toBe(1);
    }
  });

  it('is deterministic: the same input gives the same files', async () => {
    const { root, articles } = makeRoot();
    writeManyScriptLibrary(articles, 30);
    const a = await build(root);
    const b = await build(root);
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    for (const [name, bytes] of a.files) expect(b.files.get(name)).toEqual(bytes);
  });
});

describe('photos', () => {
  it('are published without where and by whom they were taken, still turned the right way, the same on every build', async () => {
    const { root, articles } = makeRoot();
    // A phone photo held upright (orientation 6) with GPS, an XMP creator and a comment.
    const photo = withSegments(TINY_JPEG, [
      exifSegment(6),
      jpegSegment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta dc:creator="Reporter Name"/>'),
      jpegSegment(0xfe, 'Reporter Name'),
    ]);
    writeFile(articles, 'street/index.md', article('title: Street\ndate: 2024-01-01', '![crowd](p.jpg)\n'));
    writeFile(articles, 'street/p.jpg', photo);
    const first = await build(root);
    const media = [...first.files].filter(([name]) => name.startsWith('media/'));
    expect(media).toHaveLength(1);
    const [name, bytes] = media[0]!;
    expect(Buffer.from(bytes).includes(Buffer.from(GPS_LATITUDE))).toBe(false);
    expect(Buffer.from(bytes).includes('Reporter')).toBe(false);
    expect(bytes.length).toBeLessThan(photo.length);
    expect(name).toBe(`media/${await sha256Hex(bytes)}.jpg`);
    // Turned a quarter: the page reserves 40 by 64, as the browser will show it.
    const edition = parseBundle(first.files.get(first.report.editionFile)!);
    const verified = await verifyBundle(edition, { keys: first.report.keys.map((publicKey) => ({ publicKey })) });
    expect(verified.editions[0]!.manifest.media[0]).toMatchObject({ type: 'image/jpeg', size: bytes.length, width: 40, height: 64 });
    const again = await build(root);
    expect(again.files.get(name)).toEqual(bytes);
  });

  it('that are damaged fail the build naming the article and the picture', async () => {
    const { root, articles } = makeRoot();
    writeFile(articles, 'street/index.md', article('title: Street\ndate: 2024-01-01', '![crowd](p.jpg)\n'));
    writeFile(articles, 'street/p.jpg', TINY_JPEG.subarray(0, 300));
    expect(await problemsOf(root)).toEqual([
      'articles/street/index.md: image "p.jpg": the image file is damaged: it is cut short or a part of it claims to be longer than the file.',
    ]);
  });
});

describe('pack stability', () => {
  it('changes exactly one pack when one article is edited, and only the last when a newest article is added', async () => {
    const { root, articles } = makeRoot();
    const slugs = writeManyScriptLibrary(articles, 400);
    const before = packNames((await build(root)).files);
    expect(before.length).toBeGreaterThan(4);

    const name = `${slugs[201]}.md`;
    writeFile(articles, name, `${readFileSync(join(articles, name), 'utf8')}\nOne more sentence after a correction.\n`);
    const edited = packNames((await build(root)).files);
    expect(edited.filter((p) => !before.includes(p))).toHaveLength(1);
    expect(before.filter((p) => !edited.includes(p))).toHaveLength(1);

    writeFile(articles, 'newest.md', article('title: Newest\ndate: 2030-01-01\nlang: en', 'Fresh news.\n'));
    const { files, report } = await build(root);
    const added = packNames(files);
    const index = parseBundle(files.get(report.editionFile)!).packs!.packs;
    // Text packs come first, media packs after them: the newest article lands in the last text pack.
    const text = index.filter((p) => p.articles.length > 0);
    const last = text.at(-1)!;
    expect(last.articles).toContain('newest');
    // Every other pack is one of the packs from before.
    for (const p of index.filter((q) => q !== last)) expect(edited).toContain(p.url);
    expect(added.filter((p) => !edited.includes(p))).toEqual([last.url]);
  });
});

describe('a 500-article library in many scripts', () => {
  it('builds, with every language in its direction, and a reader file holding every article', async () => {
    const { root, articles } = makeRoot();
    const slugs = writeManyScriptLibrary(articles, 500);
    const { files, report } = await build(root, { readerTemplate: undefined });
    expect(report.articles).toBe(500);
    // Small packs for small updates (far fewer than articles), carried to a first visit in a few bulk files.
    expect(report.packs).toBeGreaterThanOrEqual(6);
    expect(report.packs).toBeLessThanOrEqual(80);
    const bulks = new Set(report.delivery.map((d) => d.bulk));
    expect(bulks.size).toBeGreaterThanOrEqual(1);
    expect(bulks.size).toBeLessThanOrEqual(3);
    expect(report.delivery.length).toBe(report.packs);
    for (const bulk of bulks) {
      const parts = report.delivery.filter((d) => d.bulk === bulk);
      const joined = Buffer.concat(parts.map((p) => files.get(p.url)!));
      expect(Buffer.from(files.get(bulk)!).equals(joined), `${bulk} is its packs concatenated`).toBe(true);
    }
    // A first visit brings the newest articles first: the delivery starts with the last text pack of the index.
    const packIndex = parseBundle(files.get(report.editionFile)!).packs!.packs;
    const newestPack = packIndex.filter((p) => p.articles.length > 0).at(-1)!;
    expect(report.delivery[0]!.url).toBe(newestPack.url);
    expect(report.delivery.map((d) => d.url)).toEqual(deliveryOrder(packIndex).map((p) => p.url));

    const edition = parseBundle(files.get(report.editionFile)!);
    const manifest = (await verifyBundle(edition, { keys: report.keys.map((publicKey) => ({ publicKey })) })).editions[0]!.manifest;
    expect(manifest.articles.map((a) => a.id).sort()).toEqual([...slugs].sort());
    for (const a of manifest.articles) expect(a.dir).toBe(directionOf(a.lang));
    expect(new Set(manifest.articles.filter((a) => a.dir === 'rtl').map((a) => a.lang))).toEqual(new Set(['fa', 'ar', 'he', 'ur']));
    const packed = edition.packs!.packs.flatMap((p) => p.articles);
    expect(packed.sort()).toEqual([...slugs].sort());

    const library = files.get('library.html')!;
    const parsed = parseBundle(library);
    expect(parsed.articles).toHaveLength(500);
    expect(utf8Decode(library.subarray(0, 2000))).toContain('<html lang="en" dir="ltr">');
  }, 120_000);
});
