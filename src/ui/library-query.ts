/** Which articles the library shows: filter (all, unread, bookmarks), section (a tag), order; and the sections with their counts. */
import { articleKey } from '../core/keys';
import type { Sort } from './use-route';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

/** The library's quick filters. */
export type Filter = 'all' | 'unread' | 'bookmarks';

/** A section: one tag of the front matter and how many articles carry it. */
export interface Section {
  tag: string;
  count: number;
}

/** Every tag of these articles with its count, most used first, then by name. */
export function sectionsOf(articles: ArticleRecord[]): Section[] {
  const counts = new Map<string, number>();
  // Read again as a large library grows: no set per article (a tag listed twice in one article counts once).
  for (const a of articles) {
    const tags = a.meta.tags ?? [];
    tags.forEach((tag, k) => tags.indexOf(tag) === k && counts.set(tag, (counts.get(tag) ?? 0) + 1));
  }
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((x, y) => y.count - x.count || x.tag.localeCompare(y.tag));
}

/** The articles to show, from a list that is newest first; `oldest` reverses it (a stable order, so ties keep theirs). */
export function chooseArticles(
  articles: ArticleRecord[],
  reading: Map<string, ReadingRecord>,
  { filter, section, sort }: { filter: Filter; section?: string; sort?: Sort },
): ArticleRecord[] {
  const shown = articles.filter((a) => {
    if (section && !a.meta.tags?.includes(section)) return false;
    if (filter === 'all') return true;
    const state = reading.get(articleKey(a.publisherId, a.id));
    return filter === 'bookmarks' ? !!state?.bookmarked : !state?.read;
  });
  return sort === 'oldest' ? shown.reverse() : shown;
}

/** The article read last and left part-way (its reading state moved most recently), if any. */
export function lastUnfinished(
  articles: ArticleRecord[],
  reading: Map<string, ReadingRecord>,
): { article: ArticleRecord; position: number } | undefined {
  let best: ReadingRecord | undefined;
  for (const r of reading.values()) {
    if (r.position === undefined || r.position < 0.02 || r.position > 0.97) continue;
    if (!best || r.updatedAt > best.updatedAt) best = r;
  }
  const article = best && articles.find((a) => a.publisherId === best.publisherId && a.id === best.id);
  return article && best?.position !== undefined ? { article, position: best.position } : undefined;
}

/** Newest first by date, then by title for a stable order. */
export function byNewest(a: ArticleRecord, b: ArticleRecord): number {
  return a.meta.date < b.meta.date ? 1 : a.meta.date > b.meta.date ? -1 : a.meta.title.localeCompare(b.meta.title);
}

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
