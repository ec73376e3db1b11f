/** The edition manifest: canonical serialisation and strict validation of every field. */
import { MAX_ARTICLES, MAX_ARTICLE_BYTES, MAX_MANIFEST_BYTES, MAX_MEDIA_BYTES, MEDIA_TYPES } from './constants';
import { MAX_ATTR_VALUE } from './bundle-syntax';
import { BundleError } from './errors';
import { MAX_MIRRORS, mirrorUrlProblem } from './mirrors';
import { isJsonObject, parseStrictJson, type JsonObject } from './strict-json';
import type { ArticleMeta, Dir, Manifest, MediaMeta, Publisher, Tombstone } from './types';

export const MANIFEST_FORMAT = 'offline-reader/manifest';
export const MANIFEST_VERSION = 1;
/** Most media files one manifest may list. */
export const MAX_MEDIA_FILES = 50_000;
/** Most keys one manifest may announce. */
export const MAX_ANNOUNCED_KEYS = 16;

/** Article and publisher ids: a letter or digit of any script, then letters, digits, marks, '_' or '-' (see isValidId). */
export const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_-]{0,199}$/u;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const LANG_PATTERN = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,8}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const MAX = { title: 1000, summary: 4000, author: 300, name: 300, tag: 100, tags: 64, mediaPerArticle: 2000, dimension: 100_000 };

/**
 * True if `s` is a valid article or publisher id: ID_PATTERN, and short enough percent-encoded (as an article record's
 * `data-id` carries it) for a record attribute: 200 ASCII characters, but 85 Persian letters (six characters each).
 */
export function isValidId(s: string): boolean {
  // ID_PATTERN first: it lets no lone surrogate through, which encodeURIComponent throws on.
  return ID_PATTERN.test(s) && encodeURIComponent(s).length <= MAX_ATTR_VALUE;
}

/** True if `s` is a lowercase hex SHA-256. */
export function isSha256Hex(s: string): boolean {
  return SHA256_PATTERN.test(s);
}

/** The manifest as signed text: JSON with a fixed key order, no spaces, optional fields left out, every '<' as \u003c. */
export function serializeManifest(m: Manifest): string {
  const ordered = {
    format: m.format,
    v: m.v,
    publisher: { id: m.publisher.id, name: m.publisher.name },
    edition: m.edition,
    created: m.created,
    articles: m.articles.map(orderArticle),
    media: m.media.map(orderMedia),
    announceKeys: m.announceKeys && m.announceKeys.length > 0 ? [...m.announceKeys] : undefined,
    mirrors: m.mirrors && m.mirrors.length > 0 ? [...m.mirrors] : undefined,
    withdrawn: m.withdrawn && m.withdrawn.length > 0 ? m.withdrawn.map((t) => ({ id: t.id, edition: t.edition })) : undefined,
  };
  // '<' never appears, so the text can sit verbatim in a <script> element of a reader file.
  return JSON.stringify(ordered).replace(/</g, '\\u003c');
}

function orderArticle(a: ArticleMeta): Record<string, unknown> {
  return {
    id: a.id,
    version: a.version,
    title: a.title,
    date: a.date,
    lang: a.lang,
    dir: a.dir,
    summary: a.summary,
    author: a.author,
    tags: [...a.tags],
    size: a.size,
    sha256: a.sha256,
    media: [...a.media],
  };
}

function orderMedia(m: MediaMeta): Record<string, unknown> {
  return { sha256: m.sha256, type: m.type, size: m.size, width: m.width, height: m.height };
}

/** Parse and validate manifest text (the exact signed bytes, decoded); returns fresh objects. Throws BundleError. */
export function parseManifest(text: string): Manifest {
  return parseCanonical(text) ?? parseStrict(text);
}

/**
 * The common case, fast: a manifest exactly as serializeManifest writes it, read with the engine's own JSON.parse
 * (several times faster than the strict reader: 5 MB for 10,000 articles). Taken only when writing the result back out
 * gives the very same text, which rules out all the strict reader exists to refuse (duplicate, unknown or `__proto__`
 * keys, other spellings of numbers and strings, white space, nesting), since none of it survives the round trip; escapes
 * other than `\u003c` are left to the strict reader too, so no lone surrogate can come in through one. Anything else,
 * or any failure, returns undefined: parseStrict then gives the same manifest or names the fault.
 */
