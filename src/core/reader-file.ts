/** The reader file: one self-contained HTML page that reads with JavaScript off and carries importable records. */
import { sha256, toBase64, utf8Decode, utf8Encode } from './bytes';
import { newerFirst } from './dates';
import { ARTICLE_ROUTE } from './sanitize-policy';
import { articleRecord, fileRecord, inertArticleRecord, manifestRecord, mediaRecord, type BundleChunk } from './bundle-write';
import type { ArticleMeta, BundleMedia, Dir, SignedManifest, Trust } from './types';

/** What a reader file holds and how it looks. */
export interface ReaderFileInput {
  site: { name: string; lang: string; dir: Dir; description: string };
  manifests: SignedManifest[];
  /**
   * Articles with the exact body bytes their manifest (by index) signs. `html`, where given, is the body as the
   * sanitiser leaves it: when it differs from the bytes, the page shows it and the bytes travel inert (base64 in a
   * script that never runs), so nothing a body carries can act when the file is opened. `trust` 'unverified' marks it.
   */
  articles: { manifest: number; meta: ArticleMeta; bytes: Uint8Array; html?: string; trust?: Trust }[];
  media: BundleMedia[];
  /** Pictures the articles show that the file does not carry (made on a device that saves data): said at the top. */
  picturesLeftOut?: number;
  /** The reader's own style and script (src/reader, bundled by the build). */
  template: { css: string; js: string };
}

const STRINGS = {
  en: {
    contents: 'Contents',
    back: 'Back to contents',
    /** Between the date and the author (the app's own: after a Persian date, "·" reads as the digit zero, "۰"). */
    sep: ' · ',
    articles: (n: number) => `${n} article${n === 1 ? '' : 's'}`,
    unverified: 'Unverified: not signed by a key the app knows',
    /** The search box (only with scripts on); `{n}` is the count, written by the file's script. */
    search: 'Search the articles',
    foundNone: 'No article has all these words.',
    foundOne: '{n} article has these words.',
    foundMany: '{n} articles have these words.',
    picturesLeftOut: (n: number) =>
      `${n} picture${n === 1 ? ' was' : 's were'} not on the device that made this file, so ${n === 1 ? 'it is' : 'they are'} not in it. The text is complete.`,
  },
  fa: {
    contents: 'فهرست مطالب',
    back: 'بازگشت به فهرست',
    sep: ' – ',
    articles: (n: number) => `${n.toLocaleString('fa-IR')} مقاله`,
    unverified: 'تأییدنشده: امضای آن از کلیدی نیست که برنامه می‌شناسد',
    search: 'جست‌وجو در مقاله‌ها',
    foundNone: 'هیچ مقاله‌ای همهٔ این واژه‌ها را ندارد.',
    foundOne: '{n} مقاله این واژه‌ها را دارد.',
    foundMany: '{n} مقاله این واژه‌ها را دارد.',
    picturesLeftOut: (n: number) =>
      `${n.toLocaleString('fa-IR')} تصویر روی دستگاهی که این فایل را ساخت نبود و در آن نیامده است. متن کامل است.`,
  },
};

/** The file's interface language for a language tag: Persian for fa and its regions, else English. */
const langOf = (tag: string): 'fa' | 'en' => (tag.toLowerCase().split('-')[0] === 'fa' ? 'fa' : 'en');

