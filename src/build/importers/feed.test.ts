import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileFolder } from '../__fixtures__/compile-folder';
import { startTestServer, type TestServer } from '../__fixtures__/http-server';
import { solidPng } from '../__fixtures__/png';
import { BuildFailure } from '../errors';
import { importOptions as options, parseImportArgs, runImport } from './cli';
import { decodeFeed, feedDate, feedSlug } from './feed';

const FIXTURES = new URL('../__fixtures__/feeds/', import.meta.url).pathname;
const PNG = solidPng(3, 8, 6);
const JPEG = readFileSync(new URL('../__fixtures__/telegram-export/photos/photo_1@12-03-2025_08-30-00.jpg', import.meta.url));
let server: TestServer;
let origin = '';
const served: string[] = [];
let inFlight = 0;
let mostInFlight = 0;
let flakyDown = false;
const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];
const SALAM_1256 = [0xd3, 0xe1, 0xc7, 0xe3]; // "سلام" in windows-1256
/** An RSS feed in windows-1256 whose XML declaration names no encoding (`prolog` adds one). */
function rss1256(prolog = ''): Buffer {
  return Buffer.from([
    ...ascii(`<?xml version="1.0"${prolog}?>\n<rss version="2.0"><channel><title>Blog</title>`),
    ...ascii('<item><guid>https://example.org/?p=1</guid><title>'),
    ...SALAM_1256,
    ...ascii('</title><pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate><description>'),
    ...SALAM_1256,
    ...ascii('</description></item></channel></rss>'),
  ]);
}

beforeAll(async () => {
  server = await startTestServer((req, res, test) => {
    served.push(req.url ?? '');
    const feeds: Record<string, [string, string]> = {
      '/blog/feed/': ['rss.xml', 'application/rss+xml'],
      '/daily/feed.json': ['feed.json', 'application/feed+json'],
    };
    const feed = feeds[req.url ?? ''];
    if (feed) {
      res.writeHead(200, { 'content-type': feed[1] }).end(fixture(feed[0]));
    } else if (req.url === '/fa/feed/') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset="Windows-1256"' }).end(rss1256());
    } else if (req.url === '/odd/feed/') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=x-klingon' }).end(rss1256());
    } else if (req.url === '/endless/feed/') {
      // No content-length, and no end.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel><title>Blog</title><description>');
      test.endless(res, Buffer.alloc(2 * 1024 * 1024, 0x61), 10);
    } else if (req.url?.startsWith('/many/')) {
      // Each picture a moment late, to see how many are asked for at once.
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      }, 5);
    } else if (req.url === '/flaky.png') {
      if (flakyDown) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
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
  origin = server.origin;
});
afterAll(() => server.close());

/** A fixture feed with the local server's address in place of {{origin}}. */
function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8').replaceAll('{{origin}}', origin);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'or-feed-'));
}

/** A feed file in a temp folder. */
function feedFile(name: string, text: string | Uint8Array = fixture(name)): string {
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
    // The feed file names pictures on the test's loopback server: only the option lets a file's pictures come from there.
    const summary = await runImport('feed', [feedFile('rss.xml')], options(out, { allowPrivateAddresses: true }));
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

describe("import:feed, pictures on the publisher's own machine or network", () => {
  it('refuses the pictures a feed file names on this computer, with a warning, unless --allow-private-addresses', async () => {
    const file = feedFile(
      'feed.xml',
      `<rss version="2.0"><channel><title>Blog</title><item><guid>https://example.org/?p=1</guid><title>Post</title>
<pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate><description>&lt;p&gt;Text.&lt;/p&gt;&lt;img src="${origin}/img/photo.png" alt="x"&gt;</description>
<enclosure url="http://169.254.169.254/latest/meta-data/x.jpg" type="image/jpeg"/></item></channel></rss>`,
    );
    const out = tempDir();
    served.length = 0;
    const summary = await runImport('feed', [file], options(out));
    expect(summary.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(
        /^warning: .*feed\.xml: item 1 \(.*\): image http:\/\/169\.254\.169\.254\/latest\/meta-data\/x\.jpg dropped: refused: its address 169\.254\.169\.254 is on the local link/,
      ),
      expect.stringMatching(
        /: image http:\/\/127\.0\.0\.1:\d+\/img\/photo\.png dropped: refused: its address 127\.0\.0\.1 is on this computer, not on the internet\. .* run the import again with --allow-private-addresses\.$/,
      ),
    ]);
    expect(served).toEqual([]);
    // The article is there without them.
    expect(read(out, only(out, 'p-1-'))).toMatch(/\n---\n\nText\.\n$/);

    // (Without the enclosure: nothing here may try to reach a real network's metadata service.)
    const own = feedFile('own.xml', readFileSync(file, 'utf8').replace(/<enclosure[^>]*>/, ''));
    const parsed = parseImportArgs('feed', [own, '--allow-private-addresses', '--articles', tempDir()], {}, tempDir());
    if (parsed === 'help') throw new Error('help');
    expect(parsed.opts.allowPrivateAddresses).toBe(true);
    await runImport('feed', parsed.inputs, { ...parsed.opts, log: () => {} });
    expect(served).toEqual(['/img/photo.png']);
    expect(() => parseImportArgs('telegram', ['x', '--allow-private-addresses'], {}, tempDir())).toThrow(/allow-private-addresses/);
  });
});

