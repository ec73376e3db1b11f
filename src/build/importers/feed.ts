/** Feeds (files or URLs) into imported articles: stable slugs, dates, language, the HTML as Markdown, and its images downloaded. */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { MAX_ATTR_VALUE } from '../../core/bundle-syntax';
import { directionOf } from '../../core/direction';
import { htmlToText } from '../../core/html-text';
import { BuildFailure, ContentError, messageOf } from '../errors';
import { FIRST_YEAR, normalizeDate } from '../front-matter';
import { hasVisible } from '../invisible';
import { canonicalLang } from '../lang';
import { renderMarkdown } from '../markdown';
import { countSkipped, type ImportedArticle, type ImportedSource } from './article-writer';
import { createImageFetcher, openUrl, readMessage, type ImageFetcher } from './feed-images';
import { parseFeed, resolveUrl, type Feed, type FeedItem } from './feed-formats';
import { htmlToMarkdown, imagePlaceholder } from './html-markdown';
import { addressKind, type AddressAllowance } from './private-address';
import { cutText, escapeInline, guessLang, joinBlocks, rtlScriptOf, slugPart, titleFromLine, type LangChoice } from './markdown-text';

/** What reading feeds needs. */
export interface FeedOptions {
  langs: LangChoice;
  show: (path: string) => string;
  log: (line: string) => void;
  /** Milliseconds before a download gives up (feed or image); default 30 s. */
  timeoutMs?: number;
  /** Download pictures from any address, the publisher's own machine and network included (--allow-private-addresses). */
  allowPrivateAddresses?: boolean;
}

/** Read feeds (files or http(s) URLs) into articles; throws BuildFailure naming the feed and item when one is wrong. Unreachable images are dropped with a warning. */
export async function readFeeds(inputs: string[], opts: FeedOptions): Promise<ImportedSource> {
  const articles: ImportedArticle[] = [];
  const skipped = new Map<string, number>();
  const warnings: string[] = [];
  const names: string[] = [];
  const problems: ContentError[] = [];
  const fetchers = new Map<AddressAllowance, ImageFetcher>();
  for (const input of inputs) {
    const shown = /^https?:\/\//i.test(input) ? input : opts.show(input);
    let feed: Feed;
    let loaded: LoadedFeed;
    try {
      loaded = await loadFeed(input, opts.timeoutMs ?? 30_000);
      if (loaded.warning !== undefined) warnings.push(`${shown}: ${loaded.warning}`);
      feed = parseFeed(loaded.text, input);
    } catch (e) {
      problems.push(new ContentError(shown, messageOf(e)));
      continue;
    }
    // A feed's pictures may come from the internet, and from the kind of address its own bytes came from: a feed
    // served from this computer or a private network may name pictures there too. Only the address its download
    // connected to counts, never what its name resolves to in another lookup (a name can answer a private address
    // beside a public one, or a different one each time); a file counts as from the internet.
    const allow = opts.allowPrivateAddresses ? 'all' : (addressKind(loaded.from ?? '') ?? 'none');
    let images = fetchers.get(allow);
    if (images === undefined) fetchers.set(allow, (images = createImageFetcher({ timeoutMs: opts.timeoutMs ?? 30_000, allow })));
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
  return { name: names.join(', '), articles: oncePerItem(articles, skipped), skipped, warnings };
}

/**
 * One article per item: a post read twice (a site's section feeds both list it, a feed given twice, an item a feed
 * repeats) is the same slug. The newest version is kept (by its updated date, else its date; the first read on a tie),
 * with the tags of every copy, and the other copies are counted in the summary.
 */
function oncePerItem(articles: ImportedArticle[], skipped: Map<string, number>): ImportedArticle[] {
  const bySlug = new Map<string, ImportedArticle>();
  for (const article of articles) {
    const kept = bySlug.get(article.slug);
    if (kept === undefined) {
      bySlug.set(article.slug, article);
      continue;
    }
    countSkipped(skipped, 'items read twice (the newest copy is kept)');
    const newer = (article.updated ?? article.date) > (kept.updated ?? kept.date) ? article : kept;
    bySlug.set(article.slug, { ...newer, tags: [...new Set([...kept.tags, ...article.tags])] });
  }
  return [...bySlug.values()];
}

/** The largest feed read, file or download: far more than any real feed (fifty whole posts make a few MB). */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;
const TOO_LARGE = `is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB, which no feed is: is this the address of a feed?`;

/** A feed read: its text, and for a download the IP address of the server its bytes came from. */
interface LoadedFeed extends DecodedFeed {
  from?: string;
}

/** A feed's text, and a warning when some of its bytes could not be read in its character encoding. */
async function loadFeed(input: string, timeoutMs: number): Promise<LoadedFeed> {
  if (!/^https?:\/\//i.test(input)) {
    const bytes = readFileUpTo(input, MAX_FEED_BYTES);
    if (bytes === undefined) throw new Error(TOO_LARGE);
    return decodeFeed(bytes);
  }
  if (!URL.canParse(input)) throw new Error('cannot be downloaded: its address cannot be read.');
  // The publisher typed this address: it, and its redirects, may lead anywhere ('all').
  const opened = await openUrl(new URL(input), { signal: AbortSignal.timeout(timeoutMs), allow: 'all', accept: '*/*' });
  if ('error' in opened) throw new Error(`cannot be downloaded: ${opened.error}`);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readMessage(opened.res, MAX_FEED_BYTES);
  } catch (e) {
    throw new Error(`cannot be downloaded: the download broke off (${messageOf(e)}).`);
  }
  if (bytes === undefined) throw new Error(TOO_LARGE);
  const charset = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(opened.res.headers['content-type'] ?? '');
  return { ...decodeFeed(bytes, charset ? (charset[1] ?? charset[2]) : undefined), from: opened.address };
}