/** What a file says of the `n` pictures it lacks (the device that made it did not hold them: the data saver, a sync under way, an unverified article), in `lang` (also the app's message after the export). */
export function picturesLeftOutNote(lang: 'fa' | 'en', n: number): string {
  return STRINGS[lang].picturesLeftOut(n);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The HTML id of an article's element in a reader file (the in-page link is `#` + this). */
export function readerArticleAnchor(id: string): string {
  return `a-${id}`;
}

/** One article of a reader file: the exact body bytes its manifest (by index) signs; see ReaderFileInput. */
export type ReaderFileArticle = ReaderFileInput['articles'][number];

/** What the contents list shows of an article, and where its link goes. */
export interface ContentsEntry {
  meta: ArticleMeta;
  trust?: Trust;
  anchor: string;
}

/**
 * A reader file written in parts, in this order: `opening`, each `article`, `afterArticles`, each `media`, `closing`.
 * The app's export makes its articles a batch at a time (and the contents last, once it knows which went in);
 * writeReaderFile makes a whole file at once.
 */
export interface ReaderFileParts {
  /** The head, the header and the contents, listing `entries` in this order. */
  opening(entries: readonly ContentsEntry[], picturesLeftOut?: number): BundleChunk[];
  /** One article, readable with scripts off, carrying its record; `anchor` from anchorMaker. */
  article(a: ReaderFileArticle, anchor: string): BundleChunk[];
  /** The end of the articles, and the manifests' records. */
  afterArticles(manifests: readonly SignedManifest[]): BundleChunk[];
  /** One picture's record. */
  media(m: BundleMedia): BundleChunk[];
  /** The reader's script and the end of the page. */
  closing(): BundleChunk[];
}

/** The parts of a reader file for this site and template. The only script allowed to run is the template's, pinned by hash. */
export async function readerFileParts(site: ReaderFileInput['site'], template: ReaderFileInput['template']): Promise<ReaderFileParts> {
  checkTemplate(template);
  const t = STRINGS[langOf(site.lang)];
  const scriptHash = toBase64(await sha256(utf8Encode(template.js)));
  const csp = [
    "default-src 'none'",
    'img-src data: blob:',
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${scriptHash}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return {
    opening(entries, picturesLeftOut) {
      const out: BundleChunk[] = [
        `<!doctype html>\n<html lang="${escapeHtml(site.lang)}" dir="${site.dir}">\n<head>\n<meta charset="utf-8">\n`,
        `<meta http-equiv="Content-Security-Policy" content="${csp}">\n`,
        ...fileRecord(),
        '\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n',
        // No DNS look-up ahead of a click for the links articles carry: from disk, a resolver (watched, where readers are)
        // would otherwise see which sites a file someone opened links to.
        '<meta http-equiv="x-dns-prefetch-control" content="off">\n',
        '<meta name="color-scheme" content="light dark">\n',
        `<title>${escapeHtml(site.name)}</title>\n<style>${template.css}</style>\n</head>\n<body>\n`,
        // The publisher's words are isolated (dir="auto", <bdi>) from the file's interface text around them.
        `<header class="or-site"><h1 dir="auto">${escapeHtml(site.name)}</h1>`,
        site.description ? `<p dir="auto">${escapeHtml(site.description)}</p>` : '',
        picturesLeftOut
          ? `<p class="or-note" data-or-pictures-left-out="${picturesLeftOut}">${escapeHtml(t.picturesLeftOut(picturesLeftOut))}</p>`
          : '',
        '</header>\n',
        `<nav id="contents" class="or-toc" aria-labelledby="or-contents"><h2 id="or-contents">${escapeHtml(t.contents)}</h2>`,
        `<p class="or-count">${escapeHtml(t.articles(entries.length))}</p>\n`,
        // Hidden unless the script runs (src/reader/search.ts): read with scripts off, the page shows every article.
        `<div class="or-search" hidden data-none="${escapeHtml(t.foundNone)}" data-one="${escapeHtml(t.foundOne)}" data-many="${escapeHtml(t.foundMany)}">`,
        `<label for="or-q">${escapeHtml(t.search)}</label><input id="or-q" type="search" dir="auto" autocomplete="off"><p role="status"></p></div>\n<ol>\n`,
      ];
      for (const { meta: m, trust, anchor } of entries) {
        out.push(
          `<li lang="${escapeHtml(m.lang)}" dir="${m.dir}"><a href="#${escapeHtml(anchor)}">${escapeHtml(m.title)}</a>`,
          trust === 'unverified' ? ` ${unverifiedMark(t.unverified, site)}` : '',
          ` <time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date.slice(0, 10))}</time>`,
          m.summary ? `<p dir="auto">${escapeHtml(m.summary)}</p>` : '',
          '</li>\n',
        );
      }
      out.push('</ol></nav>\n<main>\n');
      return out;
    },
    article(a, anchor) {
      const m = a.meta;
      // Links between articles (#/article/<id>, inside the signed bodies, so never rewritten) land on the title with
      // scripts off too: the browser looks for the id as written, then percent-decoded. The first of an id only.
      const linked = anchor === readerArticleAnchor(m.id) ? ` id="${escapeHtml(ARTICLE_ROUTE.slice(1) + m.id)}"` : '';
      return [
        `<article id="${escapeHtml(anchor)}" class="or-article" lang="${escapeHtml(m.lang)}" dir="${m.dir}">\n`,
        `<h2 class="or-title"${linked} tabindex="-1">${escapeHtml(m.title)}</h2>\n<p class="or-meta"><time datetime="${escapeHtml(m.date)}">${escapeHtml(m.date.slice(0, 10))}</time>`,
        // The separator follows the date's language (the article's): after a Persian date, "·" reads as the digit zero.
        m.author ? `${STRINGS[langOf(m.lang)].sep}<bdi>${escapeHtml(m.author)}</bdi>` : '',
        '</p>\n',
        a.trust === 'unverified' ? `<p>${unverifiedMark(t.unverified, site)}</p>\n` : '',
        ...bodyChunks(a),
        `\n<p class="or-back"><a href="#contents">${escapeHtml(t.back)}</a></p>\n</article>\n`,
      ];
    },
    afterArticles: (manifests) => ['</main>\n', ...manifests.flatMap((sm) => [...manifestRecord(sm), '\n'])],
    media: (m) => [...mediaRecord(m), '\n'],
    closing: () => [`<script>${template.js}</script>\n</body>\n</html>\n`],
  };
}

/**
 * Write one reader file. Articles are listed newest first; each body is its record, so the text reads with scripts
 * off.
 */
export async function writeReaderFile(input: ReaderFileInput): Promise<BundleChunk[]> {
  const parts = await readerFileParts(input.site, input.template);
  // By the library's rule for dates, bad ones too; those of one moment as given (the app gives the library's order).
  const articles = [...input.articles].sort((x, y) => newerFirst(x.meta.date, y.meta.date));
  const anchor = anchorMaker();
  const entries = articles.map((a) => ({ meta: a.meta, trust: a.trust, anchor: anchor(a.meta.id) }));
  return [
    ...parts.opening(entries, input.picturesLeftOut),
    ...articles.flatMap((a, i) => parts.article(a, entries[i]!.anchor)),
    ...parts.afterArticles(input.manifests),
    ...input.media.flatMap((m) => parts.media(m)),
    ...parts.closing(),
  ];
}

/** An article's body: its record shown as it is when it is already sanitised, else a sanitised copy to read and the record inert. */
function bodyChunks(a: ReaderFileArticle): BundleChunk[] {
  const record = { manifest: a.manifest, id: a.meta.id, bytes: a.bytes };
  if (a.html === undefined || a.html === utf8Decode(a.bytes)) return articleRecord(record, 'div', { class: 'or-body' });
  return [`<div class="or-body">${a.html}</div>\n`, ...inertArticleRecord(record)];
}

/** The "Unverified" mark, in the file's own language and direction (isolated from the article's). */
function unverifiedMark(text: string, site: ReaderFileInput['site']): string {
  return `<bdi class="or-unverified" lang="${escapeHtml(site.lang)}" dir="${site.dir}">${escapeHtml(text)}</bdi>`;
}

/** Gives each article its anchor, in order; a second article with the same id (from another publisher) gets a suffix. */
export function anchorMaker(): (id: string) => string {
  const used = new Set<string>();
  return (id) => {
    let anchor = readerArticleAnchor(id);
    for (let n = 2; used.has(anchor); n++) anchor = `${readerArticleAnchor(id)}-${n}`;
    used.add(anchor);
    return anchor;
  };
}

function checkTemplate(template: { css: string; js: string }): void {
  // Either would end the element early or be taken for a record: the page would break or import wrongly.
  if (/<\/script|<!--/i.test(template.js)) throw new Error('The reader script contains "</script" or "<!--" and cannot be inlined.');
  if (/<\/style/i.test(template.css)) throw new Error('The reader style contains "</style" and cannot be inlined.');
  if (/<[a-z][a-z0-9]* data-or="/i.test(template.js + template.css)) throw new Error('The reader template contains record markup.');
}
