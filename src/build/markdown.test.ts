import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderArticle, renderMarkdown } from './markdown';
import { createArticleSanitizer, type ArticleRefs } from './sanitizer';

const SHA = 'b'.repeat(64);
const refs: ArticleRefs = {
  image: (path) => (path === 'pic.png' ? { src: `media/${SHA}.png`, width: 10, height: 5 } : undefined),
  link: (path) => (path === 'other.md' || path === '../other/' ? '#/article/other' : undefined),
};
const sanitize = createArticleSanitizer();
const template = new JSDOM('').window.document.createElement('template');

/** Parse and serialise, so two HTML texts that mean the same DOM compare equal. */
function normalize(html: string): string {
  template.innerHTML = html;
  return template.innerHTML;
}

const CORPUS = [
  '# Title\n\nText with *em*, **strong**, `code` and ~~gone~~.\n\n## Two\n### Three ###\n#### Four\n##### Five\n###### Six',
  '[a](https://example.org "t") [b](http://x.example) [c](mailto:a@example.org) [d](tel:+15550100)',
  '[e](javascript:alert(1)) [f](other.md) [g](#sec) [h](#/settings) [i](#/article/x) [j](//evil.example) [k](/abs)',
  '[l](data:text/html,x) [m](vbscript:x) [n](JaVaScRiPt:alert(1)) [o](../other/) [p](missing.md) [q](#)',
  '<https://auto.example/path?q=1&r=2> <javascript:alert(1)> <me@example.org>',
  '![pic](pic.png) ![remote](https://t.example/a.png) ![data](data:image/png;base64,AAAA) ![](https://x.example/e.png)',
  '![alt *em* `c`](pic.png "A title") and [![inner](https://t.example/x.gif)](https://example.org)',
  '| a | b | c |\n|:--|--:|:-:|\n| 1 | **2** | [x](https://e.example) |',
  '```js\nlet a = "<script>alert(1)</script>";\n```\n\n    indented <code>\n\n```\nplain\n```',
  '3. three\n4. four\n\n- a\n- b\n  - nested\n\n> quote\n> > deeper\n\n---\n\nline  \nnext\\\nthird',
  'Entities: &amp; &copy; &#x3C;script&#x3E; &nbsp; \\<b\\> "quotes" & \'apostrophes\' < >',
  '[ref][1] and [other ref][two]\n\n[1]: https://example.org\n[two]: other.md "T"',
  'خواندن بدون اینترنت یعنی نوشته‌ها همیشه همراه شما هستند. [پیوند](https://example.org) ![تصویر](pic.png)',
  '* [ ] task\n* [x] done\n\nSetext\n======\n\nSub\n---',
  'A "quoted" word, no\u00a0break, `a "b" <c>` and [t](https://e.example "say \\"a <b>\\"\u00a0c") ![x "y"](pic.png)',
  '# Intro\n\nSee [two](#part-two), [بخش](#بخش-دوم).[^1] Again[^1] and[^n].\n\n## Part *two*\n\n## بخش دوم\n\n[^1]: A **note**.\n[^n]: Other.',
];

describe('renderArticle', () => {
  it.each(CORPUS.map((c, i) => [i, c]))('gives the same DOM as the DOM sanitiser for Markdown %i', (_i, markdown) => {
    const fast = renderArticle(markdown as string, refs);
    expect(fast.needsSanitizer).toBe(false);
    expect(normalize(fast.html)).toBe(normalize(sanitize(renderMarkdown(markdown as string), refs)));
    // Byte for byte as written back, so a reader file can carry the body as it is (src/core/reader-file.ts).
    expect(fast.html).toBe(normalize(fast.html));
  });

  it('applies the policy: h1 demoted, links and images checked', () => {
    const html = renderArticle(CORPUS.slice(0, 7).join('\n\n'), refs).html;
    expect(html).not.toMatch(/<h1|class=|style=/i);
    // Refused links stay as plain text; no attribute may carry them.
    expect(html).not.toMatch(/(?:href|src)="[^"]*(?:javascript:|vbscript:|data:|\/\/evil|t\.example)/i);
    expect(html).toContain(`<img src="media/${SHA}.png" alt="pic" width="10" height="5" loading="lazy" decoding="async">`);
    expect(html).toContain('<a href="https://example.org" title="t" rel="noopener noreferrer" target="_blank">a</a>');
    expect(html).toContain('<a href="#/article/other">f</a>');
    expect(html).toContain('<a href="#user-content-sec">g</a>');
    expect(html).toContain('<a>h</a>');
  });

  it('sends raw HTML to the DOM sanitiser', () => {
    expect(renderArticle('Hi <b>there</b>', refs).needsSanitizer).toBe(true);
    expect(renderArticle('<div>\n\n*x*\n\n</div>', refs).needsSanitizer).toBe(true);
    expect(renderArticle('Hi *there*', refs).needsSanitizer).toBe(false);
  });
});

/** Every `#x` href of a body and the ids it has (decoded, as the app's link handler looks them up). */
function anchorsOf(html: string): { hrefs: string[]; ids: string[] } {
  const doc = new JSDOM(html).window.document as unknown as {
    querySelectorAll(s: string): Iterable<{ getAttribute(n: string): string | null }>;
  };
  const hrefs = [...doc.querySelectorAll('a[href^="#"]')].map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1)));
  const ids = [...doc.querySelectorAll('[id]')].map((e) => e.getAttribute('id')!);
  return { hrefs, ids };
}

