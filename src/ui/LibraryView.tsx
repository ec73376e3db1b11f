/** The library: search, filters, every article newest first, import and share-as-file. */
import { useCallback, useMemo, useState } from 'preact/hooks';
import site from 'virtual:site-config';
import { useI18n } from './i18n';
import { articleKey } from '../core/keys';
import type { LibraryState } from './use-library';
import { ArticleList } from './ArticleList';
import { SearchResults } from './SearchResults';
import { useSearchSession, useSearchShown } from './use-search';
import { ImportButton } from './ImportButton';
import { ExportControls } from './ExportControls';
import { EditionAge } from './EditionAge';
import type { Importer } from './use-importer';

type Filter = 'all' | 'bookmarks' | 'unread';

export function LibraryView({ library, importer }: { library: LibraryState; importer: Importer }) {
  const i = useI18n();
  const { t } = i;
  const [filter, setFilter] = useState<Filter>('all');
  const [selected, setSelected] = useState<Set<string> | undefined>();
  const search = useSearchSession(library.articles);
  // Re-rendered when results replace the list or the list comes back, not on every keystroke.
  const searching = useSearchShown(search);

  const shown = useMemo(
    () =>
      library.articles.filter((a) => {
        const state = library.reading.get(articleKey(a.publisherId, a.id));
        if (filter === 'bookmarks') return state?.bookmarked;
        if (filter === 'unread') return !state?.read;
        return true;
      }),
    [library.articles, library.reading, filter],
  );

  const toggle = useCallback(
    (key: string) =>
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );

  // The same element while nothing it shows changes: results coming and going leave the list as it
  // is (a long list is not diffed again for every search).
  const list = useMemo(
    () =>
      shown.length === 0 && library.loaded ? (
        <p class="empty">{filter === 'bookmarks' ? t.emptyBookmarks : t.emptyLibrary}</p>
      ) : (
        <ArticleList articles={shown} reading={library.reading} selected={selected} onToggle={selected ? toggle : undefined} />
      ),
    [shown, library.loaded, library.reading, selected, toggle, filter, t],
  );

  return (
    <div class="library">
      <h1 class="library__title">{site.name}</h1>
      <EditionAge />
      <p class="muted">
        <bdi lang={site.lang}>{site.description}</bdi> · <span>{t.articleCount(i.n(library.articles.length))}</span>
      </p>

      <form role="search" class="search" onSubmit={(e) => e.preventDefault()}>
        <label for="q" class="visually-hidden">
          {t.searchLabel}
        </label>
        <input
          id="q"
          type="search"
          placeholder={t.searchPlaceholder}
          autoComplete="off"
          onInput={(e) => search.setQuery((e.target as HTMLInputElement).value)}
        />
      </form>

      <div class="toolbar">
        <div class="segmented" role="group" aria-label={t.filterLabel}>
          {(['all', 'bookmarks', 'unread'] as Filter[]).map((f) => (
            <button key={f} type="button" class="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {f === 'all' ? t.filterAll : f === 'bookmarks' ? t.filterBookmarks : t.filterUnread}
            </button>
          ))}
        </div>
        <ImportButton importer={importer} />
        <ExportControls library={library} selected={selected} setSelected={setSelected} />
      </div>

      {searching && <SearchResults session={search} library={library} />}
      {/* Hidden, not removed, while results show: emptying the box brings it back without building it again. */}
      <div hidden={searching}>{list}</div>
    </div>
  );
}
