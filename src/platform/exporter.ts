/** Export: some articles (with their images and the signed manifests that vouch for them) as one reader file. */
import { editionKey } from '../core/keys';
import site from 'virtual:site-config';
import template from 'virtual:reader-template';
import { writeReaderFile } from '../core/reader-file';
import type { BundleMedia, SignedManifest } from '../core/types';
import { getBodyBytes, getEdition, getMedia } from '../storage/library-store';
import type { ArticleRecord } from '../storage/db';

/** An ASCII file name that says what is inside: publication, date, number of articles. */
export function exportFileName(name: string, count: number, now = new Date()): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'library';
  return `${slug}-${now.toISOString().slice(0, 10)}-${count}-article${count === 1 ? '' : 's'}.html`;
}

/** Builds the file in memory; the articles' bytes are exactly the publisher's, so signatures still verify. */
export async function exportArticles(records: ArticleRecord[]): Promise<{ blob: Blob; fileName: string }> {
  const manifests: SignedManifest[] = [];
  const manifestIndex = new Map<string, number>();
  const articles = [];
  // All bodies in one read (each group of bodies read once), as the exact bytes the publisher signed.
  const bodies = await getBodyBytes(records.map((r) => [r.publisherId, r.id]));
  for (const [i, r] of records.entries()) {
    const key = editionKey(r.publisherId, r.edition);
    let m = manifestIndex.get(key);
    if (m === undefined) {
      const edition = await getEdition(r.publisherId, r.edition);
      if (!edition) continue;
      m = manifests.push(edition.signed) - 1;
      manifestIndex.set(key, m);
    }
    const bytes = bodies[i];
    if (bytes === undefined) continue;
    articles.push({ manifest: m, meta: r.meta, bytes });
  }
  const hashes = [...new Set(articles.flatMap((a) => a.meta.media))];
  const found = await getMedia(hashes);
  const media: BundleMedia[] = [];
  for (const [sha256, m] of found) media.push({ sha256, type: m.type, bytes: new Uint8Array(await m.blob.arrayBuffer()) });
  const chunks = await writeReaderFile({
    site: { name: site.name, lang: site.lang, dir: site.dir, description: site.description },
    manifests,
    articles,
    media,
    template,
  });
  return {
    blob: new Blob(chunks as BlobPart[], { type: 'text/html' }),
    fileName: exportFileName(site.shortName || site.name, articles.length),
  };
}
