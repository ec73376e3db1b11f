import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleRoute, installSanitizerHooks, SANITIZE_CONFIG } from './sanitize-policy';

const SHA = 'a'.repeat(64);
let clean: (html: string) => string;

beforeAll(() => {
  const purify = createDOMPurify(new JSDOM('').window as never);
  installSanitizerHooks(purify);
  clean = (html) => purify.sanitize(html, SANITIZE_CONFIG);
});

describe('article sanitiser policy', () => {
  it('keeps ordinary article markup', () => {
    const html =
      '<h2>T</h2><p><em>a</em> <strong>b</strong> <code>c</code></p><ul><li>x</li></ul><blockquote><p>q</p></blockquote>' +
      '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table><hr>' +
      '<details open=""><summary>s</summary>d</details><dl><dt>t</dt><dd>d</dd></dl><p><mark>m</mark><sup>1</sup></p>';
    expect(clean(html)).toBe(html);
  });

  it('removes scripts, styles, iframes, forms and embedded documents with their code', () => {
    const out = clean(
      '<p>a</p><script>alert(1)</script><style>p{}</style><iframe src="https://x.example"></iframe>' +
        '<object data="x"></object><embed src="x"><form action="https://x.example"><input name="q"><button>Go</button></form>' +
        '<link rel="stylesheet" href="https://x.example/a.css"><meta http-equiv="refresh" content="0"><base href="https://x.example/">' +
        '<template><img src=x onerror=alert(1)></template>',
    );
    expect(out).not.toMatch(/script|style|iframe|object|embed|form|input|link|meta|base|template|alert|onerror/i);
    expect(out).toContain('<p>a</p>');
  });

  it('drops every event handler, style and srcset', () => {
    const out = clean(
      `<p onclick="alert(1)" style="color:red" onmouseover="x()">t</p><img src="media/${SHA}.png" srcset="https://x.example/a.png 2x" onerror="alert(1)" alt="a">`,
    );
    expect(out).toBe(`<p>t</p><img src="media/${SHA}.png" alt="a" loading="lazy" decoding="async">`);
  });

  it('removes javascript:, data: and vbscript: links but keeps their text', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
    ]) {
      expect(clean(`<a href="${href.replace(/"/g, '&quot;')}">click</a>`)).toBe('<a>click</a>');
    }
  });

  it('opens outside links in a new context without referrer', () => {
    expect(clean('<a href="https://example.org/x" target="_self" rel="opener">x</a>')).toBe(
      '<a href="https://example.org/x" rel="noopener noreferrer" target="_blank">x</a>',
    );
    expect(clean('<a href="mailto:a@example.org">m</a>')).toContain('rel="noopener noreferrer"');
    expect(clean('<a href="tel:+15550100">t</a>')).toContain('target="_blank"');
  });

  it('keeps in-page and article links, drops relative files and other app routes', () => {
    expect(clean('<a href="#/article/other">o</a>')).toBe('<a href="#/article/other">o</a>');
    expect(clean('<a href="#note-1">n</a><p id="note-1">x</p>')).toBe(
      '<a href="#user-content-note-1">n</a><p id="user-content-note-1">x</p>',
    );
    expect(clean('<a href="other.md">o</a>')).toBe('<a>o</a>');
    expect(clean('<a href="//evil.example/x">o</a>')).toBe('<a>o</a>');
    expect(clean('<a href="/etc/passwd">o</a>')).toBe('<a>o</a>');
    expect(clean('<a href="#/settings">o</a>')).toBe('<a>o</a>');
    expect(articleRoute('کتاب')).toBe('#/article/%DA%A9%D8%AA%D8%A7%D8%A8');
  });

  it('is idempotent, so the page can sanitise again what the build sanitised', () => {
    const once = clean(
      `<h1 id="t">Top</h1><p id="a"><a href="#a">a</a> <a href="https://example.org">b</a></p><img src="media/${SHA}.jpg" alt="x" width="10" height="20">`,
    );
    expect(clean(once)).toBe(once);
  });

  it('turns h1 into h2, keeping its content sanitised', () => {
    expect(clean('<h1 dir="rtl" onclick="x()">سلام <em>دنیا</em><script>1</script></h1><p>b</p>')).toBe(
      '<h2 dir="rtl">سلام <em>دنیا</em></h2><p>b</p>',
    );
  });

  it('keeps only images carried as media files, replacing others by their alt text', () => {
    expect(clean('<p><img src="https://tracker.example/p.gif" alt="remote"> x</p>')).toBe('<p>remote x</p>');
    expect(clean('<p><img src="data:image/png;base64,AAAA" alt="inline"></p>')).toBe('<p>inline</p>');
    expect(clean('<p><img src="media/abc.png"></p>')).toBe('<p></p>');
    expect(clean(`<p><img src="media/${SHA}.svg" alt="s"></p>`)).toBe('<p>s</p>');
    expect(clean(`<img src="media/${SHA}.webp" width="100%" height="20">`)).toBe(
      `<img src="media/${SHA}.webp" height="20" loading="lazy" decoding="async">`,
    );
  });

  it('defuses SVG and MathML tricks', () => {
    const tricks = [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"><circle r="1"/></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
      '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
      '<math href="javascript:alert(1)">x</math>',
      '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
      '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    ];
    for (const t of tricks) {
      const out = clean(t);
      expect(out).not.toMatch(/<(svg|math|script|iframe|style|form)|onerror|onload|javascript:/i);
    }
  });

  it('allows no data-* or aria-* attributes and no custom elements', () => {
    expect(clean('<p data-or="article" data-len="5" aria-hidden="true">x</p><my-el>y</my-el>')).toBe('<p>x</p>y');
  });
});