/** A file's bytes, or undefined when it has more than `max` (read no further: a device or a pipe may never end). */
function readFileUpTo(path: string, max: number): Uint8Array | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new Error((e as { code?: unknown }).code === 'ENOENT' ? 'cannot be read: no such file.' : `cannot be read (${messageOf(e)}).`);
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      size += n;
      if (size > max) return undefined;
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, size);
  } catch (e) {
    throw new Error(`cannot be read (${messageOf(e)}).`);
  } finally {
    closeSync(fd);
  }
}

/** A feed as text, and what went wrong reading it that the publisher should know. */
export interface DecodedFeed {
  text: string;
  warning?: string;
}

/**
 * A feed's bytes as text, in the character encoding they are in: a byte order mark says it first; then the server's
 * Content-Type charset (`httpCharset`); then the XML declaration (`<?xml version="1.0" encoding="windows-1256"?>`);
 * else UTF-8 (which JSON Feed always is). When the server and the feed itself disagree and the bytes are only what the
 * feed says (UTF-8 text with non-ASCII letters, or bytes that are not valid in the server's encoding), the feed is right
 * and the publisher is told. Throws when the encoding is one this program cannot read.
 */
export function decodeFeed(bytes: Uint8Array, httpCharset?: string): DecodedFeed {
  const [b0, b1, b2, b3] = bytes;
  let label: string;
  let from: string;
  let warning: string | undefined;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) [label, from] = ['utf-8', 'its byte order mark'];
  else if (b0 === 0xff && b1 === 0xfe) [label, from] = ['utf-16le', 'its byte order mark'];
  else if (b0 === 0xfe && b1 === 0xff) [label, from] = ['utf-16be', 'its byte order mark'];
  else if (httpCharset !== undefined && httpCharset.trim() !== '') {
    [label, from] = [httpCharset.trim(), "the server's Content-Type"];
    const own = ownEncoding(bytes);
    if (own !== undefined && encodingName(own) !== encodingName(label) && encodingName(own) !== undefined) {
      const ownIsUtf8 = encodingName(own) === 'utf-8' && bytes.some((b) => b >= 0x80) && decodes(bytes, 'utf-8');
      if (ownIsUtf8 || (encodingName(label) !== undefined && !decodes(bytes, label) && decodes(bytes, own))) {
        warning = `the server says the feed is in "${label}", but its bytes are ${own}, as the feed itself says: they were read as ${own}. The site's Content-Type should say charset=${own}.`;
        [label, from] = [own, 'the feed'];
      }
    }
  }
  // "<?" in UTF-16 without a byte order mark (XML 1.0, appendix F).
  else if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) [label, from] = ['utf-16le', 'its first bytes'];
  else if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) [label, from] = ['utf-16be', 'its first bytes'];
  else {
    const name = declaredEncoding(bytes) ?? '';
    // A declaration readable as ASCII is not in UTF-16, whatever it says (a file converted without updating it).
    [label, from] = name === '' || /^utf-?16/i.test(name) ? ['utf-8', 'the default'] : [name, 'its XML declaration'];
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new Error(
      `is in the character encoding "${label}" (${from} says so), which this program cannot read: save or serve the feed as UTF-8.`,
    );
  }
  try {
    return { text: decoder.decode(bytes), ...(warning !== undefined && { warning }) };
  } catch {
    // A few broken bytes should not lose the whole feed: they become U+FFFD, and the publisher is told.
    return {
      text: new TextDecoder(label).decode(bytes),
      warning: `some bytes are not valid ${decoder.encoding} (the encoding ${from} gives); they show as "\uFFFD" in the articles.`,
    };
  }
}

