/** Feed formats into one shape: RSS 2.0 (with content:encoded), RSS 1.0 and Atom through fast-xml-parser, and JSON Feed. */
/// <reference path="../jsdom.d.ts" />
import { createRequire } from 'node:module';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { messageOf } from '../errors';

/** One feed item in a format-neutral shape, before it becomes an article. */
export interface FeedItem {
  /** guid / id / link: what the stable slug comes from. */
  id?: string;
  /** The item's address: absolute when the feed gives or implies a base for it (Atom xml:base, the feed's own address). */
  link?: string;
  /** Atom: the xml:base in effect for the content, absolute; relative links in the content resolve against it first. */
  base?: string;
  title?: string;
  /** HTML, or plain text when `text` is set. */
  content?: string;
  text?: boolean;
  /** Plain text (entities decoded, no tags). */
  summary?: string;
  date?: string;
  updated?: string;
  author?: string;
  tags: string[];
  lang?: string;
  /** Images the feed names outside the content (enclosures, media:content, JSON Feed `image`). */
  images: string[];
}

/** A feed in that shape. */
export interface Feed {
  name: string;
  link?: string;
  /** What names the feed itself, when it says: its Atom id, JSON Feed feed_url, RSS atom:link rel="self", else its title. */
  key?: string;
  lang?: string;
  items: FeedItem[];
}

const ARRAYS = new Set(['item', 'entry', 'category', 'link', 'enclosure', 'media:content', 'author', 'dc:creator', 'dc:subject']);
// `htmlEntities` is what makes fast-xml-parser decode numeric character references (&#8217; &#x62F;), which every XML
// parser must; it also reads a few HTML names (&nbsp; &hellip;) that a feed should not use but some do. The entity
// limits stay the parser's defaults: a DOCTYPE entity whose value looks like markup or holds a reference is not expanded, and all
// expansion together is capped (100 000 characters), so neither "billion laughs" nor a huge entity gets through.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (name) => ARRAYS.has(name),
});
// Atom's type="xhtml" content is markup, not text: read raw (a stop node's text is left exactly as written).
const rawXhtml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  htmlEntities: true,
  stopNodes: ['feed.entry.content', 'feed.entry.summary'],
  isArray: (name) => name === 'entry',
});

// The parser's HTML table is a short common one: it lacks the invisible marks that PHP's htmlentities() writes for
// Persian text (a half-space in nearly every sentence). Added as names, so one pass decodes them and "&amp;zwnj;" stays text.
const INVISIBLE_MARKS: Record<string, string> = { zwnj: '\u200C', zwj: '\u200D', lrm: '\u200E', rlm: '\u200F' };
for (const parser of [xml, rawXhtml]) for (const [name, value] of Object.entries(INVISIBLE_MARKS)) parser.addEntity(name, value);

