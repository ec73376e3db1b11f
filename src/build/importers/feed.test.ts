import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFolder } from '../__fixtures__/compile-folder';
import { solidPng } from '../__fixtures__/png';
import { BuildFailure } from '../errors';
import { importOptions as options, runImport } from './cli';
import { feedSlug } from './feed';

const FIXTURES = new URL('../__fixtures__/feeds/', import.meta.url).pathname;
const PNG = solidPng(3, 8, 6);
const JPEG = readFileSync(new URL('../__fixtures__/telegram-export/photos/photo_1@12-03-2025_08-30-00.jpg', import.meta.url));
let server: Server;
let origin = '';
const served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    const feeds: Record<string, [string, string]> = {
      '/blog/feed/': ['rss.xml', 'application/rss+xml'],
      '/daily/feed.json': ['feed.json', 'application/feed+json'],
    };
    const feed = feeds[req.url ?? ''];
    if (feed) {
      res.writeHead(200, { 'content-type': feed[1] }).end(fixture(feed[0]));
    } else if (req.url === '/img/photo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else if (req.url === '/img/photo.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
    else if (req.url === '/img/logo.svg')
      res
        .writeHead(200, { 'content-type': 'image/svg+xml' })
        .end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    else if (req.url === '/blog/') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/blog/feed/"></head><body>Blog</body></html>',
        );
    } else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A fixture feed with the local server's address in place of {{origin}}. */
function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8').replaceAll('{{origin}}', origin);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'or-feed-'));
}

/** A feed file in a temp folder. */
function feedFile(name: string, text = fixture(name)): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

/** The one article folder or file whose slug starts with `prefix`. */
function only(dir: string, prefix: string): string {
  const names = readdirSync(dir).filter((n) => n.startsWith(prefix));
  expect(names).toHaveLength(1);
  return names[0]!;
}

