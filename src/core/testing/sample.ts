/** Test support: a small signed sample edition (Persian and English articles, one image) built with the real code. */
import { sha256Hex, utf8Encode } from '../bytes';
import { serializeManifest } from '../manifest';
import { generateKeyPair, signManifest } from '../signing';
import type { ArticleMeta, BundleArticle, BundleMedia, Manifest, SignedManifest } from '../types';
import type { ReaderFileInput } from '../reader-file';

export interface SampleEdition {
  keys: { publicKey: string; privateKey: string };
  manifest: Manifest;
  signed: SignedManifest;
  /** Article records for manifest index `index` (0 unless given). */
  articles: BundleArticle[];
  media: BundleMedia[];
}

/** A 1x1 PNG. */
export const PNG = Uint8Array.from([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73,
  68, 65, 84, 120, 156, 99, 248, 207, 192, 240, 31, 0, 5, 0, 1, 255, 137, 153, 61, 29, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
]);

export interface SampleOptions {
  keys?: { publicKey: string; privateKey: string };
  publisherId?: string;
  edition?: number;
  /** Extra articles (id -> body) on top of the two standard ones. */
  extra?: Record<string, string>;
  version?: number;
  announceKeys?: string[];
  index?: number;
}

/** Build and sign a sample edition. */
export async function makeEdition(o: SampleOptions = {}): Promise<SampleEdition> {
  const keys = o.keys ?? (await generateKeyPair());
  const png = { sha256: await sha256Hex(PNG), type: 'image/png', bytes: PNG };
  const bodies: Record<string, string> = {
    'سلام-دنیا': `<p>سلام دنیا! این یک مقاله است.</p><p><img src="media/${png.sha256}.png" alt="نقطه"></p>`,
    'hello-world': '<p>Hello, <em>world</em>. A &lt;script&gt; in text, and data-or="article" inside a body.</p>',
    ...o.extra,
  };
  const metas: ArticleMeta[] = [];
  const articles: BundleArticle[] = [];
  for (const [id, body] of Object.entries(bodies)) {
    const bytes = utf8Encode(body);
    const fa = /[\u0600-\u06ff]/.test(id);
    metas.push({
      id,
      version: o.version ?? 1_700_000_000,
      title: fa ? 'سلام دنیا' : `Hello <${id}> & "friends"`,
      date: '2024-03-20',
      lang: fa ? 'fa' : 'en',
      dir: fa ? 'rtl' : 'ltr',
      summary: fa ? 'خلاصه' : 'A summary',
      tags: ['test'],
      size: bytes.length,
      sha256: await sha256Hex(bytes),
      media: body.includes(png.sha256) ? [png.sha256] : [],
    });
    articles.push({ manifest: o.index ?? 0, id, bytes });
  }
  const manifest: Manifest = {
    format: 'offline-reader/manifest',
    v: 1,
    publisher: { id: o.publisherId ?? 'open-shelf', name: 'Open Shelf' },
    edition: o.edition ?? 1_700_000_100,
    created: '2024-03-20T10:00:00Z',
    articles: metas,
    media: [{ sha256: png.sha256, type: 'image/png', size: PNG.length, width: 1, height: 1 }],
  };
  if (o.announceKeys) manifest.announceKeys = o.announceKeys;
  const signed = await signManifest(serializeManifest(manifest), keys.privateKey, keys.publicKey);
  return { keys, manifest, signed, articles, media: [png] };
}

/** What writeReaderFile takes to write the whole sample edition, under `site` (a Persian one unless given). */
export function readerFileInput(
  ed: SampleEdition,
  site: ReaderFileInput['site'] = { name: 'نشریه', lang: 'fa', dir: 'rtl', description: '' },
): ReaderFileInput {
  return {
    site,
    manifests: [ed.signed],
    articles: ed.articles.map((a) => ({ manifest: 0, meta: ed.manifest.articles.find((m) => m.id === a.id)!, bytes: a.bytes })),
    media: ed.media,
    template: { css: 'body{}', js: 'void 0' },
  };
}