export function parseCanonical(text: string): Manifest | undefined {
  // The prefix every canonical manifest starts with: anything else (a huge object of another shape) is not parsed twice.
  if (text.length > MAX_MANIFEST_BYTES || !text.startsWith(CANONICAL_START) || /\\u(?!003c)/.test(text)) return undefined;
  // More braces and brackets than a manifest's objects and lists (in strings too, so never fewer): the engine's parser
  // would build every one of them before the round trip refuses the text. The strict reader stops at the limit.
  if (countOpenings(text) > MAX_CONTAINERS) return undefined;
  try {
    const manifest = readManifest(JSON.parse(text));
    return serializeManifest(manifest) === text ? manifest : undefined;
  } catch {
    return undefined;
  }
}

const CANONICAL_START = `{"format":"${MANIFEST_FORMAT}","v":`;

/**
 * What a stored manifest lists: its articles (id to SHA-256) and pictures (SHA-256 to type), read with the engine's
 * JSON.parse and no other check: only for text that parseManifest accepted when it was stored (the exporter choosing
 * which manifest travels with an article, and the type its pictures travel with), so the page need not carry the strict
 * reader. Whoever imports the exported file checks all of it again. Text that no longer reads lists nothing.
 */
export function listedContent(text: string): { articles: Map<string, string>; media: Map<string, string> } {
  const listed = { articles: new Map<string, string>(), media: new Map<string, string>() };
  try {
    const m = JSON.parse(text) as { articles?: unknown; media?: unknown } | null;
    if (!Array.isArray(m?.articles) || !Array.isArray(m.media)) return listed;
    for (const a of m.articles as { id?: unknown; sha256?: unknown }[]) {
      if (typeof a?.id === 'string' && typeof a.sha256 === 'string') listed.articles.set(a.id, a.sha256);
    }
    for (const p of m.media as { sha256?: unknown; type?: unknown }[]) {
      if (typeof p?.sha256 === 'string' && typeof p.type === 'string') listed.media.set(p.sha256, p.type);
    }
  } catch {
    // Lists nothing.
  }
  return listed;
}

/**
 * Most objects and lists a manifest holds: itself and its publisher, each article with its tags and pictures (and one
 * to spare), each picture, each withdrawal, and room for the short lists (keys, mirrors).
 */
const MAX_CONTAINERS = 4 * MAX_ARTICLES + MAX_ARTICLES + MAX_MEDIA_FILES + 1024;

function countOpenings(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) n++;
  }
  return n;
}

/** Any manifest text, read by the strict reader: the same result as parseCanonical where that gives one, or the fault named. */
function parseStrict(text: string): Manifest {
  const raw = parseStrictJson(text, {
    what: 'manifest',
    maxLength: MAX_MANIFEST_BYTES,
    maxDepth: 8,
    maxContainers: MAX_CONTAINERS,
    // Stops a 100,000-article list while reading, before it is all in memory.
    maxArrayItems: Math.max(MAX_ARTICLES, MAX_MEDIA_FILES),
    maxItemsByKey: {
      articles: MAX_ARTICLES,
      media: MAX_MEDIA_FILES,
      tags: MAX.tags,
      announceKeys: MAX_ANNOUNCED_KEYS,
      mirrors: MAX_MIRRORS,
      withdrawn: MAX_ARTICLES,
    },
  });
  return readManifest(raw);
}

