/** Export: some articles (with their images and the signed manifests that vouch for them) as one reader file. */
import { editionKey } from '../core/keys';
import site from 'virtual:site-config';
import template from 'virtual:reader-template';
import { listedArticles } from '../core/manifest';
import { writeReaderFile } from '../core/reader-file';
import { missingPictures } from '../core/data-saver';
import type { BundleMedia, SignedManifest } from '../core/types';
import { getArticleBytes, getEditions, getMedia } from '../storage/library-store';
import type { ArticleRecord, EditionRecord } from '../storage/db';
import { sanitizeBodyHtml } from './render-article';

const bodyDecoder = new TextDecoder();

/** `name` as lowercase ASCII letters and digits between hyphens; empty when it has none (a Persian name). */
function asciiSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * An ASCII file name that says what is inside: publication, date, number of articles. `names` are the publication's,
 * best first: the first with ASCII letters or digits names the file ('library' when none has any).
 */
export function exportFileName(names: readonly string[], count: number, now = new Date()): string {
  const slug = names.map(asciiSlug).find(Boolean) || 'library';
  // The day on the device's calendar, not in UTC: made at 01:30 in Tehran, a file is dated that day, not the one before.
  const date = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${slug}-${date}-${count}-article${count === 1 ? '' : 's'}.html`;
}

/** What an export made: the file, and how many of the articles asked for were left out, by why. */
export interface ExportResult {
  blob: Blob;
  fileName: string;
  count: number;
  leftOut: {
    /** Unverified, and not asked for with them. */
    unverified: number;
    /** No longer stored (withdrawn or removed since the list was read), or with no stored manifest that still signs them. */
    gone: number;
  };
  /** Pictures the articles show that the device does not hold (the data saver), so the file does not carry them. */
  picturesLeftOut: number;
}

/**
 * Builds the file in memory; the articles' bytes are exactly the publisher's, so signatures still verify. Each article
 * travels with the manifest that actually signs it (same trust, listing it with its hash), never merely one of the same
 * edition number. Unverified articles are left out unless `includeUnverified`; included, they are marked in the file.
 * `records` name the articles: what goes is each one's row and body as stored now, read together.
 */
export async function exportArticles(records: ArticleRecord[], opts: { includeUnverified?: boolean } = {}): Promise<ExportResult> {
  const wanted = opts.includeUnverified ? records : records.filter((r) => r.trust === 'verified');
  const manifests: SignedManifest[] = [];
  const manifestIndex = new Map<EditionRecord, number>();
  const candidates = new Map<string, Promise<{ record: EditionRecord; listed: Map<string, string> }[]>>();
  const articles = [];
  // All bodies in one read (each group of bodies read once), as the exact bytes the publisher signed, each with its row
  // as stored with it: the list on screen may be older than an update written since (in this tab or another), and an
  // older row's manifest does not sign a newer body (the file would be refused as altered).
  const stored = await getArticleBytes(wanted.map((r) => [r.publisherId, r.id]));
  let unverified = records.length - wanted.length;
  for (const got of stored) {
    if (!got) continue;
    const { row: r, bytes } = got;
    if (r.trust !== 'verified' && !opts.includeUnverified) {
      unverified++;
      continue;
    }
    const key = editionKey(r.publisherId, r.edition);
    let signers = candidates.get(key);
    if (!signers) candidates.set(key, (signers = signersOf(r.publisherId, r.edition)));
    const signer = (await signers).find((c) => c.record.trust === r.trust && c.listed.get(r.id) === r.meta.sha256)?.record;
    if (!signer) continue;
    let m = manifestIndex.get(signer);
    if (m === undefined) manifestIndex.set(signer, (m = manifests.push(signer.signed) - 1));
    // The page shows what the sanitiser leaves; a body it would change travels inert (see writeReaderFile).
    const html = await sanitizeBodyHtml(bodyDecoder.decode(bytes));
    articles.push({ manifest: m, meta: r.meta, bytes, html, trust: r.trust });
  }
  const hashes = [...new Set(articles.flatMap((a) => a.meta.media))];
  const found = await getMedia(hashes);
  const media: BundleMedia[] = [];
  for (const [sha256, m] of found) media.push({ sha256, type: m.type, bytes: new Uint8Array(await m.blob.arrayBuffer()) });
  const picturesLeftOut = missingPictures(
    articles.map((a) => a.meta.media),
    new Set(found.keys()),
  );
  const chunks = await writeReaderFile({
    site: { name: site.name, lang: site.lang, dir: site.dir, description: site.description },
    manifests,
    articles,
    media,
    picturesLeftOut,
    template,
  });
  return {
    blob: new Blob(chunks as BlobPart[], { type: 'text/html' }),
    // A Persian name has no ASCII letters: the publisher's id (ASCII as a rule) names the file before 'library' would.
    fileName: exportFileName([site.shortName || site.name, site.publisher.id], articles.length),
    count: articles.length,
    leftOut: { unverified, gone: records.length - articles.length - unverified },
    picturesLeftOut,
  };
}

/** The manifests stored for one edition, each with the articles it signs (id to hash). */
async function signersOf(publisherId: string, edition: number): Promise<{ record: EditionRecord; listed: Map<string, string> }[]> {
  // A stored manifest was checked whole when it was stored; one that no longer reads lists, and so signs, nothing here.
  return (await getEditions(publisherId, edition)).map((record) => ({ record, listed: listedArticles(record.signed.text) }));
}
