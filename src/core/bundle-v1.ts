/** Format versions 1 and 2: the record validator (manifests, articles, media, the pack index) and the pack index parser. */
import { articleKey } from './keys';
import { checkUtf8, fromBase64Ascii, utf8Decode } from './bytes';
import { MAX_ARTICLES, MAX_ARTICLE_BYTES, MAX_MEDIA_BYTES, MEDIA_TYPES } from './constants';
import type { RawRecord } from './bundle-scan';
import { MAX_MANIFESTS, MAX_PACKS_BYTES, malformed, overLimit, safeDecodeId } from './bundle-syntax';
import { BundleError } from './errors';
import { ID_PATTERN, MAX_MEDIA_FILES, isSha256Hex } from './manifest';
import { isJsonObject, parseStrictJson } from './strict-json';
import type { BundleArticle, BundleMedia, PackIndex, SignedManifest } from './types';

const KEY_ATTR = /^[A-Za-z0-9_-]{43}$/;
const SIG_ATTR = /^[A-Za-z0-9_-]{86}$/;
const INDEX_ATTR = /^(0|[1-9][0-9]{0,5})$/;

/** One record's content, as a version reader hands it on. */
export type BundleItem =
  | { kind: 'manifest'; manifest: SignedManifest }
  | { kind: 'article'; article: BundleArticle }
  | { kind: 'media'; media: BundleMedia }
  | { kind: 'packs'; packs: PackIndex };

/** Reads the records after the header, one at a time, for one format version; `finish` makes the checks that need them all. */
export interface RecordReader {
  read(record: RawRecord): BundleItem | undefined;
  finish(): void;
}

/**
 * The record reader of format versions 1 and 2: checks each record and counts it against the file limits. Version 2 adds
 * two attributes: `data-sv="2"` on a manifest signed with scheme 2 (over a digest; absent: scheme 1), and
 * `data-enc="base64"` on an article carried inert (base64 in a <script> that never runs) beside a sanitised copy to read.
 */
