// Owns making and altering reader files in Node, as a forger or a careless transfer would: signed hostile bodies, unknown keys, edited bytes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { chunksToBytes } from '../../src/core/bundle-write';
import { sha256Hex, utf8Encode } from '../../src/core/bytes';
import { MANIFEST_FORMAT, MANIFEST_VERSION, serializeManifest } from '../../src/core/manifest';
import { writeReaderFile } from '../../src/core/reader-file';
import { generateKeyPair, signManifest } from '../../src/core/signing';
import type { Dir } from '../../src/core/types';
import { DEV_KEY_FILE } from '../../src/build/keys';
import { ROOT } from './paths';

/** An Ed25519 key pair (base64url). */
export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

/** The development key every fixture build signs with (so the apps built for the tests trust it). */
export async function devKey(): Promise<KeyPair> {
  const raw = JSON.parse(await readFile(join(ROOT, DEV_KEY_FILE), 'utf8')) as KeyPair;
  return { publicKey: raw.publicKey, privateKey: raw.privateKey };
}

/** A key no app trusts. */
export function strangerKey(): Promise<KeyPair> {
  return generateKeyPair();
}

/** The site's publisher (id and name) from site.config.yml. */
export async function sitePublisher(): Promise<{ id: string; name: string }> {
  const site = parse(await readFile(join(ROOT, 'site.config.yml'), 'utf8')) as { publisher: { id: string; name: string } };
  return { id: site.publisher.id, name: site.publisher.name };
}

/** One article to put in a forged file: its body is used byte for byte, however hostile. */
export interface ForgedArticle {
  id: string;
  title: string;
  body: string;
  version: number;
  date?: string;
  lang?: string;
  dir?: Dir;
  summary?: string;
}

/**
 * A reader file (the app's own writer, with an empty reader script) whose manifest lists `articles` with their
 * true hashes and is signed by `key`: as genuine as a file can be, apart from who holds the key.
 */
export async function forgeReaderFile(opts: {
  key: KeyPair;
  publisher: { id: string; name: string };
  edition: number;
  articles: ForgedArticle[];
  /** The mirror list the signed manifest carries. */
  mirrors?: string[];
}): Promise<Buffer> {
  const bodies = opts.articles.map((a) => utf8Encode(a.body));
  const metas = await Promise.all(
    opts.articles.map(async (a, i) => ({
      id: a.id,
      version: a.version,
      title: a.title,
      date: a.date ?? '2024-03-01',
      lang: a.lang ?? 'en',
      dir: a.dir ?? ('ltr' as Dir),
      ...(a.summary === undefined ? {} : { summary: a.summary }),
      tags: [],
      size: bodies[i]!.length,
      sha256: await sha256Hex(bodies[i]!),
      media: [],
    })),
  );
  const text = serializeManifest({
    format: MANIFEST_FORMAT,
    v: MANIFEST_VERSION,
    publisher: opts.publisher,
    edition: opts.edition,
    created: new Date().toISOString(),
    articles: metas,
    media: [],
    ...(opts.mirrors ? { mirrors: opts.mirrors } : {}),
  });
  const signed = await signManifest(text, opts.key.privateKey, opts.key.publicKey);
  const chunks = await writeReaderFile({
    site: { name: opts.publisher.name, lang: 'en', dir: 'ltr', description: '' },
    manifests: [signed],
    articles: metas.map((meta, i) => ({ manifest: 0, meta, bytes: bodies[i]! })),
    media: [],
    template: { css: '', js: '' },
  });
  return Buffer.from(chunksToBytes(chunks));
}

/** `bytes` with the one occurrence of `from` replaced by `to` (same UTF-8 length, so every stated length stays right). */
export function replaceOnce(bytes: Uint8Array, from: string, to: string): Buffer {
  const buf = Buffer.from(bytes);
  const a = Buffer.from(from, 'utf8');
  const b = Buffer.from(to, 'utf8');
  if (a.length !== b.length) throw new Error(`"${from}" and "${to}" differ in length.`);
  const at = buf.indexOf(a);
  if (at < 0 || buf.indexOf(a, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once in the file.`);
  const out = Buffer.from(buf);
  b.copy(out, at);
  return out;
}

/** The same file with its (first) manifest signed again by another key: the content is untouched, only the signer changes. */
export async function resign(bytes: Uint8Array, key: KeyPair): Promise<Buffer> {
  const buf = Buffer.from(bytes);
  const text = buf.toString('latin1');
  const tag = /<script data-or="manifest"[^>]*>/.exec(text);
  if (!tag) throw new Error('The file has no manifest record.');
  const len = Number(/ data-len="(\d+)"/.exec(tag[0])![1]);
  const start = tag.index + tag[0].length;
  const manifestText = buf.subarray(start, start + len).toString('utf8');
  const signed = await signManifest(manifestText, key.privateKey, key.publicKey);
  const newTag = tag[0]
    .replace(/ data-key="[^"]*"/, ` data-key="${signed.publicKey}"`)
    .replace(/ data-sig="[^"]*"/, ` data-sig="${signed.signature}"`);
  return Buffer.concat([buf.subarray(0, tag.index), Buffer.from(newTag, 'latin1'), buf.subarray(start)]);
}

/** The file cut a few bytes into its first article record's payload, as an interrupted download leaves it. */
export function truncateInsideFirstArticle(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes);
  const tag = /<[a-z][a-z0-9]* data-or="article"[^>]*>/.exec(buf.toString('latin1'));
  if (!tag) throw new Error('The file has no article record.');
  return buf.subarray(0, tag.index + tag[0].length + 10);
}

/** A deterministic run of pseudo-random bytes. */
export function randomBytes(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}
