/** Turns a verified bundle into one all-or-nothing library write, planned against what the library holds at that moment. */
import { articleKey, editionKey } from '../core/keys';
import { planImport } from '../core/import-plan';
import type { VerifiedBundle } from '../core/verify';
import type { ImportReport } from '../core/types';
import { updateLibrary } from '../storage/library-store';
import type { ArticleRecord } from '../storage/db';

/** Plans and writes; returns what happened. Throws StorageFullError when the device is out of room. */
export async function storeVerified(bundle: VerifiedBundle, source: ArticleRecord['source']): Promise<ImportReport> {
  let report: ImportReport | undefined;
  // Only the rows of the articles coming in are read (planning needs nothing else), in the transaction that writes.
  const keys = bundle.articles.map((a): [string, string] => [a.publisherId, a.meta.id]);
  await updateLibrary(
    keys,
    bundle.media.map((m) => m.sha256),
    ({ rows, storedMedia }) => {
      const existing = new Map(
        rows.map((r) => [
          articleKey(r.publisherId, r.id),
          { version: r.meta.version, edition: r.edition, sha256: r.meta.sha256, trust: r.trust },
        ]),
      );
      const plan = planImport(bundle, (publisherId, id) => existing.get(articleKey(publisherId, id)));
      report = plan.report;
      // Every verified media file not yet stored is kept: a pack may carry an image whose article came in another pack.
      const media = bundle.media.filter((m) => !storedMedia.has(m.sha256));
      if (!plan.put.length && !media.length && !bundle.announcedKeys.length) return undefined;
      const usedEditions = new Set(plan.put.map((a) => editionKey(a.publisherId, a.edition)));
      return {
        articles: plan.put,
        source,
        media,
        editions: bundle.editions
          .filter((e) => usedEditions.has(editionKey(e.manifest.publisher.id, e.manifest.edition)))
          .map((e) => ({ publisherId: e.manifest.publisher.id, edition: e.manifest.edition, signed: e.signed, trust: e.trust })),
        announcedKeys: bundle.announcedKeys,
        publisherNames: new Map(bundle.editions.map((e) => [e.manifest.publisher.id, e.manifest.publisher.name])),
      };
    },
  );
  return report!;
}