/** The encoding an XML declaration names (`encoding="windows-1256"`), trimmed, or undefined when there is none. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII in every encoding that can be told apart this way.
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const declared = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
  return declared ? (declared[1] ?? declared[2]!).trim() : undefined;
}

/** The encoding a feed says it is in: its XML declaration's, or UTF-8 for JSON (JSON Feed is always UTF-8). */
function ownEncoding(bytes: Uint8Array): string | undefined {
  const declared = declaredEncoding(bytes);
  // A declaration readable as ASCII is not in UTF-16 (see decodeFeed).
  if (declared !== undefined && declared !== '') return /^utf-?16/i.test(declared) ? undefined : declared;
  return /^\s*[{[]/.test(Buffer.from(bytes.subarray(0, 64)).toString('latin1')) ? 'utf-8' : undefined;
}

/** The canonical name of an encoding label ("latin1" -> "windows-1252"), or undefined when it is none this program reads. */
function encodingName(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/** Whether `bytes` are all valid in the encoding `label`. */
function decodes(bytes: Uint8Array, label: string): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const MONTHS = 'january february march april may june july august september october november december'.split(' ');
// RFC 822's names, UTC, and other names common in feeds; names that mean several zones (IST, AST, BST...) are not guessed.
const ZONES = new Map(
  Object.entries({
    '+00:00': 'z ut utc gmt wet',
    '+01:00': 'west cet',
    '+02:00': 'cest eet',
    '+03:00': 'eest msk',
    '+03:30': 'irst',
    '+04:30': 'irdt',
    '+05:00': 'pkt',
    '+08:00': 'hkt sgt',
    '+09:00': 'jst kst',
    '+10:00': 'aest',
    '+11:00': 'aedt',
    '+12:00': 'nzst',
    '+13:00': 'nzdt',
    '-04:00': 'edt',
    '-05:00': 'est cdt',
    '-06:00': 'cst mdt',
    '-07:00': 'mst pdt',
    '-08:00': 'pst akdt',
    '-09:00': 'akst',
    '-10:00': 'hst',
  }).flatMap(([offset, names]) => names.split(' ').map((name) => [name, offset] as const)),
);
// RFC 822 / 1123 / 2822 and what feeds make of them: the day name optional or in full, a full month name, a two-digit
// year, no seconds, a one-digit hour, a zone as a name or "+0330" / "+03:30" (with a comment after), or none.
const RFC822 =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{4}|\d{2}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-]\d{2}:?\d{2}|[a-z]{1,5}))?(?:\s*\([^()]*\))?$/i;

/**
 * A date from a feed as ISO UTC, or undefined when it is not one: RFC 822 (RSS; see RFC822) or ISO 8601 / RFC 3339
 * (Atom, JSON Feed, dc:date), read as normalizeDate reads front matter. A date without a zone is UTC, so an import
 * gives the same dates on every machine. Nothing else is guessed at: V8's Date.parse reads almost anything.
 */
export function feedDate(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  let iso = normalizeDate(v);
  if (iso === undefined) {
    const m = RFC822.exec(v.trim());
    const name = m?.[2]!.toLowerCase();
    const month = MONTHS.findIndex((full) => name === full || name === full.slice(0, 3) || (name === 'sept' && full === 'september')) + 1;
    if (!m || month === 0) return undefined;
    const [, day, , y, h, mi, sec = '00', zone] = m;
    // RFC 2822 §4.3: a two-digit year is 19xx from 50 on, else 20xx.
    const year = y!.length === 2 ? (+y! < 50 ? 2000 : 1900) + +y! : +y!;
    let tz = zone === undefined ? '+00:00' : ZONES.get(zone.toLowerCase());
    if (zone !== undefined && /^[+-]/.test(zone)) {
      const digits = zone.replace(':', '');
      if (+digits.slice(1, 3) > 14 || +digits.slice(3) > 59) return undefined;
      tz = `${digits.slice(0, 3)}:${digits.slice(3)}`;
    }
    if (tz === undefined) return undefined;
    const pad = (n: number | string, width = 2): string => String(n).padStart(width, '0');
    iso = normalizeDate(`${pad(year, 4)}-${pad(month)}-${pad(day!)}T${pad(h!)}:${mi}:${sec}${tz}`);
  }
  // The build's own limit (a Solar Hijri "1403" is no year any feed was published in): an earlier date would fail it.
  if (iso === undefined || +iso.slice(0, 4) < FIRST_YEAR) return undefined;
  return iso.length === 10 ? `${iso}T00:00:00.000Z` : iso;
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
  // Bounded as the build measures an id too (percent-encoded: sixty Chinese or Hindi letters are over it), with room
  // for the hash; a slug that was within both bounds stays as it was.
  const readable = slugPart(last.replace(/\.(?:html?|php|aspx?)$/i, ''), 60, MAX_ATTR_VALUE - hash.length - 1);
  return readable !== '' && !/^[0-9a-f-]{16,}$/.test(readable) ? `${readable}-${hash}` : `feed-${hash}`;
}

