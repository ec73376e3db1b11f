/**
 * The data saver's rules, shared by the page and the service worker: what the reader chose ("text now, pictures when I
 * open the article" or "everything now"), which packs and parts that choice downloads, and what the pictures left
 * would cost.
 */
import type { DeliveryPart } from './delivery';
import type { MediaMeta, PackIndex } from './types';

/** 'text': text now, each picture when its article is opened (and kept); 'all': everything now. */
export type MediaChoice = 'text' | 'all';

/** Type guard for a stored or received choice. */
export function isMediaChoice(value: unknown): value is MediaChoice {
  return value === 'text' || value === 'all';
}

/** The choice offered first when the reader has not chosen: text only where the browser asks to save data. */
export function preselectedChoice(saveData: boolean | undefined): MediaChoice {
  return saveData ? 'text' : 'all';
}

/**
 * On a first visit the question is put while the text downloads, and the preselected choice is taken once the text is
 * stored and the question has been open at least this long: on a fast link the reader still gets to answer.
 */
export const QUESTION_MS = 8_000;

/** The delivery parts an install downloads for this choice (undefined: not chosen yet, so no pictures). */
export function partsForChoice<P extends DeliveryPart>(parts: readonly P[], choice: MediaChoice | undefined): P[] {
  return choice === 'all' ? [...parts] : parts.filter((p) => !p.media);
}

type Pack = PackIndex['packs'][number];

/**
 * An edition's packs in three groups: `text`, the packs with an article to store (whatever pictures they carry),
 * `media`, the packs needed only for pictures the library does not hold, and `held`, the packs it needs none of.
 */
export function splitPacks(
  packs: readonly Pack[],
  wantedArticle: (id: string) => boolean,
  held: ReadonlySet<string>,
): { text: Pack[]; media: Pack[]; held: Pack[] } {
  const out = { text: [] as Pack[], media: [] as Pack[], held: [] as Pack[] };
  for (const p of packs) {
    if (p.articles.some(wantedArticle)) out.text.push(p);
    else if (p.media.some((sha) => !held.has(sha))) out.media.push(p);
    else out.held.push(p);
  }
  return out;
}

/** How many bytes the pictures of an edition that the library does not hold would take. */
export function missingMediaBytes(media: readonly MediaMeta[], held: ReadonlySet<string>): number {
  let total = 0;
  for (const m of media) if (!held.has(m.sha256)) total += m.size;
  return total;
}

/**
 * The pictures the articles show that are not held (each once): what a reader file made in data-saver mode lacks; and
 * how many of them a verified article shows, which "Everything now" would bring (an unverified article's never come).
 */
export function missingPictures(
  articles: readonly { media: readonly string[]; verified: boolean }[],
  held: ReadonlySet<string>,
): { count: number; fetchable: number } {
  const missing = new Set<string>();
  const fetchable = new Set<string>();
  for (const { media, verified } of articles)
    for (const sha of media) {
      if (held.has(sha)) continue;
      missing.add(sha);
      if (verified) fetchable.add(sha);
    }
  return { count: missing.size, fetchable: fetchable.size };
}
