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
