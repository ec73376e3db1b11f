/** Search hits with highlighted snippets (built from text nodes and <mark>, never from markup). */
import { useI18n } from './i18n';
import { articleHref } from './use-route';
import { articleKey, type LibraryState } from './use-library';
import type { SearchState } from './use-search';
import { formatDate } from '../core/dates';
import site from 'virtual:site-config';

function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) parts.push(text.slice(at, s));
    parts.push(<mark>{text.slice(s, e)}</mark>);
    at = e;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

export function SearchResults({ search, library }: { search: SearchState; library: LibraryState }) {
  const i = useI18n();
  const byKey = new Map(library.articles.map((a) => [articleKey(a.publisherId, a.id), a]));
  const hits = search.hits.filter((h) => byKey.has(h.key));
  return (
    <section aria-label={i.t.searchLabel}>
      <p class="muted" role="status">{search.pending && !hits.length ? i.t.loading : hits.length ? i.t.searchCount(i.n(hits.length)) : i.t.searchNone}</p>
      <ul class="articles">
        {hits.map((h) => {
          const a = byKey.get(h.key)!;
          const own = a.publisherId === site.publisher.id;
          return (
            <li key={h.key} class="card" lang={a.meta.lang} dir={a.meta.dir}>
              <h2 class="card__title"><a href={articleHref(a.id, own ? undefined : a.publisherId)}>{a.meta.title}</a></h2>
              <p class="card__meta" lang={i.lang} dir={i.dir}><time dateTime={a.meta.date}>{formatDate(a.meta.date, i.lang)}</time></p>
              {h.snippet?.text && <p class="card__summary"><Highlighted text={h.snippet.text} ranges={h.snippet.highlights} /></p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