export function recordReader(version: 1 | 2): RecordReader {
  let manifests = 0;
  let articles = 0;
  let media = 0;
  let packs = false;
  // Each article's manifest number and id, in order, for the check that needs every manifest seen first.
  const refs: { manifest: number; id: string }[] = [];
  const articleKeys = new Set<string>();
  const mediaKeys = new Set<string>();
  return {
    read(r) {
      const payload = r.payload!;
      switch (r.kind) {
        case 'file':
          throw malformed('it has two file headers');
        case 'manifest': {
          if (manifests >= MAX_MANIFESTS) throw limits('manifests', MAX_MANIFESTS);
          const publicKey = r.attrs.get('data-key') ?? '';
          const signature = r.attrs.get('data-sig') ?? '';
          // An unsigned or oddly signed manifest is kept: verification names the reason ('bad-signature').
          if (publicKey !== '' && !KEY_ATTR.test(publicKey)) throw malformed('a manifest key is not a public key');
          if (signature !== '' && !SIG_ATTR.test(signature)) throw malformed('a manifest signature is not a signature');
          const scheme = version >= 2 ? r.attrs.get('data-sv') : undefined;
          if (scheme !== undefined && scheme !== '2') throw malformed('a manifest names a signature scheme this app does not know');
          const text = utf8Decode(payload, 'manifest');
          if (text.includes('<')) throw malformed('a manifest contains "<"');
          manifests++;
          return { kind: 'manifest', manifest: { text, publicKey, signature, ...(scheme ? { scheme: 2 as const } : {}) } };
        }
        case 'article': {
          if (articles >= MAX_ARTICLES) throw limits('articles', MAX_ARTICLES);
          const m = r.attrs.get('data-m') ?? '';
          const rawId = r.attrs.get('data-id') ?? '';
          if (!INDEX_ATTR.test(m)) throw malformed('an article has no valid manifest number');
          const id = safeDecodeId(rawId);
          if (!ID_PATTERN.test(id) || encodeURIComponent(id) !== rawId) throw malformed('an article has an id that is not valid');
          const key = articleKey(m, id);
          if (articleKeys.has(key)) throw new BundleError('duplicate', `The file holds the article "${id}" twice.`, { article: id });
          articleKeys.add(key);
          const enc = version >= 2 ? r.attrs.get('data-enc') : undefined;
          if (enc !== undefined && enc !== 'base64') throw malformed('an article names an encoding this app does not know');
          const bytes = enc ? fromBase64Ascii(payload, `article "${id}"`) : payload;
          if (bytes.length > MAX_ARTICLE_BYTES) throw overLimit('article', r.attrs);
          // Checked to be text, not decoded: the library stores the bytes, and decodes a body when it is read.
          checkUtf8(bytes, `article "${id}"`);
          articles++;
          refs.push({ manifest: Number(m), id });
          return { kind: 'article', article: { manifest: Number(m), id, bytes } };
        }
        case 'media': {
          if (media >= MAX_MEDIA_FILES) throw limits('media', MAX_MEDIA_FILES);
          const sha256 = r.attrs.get('data-sha') ?? '';
          const type = r.attrs.get('data-type') ?? '';
          if (!isSha256Hex(sha256)) throw malformed('a media file has no valid hash');
          if (!Object.prototype.hasOwnProperty.call(MEDIA_TYPES, type))
            throw malformed('a media file has a type that is not an allowed image type');
          if (mediaKeys.has(sha256)) {
            throw new BundleError('duplicate', `The file holds the media file ${sha256.slice(0, 12)} twice.`, { media: sha256 });
          }
          mediaKeys.add(sha256);
          const data = fromBase64Ascii(payload, 'media file');
          if (data.length > MAX_MEDIA_BYTES) throw overLimit('media', r.attrs);
          media++;
          return { kind: 'media', media: { sha256, type, bytes: data } };
        }
        case 'packs': {
          if (packs) throw malformed('it has two pack indexes');
          packs = true;
          return { kind: 'packs', packs: readPackIndex(utf8Decode(payload, 'pack index')) };
        }
        default:
          // Unknown kinds from a later minor addition are skipped by length; anything that changes meaning bumps the version.
          return undefined;
      }
    },
    finish() {
      if (manifests === 0) return;
      for (const a of refs) {
        if (a.manifest >= manifests) throw malformed(`the article "${a.id}" names a manifest the file does not hold`);
      }
    },
  };
}

function limits(what: string, max: number): BundleError {
  return new BundleError('limits', `The file holds more than ${max} ${what}.`, { what, max });
}

const PACK_URL = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

function readPackIndex(text: string): PackIndex {
  const raw = parseStrictJson(text, {
    what: 'pack index',
    maxLength: MAX_PACKS_BYTES,
    maxDepth: 6,
    maxArrayItems: Math.max(MAX_ARTICLES, MAX_MEDIA_FILES),
    // The index and its list of packs, each pack with its lists of articles and pictures.
    maxContainers: 2 + 3 * MAX_ARTICLES,
  });
  const bad = (): never => {
    throw malformed('its pack index is not valid');
  };
  if (!isJsonObject(raw) || !Array.isArray(raw.packs) || raw.packs.length > MAX_ARTICLES) return bad();
  const packs = raw.packs.map((p): PackIndex['packs'][number] => {
    if (!isJsonObject(p)) return bad();
    const { url, articles, media, bytes } = p;
    if (typeof url !== 'string' || !PACK_URL.test(url) || url.split('/').some((s) => s === '..' || s === '.')) return bad();
    if (!Array.isArray(articles) || !articles.every((a) => typeof a === 'string' && ID_PATTERN.test(a))) return bad();
    if (!Array.isArray(media) || !media.every((m) => typeof m === 'string' && isSha256Hex(m))) return bad();
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) return bad();
    return { url, articles: [...(articles as string[])], media: [...(media as string[])], bytes };
  });
  return { packs };
}
