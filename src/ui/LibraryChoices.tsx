/** One line of library choices that scrolls sideways: filters (all, unread, bookmarks), section (a tag, with counts), order. */
import { useI18n } from './i18n';
import { libraryHref, type LibraryQuery, type Sort } from './use-route';
import { findSection, type Filter, type Section } from './library-query';
import { isolate } from './Isolated';

interface Props {
  filter: Filter;
  setFilter: (f: Filter) => void;
  query: LibraryQuery;
  sections: Section[];
  total: number;
}

export function LibraryChoices({ filter, setFilter, query, sections, total }: Props) {
  const i = useI18n();
  const { t } = i;
  // The section and the order live in the hash: a reload or a shared link keeps them.
  const go = (change: LibraryQuery) => void (location.hash = libraryHref({ ...query, ...change }));
  const chosen = query.section === undefined ? undefined : findSection(sections, query.section);
  return (
    <div class="choices" role="group" aria-label={t.filterLabel}>
      {(['all', 'unread', 'bookmarks'] as Filter[]).map((f) => (
        <button key={f} type="button" class="chip" aria-pressed={filter === f} onClick={() => setFilter(f)}>
          {f === 'all' ? t.filterAll : f === 'bookmarks' ? t.filterBookmarks : t.filterUnread}
        </button>
      ))}
      {sections.length > 0 && (
        <select
          class="chip chip--select"
          aria-label={t.sectionLabel}
          value={chosen?.tag ?? query.section ?? ''}
          onChange={(e) => go({ section: (e.target as HTMLSelectElement).value || undefined })}
        >
          <option value="">{t.sectionAll(i.n(total))}</option>
          {sections.map((s) => (
            <option key={s.tag} value={s.tag}>
              {`${isolate(s.tag)} (${i.n(s.count)})`}
            </option>
          ))}
          {/* A section named in a link that this library does not have (yet) still shows as chosen. */}
          {query.section && !chosen && <option value={query.section}>{`${isolate(query.section)} (${i.n(0)})`}</option>}
        </select>
      )}
      <select
        class="chip chip--select"
        aria-label={t.sort}
        value={query.sort ?? 'newest'}
        onChange={(e) => go({ sort: (e.target as HTMLSelectElement).value as Sort })}
      >
        <option value="newest">{t.sortNewest}</option>
        <option value="oldest">{t.sortOldest}</option>
      </select>
    </div>
  );
}
