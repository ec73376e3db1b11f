/** Import planning: which verified articles to write, and what to tell the person (new, updated, unchanged, older). */
import { articleKey } from './keys';
import type { ImportReport, LibraryArticle, Trust } from './types';
import type { VerifiedBundle } from './verify';

/** What the library already holds for one article, as planImport needs it. */
export interface ExistingArticle {
  version: number;
  edition: number;
  sha256: string;
  trust: Trust;
}

/** Looks up an article already in the library by publisher and id. */
export type ExistingLookup = (publisherId: string, id: string) => ExistingArticle | undefined;

/**
 * Decide what an import writes. New articles are added; a newer version (then newer edition) replaces an older one;
 * equal content is unchanged; older content is reported as "already have newer". A verified article always wins over an
 * unverified one, and an unverified one never replaces a verified one, whatever numbers it claims.
 */
export function planImport(v: VerifiedBundle, existing: ExistingLookup): { put: LibraryArticle[]; report: ImportReport } {
  const report: ImportReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    older: 0,
    skipped: 0,
    media: v.media.length,
    publisher: v.editions[0]?.manifest.publisher.name ?? '',
    edition: Math.max(0, ...v.editions.map((e) => e.manifest.edition)),
    trust: v.editions.some((e) => e.trust !== 'verified') ? 'unverified' : 'verified',
    publishers: v.editions.map((e) => ({
      id: e.manifest.publisher.id,
      name: e.manifest.publisher.name,
      edition: e.manifest.edition,
      trust: e.trust,
    })),
  };
  const put: LibraryArticle[] = [];
  for (const incoming of pickBest(v.articles)) {
    const have = existing(incoming.publisherId, incoming.meta.id);
    const outcome = decide(incoming, have);
    report[outcome]++;
    if (outcome === 'added' || outcome === 'updated') put.push(incoming);
  }
  return { put, report };
}

type Outcome = 'added' | 'updated' | 'unchanged' | 'older' | 'skipped';

function decide(c: LibraryArticle, have: ExistingArticle | undefined): Outcome {
  if (!have) return 'added';
  if (have.sha256 === c.meta.sha256) {
    // Same text: only worth writing when it now comes with a valid signature.
    return have.trust === 'unverified' && c.trust === 'verified' ? 'updated' : 'unchanged';
  }
  if (c.trust === 'unverified' && have.trust === 'verified') return 'skipped';
  // An unverified copy could claim any version; a verified one replaces it so a forgery cannot block real updates.
  if (c.trust === 'verified' && have.trust === 'unverified') return 'updated';
  return compare(c.meta.version, c.edition, have.version, have.edition) > 0 ? 'updated' : 'older';
}

function compare(v1: number, e1: number, v2: number, e2: number): number {
  return v1 !== v2 ? v1 - v2 : e1 - e2;
}

/** One article per (publisher, id): the verified one first, then the newest version and edition. */
function pickBest(articles: LibraryArticle[]): LibraryArticle[] {
  const best = new Map<string, LibraryArticle>();
  for (const a of articles) {
    const key = articleKey(a.publisherId, a.meta.id);
    const current = best.get(key);
    if (!current || better(a, current)) best.set(key, a);
  }
  return [...best.values()];
}

function better(a: LibraryArticle, b: LibraryArticle): boolean {
  if (a.trust !== b.trust) return a.trust === 'verified';
  return compare(a.meta.version, a.edition, b.meta.version, b.edition) > 0;
}