describe('links within an article', () => {
  const ARTICLE = [
    '# Intro',
    'See [the second part](#second-part), [the other](#second-part-1), [بخش](#بخش-دوم), [zwnj](#می‌خواهم-بدانم),',
    '[as written](#Second-Part) and [prefixed](#user-content-intro).[^1] Again[^1], and a named note[^note].',
    '## Second part',
    '## Second part',
    '## بخش دوم',
    '## می‌خواهم بدانم',
    '## Привет, *мир* `x`!',
    '[^1]: The *first* note.',
    '[^note]: The second.',
  ].join('\n\n');

  it('gives headings GitHub-style ids in any script, that the links point at after the id prefix', () => {
    for (const raw of [false, true]) {
      // Raw HTML sends the article through the DOM sanitiser: the same ids either way.
      const r = renderArticle(ARTICLE + (raw ? '\n\n<b>raw</b>' : ''), refs);
      expect(r.needsSanitizer).toBe(raw);
      const html = raw ? sanitize(r.html, refs) : r.html;
      expect(html).toContain('<h2 id="user-content-intro">Intro</h2>');
      expect(html).toContain('<h2 id="user-content-second-part">Second part</h2>');
      expect(html).toContain('<h2 id="user-content-second-part-1">Second part</h2>');
      expect(html).toContain('<h2 id="user-content-بخش-دوم">بخش دوم</h2>');
      // The zero-width non-joiner goes, as on GitHub; a link written with it still finds the heading.
      expect(html).toContain('<h2 id="user-content-میخواهم-بدانم">');
      expect(html).toContain('<h2 id="user-content-привет-мир-x">');
      const { hrefs, ids } = anchorsOf(html);
      expect(hrefs).toHaveLength(12);
      for (const href of hrefs) expect(ids).toContain(href);
      expect(r.deadAnchors).toEqual([]);
    }
  });

  it('numbers a Persian or Dari article’s footnote references in Persian digits, as its list is numbered', () => {
    for (const lang of ['fa', 'fa-IR', 'prs']) {
      for (const raw of [false, true]) {
        const html = renderArticle(`متن[^1] و باز[^2]${raw ? ' <b>x</b>' : ''}\n\n[^1]: یک.\n[^2]: دو.`, refs, lang).html;
        expect(html, `${lang}${raw ? ', raw HTML' : ''}`).toContain('>[۱]</a></sup>');
        expect(html).toContain('>[۲]</a></sup>');
      }
    }
    expect(renderArticle('Text[^1]\n\n[^1]: One.', refs, 'ar').html).toContain('>[1]</a></sup>');
  });

  it('renders footnotes with references and back-links that meet, in markup the sanitiser keeps as it is', () => {
    const html = renderArticle(ARTICLE, refs).html;
    expect(html).not.toContain('[^');
    expect(html).toContain('<sup><a href="#user-content-fn1" id="user-content-fnref1">[1]</a></sup>');
    expect(html).toContain('<sup><a href="#user-content-fn1" id="user-content-fnref1:1">[1]</a></sup>');
    expect(html).toContain(
      '<li id="user-content-fn1"><p>The <em>first</em> note. <a href="#user-content-fnref1">\u21a9\ufe0e</a> <a href="#user-content-fnref1:1">\u21a9\ufe0e</a></p>',
    );
    expect(html).toContain('<li id="user-content-fn2"><p>The second. <a href="#user-content-fnref2">\u21a9\ufe0e</a></p>');
    // The page sanitises again with the same policy before showing it: nothing may change (or be dropped).
    expect(sanitize(html, refs)).toBe(html);
  });

  it('reports a #link that nothing in the article answers, as written', () => {
    const r = renderArticle('## Here\n\n[a](#here) [b](#nowhere) [c](#جای-دیگر) [d](#/settings) [e](#)', refs);
    expect(r.deadAnchors).toEqual(['#nowhere', '#جای-دیگر']);
    // An id written in raw HTML is a target too.
    expect(renderArticle('<span id="mark">x</span> <i id=\'user-content-m2\'>y</i>\n\n[a](#mark) [b](#m2)', refs).deadAnchors).toEqual([]);
  });
});

describe('DOM sanitiser with build references', () => {
  it('resolves relative images and article links in raw HTML', () => {
    const out = sanitize(
      '<p><img src="pic.png" alt="p"><img src="nope.png" alt="gone"><a href="other.md">o</a><a href="x.pdf">x</a></p>',
      refs,
    );
    expect(out).toBe(
      `<p><img src="media/${SHA}.png" alt="p" width="10" height="5" loading="lazy" decoding="async">gone<a href="#/article/other">o</a><a>x</a></p>`,
    );
  });

  it('keeps sanitising correctly over many windows', () => {
    for (let i = 0; i < 250; i++) expect(sanitize(`<p onclick="x()">${i}</p><script>1</script>`, refs)).toBe(`<p>${i}</p>`);
  });
});