function readManifest(raw: unknown): Manifest {
  const o = object(raw, 'manifest');
  const format = o.format;
  if (format !== MANIFEST_FORMAT) {
    throw new BundleError('malformed', 'This is not an offline-reader manifest.', { what: 'manifest', field: 'format' });
  }
  const v = o.v;
  if (typeof v === 'number' && Number.isInteger(v) && v > MANIFEST_VERSION) {
    throw new BundleError('newer-version', 'This file was made by a newer version of the app: update the app to read it.', {
      version: v,
      supported: MANIFEST_VERSION,
    });
  }
  if (v !== MANIFEST_VERSION) throw bad('v', 'an unknown manifest version');
  onlyKeys(o, ['format', 'v', 'publisher', 'edition', 'created', 'articles', 'media', 'announceKeys', 'mirrors', 'withdrawn'], 'manifest');

  const publisher = readPublisher(o.publisher);
  const edition = integer(o.edition, 'edition', 0, Number.MAX_SAFE_INTEGER);
  const created = date(o.created, 'created');

  const mediaRaw = list(o.media, 'media', MAX_MEDIA_FILES);
  const media: MediaMeta[] = [];
  const mediaSeen = new Set<string>();
  for (const item of mediaRaw) {
    const m = readMedia(item);
    if (mediaSeen.has(m.sha256)) {
      throw new BundleError('duplicate', `The manifest lists the media file ${m.sha256.slice(0, 12)} twice.`, { media: m.sha256 });
    }
    mediaSeen.add(m.sha256);
    media.push(m);
  }

  const articlesRaw = list(o.articles, 'articles', MAX_ARTICLES);
  const articles: ArticleMeta[] = [];
  const ids = new Set<string>();
  for (const item of articlesRaw) {
    const a = readArticle(item);
    if (ids.has(a.id)) throw new BundleError('duplicate', `The manifest lists the article "${a.id}" twice.`, { article: a.id });
    ids.add(a.id);
    for (const sha of a.media) {
      if (!mediaSeen.has(sha)) {
        throw new BundleError('malformed', `The article "${a.id}" uses an image the manifest does not list.`, {
          what: 'manifest',
          field: 'media',
          article: a.id,
        });
      }
    }
    articles.push(a);
  }

  const manifest: Manifest = { format: MANIFEST_FORMAT, v: MANIFEST_VERSION, publisher, edition, created, articles, media };
  if (o.announceKeys !== undefined) {
    const keys = list(o.announceKeys, 'announceKeys', MAX_ANNOUNCED_KEYS).map((k) => {
      if (typeof k !== 'string' || !KEY_PATTERN.test(k)) throw bad('announceKeys', 'a key that is not a base64url Ed25519 public key');
      return k;
    });
    manifest.announceKeys = keys;
  }
  if (o.mirrors !== undefined) {
    const mirrors = list(o.mirrors, 'mirrors', MAX_MIRRORS).map((u) => {
      if (typeof u !== 'string' || mirrorUrlProblem(u) !== undefined) throw bad('mirrors', 'a mirror that is not an https:// base URL');
      return u;
    });
    if (new Set(mirrors).size !== mirrors.length) throw bad('mirrors', 'the same mirror twice');
    manifest.mirrors = mirrors;
  }
  if (o.withdrawn !== undefined) manifest.withdrawn = readTombstones(o.withdrawn, edition, ids);
  return manifest;
}

/** The withdrawn list: each id once, never also an article of this manifest, withdrawn in this edition or before. */
function readTombstones(raw: unknown, edition: number, articleIds: Set<string>): Tombstone[] {
  const seen = new Set<string>();
  return list(raw, 'withdrawn', MAX_ARTICLES).map((item) => {
    const o = object(item, 'withdrawn');
    onlyKeys(o, ['id', 'edition'], 'withdrawn');
    const t: Tombstone = { id: id(o.id, 'withdrawn id'), edition: integer(o.edition, 'withdrawn edition', 0, edition) };
    if (seen.has(t.id)) throw new BundleError('duplicate', `The manifest lists the withdrawn article "${t.id}" twice.`, { article: t.id });
    if (articleIds.has(t.id)) throw bad('withdrawn', `an article that is both listed and withdrawn ("${t.id}")`);
    seen.add(t.id);
    return t;
  });
}

function readPublisher(raw: unknown): Publisher {
  const o = object(raw, 'publisher');
  onlyKeys(o, ['id', 'name'], 'publisher');
  return { id: id(o.id, 'publisher.id'), name: text(o.name, 'publisher.name', 1, MAX.name) };
}