/**
 * What makes an item id that is not a URL ("17") unique: the feed's link, else the address it was downloaded from
 * (without a fragment; its query stays: `feed.php?cat=3` and `?cat=4` are two feeds, and the slugs of feeds imported
 * from an address stay as they were), else what the feed names itself by, else the file's name. Never a path as typed:
 * the same file given as "feed.json" and "./saved/feed.json" is the same feed.
 */
export function feedKey(feed: Feed, input: string): string {
  if (feed.link !== undefined) return feed.link;
  if (/^https?:\/\//i.test(input)) return input.replace(/#[\s\S]*$/, '');
  return feed.key ?? basename(input);
}

/** Pictures downloaded per item: far more than any real post, far fewer than the build's limit per article (2,000). */
export const MAX_PICTURES = 200;

async function itemToArticle(
  read: FeedItem,
  feed: Feed,
  input: string,
  langs: LangChoice,
  images: ImageFetcher,
  warn: (w: string) => void,
): Promise<ImportedArticle | undefined> {
  // A field of only invisible characters (a title that is one "&rlm;") is no field: the build would refuse it.
  const visible = (s: string | undefined): string | undefined => (s !== undefined && hasVisible(s) ? s : undefined);
  const item = {
    ...read,
    title: visible(read.title),
    author: visible(read.author),
    summary: visible(read.summary),
    tags: read.tags.filter(hasVisible),
  };
  if (item.id === undefined) throw new Error('has no guid, id or link, so it cannot get a stable slug.');
  const date = feedDate(item.date);
  if (date === undefined) {
    throw new Error(
      item.date === undefined
        ? 'has no date (pubDate, published or date_published).'
        : `has a date that cannot be read: "${item.date}". A feed's dates are Gregorian, as RFC 822 ("Tue, 11 Mar 2025 05:00:00 GMT") or ISO 8601 ("2025-03-11T05:00:00Z") writes them.`,
    );
  }
  // A post dated ahead stays first in readers' lists until then: kept as the feed says, but the publisher should know.
  if (Date.parse(date) > Date.now() + 24 * 60 * 60 * 1000) warn(`its date ${date.slice(0, 10)} is in the future; check the feed's dates.`);
  // Relative links resolve against the xml:base in effect (Atom), else the item's address, else the feed's: the first
  // of them that is absolute, a relative one resolved against the feed's (and the feed's against where it was read).
  const from = /^https?:/i.test(input) ? input : undefined;
  const feedBase = resolveUrl(feed.link, from) ?? from;
  const base = item.base ?? resolveUrl(item.link, feedBase) ?? feedBase;
  const converted =
    item.content === undefined
      ? { markdown: '', images: [] as Array<{ src: string; alt: string }> }
      : item.text
        ? { markdown: joinBlocks([{ kind: 'text', markdown: escapeInline(item.content) }]), images: [] }
        : htmlToMarkdown(item.content, base);
  // The text a reader sees of the body, block by block: the title of an untitled item is its first line, and
  // "C# (and F#)", "2 < 3 * 4" or "notes_v2" stay as written (the Markdown holds escapes; its marks are no text).
  const plain = htmlToText(renderMarkdown(converted.markdown));
  if (plain.trim() === '' && converted.images.length === 0 && item.images.length === 0 && item.title === undefined) return undefined;

  // Every picture is downloaded and carried; one that cannot be is dropped with a warning (never hot-linked).
  const wanted = [...item.images.filter((u) => !converted.images.some((i) => i.src === u)).map((src) => ({ src, alt: '', lead: true }))];
  const pictures = [...wanted, ...converted.images.map((i) => ({ ...i, lead: false }))];
  if (pictures.length > MAX_PICTURES) {
    warn(`has ${pictures.length} pictures; only the first ${MAX_PICTURES} are downloaded, the others are left out.`);
  }
  const found = await Promise.all(pictures.map((i, n) => (n < MAX_PICTURES ? images.get(i.src, base) : undefined)));
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  const nameOf = new Map<string, string>();
  let markdown = converted.markdown;
  const lead: string[] = [];
  let missing = 0;
  pictures.forEach((img, n) => {
    const got = found[n];
    let name: string | undefined;
    if (got === undefined) {
      // Over MAX_PICTURES: said once above.
    } else if ('error' in got) {
      warn(`image ${img.src} dropped: ${got.error}`);
      missing++;
    } else {
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
      const token = imagePlaceholder(n - wanted.length);
      // A dropped picture in a table leaves nothing behind either (htmlToMarkdown writes exactly this element).
      if (name === undefined) markdown = markdown.replace(new RegExp(`<img src="${token}" alt="[^"]*">`), '');
      markdown = markdown.replace(token, name ?? '');
    }
  });
  // A dropped picture leaves nothing behind, not even an empty image.
  markdown = markdown.replace(/!\[[^\]]*\]\(\)\n?/g, '');
  // An untitled item that was only pictures, none of which could be downloaded, is nothing: no empty article.
  if (plain.trim() === '' && files.length === 0 && item.title === undefined) return undefined;

  const heading =
    item.title !== undefined
      ? { title: cutText(item.title.replace(/\s+/g, ' ').trim(), 1000) }
      : titleFromLine(plain.trim().split('\n')[0] ?? '');
  const langTag = itemLang(item, feed, `${item.title ?? ''} ${plain}`, langs);
  const body = [...lead, markdown.trim()].filter((s) => s !== '').join('\n\n');
  const article: ImportedArticle = {
    slug: feedSlug(item.id, feedKey(feed, input)),
    origin: `feed ${item.id}`,
    title: heading?.title ?? `${cutText(feed.name, 900)} · ${date.slice(0, 10)}`,
    date,
    lang: langTag,
    tags: item.tags,
    body: `${body}\n`,
    images: files,
    textLength: [...plain.trim()].length,
  };
  if (missing > 0) article.missingPictures = missing;
  const updated = feedDate(item.updated);
  if (updated !== undefined && updated > date) article.updated = updated;
  if (item.author !== undefined) article.author = cutText(item.author, 300);
  if (item.summary !== undefined) article.summary = cutText(item.summary.replace(/\s+/g, ' ').trim(), 4000);
  return article;
}

