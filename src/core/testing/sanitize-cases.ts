/**
 * Test support: article HTML and what the policy leaves of it. The unit test runs these through DOMPurify in jsdom
 * (the build's sanitiser); the e2e runs them through both of the page's sanitisers in Chromium (platform/article-html.ts).
 */

const SHA = 'a'.repeat(64);

/** One input: `out` is the exact result; `absent` must not match the result, `present` must be in it. */
export interface SanitizeCase {
  name: string;
  html: string;
  out?: string;
  /** Where the browser's Sanitizer API rightly differs: it drops an unknown element's content, DOMPurify keeps it. */
  outNative?: string;
  absent?: RegExp;
  present?: string;
}

const ORDINARY =
  '<h2>T</h2><p><em>a</em> <strong>b</strong> <code>c</code></p><ul><li>x</li></ul><blockquote><p>q</p></blockquote>' +
  '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table><hr>' +
  '<details open=""><summary>s</summary>d</details><dl><dt>t</dt><dd>d</dd></dl><p><mark>m</mark><sup>1</sup></p>';

const HOSTILE_LINKS = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
];

/** A relative file, another site without a scheme, an absolute path, another route of the app. */
const DROPPED_LINKS = ['other.md', '//evil.example/x', '/etc/passwd', '#/settings'];

const BUILT =
  '<h2 id="user-content-t">Top</h2><p id="user-content-a"><a href="#user-content-a">a</a> ' +
  '<a href="https://example.org" rel="noopener noreferrer" target="_blank">b</a></p>' +
  `<img src="media/${SHA}.jpg" alt="x" width="10" height="20" loading="lazy" decoding="async">`;

const TRICKS = [
  '<svg><script>alert(1)</script></svg>',
  '<svg onload="alert(1)"><circle r="1"/></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
  '<math href="javascript:alert(1)">x</math>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
];

/** Every case the page's sanitisers must agree on with the build's. */
export const SANITIZE_CASES: SanitizeCase[] = [
  { name: 'ordinary article markup stays', html: ORDINARY, out: ORDINARY },
  {
    name: 'scripts, styles, iframes, forms and embedded documents go with their code',
    html:
      '<p>a</p><script>alert(1)</script><style>p{}</style><iframe src="https://x.example"></iframe>' +
      '<object data="x"></object><embed src="x"><form action="https://x.example"><input name="q"><button>Go</button></form>' +
      '<link rel="stylesheet" href="https://x.example/a.css"><meta http-equiv="refresh" content="0"><base href="https://x.example/">' +
      '<template><img src=x onerror=alert(1)></template>',
    absent: /script|style|iframe|object|embed|form|input|link|meta|base|template|alert|onerror/i,
    present: '<p>a</p>',
  },
  {
    name: 'every event handler, style and srcset goes',
    html: `<p onclick="alert(1)" style="color:red" onmouseover="x()">t</p><img src="media/${SHA}.png" srcset="https://x.example/a.png 2x" onerror="alert(1)" alt="a">`,
    out: `<p>t</p><img src="media/${SHA}.png" alt="a" loading="lazy" decoding="async">`,
  },
  ...HOSTILE_LINKS.map((href) => ({
    name: `a ${JSON.stringify(href)} link goes, its text stays`,
    html: `<a href="${href.replace(/"/g, '&quot;')}">click</a>`,
    out: '<a>click</a>',
  })),
  {
    name: 'an outside link opens apart, without referrer',
    html: '<a href="https://example.org/x" target="_self" rel="opener">x</a>',
    out: '<a href="https://example.org/x" rel="noopener noreferrer" target="_blank">x</a>',
  },
  { name: 'mailto links stay', html: '<a href="mailto:a@example.org">m</a>', present: 'rel="noopener noreferrer"' },
  { name: 'tel links stay', html: '<a href="tel:+15550100">t</a>', present: 'target="_blank"' },
  { name: 'article links stay', html: '<a href="#/article/other">o</a>', out: '<a href="#/article/other">o</a>' },
  {
    name: 'in-page links and ids get the prefix',
    html: '<a href="#note-1">n</a><p id="note-1">x</p>',
    out: '<a href="#user-content-note-1">n</a><p id="user-content-note-1">x</p>',
  },
  ...DROPPED_LINKS.map((href) => ({ name: `a link to ${href} goes, its text stays`, html: `<a href="${href}">o</a>`, out: '<a>o</a>' })),
  { name: 'what the build left is left alone', html: BUILT, out: BUILT },
  {
    name: 'h1 becomes h2, its content sanitised',
    html: '<h1 dir="rtl" onclick="x()">سلام <em>دنیا</em><script>1</script></h1><p>b</p>',
    out: '<h2 dir="rtl">سلام <em>دنیا</em></h2><p>b</p>',
  },
  {
    name: 'an h1 id gets the prefix on its h2',
    html: '<h1 id="t" lang="fa">T</h1>',
    out: '<h2 id="user-content-t" lang="fa">T</h2>',
  },
  {
    name: 'a remote image becomes its alt text',
    html: '<p><img src="https://tracker.example/p.gif" alt="remote"> x</p>',
    out: '<p>remote x</p>',
  },
  { name: 'a data: image becomes its alt text', html: '<p><img src="data:image/png;base64,AAAA" alt="inline"></p>', out: '<p>inline</p>' },
  { name: 'a media path without its hash goes', html: '<p><img src="media/abc.png"></p>', out: '<p></p>' },
  { name: 'an SVG media file goes', html: `<p><img src="media/${SHA}.svg" alt="s"></p>`, out: '<p>s</p>' },
  {
    name: 'only whole-pixel sizes stay',
    html: `<img src="media/${SHA}.webp" width="100%" height="20">`,
    out: `<img src="media/${SHA}.webp" height="20" loading="lazy" decoding="async">`,
  },
  ...TRICKS.map((html) => ({
    name: `SVG and MathML trick ${html}`,
    html,
    absent: /<(svg|math|script|iframe|style|form)|onerror|onload|javascript:/i,
  })),
  {
    name: 'no data-* or aria-* attributes and no custom elements',
    html: '<p data-or="article" data-len="5" aria-hidden="true">x</p><my-el>y</my-el>',
    out: '<p>x</p>y',
    outNative: '<p>x</p>',
  },
  {
    name: 'page structure and old presentational tags keep their text',
    html: '<section><header>h</header><article><center><font color="red">c</font></center></article></section>',
    out: 'hc',
  },
  { name: 'comments go', html: '<p>a<!-- secret --></p>', out: '<p>a</p>' },
  {
    name: 'Persian, Arabic and Hebrew text with its direction',
    html: '<p dir="rtl" lang="fa">کتاب‌ها <bdi>English</bdi> ۱۲۳</p><p lang="ar" dir="rtl">مرحبا</p><p lang="he">שלום</p>',
    out: '<p dir="rtl" lang="fa">کتاب‌ها <bdi>English</bdi> ۱۲۳</p><p lang="ar" dir="rtl">مرحبا</p><p lang="he">שלום</p>',
  },
];
