import { describe, expect, it } from 'vitest';
import { htmlText, parseFeed } from './feed-formats';

const rss = (items: string, head = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>${head}<rss version="2.0"><channel><title>Blog</title><link>https://example.org/</link>${items}</channel></rss>`;
const atom = (entries: string, attrs = ''): string =>
  `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"${attrs}><title>Notes</title>${entries}</feed>`;

describe('character references', () => {
  it('decodes numeric references in text and attributes, and leaves text that looks like markup as text', () => {
    const feed = parseFeed(
      rss(`<item><guid>https://example.org/?p=1&#038;x=2</guid><title>Tom &#038; Jerry&#8217;s &#x62F; &#60;script&#62;alert(1)&#60;/script&#62;</title>
<enclosure url="https://example.org/a.png?w=1&#038;h=2" type="image/png"/></item>`),
      'feed.xml',
    );
    const [item] = feed.items;
    expect(item!.id).toBe('https://example.org/?p=1&x=2');
    // A plain-text field: the text "<script>", which the article keeps as text (front matter, escaped Markdown).
    expect(item!.title).toBe('Tom & Jerry’s د <script>alert(1)</script>');
    expect(item!.images).toEqual(['https://example.org/a.png?w=1&h=2']);
  });

  it('decodes once: an escaped reference stays the text it stands for', () => {
    const feed = parseFeed(
      atom(
        `<entry><id>urn:x:1</id><title>A &amp;#038; B &amp;lt;b&amp;gt;</title><content type="text">&#60;b&#62;bold?&#60;/b&#62;</content></entry>`,
      ),
      'atom.xml',
    );
    expect(feed.items[0]!.title).toBe('A &#038; B &lt;b&gt;');
    expect(feed.items[0]!).toMatchObject({ content: '<b>bold?</b>', text: true });
  });

  it('decodes the invisible marks Persian sites write as HTML names (&zwnj; &zwj; &lrm; &rlm;), once', () => {
    const feed = parseFeed(
      `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>B</title>
<item><guid>g</guid><title>می&zwnj;خواهم &lrm;A&rlm; ل&zwj;</title><category>کتاب&zwnj;ها</category><dc:creator>علی&zwnj;رضا</dc:creator></item>
<item><guid>h</guid><title>&amp;zwnj; &amp;lrm;</title></item><item><guid>i</guid><title>&amp;amp;zwnj; &amp;amp;lrm;</title></item></channel></rss>`,
      'feed.xml',
    );
    const [first, second, third] = feed.items;
    expect(first!.title).toBe('می\u200Cخواهم \u200EA\u200F ل\u200D');
    expect(first!.tags).toEqual(['کتاب\u200Cها']);
    expect(first!.author).toBe('علی\u200Cرضا');
    // An RSS title is HTML-escaped text (see "RSS text fields" below): the XML's "&amp;zwnj;" is the HTML "&zwnj;",
    // a half-space; escaped once more it is the text "&zwnj;". Never decoded a third time.
    expect(second!.title).toBe('\u200C \u200E');
    expect(third!.title).toBe('&zwnj; &lrm;');
  });

  it('still refuses to expand DOCTYPE entities without bound', () => {
    const laughs =
      '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>';
    const nested = parseFeed(rss(`<item><guid>g</guid><title>${'&lol2;'.repeat(50)}</title></item>`, laughs), 'feed.xml');
    // An entity defined with references is not registered, so nothing multiplies.
    expect(nested.items[0]!.title!.length).toBeLessThan(400);
    const huge = `<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(9000)}">]>`;
    expect(() => parseFeed(rss(`<item><guid>g</guid><title>${'&big;'.repeat(20)}</title></item>`, huge), 'feed.xml')).toThrow(
      /^cannot be read as XML: .*limit exceeded/,
    );
    // An entity whose value is markup (or a reference to it) does not become markup either.
    const markup = '<!DOCTYPE rss [<!ENTITY s "&#60;script&#62;">]>';
    expect(parseFeed(rss('<item><guid>g</guid><title>&s;</title></item>', markup), 'feed.xml').items[0]!.title).not.toContain('<');
  });
});

describe('HTML in text fields', () => {
  it('reads an Atom type="html" title as the text it shows, and HTML-decodes an RSS description taken as the summary', () => {
    const feed = parseFeed(
      atom(`<entry><id>urn:x:1</id><title type="html">&lt;em&gt;Q&amp;amp;A&lt;/em&gt;: &amp;ldquo;x&amp;rdquo; &amp;lt;script&amp;gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>`),
      'atom.xml',
    );
    expect(feed.items[0]!.title).toBe('Q&A: “x” <script>');
    const withSummary = parseFeed(
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title>
<item><guid>g</guid><description>Caf&amp;eacute; &amp;amp; more&amp;nbsp;[&amp;#8230;] &amp;lt;b&amp;gt;</description>
<content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded></item></channel></rss>`,
      'feed.xml',
    );
    expect(withSummary.items[0]!.summary).toBe('Café & more\u00a0[…] <b>');
  });

  it('htmlText drops tags, scripts and styles, and decodes every named and numeric reference', () => {
    expect(htmlText('plain')).toBe('plain');
    expect(htmlText('a <b>b</b><script>c()</script><style>p{}</style> &zwnj;&hellip;&#x1F600;&amp &lt;i&gt;')).toBe('a b \u200c…😀& <i>');
  });
});

describe('Atom entries', () => {
  it('keeps xhtml content on its own entry when an empty <entry/> comes before it', () => {
    const feed = parseFeed(
      atom(`<entry/>
<entry><id>urn:x:1</id><title>One</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First</p></div></content></entry>
<entry><id>urn:x:2</id><title>Two</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Second &amp;lt;b&amp;gt; &#8217;</p></div></content></entry>`),
      'atom.xml',
    );
    expect(feed.items.map((i) => [i.id, i.content])).toEqual([
      ['urn:x:1', '<p>First</p>'],
      // Markup, read raw: its references are left for the HTML converter, decoded once there.
      ['urn:x:2', '<p>Second &amp;lt;b&amp;gt; &#8217;</p>'],
    ]);
  });

  it('resolves xml:base on the feed, then the entry, then the content, against the feed address; links against it', () => {
    const feed = parseFeed(
      atom(
        `<link href="./"/>
<entry xml:base="2025/"><id>urn:x:1</id><link href="post/"/><link rel="enclosure" type="image/png" href="a.png"/>
<content type="html" xml:base="media/">x</content></entry>
<entry><id>urn:x:2</id><link href="/other/"/><content type="html">y</content></entry>`,
        ' xml:base="blog/"',
      ),
      'https://example.org/feeds/atom.xml',
    );
    expect(feed.link).toBe('https://example.org/feeds/blog/');
    expect(feed.items[0]).toMatchObject({
      id: 'urn:x:1',
      link: 'https://example.org/feeds/blog/2025/post/',
      base: 'https://example.org/feeds/blog/2025/media/',
      images: ['https://example.org/feeds/blog/2025/a.png'],
    });
    expect(feed.items[1]).toMatchObject({ link: 'https://example.org/other/', base: 'https://example.org/feeds/blog/' });
  });

  it('without xml:base, resolves a relative link against the feed address only, and gives no base of its own', () => {
    const byUrl = parseFeed(atom('<entry><id>urn:x:1</id><link href="p/1/"/></entry>'), 'https://example.org/atom.xml');
    expect(byUrl.items[0]).toMatchObject({ link: 'https://example.org/p/1/', base: undefined });
    // A saved file has no address: the link stays as written (feed.ts then resolves it against the feed's own link).
    const file = parseFeed(atom('<entry><id>urn:x:1</id><link href="p/1/"/></entry>'), 'atom.xml');
    expect(file.items[0]).toMatchObject({ link: 'p/1/', base: undefined });
  });
});

describe('RSS text fields', () => {
  it('reads a title, author and category as the HTML-escaped text feeds write there, markup staying text', () => {
    const feed = parseFeed(
      `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title><![CDATA[Caf&eacute; &amp; co]]></title>
<item><guid>g</guid><title><![CDATA[حقوق&zwnj;بشر &laquo;خبر&raquo;]]></title><dc:creator><![CDATA[O&#8217;Brien]]></dc:creator>
<category><![CDATA[Q&amp;A]]></category></item>
<item><guid>h</guid><title>Tom &amp;amp; Jerry&amp;#8217;s &lt;b&gt;day&lt;/b&gt; AT&amp;T</title><author>a@example.org (Ann &amp;amp; Bo)</author></item>
<item><guid>i</guid><title><![CDATA[&nbsp;]]></title></item></channel></rss>`,
      'feed.xml',
    );
    expect(feed.name).toBe('Café & co');
    const [first, second, third] = feed.items;
    expect(first).toMatchObject({ title: 'حقوق\u200Cبشر «خبر»', author: 'O’Brien', tags: ['Q&A'] });
    expect(second).toMatchObject({ title: 'Tom & Jerry’s <b>day</b> AT&T', author: 'Ann & Bo' });
    expect(third!.title).toBeUndefined();
  });

  it('leaves Atom and JSON Feed titles as they are: they are not HTML-escaped', () => {
    const json = parseFeed(
      JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '1', title: 'A &amp; B' }] }),
      'feed.json',
    );
    expect(json.items[0]!.title).toBe('A &amp; B');
  });
});

describe('what names a feed', () => {
  it('is its Atom id, JSON Feed feed_url or RSS self link, else its title', () => {
    const key = (text: string): string | undefined => parseFeed(text, 'feed').key;
    expect(key(atom(''))).toBe('Notes');
    expect(key(atom('<id>urn:uuid:60a76c80</id>'))).toBe('urn:uuid:60a76c80');
    const json = { version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [] };
    expect(key(JSON.stringify(json))).toBe('J');
    expect(key(JSON.stringify({ ...json, feed_url: 'https://example.org/feed.json' }))).toBe('https://example.org/feed.json');
    expect(
      key(
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>B</title><atom:link rel="self" href="https://example.org/rss"/></channel></rss>',
      ),
    ).toBe('https://example.org/rss');
    expect(key('<rss version="2.0"><channel><title>B</title></channel></rss>')).toBe('B');
  });
});

describe('pictures named outside the text', () => {
  it('takes an enclosure without an address for none', () => {
    const feed = parseFeed(
      rss('<item><guid>g</guid><enclosure url="" type="image/png"/><enclosure url="https://example.org/a.png" type="image/png"/></item>'),
      'feed.xml',
    );
    expect(feed.items[0]!.images).toEqual(['https://example.org/a.png']);
  });
});
