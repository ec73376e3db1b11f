/** The edition manifest: every compiled article and image, in the order the manifest and the packs want them. */
import { MANIFEST_FORMAT, MANIFEST_VERSION } from '../core/manifest';
import type { ArticleMeta, Manifest, MediaMeta, Publisher } from '../core/types';
import { dateValue } from './front-matter';

/** Newest first by date, then by id (the manifest's and the library's order). */
export function compareNewestFirst(a: ArticleMeta, b: ArticleMeta): number {
  return dateValue(b.date) - dateValue(a.date) || compareIds(a.id, b.id);
}

/** Oldest first by date, then by id (the packs' order, so new articles land in the last pack). */
export function compareOldestFirst(a: ArticleMeta, b: ArticleMeta): number {
  return dateValue(a.date) - dateValue(b.date) || compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The edition's manifest (articles newest first, media by hash). */
export function createManifest(input: {
  publisher: Publisher;
  edition: number;
  created: Date;
  articles: ArticleMeta[];
  media: MediaMeta[];
  announceKeys: string[];
  mirrors?: string[];
  /** Withdrawn article slugs: tombstones stamped with this edition. */
  withdrawn?: string[];
}): Manifest {
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    v: MANIFEST_VERSION,
    publisher: { id: input.publisher.id, name: input.publisher.name },
    edition: input.edition,
    created: input.created.toISOString(),
    articles: [...input.articles].sort(compareNewestFirst),
    media: [...input.media].sort((a, b) => compareIds(a.sha256, b.sha256)),
  };
  if (input.announceKeys.length > 0) manifest.announceKeys = [...input.announceKeys];
  if (input.mirrors && input.mirrors.length > 0) manifest.mirrors = [...input.mirrors];
  if (input.withdrawn?.length) manifest.withdrawn = [...input.withdrawn].sort(compareIds).map((id) => ({ id, edition: input.edition }));
  return manifest;
}

/** The edition number: OFFLINE_READER_EDITION when set (a whole number), else the build time in seconds. */
export function editionNumber(env: NodeJS.ProcessEnv, now: Date): number {
  const configured = env.OFFLINE_READER_EDITION;
  if (configured === undefined || configured === '') return Math.floor(now.getTime() / 1000);
  const n = Number(configured);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`OFFLINE_READER_EDITION must be a whole number, not "${configured}".`);
  return n;
}