/** A feed's text in the neutral shape; throws an Error whose message says what the file is instead. `from` resolves relative links. */
export function parseFeed(text: string, from: string): Feed {
  const src = text.replace(/^\uFEFF/, '');
  const head = src.trimStart();
  if (head.startsWith('{')) return parseJsonFeed(src);
  if (/^(?:<!--[\s\S]*?-->\s*)*<!doctype html|^<html[\s>]/i.test(head)) throw new Error(webPageMessage(src, from));
  if (!head.startsWith('<')) throw new Error('is not a feed: expected RSS, Atom (XML) or JSON Feed.');
  const valid = XMLValidator.validate(src);
  if (valid !== true) throw new Error(`is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  const parse = (parser: XMLParser): Record<string, unknown> => {
    try {
      return parser.parse(src) as Record<string, unknown>;
    } catch (e) {
      // The entity limits (see `xml`), or what else the parser refuses.
      throw new Error(`cannot be read as XML: ${messageOf(e)}`);
    }
  };
  const doc = parse(xml);
  // RSS 2.0 keeps its items in <channel>; RSS 1.0 (RDF) beside it.
  if (isRecord(doc.rss)) return parseRss(doc.rss.channel, doc.rss.channel);
  if (isRecord(doc['rdf:RDF'])) return parseRss(doc['rdf:RDF'].channel, doc['rdf:RDF']);
  if (isRecord(doc.feed)) return parseAtom(doc.feed, parse(rawXhtml), /^https?:\/\//i.test(from) ? from : undefined);
  if (isRecord(doc.html)) throw new Error(webPageMessage(src, from));
  throw new Error(
    `is XML but not a feed: its root is <${Object.keys(doc).find((k) => !k.startsWith('?')) ?? '?'}>, not <rss>, <feed> or <rdf:RDF>.`,
  );
}

/** A web page was given instead of its feed: say so, and name the feed the page announces, if any. */
function webPageMessage(html: string, from: string): string {
  const links = html.match(/<link\b[^>]*>/gi) ?? [];
  const feed = links.find((l) => /rel=["']?alternate/i.test(l) && /type=["']?application\/(?:rss|atom|feed)\+(?:xml|json)/i.test(l));
  const href = feed ? /href=["']?([^"'\s>]+)/i.exec(feed)?.[1] : undefined;
  let hint = '';
  if (href !== undefined) {
    try {
      hint = ` The page names its feed: ${/^https?:/i.test(from) ? new URL(href, from).href : href}`;
    } catch {
      hint = ` The page names its feed: ${href}`;
    }
  }
  return `is a web page (HTML), not a feed: give the address of the site's RSS, Atom or JSON feed.${hint}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The text of an XML element as the parser gives it: a string, or an object with #text. */
function textOf(v: unknown): string | undefined {
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number') return String(v);
  if (isRecord(v)) return textOf(v['#text']);
  return undefined;
}

function list(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function attr(v: unknown, name: string): string | undefined {
  return isRecord(v) && typeof v[`@_${name}`] === 'string' ? (v[`@_${name}`] as string) : undefined;
}

function tagsOf(values: unknown[], text = textOf): string[] {
  const out: string[] = [];
  for (const v of values) {
    const t = (attr(v, 'term') ?? text(v))?.trim();
    if (t !== undefined && t !== '' && t.length <= 100 && !out.includes(t) && out.length < 64) out.push(t);
  }
  return out;
}

function imageLinks(values: unknown[], typeAttr = 'type'): string[] {
  return values
    .filter((v) => /^image\//i.test(attr(v, typeAttr) ?? '') || attr(v, 'medium') === 'image')
    .map((v) => attr(v, 'url') ?? attr(v, 'href'))
    .filter((u): u is string => u !== undefined && u.trim() !== '');
}

function parseRss(channelValue: unknown, itemsHolder: unknown): Feed {
  const channel = isRecord(channelValue) ? channelValue : {};
  const holder = isRecord(itemsHolder) ? itemsHolder : {};
  const items = list(holder.item).filter(isRecord);
  return {
    name: rssText(channel.title) ?? 'RSS feed',
    link: textOf(channel.link),
    key:
      attr(
        list(channel['atom:link']).find((l) => attr(l, 'rel') === 'self'),
        'href',
      ) ??
      attr(channel, 'rdf:about') ??
      textOf(channel.title),
    lang: textOf(channel.language) ?? textOf(channel['dc:language']),
    items: items.map((i) => {
      const encoded = textOf(i['content:encoded']);
      const description = textOf(i.description);
      const rssAuthor = rssText(i.author);
      const item: FeedItem = {
        id: textOf(i.guid) ?? attr(i, 'rdf:about') ?? textOf(i.link),
        link: textOf(i.link),
        title: rssText(i.title),
        content: encoded ?? description,
        date: textOf(i.pubDate) ?? textOf(i['dc:date']),
        // RSS's <author> is "email (Name)".
        author: rssText(i['dc:creator']) ?? (rssAuthor !== undefined ? (/\(([^)]+)\)/.exec(rssAuthor)?.[1] ?? rssAuthor) : undefined),
        tags: tagsOf([...list(i.category), ...list(i['dc:subject'])], rssText),
        lang: textOf(i['dc:language']),
        images: [...imageLinks(list(i.enclosure)), ...imageLinks(list(i['media:content']))],
      };
      // The description is HTML: one without markup is a plain-text excerpt once its references are decoded ("&amp;", "[&#8230;]").
      if (encoded !== undefined && description !== undefined && !description.includes('<')) item.summary = htmlText(description);
      return item;
    }),
  };
}

/**
 * An RSS text field (title, author, category) as the text it stands for. Feeds write these HTML-escaped, as their
 * HTML pages do ("&amp;#8217;", "&amp;amp;", or "&laquo;" and "&zwnj;" inside CDATA): the references are decoded once
 * more, as a browser would; "<b>" written as text stays text.
 */
function rssText(v: unknown): string | undefined {
  const t = textOf(v);
  if (t === undefined || !t.includes('&')) return t;
  const text = htmlText(t.replace(/</g, '&lt;')).trim();
  return text === '' ? undefined : text;
}

/** The text an HTML fragment shows: tags dropped (script and style with their content), character references decoded. */
export function htmlText(html: string): string {
  if (!/[<&]/.test(html)) return html;
  // HTML's own parser (jsdom's, as the build's sanitiser uses) knows every named reference and HTML's rules for them.
  // A template's content is inert: nothing in it loads or runs. The result is text, never markup: "&lt;b&gt;" stays "<b>".
  const template = htmlDocument().createElement('template') as unknown as HtmlTemplate;
  template.innerHTML = html;
  for (const el of template.content.querySelectorAll('script, style, template')) el.remove();
  return template.content.textContent ?? '';
}

/** The part of a jsdom template element htmlText reads (src/build/jsdom.d.ts declares only innerHTML). */
interface HtmlTemplate {
  innerHTML: string;
  content: { textContent: string | null; querySelectorAll(selector: string): Iterable<{ remove(): void }> };
}

type HtmlDocument = import('jsdom').DOMWindow['document'];
let htmlDoc: HtmlDocument | undefined;

/** One jsdom document for the run, loaded on first use (jsdom takes a moment to load; a Telegram import never needs it). */
function htmlDocument(): HtmlDocument {
  if (htmlDoc === undefined) {
    const { JSDOM } = createRequire(import.meta.url)('jsdom') as typeof import('jsdom');
    htmlDoc = new JSDOM('').window.document;
  }
  return htmlDoc;
}

/** An Atom text construct as plain text (one of type html loses its tags and has its references decoded). */
function atomText(v: unknown): string | undefined {
  const t = textOf(v);
  if (t === undefined || attr(v, 'type') !== 'html') return t;
  const text = htmlText(t).trim();
  return text === '' ? undefined : text;
}

function atomLink(links: unknown[], rel: string): string | undefined {
  const l = links.find((x) => (attr(x, 'rel') ?? 'alternate') === rel);
  return l === undefined ? undefined : attr(l, 'href');
}

/** `url` resolved against `base`: absolute, or undefined when it cannot be (a relative address with no absolute base). */
export function resolveUrl(url: string | undefined, base: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** The xml:base of an element in effect: its own resolved against its parent's (undefined while none is absolute). */
function xmlBase(v: unknown, parent: string | undefined): string | undefined {
  const own = attr(v, 'xml:base');
  return own === undefined ? parent : (resolveUrl(own, parent) ?? parent);
}

/** Atom entries; `from` is the feed's own address (a URL), which a relative xml:base or link resolves against. */
function parseAtom(feed: Record<string, unknown>, raw: Record<string, unknown>, from: string | undefined): Feed {
  const rawEntries = isRecord(raw.feed) ? list(raw.feed.entry) : [];
  const feedAuthor = textOf(list(feed.author).filter(isRecord)[0]?.name);
  // RFC 4287 §2: xml:base on the feed, then on the entry (then on the content), each against the one before.
  const feedBase = xmlBase(feed, from);
  const feedLink = atomLink(list(feed.link), 'alternate');
  return {
    name: atomText(feed.title) ?? 'Atom feed',
    link: resolveUrl(feedLink, feedBase) ?? feedLink,
    key: textOf(feed.id) ?? textOf(feed.title),
    lang: attr(feed, 'xml:lang'),
    // Entries by their place in the document: the raw parse has one per <entry> too, empty ones included.
    items: list(feed.entry).flatMap((e, n) => {
      if (!isRecord(e)) return [];
      const entryBase = xmlBase(e, feedBase);
      const pick = (field: 'content' | 'summary'): { html?: string; text?: boolean } => {
        const v = e[field];
        if (v === undefined) return {};
        const type = attr(v, 'type') ?? 'text';
        if (type === 'xhtml') {
          const r = rawEntries[n];
          const inner = isRecord(r) ? textOf(r[field]) : undefined;
          return { html: inner?.replace(/^\s*<(?:\w+:)?div[^>]*>|<\/(?:\w+:)?div>\s*$/g, '') };
        }
        return { html: textOf(v), text: type === 'text' };
      };
      const content = pick('content');
      const summary = pick('summary');
      const body = content.html !== undefined ? content : summary;
      const links = list(e.link);
      const link = atomLink(links, 'alternate');
      const bodyElement = e[content.html !== undefined ? 'content' : 'summary'];
      // Only a declared xml:base outranks the entry's link as the base of its content (feed.ts): without one, content
      // written for the entry's page ("photo.jpg" beside the post) resolves as on that page.
      const declared = [feed, e, bodyElement].some((v) => attr(v, 'xml:base') !== undefined);
      const item: FeedItem = {
        // The id as written: a slug must not change with the address the feed is read from.
        id: textOf(e.id) ?? link,
        link: resolveUrl(link, entryBase) ?? link,
        base: declared ? xmlBase(bodyElement, entryBase) : undefined,
        title: atomText(e.title),
        content: body.html,
        text: body.text,
        date: textOf(e.published) ?? textOf(e.updated),
        updated: textOf(e.updated),
        author: textOf(list(e.author).filter(isRecord)[0]?.name) ?? feedAuthor,
        tags: tagsOf(list(e.category)),
        lang: attr(e, 'xml:lang'),
        images: [...imageLinks(links.filter((l) => attr(l, 'rel') === 'enclosure')), ...imageLinks(list(e['media:content']))].map((u) =>
          declared ? (resolveUrl(u, entryBase) ?? u) : u,
        ),
      };
      if (content.html !== undefined && summary.text === true && summary.html !== undefined) item.summary = summary.html;
      return [item];
    }),
  };
}

function parseJsonFeed(text: string): Feed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`is not valid JSON (${messageOf(e)}).`);
  }
  if (!isRecord(data) || typeof data.version !== 'string' || !data.version.startsWith('https://jsonfeed.org/version/')) {
    throw new Error('is JSON but not a JSON Feed: it has no "version": "https://jsonfeed.org/version/1.1".');
  }
  if (!Array.isArray(data.items)) throw new Error('is a JSON Feed without an "items" list.');
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const authorOf = (o: Record<string, unknown>): string | undefined => {
    const a = Array.isArray(o.authors) ? o.authors[0] : o.author;
    return isRecord(a) ? str(a.name) : undefined;
  };
  const feedAuthor = authorOf(data);
  return {
    name: str(data.title) ?? 'JSON Feed',
    link: str(data.home_page_url),
    key: str(data.feed_url) ?? str(data.title),
    lang: str(data.language),
    items: data.items.filter(isRecord).map((i) => {
      const html = str(i.content_html);
      const item: FeedItem = {
        id: typeof i.id === 'number' ? String(i.id) : (str(i.id) ?? str(i.url)),
        link: str(i.url),
        title: str(i.title),
        content: html ?? str(i.content_text),
        text: html === undefined,
        summary: str(i.summary),
        date: str(i.date_published) ?? str(i.date_modified),
        updated: str(i.date_modified),
        author: authorOf(i) ?? feedAuthor,
        tags: tagsOf(Array.isArray(i.tags) ? i.tags : []),
        lang: str(i.language),
        images: [
          str(i.image),
          str(i.banner_image),
          ...list(i.attachments)
            .filter((a) => isRecord(a) && /^image\//.test(String(a.mime_type)))
            .map((a) => str((a as Record<string, unknown>).url)),
        ].filter((u): u is string => u !== undefined),
      };
      return item;
    }),
  };
}
