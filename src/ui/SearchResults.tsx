/** Search hits with highlighted snippets (built from text nodes and <mark>, never from markup), a page at a time. */
import { useI18n, type I18n } from './i18n';
import { linkTo, UnverifiedTag } from './ArticleList';
import { articleKey } from '../core/keys';
import type { LibraryState } from './use-library';
import { SEARCH_PAGE, useSearchState, type SearchSession, type SearchState } from './use-search';
import { formatDate } from '../core/dates';
import type { ArticleRecord } from '../storage/db';

/** A text cut into pieces to show plain or marked: every character once, in order, whatever the ranges. */
export function highlightParts(text: string, ranges: readonly (readonly [number, number])[]): { text: string; mark: boolean }[] {
  const sorted = ranges
    .map(([s, e]): [number, number] => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [s, e] of sorted) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    if (from > at) parts.push({ text: text.slice(at, from), mark: false });
    parts.push({ text: text.slice(from, e), mark: true });
    at = e;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/** The text once, in order, with its ranges marked (see highlightParts: any ranges, sorted or not, overlapping or not). */
function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  return <>{highlightParts(text, ranges).map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</>;
}

// Built once per library, not on every keystroke (10,000 entries take milliseconds to map).
const byKeyCache = new WeakMap<ArticleRecord[], Map<string, ArticleRecord>>();

function articlesByKey(articles: ArticleRecord[]): Map<string, ArticleRecord> {
  let map = byKeyCache.get(articles);
  if (!map) {
    map = new Map(articles.map((a) => [articleKey(a.publisherId, a.id), a]));
    byKeyCache.set(articles, map);
  }
  return map;
}

/** The line above the results: loading, the count, or nothing found; from an index still being built, how much it held. */
function statusOf(search: SearchState, shown: number, i: I18n): string {
  if (search.pending && !shown) return i.t.loading;
  if (!search.indexing) return shown ? i.t.searchCount(i.n(search.total)) : i.t.searchNone;
  const found = shown ? `${i.t.searchCount(i.n(search.total))}.` : i.t.searchNoneYet;
  return `${found} ${i.t.searchPartial(i.n(search.indexing.indexed), i.n(search.indexing.of))}`;
}

export function SearchResults({ session, library }: { session: SearchSession; library: LibraryState }) {
  const i = useI18n();
  const search = useSearchState(session);
  const byKey = articlesByKey(library.articles);
  const hits = search.hits.filter((h) => byKey.has(h.key));
  const left = search.total - search.hits.length;
  return (
    <section aria-label={i.t.searchLabel} aria-busy={search.pending}>
      <p class="muted" role="status">
        {statusOf(search, hits.length, i)}
      </p>
      <ul class="articles">
        {hits.map((h) => {
          const a = byKey.get(h.key)!;
          return (
            <li key={h.key} class="card" lang={a.meta.lang} dir={a.meta.dir}>
              <h2 class="card__title">
                {/* The index's title, marked, while it is the article's (one updated since it was indexed shows as it is now). */}
                <a href={linkTo(a)}>
                  {h.title.text === a.meta.title ? <Highlighted text={h.title.text} ranges={h.title.highlights} /> : a.meta.title}
                </a>
              </h2>
              <p class="card__meta" lang={i.lang} dir={i.dir}>
                <time dateTime={a.meta.date}>{formatDate(a.meta.date, i.lang)}</time>
                <UnverifiedTag article={a} />
              </p>
              {h.snippet?.text && (
                <p class="card__summary">
                  <Highlighted text={h.snippet.text} ranges={h.snippet.highlights} />
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {hits.length > 0 && left > 0 && (
        <button type="button" class="button search__more" onClick={() => session.showMore()} aria-busy={search.pending}>
          {i.t.searchMore(i.n(Math.min(SEARCH_PAGE, left)))}
        </button>
      )}
    </section>
  );
}