describe('import:feed, Atom and JSON Feed', () => {
  it('reads Atom entries: xhtml and html content, published and updated, xml:lang, the feed author', async () => {
    const out = tempDir();
    const summary = await runImport('feed', [feedFile('atom.xml')], options(out, { allowPrivateAddresses: true }));
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

  it("imports a post that two of a site's section feeds list once: the newest copy, with both sections' tags", async () => {
    const section = (name: string, tag: string, text: string, updated: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${name}</title><id>https://news.example/${tag}/</id>` +
      `<entry><title>مقاله‌ای در دو بخش</title><id>https://news.example/2025/03/both</id><category term="${tag}"/>` +
      `<published>2025-03-11T05:00:00Z</published><updated>${updated}</updated><content type="text">${text}</content></entry>` +
      `<entry><title>Only ${tag}</title><id>https://news.example/2025/03/${tag}</id><published>2025-03-11T06:00:00Z</published>` +
      `<content type="text">Only in ${tag}.</content></entry></feed>`;
    const out = tempDir();
    const summary = await runImport(
      'feed',
      [
        feedFile('politics.xml', section('Politics', 'politics', 'متن نخست', '2025-03-11T05:00:00Z')),
        feedFile('economy.xml', section('Economy', 'economy', 'متن ویرایش‌شده', '2025-03-12T09:00:00Z')),
        // The same feed given twice changes nothing more.
        feedFile('politics-again.xml', section('Politics', 'politics', 'متن نخست', '2025-03-11T05:00:00Z')),
      ],
      options(out),
    );
    expect(summary.slice(0, 3)).toEqual([
      'Politics, Economy, Politics: 3 articles into ' + out,
      '3 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)',
      'skipped: 3 items read twice (the newest copy is kept)',
    ]);
    const both = read(out, only(out, 'both-'));
    expect(both).toContain('متن ویرایش‌شده');
    expect(both).not.toContain('متن نخست');
    expect(field(both, 'tags')).toBe('["politics", "economy"]');
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

/** The articles an import of `feeds` writes, as text. */
async function imported(feeds: string[]): Promise<{ texts: string[]; summary: string[] }> {
  const out = tempDir();
  const summary = await runImport('feed', feeds, options(out));
  return { texts: readdirSync(out).map((n) => read(out, n)), summary };
}

const field = (text: string, name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1];

describe('import:feed, text as the feed means it', () => {
  it('decodes numeric character references in an RSS title (WordPress writes &#8217; and &#038;)', async () => {
    const file = feedFile(
      'feed.xml',
      `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Blog</title><link>https://example.org/</link>
<item><guid>https://example.org/?p=1</guid><title>Tom &#038; Jerry&#8217;s day</title>
<pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate><description>Some text here.</description></item>
<item><guid>https://example.org/?p=2</guid><title>&#1587;&#1604;&#1575;&#1605; &#x062F;&#x0646;&#x06CC;&#x0627;</title>
<pubDate>Tue, 11 Mar 2025 06:00:00 GMT</pubDate></item>
</channel></rss>`,
    );
    const { texts } = await imported([file]);
    expect(texts.map((t) => field(t, 'title')).sort()).toEqual(['"Tom & Jerry’s day"', '"سلام دنیا"'].sort());
    // The Persian item is Persian.
    expect(texts.find((t) => t.includes('سلام'))).toMatch(/\nlang: fa\n/);
  });

  it('reads an Atom type="html" title as the text it shows', async () => {
    // Blogger and WordPress write html titles; "&amp;amp;" is an escaped "&amp;", i.e. the text "&".
    const file = feedFile(
      'atom.xml',
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title>
<entry><id>urn:uuid:1</id><title type="html">Tom &amp;amp; Jerry &amp;lt;3</title>
<published>2025-03-13T09:00:00Z</published><content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content></entry>
<entry><id>urn:uuid:2</id><title type="html"><![CDATA[Q&amp;A: &ldquo;safety&rdquo;]]></title>
<published>2025-03-13T10:00:00Z</published><content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content></entry>
</feed>`,
    );
    const { texts } = await imported([file]);
    expect(texts.map((t) => field(t, 'title')).sort()).toEqual(['"Q&A: “safety”"', '"Tom & Jerry <3"']);
  });

  it('decodes the HTML entities of an RSS description used as the summary', async () => {
    const file = feedFile(
      'feed.xml',
      `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title>
<item><guid>https://example.org/?p=1</guid><title>Post</title><pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate>
<description><![CDATA[Tom &amp; Jerry meet again [&#8230;]]]></description>
<content:encoded><![CDATA[<p>Tom &amp; Jerry meet again, at last.</p>]]></content:encoded></item>
</channel></rss>`,
    );
    const { texts } = await imported([file]);
    expect(texts[0]).toMatch(/^summary: "Tom & Jerry meet again \[…\]"$/m);
  });

  it('keeps decoded markup as text in titles, summaries and plain-text content', async () => {
    const out = tempDir();
    const file = feedFile(
      'atom.xml',
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title>
<entry><id>urn:uuid:1</id><title type="html">&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</title>
<published>2025-03-13T09:00:00Z</published><summary>&#60;img src=x onerror=alert(1)&#62;</summary>
<content type="text">&#60;script&#62;alert(2)&#60;/script&#62; &amp;lt;b&amp;gt;</content></entry>
</feed>`,
    );
    await runImport('feed', [file], options(out));
    const { articles, problems } = await compileFolder(out);
    expect(problems).toEqual([]);
    const [article] = [...articles.values()];
    expect(article!.meta!.meta.title).toBe('<script>alert(1)</script>');
    expect(article!.meta!.meta.summary).toBe('<img src=x onerror=alert(1)>');
    expect(article!.html).toContain('&lt;script&gt;alert(2)&lt;/script&gt; &amp;lt;b&amp;gt;');
    expect(article!.html).not.toMatch(/<script|<img|<b>/);
  });

  it('cuts a long title, author or summary between characters, never inside an emoji or a letter with its mark', async () => {
    const out = tempDir();
    const item = {
      id: 'https://example.org/long',
      date_published: '2025-03-11T05:00:00Z',
      title: `${'a'.repeat(999)}😀`,
      authors: [{ name: `${'b'.repeat(299)}😀` }],
      summary: `${'c'.repeat(3999)}😀`,
      content_text: 'Body.',
    };
    const decomposed = { ...item, id: 'https://example.org/marks', summary: `${'c'.repeat(3999)}e\u0301` };
    const file = feedFile(
      'feed.json',
      JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'F', items: [item, decomposed] }),
    );
    await runImport('feed', [file], options(out));
    const { articles, problems } = await compileFolder(out);
    expect(problems).toEqual([]);
    const meta = (slug: string) => [...articles].find(([s]) => s.startsWith(slug))![1].meta!.meta;
    expect(meta('long-').title).toBe('a'.repeat(999));
    expect(meta('long-').author).toBe('b'.repeat(299));
    expect(meta('long-').summary).toBe('c'.repeat(3999));
    expect(meta('marks-').summary).toBe('c'.repeat(3999));
  });

  it('titles an untitled item with the first line of its text as a reader sees it, marks and all', async () => {
    const item = (id: string, more: Record<string, string>) => ({ id, date_published: '2025-03-11T05:00:00Z', ...more });
    const file = feedFile(
      'feed.json',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Social',
        items: [
          item('https://social.example/1', {
            content_html: '<p>C# 12 (and F#) ship today: 2 &lt; 3 * 4 — see notes_v2 &amp; `x` ~y~ #tag &gt; [a]</p><p>Second.</p>',
          }),
          item('https://social.example/2', {
            content_html: '<p>می&zwnj;خواهم <b>کتاب</b> <a href="https://e.example">بخوانم</a><br>خط دوم</p>',
          }),
          item('https://social.example/3', { content_text: 'a_b *c* [d](e) \\ <i>\nsecond' }),
        ],
      }),
    );
    const { texts } = await imported([file]);
    expect(texts.map((t) => JSON.parse(field(t, 'title')!)).sort()).toEqual(
      [
        'C# 12 (and F#) ship today: 2 < 3 * 4 — see notes_v2 & `x` ~y~ #tag > [a]',
        'می\u200Cخواهم کتاب بخوانم',
        'a_b *c* [d](e) \\ <i>',
      ].sort(),
    );
  });

  it('resolves relative links in an Atom entry against xml:base', async () => {
    const file = feedFile(
      'atom.xml',
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/blog/"><title>Notes</title>
<link href="./"/>
<entry><id>urn:uuid:1</id><title>First</title><link href="posts/1/"/>
<published>2025-03-13T09:00:00Z</published>
<content type="html">&lt;p&gt;Read &lt;a href="/about/"&gt;about us&lt;/a&gt; and &lt;a href="contact/"&gt;write&lt;/a&gt; first.&lt;/p&gt;</content></entry>
</feed>`,
    );
    const { texts } = await imported([file]);
    expect(texts[0]).toContain('Read [about us](<https://example.org/about/>) and [write](<https://example.org/blog/contact/>) first.');
  });

  it("resolves an RSS item's relative link against the channel's, and the content's links against it", async () => {
    const file = feedFile(
      'feed.xml',
      `<rss version="2.0"><channel><title>Blog</title><link>https://example.org/blog/</link>
<item><guid>p1</guid><link>posts/1/</link><title>Post</title><pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate>
<description>&lt;p&gt;See &lt;a href="notes/"&gt;the notes&lt;/a&gt;.&lt;/p&gt;</description></item></channel></rss>`,
    );
    const { texts } = await imported([file]);
    expect(texts[0]).toContain('See [the notes](<https://example.org/blog/posts/1/notes/>).');
  });
});

describe('import:feed, tables', () => {
  it('carries the images of a table, resolves and checks its links, and keeps a blank line in a cell from ending it', async () => {
    const table =
      '<table><tr><td><img src="../img/photo.png" alt="a &quot;photo&quot;" srcset="https://tracker.example/x.png 2x"></td>' +
      '<td><a href="notes/">the notes</a> and <a href="javascript:alert(1)">bad</a></td></tr>' +
      '<tr><td><pre>a\n\n*x* [l](https://e.example)\n \n</pre></td><td><img src="/img/missing.png" alt="gone"></td></tr></table>';
    const file = feedFile(
      'feed.xml',
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title><link>${origin}/blog/</link>
<item><guid>https://example.org/t</guid><title>Table</title><pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Before.</p>${table}<p>After.</p>]]></content:encoded></item></channel></rss>`,
    );
    const out = tempDir();
    const summary = await runImport('feed', [file], options(out, { allowPrivateAddresses: true }));
    expect(summary.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(/image http:\/\/127\.0\.0\.1:\d+\/img\/missing\.png dropped/),
    ]);
    expect(readdirSync(join(out, only(out, 't-'))).sort()).toEqual(['image-1.png', 'index.md']);
    const { articles, problems, warnings } = await compileFolder(out);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    const [article] = [...articles.values()];
    expect(article!.meta!.images).toHaveLength(1);
    const { html } = article!;
    expect(html).toMatch(/<td><img [^>]*alt="a &quot;photo&quot;"/);
    expect(html).not.toMatch(/tracker\.example|missing|alt="gone"|javascript:/);
    expect(html).toContain(`<a href="${origin}/blog/notes/"`);
    expect(html).toContain('and bad</td>');
    expect(html).toMatch(/<pre>a\n\n\*x\* \[l\]\(https:\/\/e\.example\)\n \n<\/pre>/);
    expect(html).not.toContain('href="https://e.example"');
    expect(html).toContain('<p>After.</p>');
  });
});

describe('import:feed, hostile or odd items', () => {
  const rss = (items: string): string =>
    feedFile(
      'feed.xml',
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Blog</title><link>https://example.org/</link>${items}</channel></rss>`,
    );
  const item = (guid: string, more: string, date = 'Tue, 11 Mar 2025 05:00:00 GMT'): string =>
    `<item><guid>https://example.org/${guid}</guid><pubDate>${date}</pubDate>${more}</item>`;

  it("keeps a table's structure and text, but none of its scripts, styles, page-level elements or outside addresses", async () => {
    const table =
      '<table onclick="alert(1)" style="width:100%" background="http://tracker.example/bg.png"><tr>' +
      '<th scope="col" onmouseover="alert(2)" title="Year">Year</th><td colspan="2" style="color:red">1404</td></tr>' +
      '<tr><td><base href="http://evil.example/"><meta http-equiv="refresh" content="0;url=http://evil.example/">' +
      '<link rel="stylesheet" href="http://evil.example/x.css"><q cite="http://tracker.example/q">quote</q>' +
      '<a href="https://example.org/a" onclick="alert(3)" style="x" ping="http://tracker.example/p">link</a></td></tr></table>';
    const { texts } = await imported([
      rss(item('t', `<title>Table</title><content:encoded><![CDATA[${table}<p>After.</p>]]></content:encoded>`)),
    ]);
    expect(texts[0]).toContain(
      '<table><tbody><tr><th scope="col" title="Year">Year</th><td colspan="2">1404</td></tr><tr><td><q>quote</q><a href="https://example.org/a">link</a></td></tr></tbody></table>',
    );
    expect(texts[0]).not.toMatch(/on\w+=|style=|evil|tracker|<base|<meta|<link|background|ping/);
  });

  it('writes no empty article for an untitled item whose only pictures could not be downloaded', async () => {
    const out = tempDir();
    const summary = await runImport(
      'feed',
      [rss(item('only-picture', `<description>&lt;p&gt;&lt;img src="${origin}/img/missing.png"&gt;&lt;/p&gt;</description>`))],
      options(out, { allowPrivateAddresses: true }),
    );
    expect(readdirSync(out)).toEqual([]);
    expect(summary).toContain('skipped: 1 items without text');
    expect(summary).toContainEqual(expect.stringMatching(/only-picture\): image .*missing\.png dropped: the server answered 404\.$/));
  });

  it('writes no field the build would refuse: only invisible characters, or a fallback title from a very long feed name', async () => {
    const out = tempDir();
    const file = feedFile(
      'feed.xml',
      `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${'خبر '.repeat(300)}</title><link>https://example.org/</link>` +
        item(
          'rlm',
          '<title>&#8207;</title><dc:creator>&#8204;</dc:creator><category>&#8206;</category><category>خبر</category><description>متن کوتاه.</description>',
        ) +
        item('tags-only', '<description>#تگ</description>') +
        '</channel></rss>',
    );
    await runImport('feed', [file], options(out));
    const { articles, problems } = await compileFolder(out);
    expect(problems).toEqual([]);
    const meta = (slug: string) => [...articles].find(([s]) => s.startsWith(slug))![1].meta!.meta;
    expect(meta('rlm-').title).toBe('متن کوتاه.');
    expect(meta('rlm-').author).toBeUndefined();
    expect(meta('rlm-').tags).toEqual(['خبر']);
    expect(meta('tags-only-').title).toMatch(/^(خبر )+.*· 2025-03-11$/);
  });

  it('warns about an item dated in the future, and imports it', async () => {
    const { texts, summary } = await imported([
      rss(item('later', '<title>Later</title><description>Soon.</description>', 'Sat, 11 Mar 2090 05:00:00 GMT')),
    ]);
    expect(texts[0]).toMatch(/^date: "2090-03-11T05:00:00\.000Z"$/m);
    expect(summary).toContainEqual(expect.stringMatching(/later\): its date 2090-03-11 is in the future; check the feed's dates\.$/));
  });

  it('keeps an imported article with its pictures when a run again cannot download them, unless --overwrite', async () => {
    const feed = (text: string): string =>
      rss(item('flaky', `<title>Flaky</title><description>&lt;p&gt;${text}&lt;/p&gt;&lt;img src="${origin}/flaky.png"&gt;</description>`));
    const out = tempDir();
    const opts = options(out, { allowPrivateAddresses: true });
    flakyDown = false;
    await runImport('feed', [feed('First.')], opts);
    const folder = only(out, 'flaky-');
    expect(readdirSync(join(out, folder)).sort()).toEqual(['image-1.png', 'index.md']);
    try {
      flakyDown = true;
      // The item changed meanwhile, but the run cannot get its picture: the article stays as it was, and says so.
      const again = await runImport('feed', [feed('Edited.')], opts);
      expect(again[1]).toBe(
        '0 new, 0 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite), 1 kept for missing pictures',
      );
      expect(again).toContain(
        `  kept: ${folder}/index.md as it was: 1 picture could not be downloaded this time (run the import again later; --overwrite updates it without them)`,
      );
      expect(readdirSync(join(out, folder)).sort()).toEqual(['image-1.png', 'index.md']);
      expect(read(out, `${folder}/index.md`)).toContain('First.');
      const forced = await runImport('feed', [feed('Edited.')], { ...opts, overwrite: true });
      expect(forced[1]).toBe('0 new, 1 updated, 0 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
      expect(read(out, only(out, 'flaky-'))).toContain('Edited.');
    } finally {
      flakyDown = false;
    }
  });

  it('downloads a few pictures at a time, and at most 200 of an item', async () => {
    const imgs = Array.from({ length: 230 }, (_, n) => `<img src="${origin}/many/${n}.png" alt="${n}">`).join('');
    const out = tempDir();
    mostInFlight = 0;
    const summary = await runImport(
      'feed',
      [rss(item('album', `<title>Album</title><content:encoded><![CDATA[<p>Many.</p>${imgs}]]></content:encoded>`))],
      options(out, { allowPrivateAddresses: true }),
    );
    expect(summary.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(/album\): has 230 pictures; only the first 200 are downloaded, the others are left out\.$/),
    ]);
    expect(mostInFlight).toBeLessThanOrEqual(6);
    const folder = only(out, 'album-');
    // 200 pictures and index.md; the 30 left out leave nothing behind.
    expect(readdirSync(join(out, folder))).toHaveLength(201);
    expect(read(out, `${folder}/index.md`)).not.toMatch(/!\[2[0-2]\d\]|\uE000/);
  }, 20_000);
});

describe('import:feed, character encodings', () => {
  it('decodes a feed saved in the encoding its XML declaration names', async () => {
    const { texts } = await imported([feedFile('feed.xml', rss1256(' encoding="windows-1256"'))]);
    expect(texts[0]).toMatch(/^title: "سلام"$/m);
    expect(texts[0]).toMatch(/^lang: fa$/m);
    expect(texts[0]).not.toContain('\uFFFD');
  });

  it("decodes a download by the charset of the server's Content-Type", async () => {
    const { texts } = await imported([`${origin}/fa/feed/`]);
    expect(texts[0]).toMatch(/^title: "سلام"$/m);
  });

  it('lets a byte order mark outrank the other declarations, and reads UTF-16', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="windows-1256"?><a>سلام</a>')]);
    expect(decodeFeed(utf8, 'iso-8859-1')).toEqual({ text: '<?xml version="1.0" encoding="windows-1256"?><a>سلام</a>' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>سلام</a>', 'utf16le')]);
    expect(decodeFeed(le).text).toBe('<a>سلام</a>');
    // UTF-16 without a byte order mark, told by its first bytes.
    expect(decodeFeed(Buffer.from('<?xml version="1.0"?><a>سلام</a>', 'utf16le')).text).toBe('<?xml version="1.0"?><a>سلام</a>');
    // A declaration that can be read as ASCII is not UTF-16, whatever it says; no declaration means UTF-8.
    expect(decodeFeed(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a>سلام</a>')).text).toContain('سلام');
    expect(decodeFeed(Buffer.from('{"title": "سلام"}')).text).toBe('{"title": "سلام"}');
  });

  it('imports a feed with a few broken bytes, and says so', async () => {
    const text = Buffer.concat([
      Buffer.from(`<rss version="2.0"><channel><title>Blog</title><item><guid>https://example.org/?p=1</guid><title>Post `),
      Buffer.from([0xff]),
      Buffer.from('</title><pubDate>Tue, 11 Mar 2025 05:00:00 GMT</pubDate><description>Text</description></item></channel></rss>'),
    ]);
    const { texts, summary } = await imported([feedFile('feed.xml', text)]);
    expect(texts[0]).toMatch(/^title: "Post \uFFFD"$/m);
    expect(summary).toContainEqual(expect.stringMatching(/feed\.xml: some bytes are not valid utf-8 \(the encoding the default gives\)/));
  });
});

describe('import:feed, dates', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = savedTz;
  });

  function rssDated(pubDate: string): string {
    return feedFile(
      'feed.xml',
      `<rss version="2.0"><channel><title>Blog</title><item><guid>https://example.org/?p=1</guid><title>Post</title>
<pubDate>${pubDate}</pubDate><description>Text</description></item></channel></rss>`,
    );
  }

  it('reads a date without a zone as UTC whatever the machine time zone, like front matter does', async () => {
    process.env.TZ = 'Asia/Tehran';
    const { texts } = await imported([rssDated('Tue, 11 Mar 2025 05:00:00')]);
    expect(texts[0]).toMatch(/^date: "2025-03-11T05:00:00\.000Z"$/m);
  });

  it('reads RFC 822 with the variants feeds write, and ISO 8601', () => {
    const cases: Array<[string, string]> = [
      ['Tue, 11 Mar 2025 05:00:00 GMT', '2025-03-11T05:00:00.000Z'],
      ['Tue, 11 Mar 2025 08:30:00 +0330', '2025-03-11T05:00:00.000Z'],
      ['Tue, 11 Mar 2025 08:30:00 +03:30', '2025-03-11T05:00:00.000Z'],
      ['Tue, 11 Mar 2025 05:00:00 -0000', '2025-03-11T05:00:00.000Z'],
      ['Tue, 11 Mar 2025 08:30 IRST', '2025-03-11T05:00:00.000Z'],
      ['Tuesday, 11 March 2025 00:00:00 EST', '2025-03-11T05:00:00.000Z'],
      ['11 Mar 25 5:00:00 Z', '2025-03-11T05:00:00.000Z'],
      ['Tue, 11 Mar 2025 06:00:00 +0100 (CET)', '2025-03-11T05:00:00.000Z'],
      ['tue, 11 sept 2025 05:00:00 ut', '2025-09-11T05:00:00.000Z'],
      ['Mon, 1 Jan 99 00:00:00 GMT', '1999-01-01T00:00:00.000Z'],
      ['2025-03-11T05:00:00Z', '2025-03-11T05:00:00.000Z'],
      ['2025-03-11T08:30:00.5+03:30', '2025-03-11T05:00:00.500Z'],
      ['2025-03-11 05:00:00', '2025-03-11T05:00:00.000Z'],
      ['2025-03-11', '2025-03-11T00:00:00.000Z'],
    ];
    for (const [v, iso] of cases) expect([v, feedDate(v)]).toEqual([v, iso]);
  });

  it('refuses what only a lenient parser would read, another calendar, or an impossible date', () => {
    for (const v of [
      'yesterday',
      '1403/01/15 10:30',
      '1403-01-15T10:30:00+03:30',
      '03/11/2025',
      'March 11, 2025',
      'Tue Mar 11 2025 05:00:00 GMT+0000',
      'Tue, 11 Mar 2025',
      'Tue, 31 Feb 2025 05:00:00 GMT',
      'Tue, 11 Mar 2025 25:00:00 GMT',
      'Tue, 11 Foo 2025 05:00:00 GMT',
      'Tue, 11 Mar 2025 05:00:00 IST',
      'Tue, 11 Mar 2025 05:00:00 +2500',
      // Before the build's first year: the article would fail the build.
      'Mon, 01 Jan 1855 00:00:00 GMT',
      '1899-12-31T23:59:59Z',
    ]) {
      expect([v, feedDate(v)]).toEqual([v, undefined]);
    }
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
    [
      'a Solar Hijri date',
      () => feedFile('rss.xml', fixture('rss.xml').replace(/<pubDate>Wed[^<]*<\/pubDate>/, '<pubDate>1403/01/15 10:30</pubDate>')),
      /rss\.xml: item 2 \(.*share-offline\/\): has a date that cannot be read: "1403\/01\/15 10:30"\. A feed's dates are Gregorian/,
    ],
    [
      'an encoding this program cannot read (XML declaration)',
      () => feedFile('odd.xml', rss1256(' encoding="x-mac-klingon"')),
      /odd\.xml: is in the character encoding "x-mac-klingon" \(its XML declaration says so\), which this program cannot read: save or serve the feed as UTF-8\./,
    ],
    [
      "an encoding this program cannot read (the server's Content-Type)",
      () => `${origin}/odd/feed/`,
      /\/odd\/feed\/: is in the character encoding "x-klingon" \(the server's Content-Type says so\), which this program cannot read/,
    ],
    [
      'a download without end',
      () => `${origin}/endless/feed/`,
      /\/endless\/feed\/: is larger than 32 MB, which no feed is: is this the address of a feed\?/,
    ],
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