function readArticle(raw: unknown): ArticleMeta {
  const o = object(raw, 'article');
  onlyKeys(o, ['id', 'version', 'title', 'date', 'lang', 'dir', 'summary', 'author', 'tags', 'size', 'sha256', 'media'], 'article');
  const articleId = id(o.id, 'article id');
  const field = (name: string): string => `article "${articleId}" ${name}`;
  const dir = o.dir;
  if (dir !== 'ltr' && dir !== 'rtl') throw bad(field('dir'), 'a direction other than "ltr" or "rtl"');
  const lang = o.lang;
  if (typeof lang !== 'string' || !LANG_PATTERN.test(lang)) throw bad(field('lang'), 'a language tag that is not valid');
  const meta: ArticleMeta = {
    id: articleId,
    version: integer(o.version, field('version'), 0, Number.MAX_SAFE_INTEGER),
    title: text(o.title, field('title'), 1, MAX.title),
    date: date(o.date, field('date')),
    lang,
    dir: dir satisfies Dir,
    tags: list(o.tags, field('tags'), MAX.tags).map((t) => text(t, field('tag'), 1, MAX.tag)),
    size: integer(o.size, field('size'), 0, MAX_ARTICLE_BYTES),
    sha256: sha(o.sha256, field('sha256')),
    media: list(o.media, field('media'), MAX.mediaPerArticle).map((s) => sha(s, field('media'))),
  };
  if (new Set(meta.media).size !== meta.media.length) throw bad(field('media'), 'the same image twice');
  if (o.summary !== undefined) meta.summary = text(o.summary, field('summary'), 0, MAX.summary);
  if (o.author !== undefined) meta.author = text(o.author, field('author'), 0, MAX.author);
  return meta;
}

function readMedia(raw: unknown): MediaMeta {
  const o = object(raw, 'media');
  onlyKeys(o, ['sha256', 'type', 'size', 'width', 'height'], 'media');
  const type = o.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(MEDIA_TYPES, type)) {
    throw bad('media type', 'a media type that is not an allowed image type');
  }
  const m: MediaMeta = { sha256: sha(o.sha256, 'media sha256'), type, size: integer(o.size, 'media size', 0, MAX_MEDIA_BYTES) };
  if (o.width !== undefined) m.width = integer(o.width, 'media width', 1, MAX.dimension);
  if (o.height !== undefined) m.height = integer(o.height, 'media height', 1, MAX.dimension);
  return m;
}

function bad(field: string, what: string): BundleError {
  return new BundleError('malformed', `The manifest has ${what} (${field}).`, { what: 'manifest', field });
}

function object(v: unknown, field: string): JsonObject {
  if (!isJsonObject(v)) throw bad(field, 'something that is not an object');
  return v;
}

function onlyKeys(o: JsonObject, allowed: string[], field: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
      throw new BundleError('malformed', `The manifest has an unknown field "${shown}" in ${field}.`, { what: 'manifest', field: shown });
    }
  }
}

function list(v: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(v)) throw bad(field, 'something that is not a list');
  if (v.length > max) {
    throw new BundleError('limits', `The manifest lists more than ${max} items in ${field}.`, { what: field, max });
  }
  return v;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw bad(field, 'a number out of range');
  return v;
}

function text(v: unknown, field: string, min: number, max: number): string {
  if (typeof v !== 'string' || v.length < min || v.length > max) throw bad(field, 'text that is missing or too long');
  return v;
}

function id(v: unknown, field: string): string {
  if (typeof v !== 'string' || !isValidId(v)) throw bad(field, 'an id that is not valid');
  return v;
}

function sha(v: unknown, field: string): string {
  if (typeof v !== 'string' || !SHA256_PATTERN.test(v)) throw bad(field, 'a hash that is not a SHA-256');
  return v;
}

function date(v: unknown, field: string): string {
  if (typeof v !== 'string' || !DATE_PATTERN.test(v) || Number.isNaN(Date.parse(v))) throw bad(field, 'a date that is not valid');
  return v;
}
