/** The list of articles: each item in its own language and direction; optional selection for sharing. */
import { useI18n } from './i18n';
import { articleHref } from './use-route';
import { articleKey } from './use-library';
import { formatDate } from '../core/dates';
import site from 'virtual:site-config';
import type { ArticleRecord, ReadingRecord } from '../storage/db';

interface Props {
  articles: ArticleRecord[];
  reading: Map<string, ReadingRecord>;
  selected?: Set<string>;
  onToggle?: (key: string) => void;
}

export function ArticleList({ articles, reading, selected, onToggle }: Props) {
  const i = useI18n();
  return (
    <ul class="articles">
      {articles.map((a) => {
        const key = articleKey(a.publisherId, a.id);
        const state = reading.get(key);
        const own = a.publisherId === site.publisher.id;
        return (
          <li key={key} class={`card${state?.read ? ' card--read' : ''}`} lang={a.meta.lang} dir={a.meta.dir}>
            {selected && onToggle && (
              <input type="checkbox" class="card__select" checked={selected.has(key)} onChange={() => onToggle(key)}
                aria-label={i.t.selectArticle(a.meta.title)} />
            )}
            <h2 class="card__title"><a href={articleHref(a.id, own ? undefined : a.publisherId)}>{a.meta.title}</a></h2>
            <p class="card__meta" lang={i.lang} dir={i.dir}>
              <time dateTime={a.meta.date}>{formatDate(a.meta.date, i.lang)}</time>
              {state?.bookmarked && <span class="tag">{i.t.bookmarked}</span>}
              {state?.read && <span class="tag tag--quiet">{i.t.read}</span>}
              {a.trust !== 'verified' && <span class="tag tag--warn">{i.t.unverifiedShort}</span>}
            </p>
            {a.meta.summary && <p class="card__summary">{a.meta.summary}</p>}
          </li>
        );
      })}
    </ul>
  );
}