describe('import:feed, RSS 2.0 with content:encoded', () => {
  it('converts the HTML, downloads its images beside the article, and drops what cannot be carried', async () => {
    const out = tempDir();
    const summary = await runImport('feed', [feedFile('rss.xml')], options(out));
    expect(summary[1]).toBe('2 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    const fa = only(out, 'p-101-');
    expect(readdirSync(join(out, fa)).sort()).toEqual(['image-1.png', 'index.md']);
    expect(readFileSync(join(out, fa, 'image-1.png'))).toEqual(Buffer.from(PNG));
    const text = read(out, `${fa}/index.md`);
    expect(text).toMatch(
      /^---\ntitle: "اینترنت ملی چیست؟"\ndate: "2025-03-11T05:00:00.000Z"\nlang: fa-IR\nauthor: "مریم"\nsummary: "خلاصه‌ای کوتاه از اینترنت ملی."\ntags: \["اینترنت", "سانسور"\]\nimported: "feed http:\/\/127\.0\.0\.1:\d+\/blog\/\?p=101 sha256:[0-9a-f]{64}" # .*\n---\n\n/,
    );
    expect(text).toContain('**اینترنت ملی** شبکه‌ای *جدا* از اینترنت جهانی است.\n\n![نقشه‌ی شبکه](image-1.png)\n\n');
    expect(text).toContain('[گزارش کامل](<https://example.org/nin>) و این پیوند.');
    expect(text).toContain('<table><tbody><tr><th>سال</th><th>قطعی</th></tr>');
    expect(text).not.toMatch(/script|alert|missing\.png|گم‌شده/);
    expect(summary.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(
        /rss\.xml: item 1 \(.*\?p=101\): image http:\/\/127\.0\.0\.1:\d+\/img\/missing\.png dropped: the server answered 404\.$/,
      ),
    ]);

    const en = only(out, 'share-offline-');
    const enText = read(out, `${en}/index.md`);
    // The channel says fa-IR, but this item is in the Latin script.
    expect(enText).toContain('\nlang: en\n');
    expect(enText).toContain('\nauthor: "Sam Editor"\n');
    expect(enText).toContain(
      '---\n\n![How to share the library offline](image-1.jpg)\n\nSend one file by **Bluetooth** or a USB stick.\n\nIt opens in any browser.\n',
    );
    expect(readFileSync(join(out, en, 'image-1.jpg'))).toEqual(JPEG);
  });

  it('reads a feed by URL and leaves nothing the build would not take as it is', async () => {
    const out = tempDir();
    await runImport('feed', [`${origin}/blog/feed/`, feedFile('atom.xml'), feedFile('feed.json')], options(out));
    const { articles, problems, warnings } = await compileFolder(out);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(articles.size).toBe(6);
    for (const { html } of articles.values()) expect(html).not.toMatch(/<script|javascript:|alert|onerror|src="http/);
    const fa = [...articles.entries()].find(([slug]) => slug.startsWith('p-101-'))![1];
    expect(fa.html).toContain('<strong>اینترنت ملی</strong>');
    expect(fa.html).toContain('<table>');
    expect(fa.meta!.images).toHaveLength(1);
  });
});

describe('import:feed, Atom and JSON Feed', () => {
  it('reads Atom entries: xhtml and html content, published and updated, xml:lang, the feed author', async () => {
    const out = tempDir();
    const summary = await runImport('feed', [feedFile('atom.xml')], options(out));
    const safe = only(out, 'staying-safe-');
    const text = read(out, `${safe}/index.md`);
    expect(text).toMatch(
      /^---\ntitle: "Staying safe online"\ndate: "2025-03-13T09:00:00.000Z"\nupdated: "2025-03-14T11:00:00.000Z"\nlang: en\nauthor: "Notes Team"\nsummary: "Three habits that protect you."\ntags: \["safety"\]\n/,
    );
    expect(text).toContain('First, **update** your phone.\n\n![A phone](image-1.png)\n\n-   Use a PIN\n-   Back up\n');
    const note = only(out, 'short-note-');
    expect(note.endsWith('.md')).toBe(true);
    const noteText = read(out, note);
    expect(noteText).toContain('\nlang: fa\n');
    expect(noteText).toContain(`این یک [یادداشت](<${origin}/notes/>) کوتاه است.\n`);
    expect(summary.join('\n')).toMatch(
      /image http:\/\/127\.0\.0\.1:\d+\/img\/logo\.svg dropped: not a PNG, JPEG, WebP, GIF or AVIF image \(SVG is refused/,
    );
  });

  it('reads JSON Feed items: content_html with its image, content_text as plain text, date_modified', async () => {
    const out = tempDir();
    await runImport('feed', [`${origin}/daily/feed.json`], options(out));
    const morning = only(out, '2025-03-15-morning-');
    const text = read(out, `${morning}/index.md`);
    expect(text).toContain(
      'title: "Morning brief"\ndate: "2025-03-15T02:30:00.000Z"\nupdated: "2025-03-15T05:30:00.000Z"\nlang: en\nauthor: "Daily Desk"\ntags: ["brief", "daily"]\n',
    );
    expect(text).toContain('---\n\n![Morning brief](image-1.jpg)\n\nGood morning. ![Sunrise](image-2.png)\n\nTwo stories today.\n');
    const fa = only(out, '2025-03-16-fa-');
    const faText = read(out, fa);
    expect(faText).toContain('title: "خبر کوتاه امروز"\ndate: "2025-03-16T06:00:00.000Z"\nlang: fa\nauthor: "نیلوفر"\n');
    expect(faText).toContain('خبر کوتاه امروز\\\nبدون عنوان، فقط متن. \\<b\\>نه HTML\\</b\\>\n');
  });

  it('keeps slugs stable and hand edits on a second run', async () => {
    const out = tempDir();
    const file = feedFile('feed.json');
    await runImport('feed', [file], options(out));
    const fa = only(out, '2025-03-16-fa-');
    writeFileSync(join(out, fa), read(out, fa).replace('فقط متن', 'متن ویرایش‌شده'));
    const again = await runImport('feed', [file], options(out));
    expect(again[1]).toBe('0 new, 0 updated, 1 unchanged, 1 kept as edited by hand, 0 replaced (--overwrite)');
    expect(read(out, fa)).toContain('متن ویرایش‌شده');
    expect(feedSlug('https://example.org/2025/03/phone-safety/', 'x')).toBe(feedSlug('https://example.org/2025/03/phone-safety/', 'y'));
    expect(feedSlug('https://example.org/2025/03/phone-safety/', 'x')).toMatch(/^phone-safety-[0-9a-f]{10}$/);
    expect(feedSlug('42', 'https://a.example/feed')).not.toBe(feedSlug('42', 'https://b.example/feed'));
    expect(feedSlug('https://example.org/%D8%A7%DB%8C%D9%86%D8%AA%D8%B1%D9%86%D8%AA', 'x')).toMatch(/^اینترنت-[0-9a-f]{10}$/);
  });
});

describe('import:feed on bad input', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a web page instead of its feed',
      () => `${origin}/blog/`,
      /\/blog\/: is a web page \(HTML\), not a feed: .* The page names its feed: http:\/\/127\.0\.0\.1:\d+\/blog\/feed\//,
    ],
    ['a file that does not exist', () => join(tempDir(), 'nope.xml'), /nope\.xml: cannot be read: no such file\./],
    [
      'malformed XML',
      () => feedFile('rss.xml', fixture('rss.xml').replace('</channel>', '')),
      /rss\.xml: is not well-formed XML: .*\(line \d+\)\./,
    ],
    [
      'an item without a date',
      () => feedFile('rss.xml', fixture('rss.xml').replace(/<pubDate>Wed[^<]*<\/pubDate>/, '')),
      /rss\.xml: item 2 \(.*share-offline\/\): has no date/,
    ],
    [
      'an unreadable date',
      () => feedFile('feed.json', fixture('feed.json').replace('2025-03-16T06:00:00Z', 'yesterday')),
      /feed\.json: item 2 \(2025-03-16-fa\): has a date that cannot be read: "yesterday"\./,
    ],
    ['JSON that is not a JSON Feed', () => feedFile('feed.json', '{"items": []}'), /feed\.json: is JSON but not a JSON Feed/],
    ['a server error', () => `${origin}/gone.xml`, /gone\.xml: cannot be downloaded: the server answered 404/],
  ];
  for (const [what, make, message] of cases) {
    it(`names the feed and the item for ${what}, and writes nothing`, async () => {
      const out = tempDir();
      let text = '';
      try {
        await runImport('feed', [feedFile('atom.xml'), make()], options(out));
      } catch (e) {
        if (!(e instanceof BuildFailure)) throw e;
        text = e.message;
      }
      expect(text).toMatch(message);
      expect(readdirSync(out)).toEqual([]);
    });
  }
});
