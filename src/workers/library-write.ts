/**
 * Turns a verified bundle into one all-or-nothing library write, planned against what the library holds at that moment;
 * and, through the same write, removes the unverified articles when the reader asks.
 */
import { articleKey, editionKey } from '../core/keys';
import { bundleTombstones, planImport } from '../core/import-plan';
import { vouchedMedia } from './vouched-media';
import type { VerifiedBundle } from '../core/verify';
import type { ImportReport } from '../core/types';
import { getAllArticles, updateLibrary } from '../storage/library-store';
import type { ArticleKey, ArticleRecord, EditionRecord } from '../storage/db';

/**
 * Plans and writes; returns what happened. Throws StorageFullError when the device is out of room. With `keepEditions`
 * (an update from a mirror), the bundle's verified manifests are stored even when no article of theirs is written: the
 * edition recorded next must have its manifest beside it (the pictures it still lacks are counted from it).
 */
export async function storeVerified(bundle: VerifiedBundle, source: ArticleRecord['source'], keepEditions = false): Promise<ImportReport> {
  let report: ImportReport | undefined;
  // Only the rows of the articles coming in and of those the bundle withdraws are read, in the transaction that writes.
  const keys = bundle.articles.map((a): ArticleKey => [a.publisherId, a.meta.id]);
  for (const t of bundleTombstones(bundle)) keys.push([t.publisherId, t.id]);
  // Pictures the articles name but the bundle does not carry (a file made in data-saver mode, a text-only pack): looked
  // up too, so the report counts only those the device does not already hold.
  const carried = new Set(bundle.media.map((m) => m.sha256));
  const absent = new Set(bundle.articles.flatMap((a) => a.meta.media).filter((sha) => !carried.has(sha)));
  await updateLibrary(keys, [...carried, ...absent], ({ rows, storedMedia, tombstones }) => {
    const existing = new Map(rows.map((r) => [articleKey(r.publisherId, r.id), r]));
    const plan = planImport(
      bundle,
      (publisherId, id) => existing.get(articleKey(publisherId, id)),
      (publisherId, id) => tombstones.get(articleKey(publisherId, id)),
    );
    const missing = new Set(plan.put.flatMap((a) => a.meta.media).filter((sha) => absent.has(sha) && !storedMedia.has(sha)));
    report = missing.size ? { ...plan.report, picturesMissing: [...missing] } : plan.report;
    // A picture is kept (when not stored yet) if an article written now shows it, or a verified manifest lists it (a pack
    // may carry an image whose article came in another pack). Not one only a stranger's manifest lists: "Import anyway"
    // would store a genuine picture under the stranger's type (every later file carrying it refused), or pictures no
    // article shows.
    const shown = new Set(plan.put.flatMap((a) => a.meta.media));
    const vouched = new Set(bundle.editions.flatMap((e) => (e.trust === 'verified' ? e.manifest.media.map((m) => m.sha256) : [])));
    const media = bundle.media.filter((m) => !storedMedia.has(m.sha256) && (shown.has(m.sha256) || vouched.has(m.sha256)));
    const kept = keepEditions ? bundle.editions.filter((e) => e.trust === 'verified') : [];
    const none = !plan.put.length && !media.length && !bundle.announcedKeys.length && !plan.remove.length && !plan.tombstones.length;
    if (none && !kept.length) return undefined;
    // Each manifest is kept under its own signature: one signed by another key never takes a genuine one's place.
    const usedEditions = new Set(plan.put.map((a) => `${editionKey(a.publisherId, a.edition)}/${a.trust}`));
    for (const e of kept) usedEditions.add(`${editionKey(e.manifest.publisher.id, e.manifest.edition)}/${e.trust}`);
    return {
      articles: plan.put,
      source,
      media,
      editions: bundle.editions
        .filter((e) => usedEditions.has(`${editionKey(e.manifest.publisher.id, e.manifest.edition)}/${e.trust}`))
        .map((e) => ({ publisherId: e.manifest.publisher.id, edition: e.manifest.edition, signed: e.signed, trust: e.trust })),
      remove: plan.remove,
      ...(plan.remove.length ? { listedMedia: newestListed(bundle) } : {}),
      tombstones: plan.tombstones,
      announcedKeys: bundle.announcedKeys,
      // The name is shown as "signed by" on verified articles: only a manifest the publisher's key signed may give it (a
      // stranger's manifest, imported as unverified, may claim the same publisher's id under any name).
      publisherNames: new Map(
        bundle.editions.filter((e) => e.trust === 'verified').map((e) => [e.manifest.publisher.id, e.manifest.publisher.name]),
      ),
    };
  });
  return report!;
}

/**
 * The pictures the newest verified manifest of each publisher in the bundle lists. A withdrawal keeps them though no row
 * shows them yet (the publisher withdrew an article and re-issued it under another id with the same picture: its text
 * is stored next); not those only an older manifest of the same file lists.
 */
function newestListed(bundle: VerifiedBundle): Set<string> {
  const newest = new Map<string, VerifiedBundle['editions'][number]>();
  for (const e of bundle.editions) {
    const id = e.manifest.publisher.id;
    if (e.trust === 'verified' && e.manifest.edition >= (newest.get(id)?.manifest.edition ?? -1)) newest.set(id, e);
  }
  return new Set([...newest.values()].flatMap((e) => e.manifest.media.map((m) => m.sha256)));
}

/**
 * Removes every unverified article (all publishers) in one write through the import's own: rows, bodies, reading state,
 * the pictures only they used (not one a verified article shows or a stored verified manifest lists) and the unverified
 * manifests. No tombstone is kept (the genuine article may still come) and no announced key changes (only verified
 * manifests announce keys). Returns how many articles went; 0, and nothing written, when there were none.
 */
export async function removeUnverified(): Promise<number> {
  const keys = (await getAllArticles()).filter((r) => r.trust !== 'verified').map((r): ArticleKey => [r.publisherId, r.id]);
  let removed = 0;
  if (keys.length === 0) return removed;
  await updateLibrary(keys, [], ({ rows }) => {
    // Read again in the transaction: a verified copy stored since the list was read stays.
    const remove = rows.filter((r) => r.trust !== 'verified').map((r): ArticleKey => [r.publisherId, r.id]);
    removed = remove.length;
    if (removed === 0) return undefined;
    const vouched = (e: EditionRecord) => vouchedMedia(e).map((m) => m.sha256);
    return { articles: [], source: 'import', media: [], editions: [], remove, tombstones: [], announcedKeys: [], vouched };
  });
  return removed;
}
