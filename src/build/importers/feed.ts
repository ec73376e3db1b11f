/** Feeds (files or URLs) into imported articles: stable slugs, dates, language, the HTML as Markdown, and its images downloaded. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { directionOf } from '../../core/direction';
import { BuildFailure, ContentError, messageOf } from '../errors';
import { normalizeDate } from '../front-matter';
import { canonicalLang } from '../lang';
import { countSkipped, type ImportedArticle, type ImportedSource } from './article-writer';
import { createImageFetcher, type ImageFetcher } from './feed-images';
import { parseFeed, type Feed, type FeedItem } from './feed-formats';
import { htmlToMarkdown } from './html-markdown';
import { escapeInline, guessLang, joinBlocks, scriptOf, slugPart, titleFromLine, type LangChoice } from './markdown-text';

/** What reading feeds needs. */
export interface FeedOptions {
  langs: LangChoice;
  show: (path: string) => string;
  log: (line: string) => void;
  /** Milliseconds before a download gives up (feed or image); default 30 s. */
  timeoutMs?: number;
}

/** Read feeds (files or http(s) URLs) into articles; throws BuildFailure naming the feed and item when one is wrong. Unreachable images are dropped with a warning. */
export async function readFeeds(inputs: string[], opts: FeedOptions): Promise<ImportedSource> {
  const articles: ImportedArticle[] = [];
  const skipped = new Map<string, number>();
  const warnings: string[] = [];
  const names: string[] = [];
  const problems: ContentError[] = [];
  const images = createImageFetcher({ timeoutMs: opts.timeoutMs ?? 30_000 });
  for (const input of inputs) {
    const shown = /^https?:\/\//i.test(input) ? input : opts.show(input);
    let feed: Feed;
    try {
      feed = parseFeed(await loadFeed(input, opts.timeoutMs ?? 30_000), input);
    } catch (e) {
      problems.push(new ContentError(shown, messageOf(e)));
      continue;
    }
    names.push(feed.name);
    opts.log(`${shown}: ${feed.items.length} items`);
    for (const [n, item] of feed.items.entries()) {
      const name = `item ${n + 1}${item.id !== undefined ? ` (${item.id})` : item.title !== undefined ? ` ("${item.title}")` : ''}`;
      try {
        const article = await itemToArticle(item, feed, input, opts.langs, images, (w) => warnings.push(`${shown}: ${name}: ${w}`));
        if (article) articles.push(article);
        else countSkipped(skipped, 'items without text');
      } catch (e) {
        problems.push(new ContentError(shown, `${name}: ${messageOf(e)}`));
      }
    }
  }
  if (problems.length > 0) throw new BuildFailure(problems);
  return { name: names.join(', '), articles, skipped, warnings };
}

