import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../markdown';
import { createArticleSanitizer } from '../sanitizer';
import { htmlToMarkdown, imagePlaceholder } from './html-markdown';

const PAGE = 'https://example.org/post/1';

describe('htmlToMarkdown, images', () => {
  it('finds the picture of a lazy-loaded or srcset-only <img>, and never takes the page itself for one', () => {
    const { markdown, images } = htmlToMarkdown(
      '<p>a</p><img srcset="/p-300.jpg 300w, /p-1024.jpg 1024w, /p-4000.jpg 4000w" alt="wide">' +
        '<img data-src="https://cdn.example.org/q.jpg" alt="lazy">' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-original="/r.jpg" alt="placeholder">' +
        '<img srcset="/d.jpg, /d2.jpg 2x, /d3.jpg 3x" alt="dense">' +
        '<img src="" alt="empty"><img alt="none"><img src="#top" alt="fragment"><img src="  " srcset=" , " alt="blank">',
      PAGE,
    );
    expect(images).toEqual([
      // The widest candidate up to 1600 pixels, the densest up to 2x.
      { src: 'https://example.org/p-1024.jpg', alt: 'wide' },
      { src: 'https://cdn.example.org/q.jpg', alt: 'lazy' },
      { src: 'https://example.org/r.jpg', alt: 'placeholder' },
      { src: 'https://example.org/d2.jpg', alt: 'dense' },
    ]);
    expect(images.map((i) => i.src)).not.toContain(PAGE);
    expect(markdown).toBe(
      `a\n\n![wide](${imagePlaceholder(0)})![lazy](${imagePlaceholder(1)})![placeholder](${imagePlaceholder(2)})![dense](${imagePlaceholder(3)})`,
    );
  });

  it('keeps src first, and reads a srcset whose addresses hold commas', () => {
    const { images } = htmlToMarkdown(
      '<img src="/a.jpg" data-src="/b.jpg" srcset="/c.jpg 2x"><img srcset="https://img.example/w_800,h_600/x.jpg 800w, https://img.example/w_2000,h_1500/x.jpg 2000w">',
      PAGE,
    );
    expect(images.map((i) => i.src)).toEqual(['https://example.org/a.jpg', 'https://img.example/w_800,h_600/x.jpg']);
  });

  it('collects the picture of a lazy-loaded <img> in a table too, and drops one with no source', () => {
    const { markdown, images } = htmlToMarkdown(
      '<table><tr><td><img data-src="/t.jpg" alt="t"><img src="" alt="u"></td></tr></table>',
      PAGE,
    );
    expect(images).toEqual([{ src: 'https://example.org/t.jpg', alt: 't' }]);
    expect(markdown).toContain(`<img src="${imagePlaceholder(0)}" alt="t">`);
    expect(markdown).not.toContain('alt="u"');
  });
});

describe('htmlToMarkdown, direction, quotes and disclosures', () => {
  const sanitize = createArticleSanitizer();
  /** The article HTML the build makes of it (rendered, then sanitised). */
  const html = (source: string): string =>
    sanitize(renderMarkdown(htmlToMarkdown(source, PAGE).markdown), { image: () => undefined, link: () => undefined });

  it('keeps the direction of a paragraph or span written in the other direction', () => {
    expect(html('<p>متن فارسی</p><p dir="ltr">Hello, <b>world</b>.</p><p>نسخهٔ <span dir="ltr">C++ 2.0</span> آمد</p>')).toBe(
      '<p>متن فارسی</p>\n<div dir="ltr">\n<p>Hello, <strong>world</strong>.</p>\n</div>\n<p>نسخهٔ <span dir="ltr">C++ 2.0</span> آمد</p>\n',
    );
    expect(html('<div dir="RTL"><p>سلام</p><p>دنیا</p></div>')).toBe('<div dir="rtl">\n<p>سلام</p>\n<p>دنیا</p>\n</div>');
    // Only the two directions, on no other attribute; text that looks like markup stays text.
    expect(html('<p dir="auto" onclick="x()">a &lt;div dir="ltr"&gt;</p><span dir="ltr"></span>')).toBe('<p>a &lt;div dir="ltr"&gt;</p>\n');
  });

  it("keeps the quotation of <q>, and a disclosure's summary apart from its text", () => {
    expect(html('<p>He said <q cite="https://t.example/">hi *there*</q>.</p>')).toBe('<p>He said <q>hi *there*</q>.</p>\n');
    expect(html('<details open ontoggle="alert(1)"><summary>More</summary>Hidden text</details>')).toBe(
      '<p>More</p>\n<p>Hidden text</p>\n',
    );
  });
});
