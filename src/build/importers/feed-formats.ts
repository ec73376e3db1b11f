/** Feed formats into one shape: RSS 2.0 (with content:encoded), RSS 1.0 and Atom through fast-xml-parser, and JSON Feed. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { messageOf } from '../errors';

/** One feed item in a format-neutral shape, before it becomes an article. */
export interface FeedItem {
  /** guid / id / link: what the stable slug comes from. */
  id?: string;
  link?: string;
  title?: string;
  /** HTML, or plain text when `text` is set. */
  content?: string;
  text?: boolean;
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
  lang?: string;
  items: FeedItem[];
}

const ARRAYS = new Set(['item', 'entry', 'category', 'link', 'enclosure', 'media:content', 'author', 'dc:creator', 'dc:subject']);
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});
// Atom's type="xhtml" content is markup, not text: read raw.
const rawXhtml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  stopNodes: ['feed.entry.content', 'feed.entry.summary'],
  isArray: (name) => name === 'entry',
});

/** A feed's text in the neutral shape; throws an Error whose message says what the file is instead. `from` resolves relative links. */
export function parseFeed(text: string, from: string): Feed {
  const src = text.replace(/^\uFEFF/, '');
  const head = src.trimStart();
  if (head.startsWith('{')) return parseJsonFeed(src);
  if (/^(?:<!--[\s\S]*?-->\s*)*<!doctype html|^<html[\s>]/i.test(head)) throw new Error(webPageMessage(src, from));
  if (!head.startsWith('<')) throw new Error('is not a feed: expected RSS, Atom (XML) or JSON Feed.');
  const valid = XMLValidator.validate(src);
  if (valid !== true) throw new Error(`is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  const doc = xml.parse(src) as Record<string, unknown>;
  // RSS 2.0 keeps its items in <channel>; RSS 1.0 (RDF) beside it.
  if (isRecord(doc.rss)) return parseRss(doc.rss.channel, doc.rss.channel);
  if (isRecord(doc['rdf:RDF'])) return parseRss(doc['rdf:RDF'].channel, doc['rdf:RDF']);
  if (isRecord(doc.feed)) return parseAtom(doc.feed, rawXhtml.parse(src) as Record<string, unknown>);
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

function tagsOf(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const t = (attr(v, 'term') ?? textOf(v))?.trim();
    if (t !== undefined && t !== '' && t.length <= 100 && !out.includes(t) && out.length < 64) out.push(t);
  }
  return out;
}

function imageLinks(values: unknown[], typeAttr = 'type'): string[] {
  return values
    .filter((v) => /^image\//i.test(attr(v, typeAttr) ?? '') || attr(v, 'medium') === 'image')
    .map((v) => attr(v, 'url') ?? attr(v, 'href'))
    .filter((u): u is string => u !== undefined);
}

function parseRss(channelValue: unknown, itemsHolder: unknown): Feed {
  const channel = isRecord(channelValue) ? channelValue : {};
  const holder = isRecord(itemsHolder) ? itemsHolder : {};
  const items = list(holder.item).filter(isRecord);
  return {
    name: textOf(channel.title) ?? 'RSS feed',
    link: textOf(channel.link),
    lang: textOf(channel.language) ?? textOf(channel['dc:language']),
    items: items.map((i) => {
      const encoded = textOf(i['content:encoded']);
      const description = textOf(i.description);
      const rssAuthor = textOf(i.author);
      const item: FeedItem = {
        id: textOf(i.guid) ?? attr(i, 'rdf:about') ?? textOf(i.link),
        link: textOf(i.link),
        title: textOf(i.title),
        content: encoded ?? description,
        date: textOf(i.pubDate) ?? textOf(i['dc:date']),
        // RSS's <author> is "email (Name)".
        author: textOf(i['dc:creator']) ?? (rssAuthor !== undefined ? (/\(([^)]+)\)/.exec(rssAuthor)?.[1] ?? rssAuthor) : undefined),
        tags: tagsOf([...list(i.category), ...list(i['dc:subject'])]),
        lang: textOf(i['dc:language']),
        images: [...imageLinks(list(i.enclosure)), ...imageLinks(list(i['media:content']))],
      };
      if (encoded !== undefined && description !== undefined && !description.includes('<')) item.summary = description;
      return item;
    }),
  };
}

/** An Atom text construct as plain text (a title of type html loses its tags). */
function atomText(v: unknown): string | undefined {
  const t = textOf(v);
  return t !== undefined && attr(v, 'type') === 'html' ? t.replace(/<[^>]*>/g, '').trim() : t;
}

function atomLink(links: unknown[], rel: string): string | undefined {
  const l = links.find((x) => (attr(x, 'rel') ?? 'alternate') === rel);
  return l === undefined ? undefined : attr(l, 'href');
}

function parseAtom(feed: Record<string, unknown>, raw: Record<string, unknown>): Feed {
  const rawEntries = isRecord(raw.feed) ? list(raw.feed.entry) : [];
  const feedAuthor = textOf(list(feed.author).filter(isRecord)[0]?.name);
  return {
    name: atomText(feed.title) ?? 'Atom feed',
    link: atomLink(list(feed.link), 'alternate'),
    lang: attr(feed, 'xml:lang'),
    items: list(feed.entry)
      .filter(isRecord)
      .map((e, n) => {
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
        const item: FeedItem = {
          id: textOf(e.id) ?? atomLink(links, 'alternate'),
          link: atomLink(links, 'alternate'),
          title: atomText(e.title),
          content: body.html,
          text: body.text,
          date: textOf(e.published) ?? textOf(e.updated),
          updated: textOf(e.updated),
          author: textOf(list(e.author).filter(isRecord)[0]?.name) ?? feedAuthor,
          tags: tagsOf(list(e.category)),
          lang: attr(e, 'xml:lang'),
          images: [...imageLinks(links.filter((l) => attr(l, 'rel') === 'enclosure')), ...imageLinks(list(e['media:content']))],
        };
        if (content.html !== undefined && summary.text === true && summary.html !== undefined) item.summary = summary.html;
        return item;
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
