/** Bundle writers: records (header, manifest, article, media, pack index) as chunks, and the pack and edition files made of them. */
import { concatBytes, toBase64, utf8Encode } from './bytes';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './constants';
import { ATTR_NAME, ATTR_VALUE, MAX_ATTR_VALUE, TAG_NAME } from './bundle-syntax';
import type { BundleArticle, BundleMedia, PackIndex, SignedManifest } from './types';

/** A piece of a file being written: text (written as UTF-8) or bytes. Join with `new Blob(chunks)` or chunksToBytes. */
export type BundleChunk = string | Uint8Array;

/** Written before the records of packs and edition files, so that opening one in a browser runs and fetches nothing. */
const PROLOGUE = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'">\n`;

/** UTF-8 byte length of a string without encoding it. */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The opening tag of a record: `<tag data-or="kind" attr="v"... data-len="n">`; attribute values must fit the record charset. */
export function recordOpenTag(tag: string, kind: string, len: number, attrs: Record<string, string> = {}): string {
  if (!TAG_NAME.test(tag)) throw new Error(`"${tag}" cannot carry a record.`);
  let out = `<${tag} data-or="${kind}"`;
  for (const [name, value] of Object.entries(attrs)) {
    if (!ATTR_NAME.test(name) || name === 'data-or' || name === 'data-len') throw new Error(`"${name}" cannot be a record attribute.`);
    if (!ATTR_VALUE.test(value) || value.length > MAX_ATTR_VALUE)
      throw new Error(`The value of ${name} has characters a record attribute cannot hold.`);
    out += ` ${name}="${value}"`;
  }
  return `${out} data-len="${len}">`;
}

/** One whole record as chunks: opening tag, exactly the payload, closing tag. */
export function recordChunks(tag: string, kind: string, payload: BundleChunk, attrs: Record<string, string> = {}): BundleChunk[] {
  const len = typeof payload === 'string' ? utf8ByteLength(payload) : payload.length;
  return [recordOpenTag(tag, kind, len, attrs), payload, `</${tag}>`];
}

/** The file header record (must be the first record of every bundle). */
export function fileRecord(version: number = BUNDLE_VERSION): BundleChunk[] {
  const header = JSON.stringify({ format: BUNDLE_FORMAT, version });
  return recordChunks('script', 'file', header, { type: 'application/json' });
}

/** A signed manifest record; its text holds no '<', so it sits safely in a <script>. */
export function manifestRecord(sm: SignedManifest): BundleChunk[] {
  if (sm.text.includes('<')) throw new Error('A manifest text must not contain "<": serialise it with serializeManifest.');
  return recordChunks('script', 'manifest', sm.text, {
    type: 'application/json',
    'data-key': sm.publicKey,
    'data-sig': sm.signature,
    ...(sm.scheme === 2 ? { 'data-sv': '2' } : {}),
  });
}

/** An article body record; `tag` and `attrs` let a reader file render it as a visible element. */
export function articleRecord(a: BundleArticle, tag = 'div', attrs: Record<string, string> = {}): BundleChunk[] {
  return recordChunks(tag, 'article', a.bytes, { 'data-m': String(a.manifest), 'data-id': encodeURIComponent(a.id), ...attrs });
}

/** An article carried inert: base64 of its signed bytes in a <script> that never runs (the page shows a sanitised copy). */
export function inertArticleRecord(a: BundleArticle): BundleChunk[] {
  return recordChunks('script', 'article', toBase64(a.bytes), {
    type: 'application/octet-stream',
    'data-m': String(a.manifest),
    'data-id': encodeURIComponent(a.id),
    'data-enc': 'base64',
  });
}

/** A media record: base64 of the bytes in a <script> that is never run. */
export function mediaRecord(m: BundleMedia): BundleChunk[] {
  return recordChunks('script', 'media', toBase64(m.bytes), {
    type: 'application/octet-stream',
    'data-sha': m.sha256,
    'data-type': m.type,
  });
}

/** The pack index record of an edition file. */
export function packsRecord(index: PackIndex): BundleChunk[] {
  return recordChunks('script', 'packs', JSON.stringify(index).replace(/</g, '\\u003c'), { type: 'application/json' });
}

/** Header, then manifest, article and media records, one per line. */
export function writeRecords(content: { manifests: SignedManifest[]; articles: BundleArticle[]; media: BundleMedia[] }): BundleChunk[] {
  const out: BundleChunk[] = [...fileRecord(), '\n'];
  for (const m of content.manifests) out.push(...manifestRecord(m), '\n');
  for (const a of content.articles) out.push(...articleRecord(a), '\n');
  for (const m of content.media) out.push(...mediaRecord(m), '\n');
  return out;
}

/** An app pack (or any bare bundle): a prologue that runs nothing, then writeRecords. */
export function writePack(content: { manifests: SignedManifest[]; articles: BundleArticle[]; media: BundleMedia[] }): BundleChunk[] {
  return [PROLOGUE, ...writeRecords(content)];
}

/** An edition file: header, the signed manifest and the pack index. */
export function writeEdition(edition: { manifest: SignedManifest; packs: PackIndex }): BundleChunk[] {
  return [PROLOGUE, ...fileRecord(), '\n', ...manifestRecord(edition.manifest), '\n', ...packsRecord(edition.packs), '\n'];
}

/** All chunks as one byte array (strings as UTF-8). */
export function chunksToBytes(chunks: BundleChunk[]): Uint8Array {
  return concatBytes(chunks.map((c) => (typeof c === 'string' ? utf8Encode(c) : c)));
}