async function loadFeed(input: string, timeoutMs: number): Promise<string> {
  if (!/^https?:\/\//i.test(input)) {
    try {
      return readFileSync(input, 'utf8');
    } catch {
      throw new Error('cannot be read: no such file.');
    }
  }
  let res: Response;
  try {
    res = await fetch(input, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    throw new Error(`cannot be downloaded (${messageOf((e as { cause?: unknown }).cause ?? e)}).`);
  }
  if (!res.ok) throw new Error(`cannot be downloaded: the server answered ${res.status} ${res.statusText}.`);
  return res.text();
}

/** A date from a feed (RFC 822, ISO 8601) as ISO UTC, or undefined. */
function feedDate(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const iso = normalizeDate(v);
  if (iso !== undefined) return iso.length === 10 ? `${iso}T00:00:00.000Z` : iso;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The stable slug of an item: a readable part of its id, and a hash of the id (with the feed's own address when the id is only unique inside the feed). */
export function feedSlug(id: string, feedKey: string): string {
  const global = /^[a-z][a-z0-9+.-]*:/i.test(id);
  const hash = createHash('sha256')
    .update(global ? id : `${feedKey}\n${id}`)
    .digest('hex')
    .slice(0, 10);
  // A query stays: WordPress ids read https://site/?p=101.
  let last = id.replace(/#.*$/, '').replace(/\/+$/, '');
  last = last.slice(Math.max(last.lastIndexOf('/'), global && !last.includes('/') ? last.lastIndexOf(':') : -1) + 1);
  try {
    last = decodeURIComponent(last);
  } catch {
    // Not percent-encoded after all: use it as it is.
  }
  const readable = slugPart(last.replace(/\.(?:html?|php|aspx?)$/i, ''), 60);
  return readable !== '' && !/^[0-9a-f-]{16,}$/.test(readable) ? `${readable}-${hash}` : `feed-${hash}`;
}

async function itemToArticle(
  item: FeedItem,
  feed: Feed,
  input: string,
  langs: LangChoice,
  images: ImageFetcher,
  warn: (w: string) => void,
): Promise<ImportedArticle | undefined> {
  if (item.id === undefined) throw new Error('has no guid, id or link, so it cannot get a stable slug.');
  const date = feedDate(item.date);
  if (date === undefined) {
    throw new Error(
      item.date === undefined ? 'has no date (pubDate, published or date_published).' : `has a date that cannot be read: "${item.date}".`,
    );
  }
  const base = item.link ?? feed.link ?? (/^https?:/i.test(input) ? input : undefined);
  const converted =
    item.content === undefined
      ? { markdown: '', images: [] as Array<{ src: string; alt: string }> }
      : item.text
        ? { markdown: joinBlocks([{ kind: 'text', markdown: escapeInline(item.content) }]), images: [] }
        : htmlToMarkdown(item.content, base);
  const plain = converted.markdown.replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/[\\*_`~#>[\]()<]/g, '');
  if (plain.trim() === '' && converted.images.length === 0 && item.images.length === 0 && item.title === undefined) return undefined;

  // Every picture is downloaded and carried; one that cannot be is dropped with a warning (never hot-linked).
  const wanted = [...item.images.filter((u) => !converted.images.some((i) => i.src === u)).map((src) => ({ src, alt: '', lead: true }))];
  const found = await Promise.all([...wanted, ...converted.images.map((i) => ({ ...i, lead: false }))].map((i) => images.get(i.src, base)));
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  const nameOf = new Map<string, string>();
  let markdown = converted.markdown;
  const lead: string[] = [];
  [...wanted, ...converted.images.map((i) => ({ ...i, lead: false }))].forEach((img, n) => {
    const got = found[n]!;
    let name: string | undefined;
    if ('error' in got) warn(`image ${img.src} dropped: ${got.error}`);
    else {
      name = nameOf.get(got.key);
      if (name === undefined) {
        name = `image-${files.length + 1}.${got.ext}`;
        nameOf.set(got.key, name);
        files.push({ name, bytes: got.bytes });
      }
    }
    if (img.lead) {
      if (name !== undefined) lead.push(`![${escapeInline(item.title ?? '')}](${name})`);
    } else {
      const token = placeholder(n - wanted.length);
      markdown = markdown.replace(token, name ?? '');
    }
  });
  // A dropped picture leaves nothing behind, not even an empty image.
  markdown = markdown.replace(/!\[[^\]]*\]\(\)\n?/g, '');

  const heading =
    item.title !== undefined
      ? { title: item.title.replace(/\s+/g, ' ').trim().slice(0, 1000) }
      : titleFromLine(plain.trim().split('\n')[0] ?? '');
  const langTag = itemLang(item, feed, `${item.title ?? ''} ${plain}`, langs);
  const body = [...lead, markdown.trim()].filter((s) => s !== '').join('\n\n');
  const article: ImportedArticle = {
    slug: feedSlug(item.id, feed.link ?? input),
    origin: `feed ${item.id}`,
    title: heading?.title ?? `${feed.name} · ${date.slice(0, 10)}`,
    date,
    lang: langTag,
    tags: item.tags,
    body: `${body}\n`,
    images: files,
    textLength: [...plain.trim()].length,
  };
  const updated = feedDate(item.updated);
  if (updated !== undefined && updated > date) article.updated = updated;
  if (item.author !== undefined) article.author = item.author.slice(0, 300);
  if (item.summary !== undefined) article.summary = item.summary.replace(/\s+/g, ' ').trim().slice(0, 4000);
  return article;
}

/**
 * The item's own language, else the feed's unless the text's script says otherwise (an English post in a Persian
 * feed, or a feed left at a platform's default "en-US"), else a guess from the script.
 */
function itemLang(item: FeedItem, feed: Feed, text: string, langs: LangChoice): string {
  const own = canonicalLang(item.lang ?? '');
  if (own !== undefined) return own;
  const declared = canonicalLang(feed.lang ?? '');
  const script = scriptOf(text);
  if (declared !== undefined && (script === undefined || (script === 'arabic') === (directionOf(declared) === 'rtl'))) return declared;
  return guessLang(text, langs);
}

/** The token htmlToMarkdown leaves where the n-th image goes. */
export function placeholder(n: number): string {
  return `\uE000image-${n}\uE001`;
}
