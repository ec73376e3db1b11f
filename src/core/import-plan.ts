/** Which copy of an article wins (trust, then version, then edition; withdrawals over all), for imports and the built-in sync alike. */
import { articleKey } from './keys';
import type { ArticleMeta, ImportReport, LibraryArticle, Trust } from './types';
import type { VerifiedBundle } from './verify';

/** What the library already holds for one article, as planning needs it (a stored row is one). */
export interface ExistingArticle {
  meta: Pick<ArticleMeta, 'version' | 'sha256'>;
  edition: number;
  trust: Trust;
  /** The key that signed an unverified copy (absent on verified copies, and on rows stored before keys were kept). */
  signer?: string;
}

/** Looks up an article already in the library by publisher and id. */
export type ExistingLookup = (publisherId: string, id: string) => ExistingArticle | undefined;

/** Looks up the edition that withdrew an article (stored tombstones), if it was withdrawn. */
export type TombstoneLookup = (publisherId: string, id: string) => number | undefined;

/** One withdrawal to keep: the article and the edition that withdrew it. */
export interface WithdrawnArticle {
  publisherId: string;
  id: string;
  edition: number;
}

/** A copy of an article on its way in, as the rules need it. */
export type IncomingCopy = ExistingArticle;

/** What becomes of one incoming copy. */
export type Outcome = 'added' | 'updated' | 'unchanged' | 'older' | 'skipped' | 'otherKey' | 'withdrawn';

/** What an import writes: the articles to put, the rows to delete (withdrawn), the tombstones to keep, and the report. */
export interface ImportPlan {
  put: LibraryArticle[];
  remove: [string, string][];
  tombstones: WithdrawnArticle[];
  report: ImportReport;
}

/**
 * The one rule for an incoming copy against what the library holds. A withdrawn article comes back only in a verified
 * edition newer than the withdrawal. New articles are added; a verified copy always replaces an unverified one and an
 * unverified one never replaces a verified one, whatever numbers either claims (so a forgery cannot block real
 * updates), nor an unverified one signed by another key (the first stranger's key read stays the one its copies follow,
 * so a second stranger claiming the same publisher cannot overwrite what the reader took); otherwise a newer version
 * (then newer edition) replaces an older one, and equal text is unchanged.
 */
export function decide(c: IncomingCopy, have: ExistingArticle | undefined, withdrawnIn?: number): Outcome {
  if (withdrawnIn !== undefined && (c.trust !== 'verified' || c.edition <= withdrawnIn)) return 'withdrawn';
  if (!have) return 'added';
  if (have.meta.sha256 === c.meta.sha256) {
    // Same text: only worth writing when it now comes with a valid signature.
    return have.trust === 'unverified' && c.trust === 'verified' ? 'updated' : 'unchanged';
  }
  if (c.trust === 'unverified' && have.trust === 'verified') return 'skipped';
  if (c.trust === 'verified' && have.trust === 'unverified') return 'updated';
  if (c.trust === 'unverified' && have.signer !== undefined && have.signer !== c.signer) return 'otherKey';
  return compare(c.meta.version, c.edition, have.meta.version, have.edition) > 0 ? 'updated' : 'older';
}

/** True when a stored copy must go because of a withdrawal: unverified copies always, verified ones up to its edition. */
export function isWithdrawn(have: { edition: number; trust: Trust }, withdrawnIn: number | undefined): boolean {
  return withdrawnIn !== undefined && (have.trust !== 'verified' || have.edition <= withdrawnIn);
}

/** The withdrawals that verified editions of a bundle carry, the newest per article. */
export function bundleTombstones(v: Pick<VerifiedBundle, 'editions'>): WithdrawnArticle[] {
  const found = new Map<string, WithdrawnArticle>();
  for (const e of v.editions) {
    if (e.trust !== 'verified') continue;
    const publisherId = e.manifest.publisher.id;
    for (const t of e.manifest.withdrawn ?? []) {
      const k = articleKey(publisherId, t.id);
      if ((found.get(k)?.edition ?? -1) < t.edition) found.set(k, { publisherId, id: t.id, edition: t.edition });
    }
  }
  return [...found.values()];
}

/**
 * Decide what an import writes. `existing` must know every article coming in and every article the bundle withdraws;
 * `stored` the tombstones the library already keeps. Withdrawn rows are removed, withdrawn copies refused.
 */
export function planImport(v: VerifiedBundle, existing: ExistingLookup, stored: TombstoneLookup = () => undefined): ImportPlan {
  const report: ImportReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    older: 0,
    skipped: 0,
    otherKey: 0,
    withdrawn: 0,
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
  const incoming = bundleTombstones(v);
  const newer = new Map(incoming.map((t) => [articleKey(t.publisherId, t.id), t.edition]));
  const withdrawnIn = (publisherId: string, id: string): number | undefined => {
    const a = stored(publisherId, id);
    const b = newer.get(articleKey(publisherId, id));
    return a === undefined ? b : b === undefined ? a : Math.max(a, b);
  };
  const put: LibraryArticle[] = [];
  const coming = new Set<string>();
  for (const c of pickBest(v.articles)) {
    const have = existing(c.publisherId, c.meta.id);
    const outcome = decide(c, have, withdrawnIn(c.publisherId, c.meta.id));
    report[outcome]++;
    if (outcome === 'added' || outcome === 'updated') {
      put.push(c);
      coming.add(articleKey(c.publisherId, c.meta.id));
    }
  }
  const remove: [string, string][] = [];
  for (const t of incoming) {
    const k = articleKey(t.publisherId, t.id);
    if (coming.has(k)) continue;
    const have = existing(t.publisherId, t.id);
    if (have && isWithdrawn(have, withdrawnIn(t.publisherId, t.id))) {
      remove.push([t.publisherId, t.id]);
      report.withdrawn++;
    }
  }
  // Only tombstones newer than the ones kept are written.
  const tombstones = incoming.filter((t) => (stored(t.publisherId, t.id) ?? -1) < t.edition);
  return { put, remove, tombstones, report };
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
