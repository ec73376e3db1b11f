import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFolder } from '../__fixtures__/compile-folder';
import { importOptions as options, runImport } from './cli';
import { decodeFeed, feedKey, feedSlug } from './feed';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'or-feed-items-'));
const DATE = '<pubDate>Tue, 11 Mar 2025 08:30:00 +0000</pubDate>';

function feedFile(text: string, name = 'feed.xml'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

const rss = (items: string, channel: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://example.org/</link>${channel}${items}</channel></rss>`;
const item = (guid: string, title: string, text: string): string =>
  `<item><guid>https://example.org/${guid}</guid><title>${title}</title>${DATE}<description>${text}</description></item>`;

/** Import into a new folder: each article's language and direction as the build reads them, by title. */
async function langs(feed: string): Promise<Record<string, string>> {
  const out = tempDir();
  await runImport('feed', [feedFile(feed)], options(out));
  const built = await compileFolder(out);
  expect(built.problems).toEqual([]);
  return Object.fromEntries([...built.articles.values()].map(({ meta }) => [meta!.meta.title, `${meta!.meta.lang} ${meta!.meta.dir}`]));
}

describe('import:feed, the language of an item', () => {
  it("keeps a right-to-left feed language that is not Persian's script, and reads the text's script against it", async () => {
    expect(await langs(rss(item('1', 'כותרת בעברית', 'קריאה ללא חיבור שומרת את המילים איתך'), '<language>he</language>'))).toEqual({
      'כותרת בעברית': 'he rtl',
    });
    expect(await langs(rss(item('1', 'ייִדיש', 'א שיינע וועלט'), '<language>yi</language>'))).toEqual({ ייִדיש: 'yi rtl' });
    expect(await langs(rss(item('1', 'ދިވެހި', 'ދިވެހި ބަސް'), '<language>dv</language>'))).toEqual({ ދިވެހި: 'dv rtl' });
    expect(await langs(rss(item('1', 'کوردی', 'زمانی کوردی'), '<language>ckb</language>'))).toEqual({ کوردی: 'ckb rtl' });
  });

  it('does not keep a feed language that the script of the text contradicts', async () => {
    const mixed = [item('1', 'שלום עולם', 'טקסט בעברית'), item('2', 'سلام دنیا', 'متن فارسی'), item('3', 'Hello', 'An English post')].join(
      '',
    );
    // Hebrew text in a feed left at a platform's "en-US", or in a Persian one; Persian text in a Hebrew one.
    expect(await langs(rss(mixed, '<language>en-US</language>'))).toEqual({
      'שלום עולם': 'he rtl',
      'سلام دنیا': 'fa rtl',
      Hello: 'en-US ltr',
    });
    expect(await langs(rss(mixed, '<language>fa</language>'))).toEqual({ 'שלום עולם': 'he rtl', 'سلام دنیا': 'fa rtl', Hello: 'en ltr' });
    expect(await langs(rss(mixed, '<language>he</language>'))).toEqual({ 'שלום עולם': 'he rtl', 'سلام دنیا': 'fa rtl', Hello: 'en ltr' });
    // No language: the script decides.
    expect(await langs(rss(mixed, ''))).toEqual({ 'שלום עולם': 'he rtl', 'سلام دنیا': 'fa rtl', Hello: 'en ltr' });
  });

  it('decodes references in an RSS title written in CDATA, so their names count as no English', async () => {
    const out = tempDir();
    const title = '<![CDATA[حقوق&zwnj;بشر &laquo;خبر&raquo; it&#8217;s]]>';
    await runImport('feed', [feedFile(rss(item('1', title, 'متن'), '<language>fa</language>'))], options(out));
    const text = readFileSync(join(out, readdirSync(out)[0]!), 'utf8');
    expect(text).toMatch(/^title: "حقوق\u200Cبشر «خبر» it’s"$/m);
    expect(text).toMatch(/^lang: fa$/m);
  });
});

describe('import:feed, slugs', () => {
  it('gives ids that are not URLs the same slug however the file is named on the command line', async () => {
    /** A JSON Feed of one item whose id is "17", as a file. */
    const jsonFeed = (more: Record<string, string> = {}): string =>
      feedFile(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'J',
          ...more,
          items: [{ id: '17', content_text: 'hello world', date_published: '2025-03-11T08:30:00Z' }],
        }),
        'feed.json',
      );
    const file = jsonFeed();
    const out = tempDir();
    await runImport('feed', [file], options(out));
    const again = await runImport('feed', [relative(process.cwd(), file)], options(out));
    expect(again[1]).toBe('0 new, 0 updated, 1 unchanged, 0 kept as edited by hand, 0 replaced (--overwrite)');
    expect(readdirSync(out)).toEqual([`${feedSlug('17', 'J')}.md`]);
    // A feed with a link keeps the slugs it had: sha256 of the link, a newline and the id.
    const withLink = tempDir();
    await runImport('feed', [jsonFeed({ home_page_url: 'https://example.org/' })], options(withLink));
    expect(readdirSync(withLink)).toEqual(['17-462e85f5d8.md']);
  });

  it('keeps apart two feeds without a link downloaded from addresses that differ in their query, and ignores a fragment', () => {
    const feed = { title: 'News', items: [] } as unknown as Parameters<typeof feedKey>[0];
    // Stripping the query gave both the key "https://site.example/feed.php": item "17" of one replaced the other's.
    expect(feedKey(feed, 'https://site.example/feed.php?cat=3')).not.toBe(feedKey(feed, 'https://site.example/feed.php?cat=4'));
    expect(feedKey(feed, 'https://site.example/feed.php?cat=3#top')).toBe('https://site.example/feed.php?cat=3');
    expect(feedKey({ ...feed, link: 'https://site.example/' }, 'https://site.example/feed.php?cat=3')).toBe('https://site.example/');
  });

  it('gives an item whose address is long in Chinese letters a slug the build takes, and imports the feed', async () => {
    const id = `https://example.org/${encodeURIComponent('离'.repeat(60))}`;
    const out = tempDir();
    const summary = await runImport(
      'feed',
      [feedFile(rss(`<item><guid>${id}</guid><title>t</title>${DATE}<description>x</description></item>`, ''))],
      options(out),
    );
    expect(summary[1]).toMatch(/^1 new/);
    expect(readdirSync(out)).toEqual([`${'离'.repeat(55)}-${feedSlug(id, 'x').slice(-10)}.md`]);
    expect((await compileFolder(out)).problems).toEqual([]);
  });
});

