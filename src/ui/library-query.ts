/** Which articles the library shows: filter (all, unread, bookmarks), section (a tag), order; and the sections with their counts. */
import { articleKey } from '../core/keys';
import { foldSpelling } from '../core/fold';
import { laterFirst, timeOfDate } from '../core/dates';
import type { Sort } from './use-route';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

/** The library's quick filters. */
export type Filter = 'all' | 'unread' | 'bookmarks';

/** A section: one tag of the front matter (its most common spelling) and how many articles carry it. */
export interface Section {
  tag: string;
  count: number;
}

const sectionKeys = new Map<string, string>();

/**
 * What tells sections apart: a tag with the spellings a keyboard layout or publisher varies folded (ي/ی, ك/ک, accents and
 * harakat, tatweel, ZWNJ as in گزارش‌ها/گزارشها, Persian or Arabic digits, case), so they make one section. Kept per tag:
 * a large library asks for the same few tags thousands of times.
 */
function sectionKey(tag: string): string {
  let key = sectionKeys.get(tag);
  if (key === undefined) sectionKeys.set(tag, (key = foldSpelling(tag)));
  return key;
}

/** Every section of these articles (the spellings of one tag together) with its count, most used first, then by name. */
export function sectionsOf(articles: ArticleRecord[]): Section[] {
  // Per section key: how many articles carry it, and how many write it each way.
  const groups = new Map<string, { count: number; spellings: Map<string, number> }>();
  // Read again as a large library grows: no set per article (a tag listed twice in one article, however spelt, counts once).
  for (const a of articles) {
    const tags = a.meta.tags ?? [];
    tags.forEach((tag, k) => {
      const key = sectionKey(tag);
      if (tags.findIndex((t) => sectionKey(t) === key) !== k) return;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { count: 0, spellings: new Map() }));
      group.count++;
      group.spellings.set(tag, (group.spellings.get(tag) ?? 0) + 1);
    });
  }
  return [...groups.values()]
    .map(({ count, spellings }) => ({ tag: mostCommon(spellings), count }))
    .sort((x, y) => y.count - x.count || x.tag.localeCompare(y.tag));
}

/** The section `name` names, in whichever of its spellings. */
export function findSection(sections: Section[], name: string): Section | undefined {
  const key = sectionKey(name);
  return sections.find((s) => sectionKey(s.tag) === key);
}

/** The key counted most (the first of equals). */
function mostCommon(counts: Map<string, number>): string {
  let best = '';
  let most = 0;
  for (const [key, n] of counts) if (n > most) [best, most] = [key, n];
  return best;
}

/** The articles to show, from a list that is newest first; `section` matches by sectionKey, whatever its spelling. */
export function chooseArticles(
  articles: ArticleRecord[],
  reading: Map<string, ReadingRecord>,
  { filter, section, sort }: { filter: Filter; section?: string; sort?: Sort },
): ArticleRecord[] {
  const key = section && sectionKey(section);
  const shown = articles.filter((a) => {
    if (key && !a.meta.tags?.some((tag) => sectionKey(tag) === key)) return false;
    if (filter === 'all') return true;
    const state = reading.get(articleKey(a.publisherId, a.id));
    return filter === 'bookmarks' ? !!state?.bookmarked : !state?.read;
  });
  return sort === 'oldest' ? oldestFirst(shown) : shown;
}

/** A newest-first list oldest first: articles of one moment keep their order (by title), as under newest first. */
function oldestFirst(newest: ArticleRecord[]): ArticleRecord[] {
  const out: ArticleRecord[] = [];
  // The runs of one moment, the last run first, each in its own order.
  let end = newest.length;
  while (end > 0) {
    const time = timeOf(newest[end - 1] as ArticleRecord);
    let start = end - 1;
    while (start > 0 && timeOf(newest[start - 1] as ArticleRecord) === time) start--;
    for (let k = start; k < end; k++) out.push(newest[k] as ArticleRecord);
    end = start;
  }
  return out;
}

/** A place past this fraction of an article is its end: the article is finished, not left part-way (at it, not yet). */
export const FINISHED_AT = 0.97;

/** The article read last and left part-way (its reading state moved most recently), if any. */
export function lastUnfinished(
  articles: ArticleRecord[],
  reading: Map<string, ReadingRecord>,
): { article: ArticleRecord; position: number } | undefined {
  let best: ReadingRecord | undefined;
  for (const r of reading.values()) {
    if (r.position === undefined || r.position < 0.02 || r.position > FINISHED_AT) continue;
    if (!best || r.updatedAt > best.updatedAt) best = r;
  }
  const article = best && articles.find((a) => a.publisherId === best.publisherId && a.id === best.id);
  return article && best?.position !== undefined ? { article, position: best.position } : undefined;
}

/**
 * The moment an article's date names (an unparseable date is older than any); an unverified article's no later than it
 * came to this device, so a file's articles dated in the future are not pinned at the top of the library.
 */
const timeOf = (a: ArticleRecord): number =>
  a.trust === 'verified' ? timeOfDate(a.meta.date) : Math.min(timeOfDate(a.meta.date), a.addedAt);

/** Newest first by that moment, then by title for a stable order. */
export const byNewest = (a: ArticleRecord, b: ArticleRecord): number =>
  laterFirst(timeOf(a), timeOf(b)) || a.meta.title.localeCompare(b.meta.title);

/** `rows` (newest first) with `added` merged in by the same order; a row with the same key as an added one is replaced. */
export function mergeRows(rows: ArticleRecord[], added: ArticleRecord[]): ArticleRecord[] {
  if (added.length === 0) return rows;
  const replaced = new Set(added.map((r) => articleKey(r.publisherId, r.id)));
  const kept = rows.filter((r) => !replaced.has(articleKey(r.publisherId, r.id)));
  const incoming = [...added].sort(byNewest);
  const out: ArticleRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < incoming.length) {
    const a = kept[i];
    const b = incoming[j];
    if (b === undefined || (a !== undefined && byNewest(a, b) <= 0)) out.push(kept[i++] as ArticleRecord);
    else out.push(incoming[j++] as ArticleRecord);
  }
  return out;
}