// The language of text in a right-to-left script that one language mostly writes (Arabic script's is --arabic-script-lang).
const SCRIPT_LANG: Record<string, string> = { Hebr: 'he', Thaa: 'dv', Syrc: 'syr', Nkoo: 'nqo' };

/**
 * The item's own language, else the feed's unless the text's script says otherwise (an English post in a Persian
 * feed, Persian or Hebrew text in a feed left at a platform's default "en-US"), else a guess from the script.
 */
function itemLang(item: FeedItem, feed: Feed, text: string, langs: LangChoice): string {
  const own = canonicalLang(item.lang ?? '');
  if (own !== undefined) return own;
  const declared = canonicalLang(feed.lang ?? '');
  const script = rtlScriptOf(text);
  if (declared !== undefined && (script === undefined || fitsScript(declared, script))) return declared;
  if (script === undefined || script === 'Arab' || script === 'other') return guessLang(text, langs);
  // Yiddish text when the publisher said so (--lang yi), else the script's usual language.
  return usualScript(langs.other) === script ? langs.other : (SCRIPT_LANG[script] ?? langs.other);
}

/** Whether a text mostly in `script` (see rtlScriptOf) can be in the language `tag`: its direction, and its right-to-left script. */
function fitsScript(tag: string, script: string): boolean {
  if (directionOf(tag) === 'ltr') return script === 'other';
  const usual = usualScript(tag);
  return script !== 'other' && (usual === undefined || usual === script);
}

/** The script a language tag is written in (ISO 15924, "Hebr" for yi), by its script subtag or CLDR's likely one. */
function usualScript(tag: string): string | undefined {
  try {
    return new Intl.Locale(tag).maximize().script;
  } catch {
    return undefined;
  }
}