describe('import:feed, a server that names the wrong character encoding', () => {
  const utf8 = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>سلام</title></channel></rss>');

  it('reads a feed that says it is UTF-8, and is, as UTF-8 whatever the server says, and tells the publisher', () => {
    for (const charset of ['ISO-8859-1', 'windows-1256']) {
      const { text, warning } = decodeFeed(utf8, charset);
      expect(text).toContain('<title>سلام</title>');
      expect(warning).toBe(
        `the server says the feed is in "${charset}", but its bytes are UTF-8, as the feed itself says: they were read as UTF-8. The site's Content-Type should say charset=UTF-8.`,
      );
    }
    const json = new TextEncoder().encode('{"title": "سلام"}');
    expect(decodeFeed(json, 'iso-8859-1')).toMatchObject({ text: '{"title": "سلام"}', warning: expect.stringContaining('read as utf-8') });
  });

  it('reads a windows-1256 feed served as UTF-8 in the encoding it declares', () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1256"?><a>'),
      Buffer.from([0xd3, 0xe1, 0xc7, 0xe3]),
      Buffer.from('</a>'),
    ]);
    expect(decodeFeed(bytes, 'utf-8')).toMatchObject({
      text: '<?xml version="1.0" encoding="windows-1256"?><a>سلام</a>',
      warning: expect.stringContaining('read as windows-1256'),
    });
  });

  it("keeps the server's word when the feed agrees, has nothing to say, or could be either", () => {
    expect(decodeFeed(utf8, 'utf-8')).toEqual({ text: new TextDecoder().decode(utf8) });
    const ascii = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><rss/>');
    expect(decodeFeed(ascii, 'iso-8859-1')).toEqual({ text: '<?xml version="1.0" encoding="UTF-8"?><rss/>' });
    const undeclared = new TextEncoder().encode('<rss><channel><title>é</title></channel></rss>');
    expect(decodeFeed(undeclared, 'iso-8859-1').text).toContain('Ã©');
    // Bytes that are not UTF-8, declared as UTF-8: the server's windows-1256 stands.
    const notUtf8 = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>'),
      Buffer.from([0xd3, 0xe1, 0xc7, 0xe3]),
      Buffer.from('</a>'),
    ]);
    expect(decodeFeed(notUtf8, 'windows-1256')).toEqual({ text: '<?xml version="1.0" encoding="UTF-8"?><a>سلام</a>' });
  });
});
